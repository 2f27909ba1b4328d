/**
 * The own player's position to draw: predicted from the newest snapshot and the inputs the server
 * has not acknowledged yet (docs/PROTOCOL.md §9), with server corrections smoothed or snapped.
 * Pure of real time: `now` (ms) is a parameter.
 *
 * Ticks: P(k) is the state after ticks 0…k−1, what SNAP k carries. An input made at `now` is
 * stamped s = inputTick(now) and the server applies it at tick s, so it first shows in P(s + 1).
 * The own player is drawn at the **present** p = inputTick(now) + 1 (and at least the newest
 * input's stamp + 1): the first state a key pressed now shows in, so the frame drawn right after
 * a key press already moves, whatever the round trip. p never steps back by a few ticks (when the
 * lead shrinks it holds still instead); a larger jump back is a resynchronised clock, followed.
 *
 * Reconciliation: from the newest snapshot S holding the own player, replay ticks S.tick … p−1
 * with the keys the server holds at each tick (the keys of SNAP.ackSeq, replaced by each
 * unacknowledged input from its stamp on), each tick moving stepDistance(SPEED[team], t) units
 * through movePlayer against the other living players' boxes as S has them (held still). A
 * seeker stands still while the seekers' head start runs: S's GAME phase says how many ticks of
 * it are left, so the replay holds it at the ticks the server does (head-start.ts `heldAt`).
 * The path P(S.tick…p) is cached: a frame only extends it, a new input cuts it from its stamp,
 * a new snapshot or roster replays it from S.
 */
import type { GameMap } from '../game/map.ts';
import type { Box } from '../game/movement.ts';
import { actOn, type PhaseKind, type Seat, walk } from '../game/player-step.ts';
import { CELL_H, CELL_W, PLAYER_H, PLAYER_W, type Team } from '../game/units.ts';
import type { InputEntry, Position, RosterEntry } from '../protocol/index.ts';
import type { ConnectionView } from './connection-view.ts';
import type { Snapshot } from './snapshots.ts';

/** What the predictor reads from the connection (a ClientConnection, or a fake in tests). */
export type PredictionSource = Pick<
  ConnectionView,
  | 'welcome'
  | 'map'
  | 'roster'
  | 'latestSnapshot'
  | 'pendingInputs'
  | 'recentInputs'
  | 'keys'
  | 'inputTick'
>;

export interface OwnPosition {
  /** Where to draw the own player: the predicted position plus the smoothing offset (units). */
  readonly x: number;
  readonly y: number;
  /** The predicted P(tick), integer units: what the server will have at `tick` if it agrees. */
  readonly predictedX: number;
  readonly predictedY: number;
  /** The present p drawn: the state after ticks 0…p−1. */
  readonly tick: number;
}

/** One correction: a new snapshot moved the predicted present by (dx, dy) units. */
export interface Correction {
  readonly at: number;
  /** The present tick corrected. */
  readonly tick: number;
  readonly dx: number;
  readonly dy: number;
  /** Another living player was within 3 cells of the replayed path: a collision it could not know. */
  readonly crowded: boolean;
  readonly visible: boolean;
  readonly snapped: boolean;
}

export interface PredictionOptions {
  /** The path stops this far past a stale snapshot (a lost link), seconds. @default 3 */
  maxReplaySeconds?: number;
  /** Told of every correction (a debug view, tests). */
  onCorrection?: (c: Correction) => void;
}

export interface PredictionStats {
  /** New snapshots that moved the predicted present (by at least one unit). */
  corrections: number;
  /** Of those, the ones with another player near the replayed path (see Correction.crowded). */
  crowdedCorrections: number;
  /** Corrections of at least half a cell on an axis (8 units across, 16 down): visible even smoothed. */
  visibleCorrections: number;
  /** Corrections of a cell or more on an axis (or that left a cell of offset): drawn at once. */
  snaps: number;
  /** The largest correction, units (Euclidean). */
  largestCorrection: number;
  /** Replays from a new snapshot (a roster change replays too, uncounted), and movement steps run. */
  replays: number;
  steps: number;
}

/** Smoothing: the drawn offset halves every 30 ms, so it is under 1/16 after 120 ms. */
const SMOOTH_HALF_LIFE_MS = 30;
/** An offset below this (units) is dropped: it cannot move a drawn cell. */
const OFFSET_EPSILON = 0.05;
/** Another player this many cells from the replayed path (both axes) makes a correction crowded. */
const NEAR_CELLS = 3;
/**
 * In a game, a teammate the snapshots have shown at the same place for this long (seconds) is an
 * obstacle: one that stood still that long is most likely still standing there now.
 */
