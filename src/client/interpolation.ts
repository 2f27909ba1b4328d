/**
 * Where to draw the other players: in the past, at renderTick = serverTickEstimate(now) − delay,
 * linear between the two snapshots around it (docs/PROTOCOL.md §10). Pure of real time: `now`
 * (ms) is a parameter.
 *
 * Ticks: snapshot k holds the state after ticks 0…k−1, sent as the server's counter reached k,
 * so renderTick and snapshot ticks are on the server's counter. A snapshot arrives `lateness`
 * ticks behind the clock estimate (about the one-way trip). The delay is what keeps a snapshot
 * after renderTick: snapshot k, coming `gap` ticks after the one before it, is needed from
 * renderTick = k − gap on, so it asks for delay ≥ lateness_k + gap; a buffer running dry asks
 * for what would have kept it full. The delay aims at the largest such need seen lately, and at
 * least the mean lateness + two snapshot intervals + twice the lateness's mean deviation (the
 * jitter allowance). It grows quickly (the render clock runs at half speed, never backwards)
 * and shrinks slowly (the clock runs 5 % fast), while the remembered need fades by 0.6 tick a
 * second.
 *
 * Players are drawn while the snapshot at or before renderTick holds them: a new player shows at
 * its first position once renderTick reaches the snapshot that brought it, and vanishes once
 * renderTick reaches the one that dropped it. Past the newest snapshot (an underrun) a player
 * keeps its last velocity for at most `maxExtrapolation` ticks, then holds still.
 */
import { CELL_H, CELL_W, SPEED } from '../game/units.ts';
import type { Position } from '../protocol/index.ts';
import type { ConnectionView } from './connection-view.ts';
import type { Snapshot } from './snapshots.ts';

/** What the interpolator reads from the connection (a ClientConnection, or a fake in tests). */
export type InterpolationSource = Pick<
  ConnectionView,
  'welcome' | 'snapshots' | 'serverTickEstimate'
>;

export interface InterpolationOptions {
  /** Snapshot intervals (ticks) of buffer beyond the mean lateness, at least. @default 2 */
  intervals?: number;
  /** Ticks past the newest snapshot a player is extrapolated before it holds. @default 1 */
  maxExtrapolation?: number;
}

export interface OthersFrame {
  /** The server tick drawn (fractional): serverTickEstimate(now) − delay. */
  readonly renderTick: number;
  /** Other players by id: box top-left corners in units (fractional). */
  readonly players: ReadonlyMap<number, Position>;
}

export interface InterpolationStats {
  frames: number;
  /** Times renderTick went past the newest snapshot (episodes), and frames drawn so. */
  underruns: number;
  underrunFrames: number;
  /** The largest move of one player between two consecutive frames, in cells (the larger axis). */
  largestJumpCells: number;
}

/** Weight of one snapshot in the mean lateness and its deviation. */
const SMOOTHING = 0.1;
/** Delay change per tick of server time: up at most this (render clock at half speed)… */
const GROW_PER_TICK = 0.5;
/** …and down at most this (render clock 5 % fast). */
const SHRINK_PER_TICK = 0.05;
/** How fast a remembered need fades, ticks per tick (0.6 tick a second at 30 Hz). */
const NEED_FADE_PER_TICK = 0.02;
/** A need above mean lateness + this is an outage (a lost link), not jitter: capped. */
const MAX_BUFFER_TICKS = 10;
/** Mean deviations of the lateness in the delay's floor: the jitter allowance. */
const JITTER_WEIGHT = 2;
/** Snapshots further apart than this give no velocity to extrapolate with. */
const MAX_VELOCITY_GAP = 4;

export class Interpolation {
  readonly stats: InterpolationStats = {
    frames: 0,
    underruns: 0,
    underrunFrames: 0,
    largestJumpCells: 0,
  };
  private readonly intervals: number;
  private readonly maxExtrapolation: number;
  private token: string | null = null;
  private lastTick = Number.NEGATIVE_INFINITY;
  private meanLate = 0;
  private devLate = 0;
  private need = 0;
  private delayTicks: number | null = null;
  private lastEstimate = 0;
  private underrun = false;
  private previous: ReadonlyMap<number, Position> = new Map();
  /** The phase drawn at the last frame. */
  private lastPhase: string | null = null;

  constructor(
    private readonly source: InterpolationSource,
    options: InterpolationOptions = {},
  ) {
    this.intervals = options.intervals ?? 2;
    this.maxExtrapolation = options.maxExtrapolation ?? 1;
  }

  /** Ticks behind serverTickEstimate the others are drawn (0 before the first snapshot). */
  get delay(): number {
    return this.delayTicks ?? 0;
  }

  get delayMs(): number {
    const rate = this.source.welcome?.tickRate ?? 30;
    return (this.delay * 1000) / rate;
  }

  /** Mean ticks a snapshot arrives behind the clock estimate: delay − this is the buffer. */
  get lateness(): number {
    return this.meanLate;
  }

  /** Mean deviation of that lateness, ticks. */
  get latenessJitter(): number {
    return this.devLate;
  }

  /** The other players to draw at `now`. */
  frame(now: number): OthersFrame {
    const welcome = this.source.welcome;
    if (welcome === null) return { renderTick: 0, players: new Map() };
    if (welcome.token !== this.token) this.reset(welcome.token);
    const estimate = this.source.serverTickEstimate(now);
    const list = this.source.snapshots;
    this.adapt(list, now, estimate, welcome.tickRate);
    const renderTick = estimate - this.delay;
    const players = this.positionsAt(list, renderTick, welcome.playerId, welcome.tickRate);
    // Everybody respawns when a game starts and when the lobby comes back: a move across a
    // change of phase is a teleport the server made, not a jump of the interpolation.
    const phase = phaseAt(list, renderTick);
    if (phase !== this.lastPhase) this.previous = new Map();
    this.lastPhase = phase;
    this.measure(players);
    return { renderTick, players };
  }

