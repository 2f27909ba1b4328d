/**
 * What the server counts: traffic, every dropped datagram by reason, and how long ticks take.
 * Shown by the console's `status`, in debug mode and by the benchmark.
 */
import type { DropReason, SessionDropReason } from '../protocol/index.ts';

export interface TrafficCounters {
  datagramsIn: number;
  bytesIn: number;
  datagramsOut: number;
  bytesOut: number;
}

export function newTraffic(): TrafficCounters {
  return { datagramsIn: 0, bytesIn: 0, datagramsOut: 0, bytesOut: 0 };
}

/**
 * Tick durations as a histogram of 10 µs buckets up to 20 ms (and one above), counted since the
 * start: percentiles over any window come from the difference of two copies.
 */
export const TICK_BUCKET_MS = 0.01;
const TICK_BUCKETS = 2000;

/** Added to a tick's lateness before it is counted (a tick may start up to 1 ms early). */
export const LATENESS_SHIFT_MS = 1;

export class TickTimes {
  readonly histogram = new Uint32Array(TICK_BUCKETS + 1);
  count = 0;
  max = 0;

  add(ms: number): void {
    this.histogram[Math.max(0, Math.min(TICK_BUCKETS, Math.floor(ms / TICK_BUCKET_MS)))]!++;
    this.count++;
    if (ms > this.max) this.max = ms;
  }

  /**
   * The p-th percentile (0–100) since the start, in ms: the bucket's upper edge, but never above
   * the largest value seen (the edge of a bucket may be); 0 when none.
   */
  percentile(p: number): number {
    return Math.min(histogramPercentile(this.histogram, p), this.max);
  }
}

/** The p-th percentile of a tick histogram (or of the difference of two), in ms. */
export function histogramPercentile(histogram: ArrayLike<number>, p: number): number {
  let total = 0;
  for (let i = 0; i < histogram.length; i++) total += histogram[i]!;
  if (total === 0) return 0;
  const rank = Math.ceil((p / 100) * total);
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i]!;
    if (seen >= rank) return (i + 1) * TICK_BUCKET_MS;
  }
  return histogram.length * TICK_BUCKET_MS;
}

export class ServerStats {
  readonly traffic = newTraffic();
  /** Dropped datagrams by reason (decode failures and the server's own checks). */
  readonly drops = new Map<string, number>();
  /** Input entries received again (redundancy working as intended, or a replay). */
  repeatedInputs = 0;
  /** Game events dropped unacknowledged from a session's full queue (EVENTS, 64 a session). */
  eventsDropped = 0;
  /** The largest datagram sent, bytes. */
  largestOut = 0;
  readonly ticks = new TickTimes();
  /**
   * When ticks start against their time, shifted by LATENESS_SHIFT_MS so that early starts (up to
   * ServerOptions.tickEarlyMs) fit the histogram: a bucket's ms minus the shift is the lateness.
   */
  readonly lateness = new TickTimes();
  /**
   * The part of each tick spent handing its batch to the transport (on a real socket: the
   * system call, in which loopback also delivers to the receivers), the rest being the rooms'.
   */
  readonly sends = new TickTimes();

  drop(reason: DropReason | SessionDropReason): void {
    this.drops.set(reason, (this.drops.get(reason) ?? 0) + 1);
  }

  totalDrops(): number {
    let n = 0;
    for (const v of this.drops.values()) n += v;
    return n;
  }
}
