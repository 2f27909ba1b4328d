/**
 * Which movement keys are held now, as KEY bits, from the stream of move intents (keys.ts) and
 * their times in ms. Time is a parameter: no timers; `nextChange` says when `keys` will change
 * by itself so the caller can schedule.
 *
 * Behaviour per terminal
 * - Exact (the kitty keyboard protocol reports releases): kitty, WezTerm (with
 *   `enable_kitty_keyboard = true`; off by default), Ghostty, foot, iTerm2 3.6+, Alacritty
 *   0.13+. A key is held from its press to its release, repeats change nothing, keys held
 *   together are held together (diagonals), opposite keys cancel while both are down and the
 *   other resumes when one comes up. The switch is automatic at the first release event seen
 *   (the first key let go); until then these terminals behave as below.
 * - Inferred (no release events): tmux (drops the protocol even inside kitty), Terminal.app,
 *   xterm, VS Code and other xterm.js terminals, the Linux console. A held key is a press, a
 *   pause of the terminal's autorepeat delay (≈ 250–600 ms), then repeats every ≈ 30–40 ms, and
 *   only the last key pressed repeats. So:
 *   - a tap moves one step: the time to cross one cell at the player's speed (16 units across,
 *     32 down; rounded up to whole client ticks when `tickMs` is given), never more. Told where
 *     the tap starts (`TapFrom`: the box's position and the press's tick), a tap instead holds
 *     the key for the whole server ticks that take the box from where it is to the middle of
 *     the next cell (`tapTicks`), so taps keep the player on the cell grid, lined up with the
 *     doors (a step of 17 or 18 units for a seeker's 16-unit cell drifted off it in a few taps);
 *   - a hold moves that first step, stands still until the first repeat (a short stutter of the
 *     delay minus the step: the first repeat is the first sign that the key is still down),
 *     then moves without a break until ≈ 150 ms (`releaseTimeoutMs`) after the last repeat;
 *   - once one hold has shown the terminal's autorepeat delay, the first repeat of the next
 *     holds is recognised as a repeat, so letting go just after it also stops within 150 ms;
 *   - a second tap of the same key before the first step is over adds a step (up to two
 *     steps ahead), unless it comes within 150 ms of the first or just when a learnt first
 *     repeat would: it then only keeps the key held to 150 ms after it;
 *   - one direction at a time: a new direction key replaces the old one at once, an opposite
 *     key included (the terminal no longer repeats the old key, so nothing shows it is held);
 *     there are no diagonals.
 *
 * Why no rule avoids the stutter: a tap and the start of a hold send the same single press, and
 * nothing tells them apart before the first repeat. Moving on through the delay would move a
 * tap ≈ 250–600 ms instead of one step; spreading the step over the delay (holding the keys
 * every other tick) would slow every tap down and send an input at every tick.
 */
import { KEY } from '../game/movement.ts';
import { CELL_H, CELL_W, PLAYER_H, PLAYER_W, stepDistance } from '../game/units.ts';
import type { Dir, KeyEventType } from './keys.ts';

/** Where a tap starts: what it takes to end it on the cell grid (see `tapTicks`). */
export interface TapFrom {
  /** The box's corner along the tap's axis (x for left and right, y for up and down), units. */
  readonly at: number;
  /** The server tick the press is stamped with: the first tick the key moves the box in. */
  readonly tick: number;
  /** The server's ticks a second. */
  readonly tickRate: number;
  /**
   * How far the press is into the time during which inputs are stamped `tick`, 0 ≤ phase < 1
   * (PlaySession.inputTickExact). Given, the release is timed for the middle of the stamping
   * time of the tick it is due at, so a timer that wakes up to half a tick late still stamps it
   * right; without it, a release a moment late was a tick late about as often as the press was
   * late in its tick. @default none: released a whole number of ticks after the press
   */
  readonly phase?: number;
}

/** Where a planned tap ends: the box's corner along its axis, and the first tick after it. */
interface TapEnd {
  readonly dir: Dir;
  readonly at: number;
  readonly tick: number;
}

export interface HeldKeysOptions {
  /**
   * Without release events, how long a key counts as held after its latest repeat, in ms; also
   * the longest gap between two events of one key that still makes them one autorepeat stream.
   * Must exceed the terminal's repeat interval (≈ 30–40 ms). @default 150
   */
  readonly releaseTimeoutMs?: number;
  /**
   * The client's tick, in ms: a step is rounded up to whole ticks so that a tap, sampled once a
   * tick, crosses a full cell. 0: no rounding. @default 0
   */
  readonly tickMs?: number;
}

