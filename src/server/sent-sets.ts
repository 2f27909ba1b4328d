/**
 * The position sets a session was sent, kept as the bases of later deltas (PROTOCOL.md §10).
 *
 * Why not a Map of the last 32 sets, each a Map of {x, y} objects (as `buildSnapshot`, the
 * reference in snapshots.ts, keeps them)? That is a Map and an object per visible player per
 * client per tick, kept alive 32 ticks: a steady stream of garbage for the collector, on a
 * server that wakes for a fraction of a millisecond every 33 ms. Here each session keeps one
 * ring of 32 slots in one typed array, written in place, which the SnapWriter reads directly.
 */
import type { BaseSet, Placed } from '../protocol/snap-writer.ts';

/** How many snapshot sets a session keeps for deltas (PROTOCOL.md §10). */
export const SNAPSHOT_HISTORY = 32;

/** Ints per player in a slot: id, x, y (the SnapWriter's BaseSet layout). */
const STRIDE = 3;

export class SentSets {
  /** The tick each slot holds (slot = tick % SNAPSHOT_HISTORY), -1 when empty. */
  private readonly ticks = new Float64Array(SNAPSHOT_HISTORY).fill(-1);
  private readonly counts = new Uint16Array(SNAPSHOT_HISTORY);
  /** Players per slot the array has room for; grows when a set is larger. */
  private capacity = 0;
  /** Slot s holds its players, by increasing id, at [s·capacity·3, …): id, x, y, id, x, y, … */
  private data = new Int32Array(0);
  /** What `find` returns: one object, refilled at each call. */
  private readonly found = { data: this.data, start: 0, end: 0 };

  /**
   * The set sent at `tick`, or null when it is gone (valid until the next `find` or `store`).
   * A slot is overwritten SNAPSHOT_HISTORY ticks later: like the Map it replaces (which deleted
   * tick t − 32 after storing t), the ring holds the last 32 ticks' sets, since a playing
   * session is sent a snapshot every tick.
   */
  find(tick: number): BaseSet | null {
    const slot = tick % SNAPSHOT_HISTORY;
    if (this.ticks[slot] !== tick) return null;
    const { found } = this;
    found.data = this.data;
    found.start = slot * this.capacity * STRIDE;
    found.end = found.start + this.counts[slot]! * STRIDE;
    return found;
  }

  /** Whether player `id` was in the set sent at `tick` (false when that set is gone). */
  has(tick: number, id: number): boolean {
    const set = this.find(tick);
    if (set === null) return false;
    for (let k = set.start; k < set.end; k += STRIDE) if (set.data[k] === id) return true;
    return false;
  }

  /** Remembers `players` (increasing ids) as the set sent at `tick`. */
  store(tick: number, players: readonly Placed[]): void {
    if (players.length > this.capacity) this.grow(players.length);
    const slot = tick % SNAPSHOT_HISTORY;
    const { data } = this;
    let k = slot * this.capacity * STRIDE;
    for (const p of players) {
      data[k] = p.id;
      data[k + 1] = p.x;
      data[k + 2] = p.y;
      k += STRIDE;
    }
    this.ticks[slot] = tick;
    this.counts[slot] = players.length;
  }

  private grow(players: number): void {
    const capacity = Math.max(players, this.capacity * 2, 8);
    const data = new Int32Array(SNAPSHOT_HISTORY * capacity * STRIDE);
    for (let s = 0; s < SNAPSHOT_HISTORY; s++) {
      const from = s * this.capacity * STRIDE;
      data.set(this.data.subarray(from, from + this.counts[s]! * STRIDE), s * capacity * STRIDE);
    }
    this.capacity = capacity;
    this.data = data;
  }
}
