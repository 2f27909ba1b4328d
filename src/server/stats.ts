/**
 * What the server counts: traffic, every dropped datagram by reason, and how long ticks take.
 * Shown by the console's `status`, in debug mode and by the benchmark.
 */
export interface TrafficCounters {
  datagramsIn: number;
  bytesIn: number;
  datagramsOut: number;
  bytesOut: number;
}

export function newTraffic(): TrafficCounters {
  return { datagramsIn: 0, bytesIn: 0, datagramsOut: 0, bytesOut: 0 };
}

/** Tick durations in ms, the last `size` of them, for percentiles. */
export class TickTimes {
  private readonly times: Float64Array;
  private count = 0;
  max = 0;

  constructor(size = 1024) {
    this.times = new Float64Array(size);
  }

  add(ms: number): void {
    this.times[this.count % this.times.length] = ms;
    this.count++;
    if (ms > this.max) this.max = ms;
  }

  /** The p-th percentile (0–100) of the recorded durations, 0 when none. */
  percentile(p: number): number {
    const n = Math.min(this.count, this.times.length);
    if (n === 0) return 0;
    const sorted = Array.from(this.times.subarray(0, n)).sort((a, b) => a - b);
    return sorted[Math.min(n - 1, Math.floor((p / 100) * n))]!;
  }
}

export class ServerStats {
  readonly traffic = newTraffic();
  /** Dropped datagrams by reason (decode failures and the server's own checks). */
  readonly drops = new Map<string, number>();
  /** Input entries received again (redundancy working as intended, or a replay). */
  repeatedInputs = 0;
  readonly ticks = new TickTimes();

  drop(reason: string): void {
    this.drops.set(reason, (this.drops.get(reason) ?? 0) + 1);
  }

  totalDrops(): number {
    let n = 0;
    for (const v of this.drops.values()) n += v;
    return n;
  }
}
