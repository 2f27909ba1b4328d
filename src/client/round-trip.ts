/**
 * Round-trip measurement with session PINGs: the smoothed round trip and its mean deviation
 * (RFC 6298's estimators), and the share of PINGs never answered. Time is a parameter (ms).
 */

const STAMP_MODULUS = 2 ** 32;

/** A PING stamp: the client's clock in ms modulo 2^32 (PROTOCOL §3). */
export function pingStamp(now: number): number {
  return ((Math.floor(now) % STAMP_MODULUS) + STAMP_MODULUS) % STAMP_MODULUS;
}

/** Samples during which a much shorter one restarts the estimate (see `sample`). */
const RESTART_SAMPLES = 5;

export class RoundTrip {
  /** Smoothed round trip in ms; null before the first sample. */
  rtt: number | null = null;
  /** Mean deviation of the round trip in ms (jitter). */
  jitter = 0;
  /** The last sample in ms. */
  last: number | null = null;
  /** Stamp → time sent, for PINGs not answered yet. */
  private outstanding = new Map<number, number>();
  /** Outcome of the last PINGs that were answered or expired, oldest first (true: answered). */
  private outcomes: boolean[] = [];
  private samples = 0;

  /**
   * @param timeoutMs a PING unanswered for this long counts as lost. @default 2000
   * @param window how many PING outcomes the loss is measured over. @default 20 (10 s at 2 a second)
   */
  constructor(
    private readonly timeoutMs = 2000,
    private readonly window = 20,
  ) {}

  /** A PING with `stamp` went out at `now`. */
  sent(stamp: number, now: number): void {
    this.outstanding.set(stamp, now);
  }

  /** A PONG echoed `stamp` at `now`: the round trip in ms, or null for a stamp not outstanding. */
  answered(stamp: number, now: number): number | null {
    const at = this.outstanding.get(stamp);
    if (at === undefined) return null;
    this.outstanding.delete(stamp);
    this.record(true);
    const rtt = Math.max(0, now - at);
    this.sample(rtt);
    return rtt;
  }

  /**
   * Adds a round-trip sample (also used for the handshake's HELLO → CHALLENGE). One of the first
   * few samples under half the estimate starts it again from there: a process just started
   * answers its first datagrams late (loading, compiling, drawing its first screen), and the
   * estimators would take tens of seconds to forget a first sample ten times too long.
   */
  sample(rtt: number): void {
    this.last = rtt;
    this.samples++;
    if (this.rtt === null || (this.samples <= RESTART_SAMPLES && rtt < this.rtt / 2)) {
      this.rtt = rtt;
      this.jitter = rtt / 2;
    } else {
      this.jitter += (Math.abs(this.rtt - rtt) - this.jitter) / 4;
      this.rtt += (rtt - this.rtt) / 8;
    }
  }

  /** Counts PINGs unanswered for `timeoutMs` as lost. */
  expire(now: number): void {
    for (const [stamp, at] of this.outstanding) {
      if (now - at >= this.timeoutMs) {
        this.outstanding.delete(stamp);
        this.record(false);
      }
    }
  }

  /** Share of recent PINGs (request or answer) lost, 0–1; null before any outcome. */
  get loss(): number | null {
    if (this.outcomes.length === 0) return null;
    return this.outcomes.filter((ok) => !ok).length / this.outcomes.length;
  }

  /** Forgets PINGs in flight (a new session); the measurements stay: same path, same server. */
  forgetOutstanding(): void {
    this.outstanding.clear();
  }

  private record(ok: boolean): void {
    this.outcomes.push(ok);
    if (this.outcomes.length > this.window) this.outcomes.shift();
  }
}