/** Autorepeat delays believed when learnt from a hold, in ms (slower settings go up to ≈ 1 s). */
const MIN_REPEAT_DELAY_MS = 150;
const MAX_REPEAT_DELAY_MS = 1200;
/** How far a first repeat may land from the learnt delay, in ms (input handling jitters). */
const DELAY_TOLERANCE_MS = 50;

/**
 * Time in ms to cross one cell in direction `dir` at `speed` units/s: the length of a tap.
 * With `tickMs`, rounded up to whole ticks. 0 when the speed is not positive.
 */
export function stepMs(dir: Dir, speed: number, tickMs = 0): number {
  if (!(speed > 0)) return 0;
  const cell = dir === 'left' || dir === 'right' ? CELL_W : CELL_H;
  const ms = (cell * 1000) / speed;
  if (!(tickMs > 0)) return ms;
  // The epsilon keeps 166.666…/16.666… from rounding up to 11 ticks.
  return Math.ceil(ms / tickMs - 1e-9) * tickMs;
}

/**
 * The server ticks a tap holds its key so that the box, from `from`, ends wholly inside the next
 * cell along `dir` (the one past the cell holding its centre), as near that cell's middle as the
 * steps allow: the movement of each tick is `stepDistance` of the game, so the landing is exact
 * when nothing blocks. When no tick count lands inside (a step longer than the cell's room, as
 * for unassigned players across), the one ending nearest the middle. Also where it lands.
 * 0 ticks when the speed is not positive.
 */
export function tapTicks(dir: Dir, speed: number, from: TapFrom): { ticks: number; at: number } {
  if (!(speed > 0) || !(from.tickRate > 0)) return { ticks: 0, at: from.at };
  const across = dir === 'left' || dir === 'right';
  const cell = across ? CELL_W : CELL_H;
  const size = across ? PLAYER_W : PLAYER_H;
  const sign = dir === 'left' || dir === 'up' ? -1 : 1;
  const lo = (Math.floor((from.at + size / 2) / cell) + sign) * cell;
  const hi = lo + cell - size;
  const middle = lo + (cell - size) / 2;
  let best = { ticks: 0, at: from.at, miss: Number.POSITIVE_INFINITY };
  let at = from.at;
  // A cell and a half at the slowest step is far less than this many ticks.
  for (let k = 1; k <= 4 * from.tickRate; k++) {
    at += sign * stepDistance(speed, from.tick + k - 1, from.tickRate);
    const miss = Math.abs(at - middle) + (at >= lo && at <= hi ? 0 : cell);
    if (miss < best.miss) best = { ticks: k, at, miss };
    if (sign * at > sign * (sign > 0 ? hi : lo)) break; // past the cell
  }
  return { ticks: best.ticks, at: best.at };
}

export class HeldKeys {
  private readonly releaseTimeoutMs: number;
  private readonly tickMs: number;
  private released = false;
  /** Keys down by source ('w', 'arrowup'…), tracked from the start for the switch to exact. */
  private readonly down = new Map<string, Dir>();
  /** Inferred mode: the key the terminal repeats, held while `now < until`. */
  private cur: Dir | null = null;
  private until = 0;
  /** Time of `cur`'s latest event, and the gaps before its latest two (∞: none, or a fresh key). */
  private lastAt = 0;
  private gap1 = Number.POSITIVE_INFINITY;
  private gap2 = Number.POSITIVE_INFINITY;
  private delayMs: number | null = null;
  /** Where the running tap ends, when it was told where it started (TapFrom). */
  private tapEnd: TapEnd | null = null;

  constructor(opts: HeldKeysOptions = {}) {
    this.releaseTimeoutMs = opts.releaseTimeoutMs ?? 150;
    this.tickMs = opts.tickMs ?? 0;
  }

  /** Whether release events have been seen: held keys are then exact. */
  get exact(): boolean {
    return this.released;
  }

  /** The terminal's autorepeat delay in ms, once a hold has shown it (inferred mode only). */
  get repeatDelayMs(): number | null {
    return this.delayMs;
  }

  /**
   * A move intent at `now` (ms) for a player moving at `speed` units/s. `source` names the
   * physical key, so that two keys held for one direction are released separately. With `from`
   * (where the player stands and the tick the press is stamped with), a tap ends on the grid.
   */
  onMove(
    dir: Dir,
    event: KeyEventType,
    now: number,
    speed: number,
    source: string = dir,
    from?: TapFrom,
  ): void {
    if (event === 'release') {
      this.released = true;
      this.down.delete(source);
      return;
    }
    this.down.set(source, dir);
    if (!this.released) this.infer(dir, event, now, speed, from);
  }

