/**
 * Received snapshots (docs/PROTOCOL.md §10): each SNAP is rebuilt against the set of its base
 * tick, the sets of the last 64 ticks are kept as bases (and as history for the predictor and
 * the interpolator), and gaps in the ticks received measure the downstream loss.
 */
import {
  applySnapEntries,
  type Phase,
  type Positions,
  type SnapMessage,
} from '../protocol/index.ts';

/** One applied snapshot: the server's state for this client at `tick`. */
export interface Snapshot {
  readonly tick: number;
  /** When it arrived (ms, the owner's clock). */
  readonly arrivedAt: number;
  readonly phase: Phase;
  /** The last input seq the server had applied for this client (null: none yet). */
  readonly ackSeq: number | null;
  /** The server's margin for the newest input it received, in ticks (null: no input yet). */
  readonly lead: number | null;
  /** The server's current roster version. */
  readonly rosterVersion: number;
  /** The players this client sees, by id: box top-left corners in world units. */
  readonly positions: Positions;
}

export type SnapshotResult =
  | { readonly ok: true; readonly snapshot: Snapshot }
  | { readonly ok: false; readonly detail: string };

export class SnapshotStore {
  /** Applied snapshots, oldest first, all within `keepTicks` of the newest. */
  private list: Snapshot[] = [];
  /** Distinct ticks of every SNAP received (applied or not) within `lossWindow` of the newest. */
  private seen = new Set<number>();
  private newestSeen: number | null = null;
  private firstSeen: number | null = null;

  /**
   * @param keepTicks how many ticks of sets are kept as bases. @default 64 (PROTOCOL §13)
   * @param lossWindow ticks over which the downstream loss is measured. @default 128
   */
  constructor(
    private readonly keepTicks = 64,
    private readonly lossWindow = 128,
  ) {}

  /** Applied snapshots in tick order, oldest first (at most the last `keepTicks` ticks). */
  get history(): readonly Snapshot[] {
    return this.list;
  }

  get newest(): Snapshot | null {
    return this.list[this.list.length - 1] ?? null;
  }

  /** The newest applied tick: INPUT.ackTick (null before the first). */
  get ackTick(): number | null {
    return this.newest?.tick ?? null;
  }

  /**
   * Rebuilds `msg` against its base and keeps it. Fails, keeping nothing, when it is not newer
   * than the newest applied one, its base is gone, or its entries do not apply.
   */
  add(msg: SnapMessage, now: number): SnapshotResult {
    this.countArrival(msg.tick);
    const newest = this.newest;
    if (newest !== null && msg.tick <= newest.tick) {
      return { ok: false, detail: `SNAP ${msg.tick} is not newer than ${newest.tick}` };
    }
    let base: Positions | null = null;
    if (msg.baseTick !== null) {
      const found = this.find(msg.baseTick);
      if (found === null) {
        return { ok: false, detail: `SNAP ${msg.tick}: no snapshot of base tick ${msg.baseTick}` };
      }
      base = found.positions;
    }
    const applied = applySnapEntries(base, msg.entries);
    if (!applied.ok) return { ok: false, detail: `SNAP ${msg.tick}: ${applied.detail}` };
    const snapshot: Snapshot = {
      tick: msg.tick,
      arrivedAt: now,
      phase: msg.phase,
      ackSeq: msg.ackSeq,
      lead: msg.lead,
      rosterVersion: msg.rosterVersion,
      positions: applied.positions,
    };
    this.list.push(snapshot);
    const oldest = msg.tick - this.keepTicks + 1;
    let drop = 0;
    while (drop < this.list.length && (this.list[drop]?.tick ?? 0) < oldest) drop++;
    if (drop > 0) this.list.splice(0, drop);
    return { ok: true, snapshot };
  }

  /** The applied snapshot of `tick`, or null. */
  find(tick: number): Snapshot | null {
    for (let i = this.list.length - 1; i >= 0; i--) {
      const s = this.list[i];
      if (s === undefined || s.tick < tick) break;
      if (s.tick === tick) return s;
    }
    return null;
  }

  /**
   * Fraction of the server's snapshots (one per tick) that did not arrive, over the last
   * `lossWindow` ticks; 0 before two ticks were seen. Reordered ones count as arrived.
   */
  get downstreamLoss(): number {
    const span = this.lossSpan;
    return span <= 1 ? 0 : Math.max(0, 1 - this.seen.size / span);
  }

  /** How many ticks `downstreamLoss` is measured over (at most `lossWindow`); 0 before any. */
  get lossSpan(): number {
    if (this.newestSeen === null || this.firstSeen === null) return 0;
    return Math.min(this.lossWindow, this.newestSeen - this.firstSeen + 1);
  }

  reset(): void {
    this.list = [];
    this.seen.clear();
    this.newestSeen = null;
    this.firstSeen = null;
  }

  private countArrival(tick: number): void {
    if (this.newestSeen === null || this.firstSeen === null) {
      this.newestSeen = tick;
      this.firstSeen = tick;
    }
    if (tick < this.firstSeen) this.firstSeen = tick;
    const oldest = Math.max(this.newestSeen, tick) - this.lossWindow + 1;
    if (tick < oldest) return;
    this.seen.add(tick);
    if (tick > this.newestSeen) {
      this.newestSeen = tick;
      for (const t of this.seen) if (t < oldest) this.seen.delete(t);
    }
  }
}
