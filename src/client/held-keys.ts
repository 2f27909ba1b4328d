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
 *     32 down; rounded up to whole client ticks when `tickMs` is given), never more;
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
import { CELL_H, CELL_W } from '../game/units.ts';
import type { Dir, KeyEventType } from './keys.ts';

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
   * physical key, so that two keys held for one direction are released separately.
   */
  onMove(dir: Dir, event: KeyEventType, now: number, speed: number, source: string = dir): void {
    if (event === 'release') {
      this.released = true;
      this.down.delete(source);
      return;
    }
    this.down.set(source, dir);
    if (!this.released) this.infer(dir, event, now, stepMs(dir, speed, this.tickMs));
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
  }

  private infer(dir: Dir, event: KeyEventType, now: number, step: number): void {
    if (dir !== this.cur) {
      // The terminal repeats only the newest key: the old one shows no more sign of life.
      this.cur = dir;
      this.until = now + step;
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
    if (event === 'repeat' || inStream || learntFirstRepeat) {
      this.until = Math.max(this.until, now + timeout);
    } else if (now < this.until) {
      // Tapped again before the last step was over: one more step, at most two ahead.
      this.until = Math.min(this.until + step, now + 2 * step);
    } else {
      this.until = now + step;
    }
    this.gap2 = this.gap1;
    this.gap1 = gap;
    this.lastAt = now;
  }
}

function isDelay(ms: number): boolean {
  return ms >= MIN_REPEAT_DELAY_MS && ms <= MAX_REPEAT_DELAY_MS;
}