const STILL_SECONDS = 0.3;
/** The present holds still rather than go back by this many ticks or fewer. */
const MAX_HOLD_TICKS = 8;
/** The snapshot's phase as the rules name it (the actions of `actOn` depend on it). */
const RULES_PHASE: Readonly<Record<Snapshot['phase']['kind'], PhaseKind>> = {
  LOBBY: 'lobby',
  COUNTDOWN: 'countdown',
  GAME: 'game',
  END: 'end',
};

export function emptyPredictionStats(): PredictionStats {
  const zero = { corrections: 0, crowdedCorrections: 0, visibleCorrections: 0, snaps: 0 };
  return { ...zero, largestCorrection: 0, replays: 0, steps: 0 };
}

export class Prediction {
  readonly stats = emptyPredictionStats();
  private token: string | null = null;
  /** Inputs seen, seq order: the basis's acknowledged one (its keys) and every newer one. */
  private inputs: InputEntry[] = [];
  private highestSeq = 0;
  private basis: Snapshot | null = null;
  /** Keys the server held at the basis: those of its ackSeq. */
  private basisKeys = 0;
  /** path[i] = P(basis.tick + i); the last `at` returned path[atIndex]. */
  private path: Position[] = [];
  private atIndex = 0;
  private obstacles: Box[] = [];
  /** Each other player of the basis: where it stood, since the tick of the first snapshot there. */
  private still = new Map<number, { x: number; y: number; since: number }>();
  /** Every living other player of the basis, obstacle or not (what makes a correction crowded). */
  private others: Box[] = [];
  /** The own player at the basis, as the roster says: team, readiness, caught, spectator. */
  private team: Team = 'N';
  private ready = false;
  private caught = false;
  private spectator = false;
  private phase: PhaseKind = 'lobby';
  /** The tick the basis's head start ends (its tick plus the ticks it says are left). */
  private headStartEnd = 0;
  private rosterSeen: ReadonlyMap<number, RosterEntry> | null = null;
  private present = Number.NEGATIVE_INFINITY;
  private offsetX = 0;
  private offsetY = 0;
  private offsetAt = 0;

  constructor(
    private readonly source: PredictionSource,
    private readonly options: PredictionOptions = {},
  ) {}

  /** The own player at `now`; null before a snapshot holding it (or without map or session). */
  position(now: number): OwnPosition | null {
    const { welcome, map } = this.source;
    if (welcome === null || map === null) return null;
    if (welcome.token !== this.token) this.reset(welcome.token);
    this.recordInputs();
    const present = this.advancePresent(now);
    if (this.source.roster !== this.rosterSeen) {
      this.rosterSeen = this.source.roster;
      if (this.basis !== null) this.configure(this.basis, welcome.playerId);
    }
    const snap = this.source.latestSnapshot;
    const own = snap?.positions.get(welcome.playerId);
    if (snap != null && own !== undefined && snap !== this.basis) {
      // Everybody respawns when a game starts and when the lobby comes back: across a change of
      // phase the server moves the player, and that is no correction of a prediction.
      const respawn = this.basis !== null && this.basis.phase.kind !== snap.phase.kind;
      if (respawn) this.offsetX = this.offsetY = 0;
      const before =
        this.basis === null || respawn ? null : this.at(present, map, welcome.tickRate);
      const oldOthers = this.others;
      this.rebase(snap, own, welcome.playerId);
      if (before !== null) {
        const after = this.at(present, map, welcome.tickRate);
        this.correct(before, after, now, present, oldOthers);
      }
    }
    if (this.basis === null) return null;
    const p = this.at(present, map, welcome.tickRate);
    this.decay(now);
    const tick = this.basis.tick + this.atIndex;
    return { x: p.x + this.offsetX, y: p.y + this.offsetY, predictedX: p.x, predictedY: p.y, tick };
  }

  /** Zeroes the counters (e.g. after a warm-up). */
  resetStats(): void {
    Object.assign(this.stats, emptyPredictionStats());
  }

