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
 * The margin, in ticks, added when stamping inputs. An input made at `now` is stamped
 * `floor(estimate(now) + one-way trip in ticks) + lead`: the tick the server will be about to
 * simulate when it arrives, plus this margin (PlaySession.inputTick). The fractional trip is
 * counted before rounding, so an input is neither a tick late nor a tick early for the phase it
 * was made in. The server reports the margin it saw (SNAP.lead: input tick − the tick it was
 * about to simulate when the input arrived; 0 = just in time) and this keeps it at `margin`,
 * which follows the link's jitter (`marginFor`): 0 on a quiet LAN, so an input is applied at the
 * very next tick, more when arrival times wander. Too small: the lead grows at once, by the
 * shortfall (an input that arrived 3 ticks late needs 3 more). Too large: it shrinks by one, but
 * only once several inputs in a row over a whole second were all early, since one input made on
 * a tick boundary can look early by a tick without the lead being too large.
 */
export class LeadControl {
  lead: number;
  /** When SNAP.lead went above the band (and stayed), or null. */
  private highSince: number | null = null;
  /** Inputs applied since `highSince` whose reported lead was above the band. */
  private highSamples = 0;
  /** The last ackSeq seen: a new one means a new input's lead is being reported. */
  private lastAck = -1;
  /**
   * Feedback is ignored until the server has applied an input made after the last change
   * (ackSeq ≥ this seq): older inputs still carry the old lead and would push it again.
   */
  private settleSeq = 0;

  /**
   * @param initial the first lead (margin), in ticks
   * @param max the largest lead: the server treats inputs more than tickRate ahead as tickRate ahead
   * @param holdMs how long the margin must stay above the band before the lead shrinks. @default 1000
   * @param minSamples how many new inputs must report it above the band too. @default 4
   */
  constructor(
    initial: number,
    private readonly max: number,
    private readonly holdMs = 1000,
    private readonly minSamples = 4,
  ) {
    this.lead = Math.min(Math.max(initial, 0), max);
  }

  /**
   * The margin to aim for, in ticks: the whole ticks in twice the jitter (0 below half a tick of
   * jitter, 1 at 20 ms and 30 Hz); 1 while the jitter is not known yet. An input that arrives
   * a tick late costs a one-tick correction, which the client smooths away; a margin costs every
   * input a whole tick of latency. So the margin counts only jitter of a tick or more.
   */
  static marginFor(jitterMs: number | null, tickRate: number): number {
    if (jitterMs === null) return 1;
    return Math.max(0, Math.floor((2 * jitterMs * tickRate) / 1000));
  }

  /**
   * A snapshot arrived with the server's measured margin `snapLead` and its `ackSeq`;
   * `nextSeq` is the seq the next input will get; `margin` the one to aim for (`marginFor`).
   */
  onSnapshot(
    snapLead: number | null,
    ackSeq: number | null,
    nextSeq: number,
    now: number,
    margin = 1,
  ): void {
    if (snapLead === null || ackSeq === null || ackSeq < this.settleSeq) return;
    const fresh = ackSeq !== this.lastAck;
    this.lastAck = ackSeq;
    if (snapLead < margin) {
      this.change(margin - snapLead, nextSeq);
    } else if (snapLead > margin) {
      if (this.highSince === null) {
        this.highSince = now;
        this.highSamples = 0;
      }
      if (fresh) this.highSamples++;
      if (now - this.highSince >= this.holdMs && this.highSamples >= this.minSamples) {
        this.change(-1, nextSeq);
      }
    } else {
      this.highSince = null;
    }
  }

  private change(by: number, nextSeq: number): void {
    this.lead = Math.min(Math.max(this.lead + by, 0), this.max);
    this.highSince = null;
    this.settleSeq = nextSeq;
  }
}