  /** Any key's release event (Space's in the lobby, say): the terminal reports releases. */
  noteRelease(): void {
    this.released = true;
  }

  /** KEY bits held at `now` (ms). */
  keys(now: number): number {
    if (this.released) {
      let bits = 0;
      for (const dir of this.down.values()) bits |= KEY[dir];
      return bits;
    }
    return this.cur !== null && now < this.until ? KEY[this.cur] : 0;
  }

  /** When `keys` will change by itself after `now` (ms), or null if it will not. */
  nextChange(now: number): number | null {
    if (this.released || this.cur === null || now >= this.until) return null;
    return this.until;
  }

  /** Forgets every key (focus lost, screen left); keeps what was learnt about the terminal. */
  clear(): void {
    this.down.clear();
    this.cur = null;
    this.until = 0;
    this.gap1 = this.gap2 = Number.POSITIVE_INFINITY;
    this.tapEnd = null;
  }

  /**
   * The length of a tap from `from` (or from the running tap's end, `chained`), ms, and where it
   * ends; without `from`, one step (`stepMs`) and no known end.
   */
  private tap(dir: Dir, speed: number, from: TapFrom | undefined, chained = false) {
    const step = stepMs(dir, speed, this.tickMs);
    if (from === undefined) return { ms: step, end: null };
    const start =
      chained && this.tapEnd !== null && this.tapEnd.dir === dir
        ? { ...from, at: this.tapEnd.at, tick: this.tapEnd.tick }
        : from;
    const { ticks, at } = tapTicks(dir, speed, start);
    const end = { dir, at, tick: start.tick + ticks };
    // A chained tap adds whole ticks to a release already timed within its tick.
    const phase = chained || from.phase === undefined ? 0 : 0.5 - from.phase;
    return { ms: ((ticks + (ticks > 0 ? phase : 0)) * 1000) / from.tickRate, end };
  }

  private infer(
    dir: Dir,
    event: KeyEventType,
    now: number,
    speed: number,
    from: TapFrom | undefined,
  ): void {
    if (dir !== this.cur) {
      // The terminal repeats only the newest key: the old one shows no more sign of life.
      const tap = this.tap(dir, speed, from);
      this.cur = dir;
      this.until = now + tap.ms;
      this.tapEnd = tap.end;
      this.lastAt = now;
      this.gap1 = this.gap2 = Number.POSITIVE_INFINITY;
      return;
    }
    const timeout = this.releaseTimeoutMs;
    const gap = now - this.lastAt;
    // Within the timeout of the key's previous event: one autorepeat stream (no hand re-taps
    // a key that fast, give or take). The event before this one came after a pause: if this
    // one is a repeat after a pause too, it is the first repeat of a hold.
    const inStream = gap <= timeout;
    const afterFresh = this.gap1 > timeout;
    if (inStream && afterFresh && this.gap2 > timeout && isDelay(this.gap1)) {
      // A press, a pause, then repeats: the pause was the terminal's autorepeat delay.
      this.delayMs = this.gap1;
    }
    const learntFirstRepeat =
      !inStream &&
      afterFresh &&
      this.delayMs !== null &&
      Math.abs(gap - this.delayMs) <= DELAY_TOLERANCE_MS;
    const step = stepMs(dir, speed, this.tickMs);
    if (event === 'repeat' || inStream || learntFirstRepeat) {
      this.until = Math.max(this.until, now + timeout);
      this.tapEnd = null; // a hold: it ends with the repeats, wherever that is
    } else if (now < this.until && this.tapEnd !== null && from !== undefined) {
      // Tapped again before the last tap was over: one more cell from where that one ends,
      // unless more than a step is still to go (then it is two ahead already).
      if (this.until - now <= step) {
        const tap = this.tap(dir, speed, from, true);
        this.until += tap.ms;
        this.tapEnd = tap.end;
      }
    } else if (now < this.until) {
      // Tapped again before the last step was over: one more step, at most two ahead.
      this.until = Math.min(this.until + step, now + 2 * step);
    } else {
      const tap = this.tap(dir, speed, from);
      this.until = now + tap.ms;
      this.tapEnd = tap.end;
    }
    this.gap2 = this.gap1;
    this.gap1 = gap;
    this.lastAt = now;
  }
}

function isDelay(ms: number): boolean {
  return ms >= MIN_REPEAT_DELAY_MS && ms <= MAX_REPEAT_DELAY_MS;
}