  private reset(token: string): void {
    this.token = token;
    this.inputs = [];
    this.highestSeq = 0;
    this.basis = null;
    this.path = [];
    this.present = Number.NEGATIVE_INFINITY;
    this.offsetX = this.offsetY = 0;
    this.still.clear();
  }

  /**
   * Copies new inputs (from the recent ones: an input made and acknowledged since the last frame
   * still counts); a new one changes the path from its stamp on (P(stamp + 1) onwards).
   */
  private recordInputs(): void {
    let firstStamp = Number.POSITIVE_INFINITY;
    for (const e of this.source.recentInputs) {
      if (e.seq <= this.highestSeq) continue;
      this.inputs.push(e);
      this.highestSeq = e.seq;
      firstStamp = Math.min(firstStamp, e.tick);
    }
    if (this.basis !== null && firstStamp !== Number.POSITIVE_INFINITY) {
      const keep = Math.max(firstStamp, this.basis.tick) - this.basis.tick + 1;
      if (this.path.length > keep) this.path.length = keep;
    }
  }

  private advancePresent(now: number): number {
    let p = Math.floor(this.source.inputTick(now)) + 1;
    const newest = this.inputs[this.inputs.length - 1];
    if (newest !== undefined) p = Math.max(p, newest.tick + 1);
    if (p < this.present && this.present - p <= MAX_HOLD_TICKS) p = this.present;
    this.present = p;
    return p;
  }

  private rebase(snap: Snapshot, own: Position, id: number): void {
    const ack = snap.ackSeq;
    if (ack === null) {
      this.basisKeys = 0; // the server's player holds no keys before its first input
    } else {
      const acked = this.inputs.find((e) => e.seq === ack);
      // Made and acknowledged between two frames: with nothing pending, the newest input made
      // is the acknowledged one, and its keys are the held ones.
      const before = this.inputs.filter((e) => e.seq < ack).pop();
      this.basisKeys =
        acked?.keys ??
        (this.source.pendingInputs.length === 0 ? this.source.keys : (before?.keys ?? 0));
      this.inputs = this.inputs.filter((e) => e.seq >= ack);
    }
    this.basis = snap;
    this.watchStillness(snap, id);
    this.configure(snap, id);
    this.path = [{ x: own.x, y: own.y }];
    this.stats.replays++;
  }

  /** Who has stood where since when: kept for the players in `snap`, forgotten for the rest. */
  private watchStillness(snap: Snapshot, id: number): void {
    for (const other of this.still.keys()) if (!snap.positions.has(other)) this.still.delete(other);
    for (const [other, pos] of snap.positions) {
      if (other === id) continue;
      const was = this.still.get(other);
      if (was !== undefined && was.x === pos.x && was.y === pos.y) continue;
      this.still.set(other, { x: pos.x, y: pos.y, since: snap.tick });
    }
  }

  /** Obstacles, team and frozenness from the basis and the roster; the path replays from S. */
  private configure(snap: Snapshot, id: number): void {
    const roster = this.source.roster;
    const self = roster.get(id);
    // In a game the prediction sees the others where they were a round trip ago. The other team
    // is no obstacle: a seeker and a hider that touch end the touch at once (the hider is caught
    // and blocks nobody). A teammate on the move has mostly moved on by now, so it is none
    // either (measured with haunted bench, 10 bots, 75 ± 20 ms each way, 5 % loss: 0.3 visible
    // corrections a minute a bot against 0.8–1.3 with every teammate an obstacle). A teammate
    // that has stood still for STILL_SECONDS is one: walking through it, then being put back,
    // was a correction on every push. In the lobby, where players wander and stand about,
    // everybody is an obstacle: there walking through them made corrections several times as
    // often.
    const game = snap.phase.kind === 'GAME';
    const stillTicks = Math.ceil(STILL_SECONDS * (this.source.welcome?.tickRate ?? 30));
    this.obstacles = [];
    this.others = [];
    for (const [other, pos] of snap.positions) {
      const entry = roster.get(other);
      if (other === id || entry?.caught === true || entry?.spectator === true) continue;
      const box = { x: pos.x, y: pos.y, w: PLAYER_W, h: PLAYER_H };
      this.others.push(box);
      if (!game) {
        this.obstacles.push(box);
        continue;
      }
      const teammate = entry !== undefined && self !== undefined && entry.team === self.team;
      const since = this.still.get(other)?.since ?? snap.tick;
      if (teammate && snap.tick - since >= stillTicks) this.obstacles.push(box);
    }
    this.team = self?.team ?? 'N';
    this.ready = self?.ready === true;
    this.caught = self?.caught === true;
    this.spectator = self?.spectator === true;
    this.phase = RULES_PHASE[snap.phase.kind];
    this.headStartEnd = snap.phase.kind === 'GAME' ? snap.tick + snap.phase.headStart : 0;
    this.path.length = Math.min(this.path.length, 1);
  }

