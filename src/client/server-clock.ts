/**
 * The client's idea of the server's clock (docs/PROTOCOL.md §9): which tick the server is at now,
 * from the ticks it reports (WELCOME, SNAP, PONG) plus half the round trip, and the lead added to
 * it when stamping inputs, steered by the SNAP's measured `lead`. Time is a parameter (ms).
 */

/**
 * Estimated server tick as a linear function of time, `now × tickRate / 1000 + offset`, with the
 * offset smoothed over observations so that a late or early snapshot moves it only a little.
 */
export class ServerClock {
  /** Ticks; null before the first observation. */
  private offset: number | null = null;
  /** The last value returned: the estimate never goes back by less than `resyncTicks`. */
  private shown = Number.NEGATIVE_INFINITY;
  /** The same for `arrival`. */
  private shownArrival = Number.NEGATIVE_INFINITY;

  /**
   * @param tickRate server ticks per second (WELCOME)
   * @param smoothing weight of one observation, 0–1. @default 0.1 (about 10 snapshots)
   * @param resyncTicks an observation this far from the estimate replaces it. @default tickRate (1 s)
   */
  constructor(
    readonly tickRate: number,
    private readonly smoothing = 0.1,
    private readonly resyncTicks = tickRate,
  ) {}

  /** The server was at `tick` when it sent a datagram that arrived at `now`, `oneWayMs` later. */
  observe(tick: number, now: number, oneWayMs: number): void {
    const sample = tick + ((oneWayMs - now) * this.tickRate) / 1000;
    if (this.offset === null || Math.abs(sample - this.offset) > this.resyncTicks) {
      this.offset = sample;
      this.shown = Number.NEGATIVE_INFINITY; // a real jump (new session, long stall): show it
      this.shownArrival = Number.NEGATIVE_INFINITY;
    } else {
      this.offset += (sample - this.offset) * this.smoothing;
    }
  }

  get started(): boolean {
    return this.offset !== null;
  }

  /**
   * The server's tick at `now`, fractional; 0 before any observation. Never smaller than a value
   * returned before (it holds still while a downward correction catches up).
   */
  estimate(now: number): number {
    if (this.offset === null) return 0;
    const raw = (now * this.tickRate) / 1000 + this.offset;
    if (raw < this.shown) return this.shown;
    this.shown = raw;
    return raw;
  }

  /**
   * The server's tick when a datagram sent at `now` arrives, `oneWayMs` later: `estimate` plus the
   * trip. It never goes back either, though the trip's estimate wanders with each round trip, so
   * that inputs stamped from it (and the present the client draws from them) only move forward.
   */
  arrival(now: number, oneWayMs: number): number {
    const raw = this.estimate(now) + (oneWayMs * this.tickRate) / 1000;
    if (raw < this.shownArrival) return this.shownArrival;
    this.shownArrival = raw;
    return raw;
  }
}

/**
 * The stamping of inputs. An input made at `now` is stamped
 * `floor(estimate(now) + one-way trip + margin) + lead` (PlaySession.inputTick), in ticks: the
 * tick the server will be about to simulate when it arrives, pushed later by a margin that
 * follows the link's jitter (`marginFor`, fractional: on a quiet LAN a few hundredths of a tick,
 * so an input is applied at the very next tick; at 20 ms of jitter most of a tick). Fractions
 * count before rounding, so the margin costs only the latency the jitter calls for.
 *
 * `lead` is a correction in whole ticks, 0 while the estimates are right, steered by what the
 * server reports (SNAP.lead: input tick − the tick it was about to simulate when the input
 * arrived; 0 = just in time, negative = late). One late input is the jitter's tail and changes
 * nothing; two in a row, or one late by two ticks or more, raise the lead by the shortfall. When
 * the last eight inputs, over a second at least, all came a whole tick earlier than the margin
 * asks, it shrinks by one.
 */
/** Jitter below this is the processes' own timing (see `LeadControl.marginFor`), ms. */
const JITTER_NOISE_MS = 1;

export class LeadControl {
  lead: number;
  /** SNAP.lead of the newest inputs applied since the last change, oldest first. */
  private samples: number[] = [];
  /** The last ackSeq seen: a new one means a new input's lead is being reported. */
  private lastAck = -1;
  private changedAt = Number.NEGATIVE_INFINITY;
  /**
   * Feedback is ignored until the server has applied an input made after the last change
   * (ackSeq ≥ this seq): older inputs still carry the old lead and would push it again.
   */
  private settleSeq = 0;

  /**
   * @param initial the first lead, in ticks
   * @param max the largest lead: the server treats inputs more than tickRate ahead as tickRate ahead
   * @param holdMs how long after a change the lead may shrink. @default 1000
   * @param window how many inputs in a row must be early before it shrinks. @default 8
   */
  constructor(
    initial: number,
    private readonly max: number,
    private readonly holdMs = 1000,
    private readonly window = 8,
  ) {
    this.lead = Math.min(Math.max(initial, 0), max);
  }

  /**
   * The margin, in ticks (fractional): twice the round trip's mean deviation beyond its first
   * millisecond (0 on a LAN, 0.72 at 13 ms of jitter and 30 ticks a second); 1 while the jitter
   * is not known yet. The first millisecond is the two processes' own timing, not the network's:
   * on loopback a busy client measures 0.5–1 ms of jitter, and a margin for it would cost a LAN
   * player's every input that much latency for nothing.
   */
  static marginFor(jitterMs: number | null, tickRate: number): number {
    if (jitterMs === null) return 1;
    return Math.max(0, (2 * (jitterMs - JITTER_NOISE_MS) * tickRate) / 1000);
  }

  /**
   * A snapshot arrived with the server's measured lead `snapLead` and its `ackSeq`; `nextSeq`
   * is the seq the next input will get; `margin` the one stamps use now (`marginFor`).
   */
  onSnapshot(
    snapLead: number | null,
    ackSeq: number | null,
    nextSeq: number,
    now: number,
    margin = 1,
  ): void {
    if (snapLead === null || ackSeq === null || ackSeq < this.settleSeq) return;
    if (ackSeq === this.lastAck) return; // the same input's lead again
    this.lastAck = ackSeq;
    const previous = this.samples[this.samples.length - 1];
    this.samples.push(snapLead);
    if (this.samples.length > this.window) this.samples.shift();
    if (snapLead < 0) {
      if (snapLead <= -2 || (previous !== undefined && previous < 0)) {
        this.change(-snapLead, nextSeq, now);
      }
      return;
    }
    if (
      this.lead > 0 &&
      this.samples.length >= this.window &&
      now - this.changedAt >= this.holdMs &&
      Math.min(...this.samples) >= Math.floor(margin) + 1
    ) {
      this.change(-1, nextSeq, now);
    }
  }

  private change(by: number, nextSeq: number, now: number): void {
    this.lead = Math.min(Math.max(this.lead + by, 0), this.max);
    this.samples = [];
    this.changedAt = now;
    this.settleSeq = nextSeq;
  }
}