  resetStats(): void {
    Object.assign(this.stats, { frames: 0, underruns: 0, underrunFrames: 0, largestJumpCells: 0 });
  }

  private reset(token: string): void {
    this.token = token;
    this.lastTick = Number.NEGATIVE_INFINITY;
    this.delayTicks = null;
    this.need = 0;
    this.previous = new Map();
    this.underrun = false;
  }

  /** Takes in the snapshots new since the last frame, then moves the delay toward its target. */
  private adapt(list: readonly Snapshot[], now: number, estimate: number, rate: number): void {
    const elapsed = Math.max(0, estimate - this.lastEstimate);
    this.lastEstimate = estimate;
    this.need -= NEED_FADE_PER_TICK * elapsed;
    let first = list.length;
    while (first > 0 && (list[first - 1]?.tick ?? 0) > this.lastTick) first--;
    for (let i = first; i < list.length; i++) {
      const s = list[i]!;
      // The clock is linear in time: its value when the snapshot arrived, less the snapshot's tick.
      const late = estimate - ((now - s.arrivedAt) * rate) / 1000 - s.tick;
      const gap = this.lastTick === Number.NEGATIVE_INFINITY ? 1 : s.tick - this.lastTick;
      if (this.delayTicks === null) {
        this.meanLate = late;
        this.devLate = 0;
      } else {
        this.devLate += (Math.abs(late - this.meanLate) - this.devLate) * SMOOTHING;
        this.meanLate += (late - this.meanLate) * SMOOTHING;
      }
      this.need = Math.max(this.need, Math.min(late + gap, this.meanLate + MAX_BUFFER_TICKS));
      this.lastTick = s.tick;
      this.delayTicks ??= Math.max(this.need, this.meanLate + this.intervals);
    }
    if (this.delayTicks === null) return;
    // The buffer ran dry: the next snapshot is late already, and needs at least this much.
    const newest = list[list.length - 1];
    if (newest !== undefined && estimate - this.delayTicks > newest.tick) {
      this.need = Math.max(
        this.need,
        Math.min(estimate - newest.tick, this.meanLate + MAX_BUFFER_TICKS),
      );
    }
    const target = Math.max(
      this.need,
      this.meanLate + this.intervals + JITTER_WEIGHT * this.devLate,
    );
    if (target > this.delayTicks) {
      this.delayTicks = Math.min(target, this.delayTicks + GROW_PER_TICK * elapsed);
    } else {
      this.delayTicks = Math.max(target, this.delayTicks - SHRINK_PER_TICK * elapsed);
    }
  }

  private positionsAt(
    list: readonly Snapshot[],
    renderTick: number,
    self: number,
    rate: number,
  ): Map<number, Position> {
    const out = new Map<number, Position>();
    if (list.length === 0) return out;
    let ai = list.length - 1;
    while (ai > 0 && list[ai]!.tick > renderTick) ai--;
    const a = list[ai]!;
    const b = list[ai + 1];
    const over = b === undefined ? renderTick - a.tick : 0;
    this.noteUnderrun(over > 0);
    // Faster than anybody walks: a respawn or a teleport, neither to glide through nor to carry on.
    const maxStep = SPEED.N / rate + 1;
    if (b !== undefined) {
      const span = b.tick - a.tick;
      const f = Math.max(0, Math.min(1, (renderTick - a.tick) / span));
      for (const [id, p] of a.positions) {
        if (id === self) continue;
        const q = b.positions.get(id);
        const teleport =
          q !== undefined &&
          (Math.abs(q.x - p.x) > maxStep * span || Math.abs(q.y - p.y) > maxStep * span);
        out.set(
          id,
          q === undefined || teleport ? p : { x: p.x + (q.x - p.x) * f, y: p.y + (q.y - p.y) * f },
        );
      }
      return out;
    }
    const ahead = Math.min(over, this.maxExtrapolation);
    const before = list[ai - 1];
    for (const [id, p] of a.positions) {
      if (id === self) continue;
      const o = before?.positions.get(id);
      if (ahead <= 0 || before === undefined || o === undefined) {
        out.set(id, p);
        continue;
      }
      const span = a.tick - before.tick;
      const vx = (p.x - o.x) / span;
      const vy = (p.y - o.y) / span;
      const moving = span <= MAX_VELOCITY_GAP && Math.abs(vx) <= maxStep && Math.abs(vy) <= maxStep;
      out.set(id, moving ? { x: p.x + vx * ahead, y: p.y + vy * ahead } : p);
    }
    return out;
  }

  private noteUnderrun(now: boolean): void {
    if (now) {
      this.stats.underrunFrames++;
      if (!this.underrun) this.stats.underruns++;
    }
    this.underrun = now;
  }

  private measure(players: ReadonlyMap<number, Position>): void {
    this.stats.frames++;
    for (const [id, p] of players) {
      const q = this.previous.get(id);
      if (q === undefined) continue;
      const jump = Math.max(Math.abs(p.x - q.x) / CELL_W, Math.abs(p.y - q.y) / CELL_H);
      if (jump > this.stats.largestJumpCells) this.stats.largestJumpCells = jump;
    }
    this.previous = players;
  }
}

/** The phase of the newest snapshot at or before `tick` (the first one if none is), or null. */
function phaseAt(list: readonly Snapshot[], tick: number): string | null {
  let phase: string | null = list[0]?.phase.kind ?? null;
  for (const s of list) {
    if (s.tick > tick) break;
    phase = s.phase.kind;
  }
  return phase;
}