  /** P(present), extending the path as needed (at most maxReplaySeconds past the basis). */
  private at(present: number, map: GameMap, tickRate: number): Position {
    const basis = this.basis!;
    const limit = Math.ceil((this.options.maxReplaySeconds ?? 3) * tickRate);
    const i = Math.max(0, Math.min(present - basis.tick, limit));
    while (this.path.length <= i) {
      const from = this.path[this.path.length - 1]!;
      this.path.push(this.step(from, basis.tick + this.path.length - 1, map, tickRate));
    }
    this.atIndex = i;
    return this.path[i]!;
  }

  /**
   * The server's tick t for the own player: P(t) → P(t + 1), by the rules' own player step
   * (src/game/player-step.ts): the actions of the inputs due by t (`actOn`, from the basis's
   * team and readiness), then `walk` with the keys held.
   */
  private step(from: Position, t: number, map: GameMap, tickRate: number): Position {
    const ack = this.basis?.ackSeq ?? 0;
    let keys = this.basisKeys;
    const seat: Seat = { team: this.team, ready: this.ready, spectator: this.spectator };
    for (const e of this.inputs) {
      if (e.seq <= ack) continue;
      if (e.tick > t) break; // stamps never decrease with seq
      keys = e.keys;
      if (e.action !== null) actOn(this.phase, seat, e.action);
    }
    const { caught, spectator } = this;
    const walker = { x: from.x, y: from.y, team: seat.team, keys, caught, spectator };
    const world = { map, tick: t, tickRate, headStartEnd: this.headStartEnd };
    if (!walk(world, walker, this.obstacles)) return from;
    this.stats.steps++;
    return { x: walker.x, y: walker.y };
  }

  private correct(
    before: Position,
    after: Position,
    now: number,
    tick: number,
    oldOthers: readonly Box[],
  ): void {
    const dx = after.x - before.x;
    const dy = after.y - before.y;
    if (dx === 0 && dy === 0) return;
    const s = this.stats;
    const crowded = this.near(oldOthers) || this.near(this.others);
    const visible = Math.abs(dx) >= CELL_W / 2 || Math.abs(dy) >= CELL_H / 2;
    s.corrections++;
    if (crowded) s.crowdedCorrections++;
    if (visible) s.visibleCorrections++;
    s.largestCorrection = Math.max(s.largestCorrection, Math.hypot(dx, dy));
    this.decay(now);
    // Keep drawing where it was; the offset then fades (or, a cell or more, goes at once).
    this.offsetX -= dx;
    this.offsetY -= dy;
    const large = Math.abs(dx) >= CELL_W || Math.abs(dy) >= CELL_H;
    const snapped = large || Math.abs(this.offsetX) >= CELL_W || Math.abs(this.offsetY) >= CELL_H;
    if (snapped) {
      this.offsetX = this.offsetY = 0;
      s.snaps++;
    }
    this.options.onCorrection?.({ at: now, tick, dx, dy, crowded, visible, snapped });
  }

  /** Whether one of `boxes` is within NEAR_CELLS cells of the replayed path. */
  private near(boxes: readonly Box[]): boolean {
    const mx = NEAR_CELLS * CELL_W;
    const my = NEAR_CELLS * CELL_H;
    for (const o of boxes) {
      for (const p of this.path)
        if (Math.abs(o.x - p.x) < mx && Math.abs(o.y - p.y) < my) return true;
    }
    return false;
  }

  private decay(now: number): void {
    const dt = Math.max(0, now - this.offsetAt);
    this.offsetAt = now;
    if (this.offsetX === 0 && this.offsetY === 0) return;
    const k = 2 ** (-dt / SMOOTH_HALF_LIFE_MS);
    this.offsetX *= k;
    this.offsetY *= k;
    if (Math.abs(this.offsetX) < OFFSET_EPSILON) this.offsetX = 0;
    if (Math.abs(this.offsetY) < OFFSET_EPSILON) this.offsetY = 0;
  }
}
