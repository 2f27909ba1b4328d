/**
 * Held keys in simulated time (ms): the exact mode of terminals that report releases, and the
 * inferred mode of those that send only presses and autorepeats.
 */
import { describe, expect, test } from 'bun:test';
import { HeldKeys, stepMs, type TapFrom, tapTicks } from '../../src/client/held-keys.ts';
import type { Dir, KeyEventType } from '../../src/client/keys.ts';
import { axisX, KEY } from '../../src/game/movement.ts';
import { CELL_H, CELL_W, PLAYER_H, PLAYER_W, SPEED, stepDistance } from '../../src/game/units.ts';

const HIDER = SPEED.B; // 96 units/s
const SEEKER = SPEED.R; // 128 units/s
const TICK = 1000 / 60;

/** One move intent at `at` ms; a press unless told. */
interface Move {
  readonly at: number;
  readonly dir: Dir;
  readonly speed: number;
  readonly event?: KeyEventType;
  readonly source?: string;
}

const press = (at: number, dir: Dir, speed: number, source?: string): Move =>
  source === undefined ? { at, dir, speed } : { at, dir, speed, source };
const repeat = (at: number, dir: Dir, speed: number, source?: string): Move => ({
  ...press(at, dir, speed, source),
  event: 'repeat',
});
const release = (at: number, dir: Dir, speed: number, source?: string): Move => ({
  ...press(at, dir, speed, source),
  event: 'release',
});

/**
 * A hold without release events: a press at `at`, the first repeat `delay` ms later, then one
 * every `interval` ms up to `until` (inclusive). Repeats look like presses, as in a terminal.
 */
function hold(
  dir: Dir,
  speed: number,
  at: number,
  until: number,
  delay = 500,
  interval = 33,
): Move[] {
  const moves = [press(at, dir, speed)];
  for (let t = at + delay; t <= until; t += interval) moves.push(press(t, dir, speed));
  return moves;
}

const lastAt = (moves: readonly Move[]): number => moves[moves.length - 1]?.at ?? 0;

/**
 * Plays `moves` in time order and returns the held keys as [time, bits] at each change, finding
 * the changes between events with `nextChange` (exact times). Also samples every millisecond and
 * fails on a change that `nextChange` did not announce.
 */
function play(held: HeldKeys, moves: readonly Move[]): number[][] {
  const changes: number[][] = [];
  let bits = -1;
  const see = (t: number, announced: boolean) => {
    const now = held.keys(t);
    if (now === bits) return;
    if (!announced) throw new Error(`keys changed unannounced at ${t}: ${bits} → ${now}`);
    changes.push([t, now]);
    bits = now;
  };
  const sorted = [...moves].sort((a, b) => a.at - b.at);
  let i = 0;
  while (i < sorted.length) {
    const t = sorted[i]!.at;
    for (; i < sorted.length && sorted[i]!.at === t; i++) {
      const m = sorted[i]!;
      held.onMove(m.dir, m.event ?? 'press', m.at, m.speed, m.source);
    }
    see(t, true);
    const next = sorted[i]?.at ?? Number.POSITIVE_INFINITY;
    let change = held.nextChange(t);
    let quiet = 0;
    for (let s = Math.floor(t) + 1; s < next && quiet < 1000; s++) {
      while (change !== null && change <= s && change < next) {
        see(change, true);
        change = held.nextChange(change);
      }
      see(s, false);
      quiet = change === null ? quiet + 1 : 0;
    }
  }
  return changes;
}

describe('stepMs: the time to cross one cell', () => {
  test.each([
    ['hider', HIDER, 'left', 166.667],
    ['hider', HIDER, 'right', 166.667],
    ['hider', HIDER, 'up', 333.333],
    ['hider', HIDER, 'down', 333.333],
    ['seeker', SEEKER, 'left', 125],
    ['seeker', SEEKER, 'up', 250],
    ['unassigned', SPEED.N, 'right', 50],
    ['unassigned', SPEED.N, 'down', 100],
  ] as const)('%s (%p units/s) %s', (_team, speed, dir, ms) => {
    expect(stepMs(dir, speed)).toBeCloseTo(ms, 3);
    const cell = dir === 'left' || dir === 'right' ? CELL_W : CELL_H;
    expect((stepMs(dir, speed) * speed) / 1000).toBeCloseTo(cell, 9);
  });

  test.each([
    [HIDER, 'left', 10],
    [HIDER, 'up', 20],
    [SEEKER, 'left', 8],
    [SEEKER, 'down', 15],
    [SPEED.N, 'right', 3],
    [SPEED.N, 'up', 6],
  ] as const)('rounded up to whole 60 Hz ticks: %p units/s %s → %p ticks', (speed, dir, ticks) => {
    expect(stepMs(dir, speed, TICK)).toBeCloseTo(ticks * TICK, 9);
    expect(ticks * TICK * speed).toBeGreaterThanOrEqual(
      (dir === 'left' || dir === 'right' ? CELL_W : CELL_H) * 1000 - 1e-6,
    );
  });

  test('no speed, no step', () => {
    expect(stepMs('up', 0)).toBe(0);
  });
});

describe('exact mode (release events)', () => {
  const exact = () => {
    const held = new HeldKeys();
    held.noteRelease();
    return held;
  };

  test('held exactly from press to release; repeats change nothing', () => {
    const moves = [press(1000, 'right', HIDER)];
    for (let t = 1500; t < 3000; t += 33) moves.push(repeat(t, 'right', HIDER));
    moves.push(release(3000, 'right', HIDER));
    expect(play(exact(), moves)).toEqual([
      [1000, KEY.right],
      [3000, 0],
    ]);
  });

  test('a 20 ms tap holds for 20 ms, not a step', () => {
    expect(play(exact(), [press(0, 'up', HIDER), release(20, 'up', HIDER)])).toEqual([
      [0, KEY.up],
      [20, 0],
    ]);
  });

  test('presses repeated as plain text (kitty sends letters that way) change nothing', () => {
    const moves = [press(0, 'down', SEEKER, 's')];
    for (let t = 400; t < 1000; t += 33) moves.push(press(t, 'down', SEEKER, 's'));
    moves.push(release(1000, 'down', SEEKER, 's'));
    expect(play(exact(), moves)).toEqual([
      [0, KEY.down],
      [1000, 0],
    ]);
  });

  test('keys held together are held together; opposite keys cancel, then the other resumes', () => {
    const timeline = play(exact(), [
      press(0, 'up', SEEKER, 'w'),
      press(10, 'right', SEEKER, 'd'),
      press(30, 'left', SEEKER, 'a'),
      release(50, 'left', SEEKER, 'a'),
      release(70, 'up', SEEKER, 'w'),
      release(90, 'right', SEEKER, 'd'),
    ]);
    expect(timeline).toEqual([
      [0, KEY.up],
      [10, KEY.up | KEY.right],
      [30, KEY.up | KEY.right | KEY.left],
      [50, KEY.up | KEY.right],
      [70, KEY.right],
      [90, 0],
    ]);
    expect(axisX(KEY.up | KEY.right | KEY.left)).toBe(0);
  });

  test('two keys for one direction come up separately', () => {
    const timeline = play(exact(), [
      press(0, 'right', SEEKER, 'd'),
      press(10, 'right', SEEKER, 'arrowright'),
      release(20, 'right', SEEKER, 'd'),
      release(40, 'right', SEEKER, 'arrowright'),
    ]);
    expect(timeline).toEqual([
      [0, KEY.right],
      [40, 0],
    ]);
  });

  test('the release of a key that is not down changes nothing', () => {
    const timeline = play(exact(), [press(0, 'up', SEEKER, 'w'), release(10, 'left', SEEKER, 'q')]);
    expect(timeline).toEqual([[0, KEY.up]]);
  });
});

describe('switching to exact mode', () => {
  test('inferred until the first release, exact from then on', () => {
    const held = new HeldKeys();
    expect(held.exact).toBe(false);
    const timeline = play(held, [
      // A kitty terminal before anything was let go: the press alone holds for one step…
      press(0, 'left', HIDER),
      // …but this release proves the terminal reports them: exact from here.
      release(60, 'left', HIDER),
      press(1000, 'up', HIDER),
      release(1030, 'up', HIDER),
      press(2000, 'right', HIDER),
      release(4000, 'right', HIDER),
    ]);
    expect(held.exact).toBe(true);
    expect(timeline).toEqual([
      [0, KEY.left],
      [60, 0],
      [1000, KEY.up],
      [1030, 0],
      [2000, KEY.right],
      [4000, 0],
    ]);
  });

  test('keys pressed before the switch stay down until their own release', () => {
    const timeline = play(new HeldKeys(), [
      press(0, 'up', HIDER, 'w'),
      press(10, 'right', HIDER, 'd'),
      release(2000, 'right', HIDER, 'd'),
      release(3000, 'up', HIDER, 'w'),
    ]);
    expect(timeline).toEqual([
      [0, KEY.up],
      [10, KEY.right], // inferred: the newer key replaces the older
      [10 + stepMs('right', HIDER), 0],
      [2000, KEY.up], // exact: w is still down
      [3000, 0],
    ]);
  });

  test("any key's release switches (Space in the lobby)", () => {
    const held = new HeldKeys();
    held.noteRelease();
    expect(play(held, [press(0, 'down', HIDER), release(5000, 'down', HIDER)])).toEqual([
      [0, KEY.down],
      [5000, 0],
    ]);
  });
});

describe('inferred mode (no release events)', () => {
  test.each([
    ['hider', HIDER, 'left'],
    ['hider', HIDER, 'right'],
    ['hider', HIDER, 'up'],
    ['hider', HIDER, 'down'],
    ['seeker', SEEKER, 'left'],
    ['seeker', SEEKER, 'right'],
    ['seeker', SEEKER, 'up'],
    ['seeker', SEEKER, 'down'],
    ['unassigned', SPEED.N, 'right'],
    ['unassigned', SPEED.N, 'down'],
  ] as const)('a tap holds exactly one step: %s (%p units/s) %s', (_team, speed, dir) => {
    const held = new HeldKeys();
    expect(play(held, [press(1000, dir, speed)])).toEqual([
      [1000, KEY[dir]],
      [1000 + stepMs(dir, speed), 0],
    ]);
  });

  test('horizontal steps are half as long as vertical ones; hiders step longer than seekers', () => {
    expect(stepMs('up', HIDER)).toBeCloseTo(2 * stepMs('left', HIDER), 9);
    expect(stepMs('left', HIDER)).toBeGreaterThan(stepMs('left', SEEKER));
  });

  test('with a tick, a tap holds whole ticks: sampled once a tick, it crosses a full cell', () => {
    const held = new HeldKeys({ tickMs: TICK });
    held.onMove('right', 'press', 5, SEEKER);
    let ticksHeld = 0;
    for (let tick = 1; tick < 60; tick++) if (held.keys(tick * TICK) !== 0) ticksHeld++;
    expect(ticksHeld).toBe(8);
    expect((ticksHeld * SEEKER) / 60).toBeGreaterThanOrEqual(CELL_W);
  });

  test.each([
    ['hider', HIDER, 'right'],
    ['hider', HIDER, 'up'],
    ['seeker', SEEKER, 'left'],
    ['seeker', SEEKER, 'down'],
  ] as const)(
    'a long hold (500 ms delay, 33 ms repeats) moves a step, waits for the first repeat, then holds until 150 ms after the last: %s (%p units/s) %s',
    (_team, speed, dir) => {
      const moves = hold(dir, speed, 0, 3000);
      expect(play(new HeldKeys(), moves)).toEqual([
        [0, KEY[dir]],
        [stepMs(dir, speed), 0], // the stutter: nothing shows the key is down before 500 ms
        [500, KEY[dir]],
        [lastAt(moves) + 150, 0],
      ]);
    },
  );

  test('a short delay (250 ms) under a long step (333 ms): no stutter at all', () => {
    const moves = hold('up', HIDER, 0, 2000, 250, 40);
    expect(play(new HeldKeys(), moves)).toEqual([
      [0, KEY.up],
      [lastAt(moves) + 150, 0],
    ]);
  });

  test('repeats read in bunches (three at a time, 99 ms apart) hold like spread ones', () => {
    const moves = [press(0, 'right', SEEKER)];
    for (let t = 500; t <= 1500; t += 99)
      for (let k = 0; k < 3; k++) moves.push(press(t, 'right', SEEKER));
    expect(play(new HeldKeys(), moves)).toEqual([
      [0, KEY.right],
      [stepMs('right', SEEKER), 0],
      [500, KEY.right],
      [lastAt(moves) + 150, 0],
    ]);
  });

  test('kitty repeat events before any release: the first repeat is known for one', () => {
    // Let go right after the first repeat: stops 150 ms after it, not a whole step after.
    expect(play(new HeldKeys(), [press(0, 'up', HIDER), repeat(400, 'up', HIDER)])).toEqual([
      [0, KEY.up],
      [stepMs('up', HIDER), 0],
      [400, KEY.up],
      [550, 0],
    ]);
  });

  test('the first hold teaches the autorepeat delay: later first repeats stop within 150 ms', () => {
    const held = new HeldKeys();
    play(held, hold('right', HIDER, 0, 1000));
    expect(held.repeatDelayMs).toBe(500);
    // Press, first repeat 510 ms later, let go: held until 150 ms after that repeat.
    expect(play(held, [press(3000, 'up', HIDER), press(3510, 'up', HIDER)])).toEqual([
      [3000, KEY.up],
      [3000 + stepMs('up', HIDER), 0],
      [3510, KEY.up],
      [3660, 0],
    ]);
    // Before it was learnt, the same pair counts as two taps: a second full step.
    expect(play(new HeldKeys(), [press(3000, 'up', HIDER), press(3510, 'up', HIDER)])).toEqual([
      [3000, KEY.up],
      [3000 + stepMs('up', HIDER), 0],
      [3510, KEY.up],
      [3510 + stepMs('up', HIDER), 0],
    ]);
  });

  test('a tap then a hold a little later teaches the delay too; taps alone do not', () => {
    const held = new HeldKeys();
    play(held, [press(0, 'left', SEEKER), ...hold('left', SEEKER, 700, 1500, 420)]);
    expect(held.repeatDelayMs).toBe(420);
    const taps = new HeldKeys();
    play(
      taps,
      [0, 300, 600, 900].map((t) => press(t, 'left', SEEKER)),
    );
    expect(taps.repeatDelayMs).toBeNull();
  });

  test('a second tap before the step is over adds a step', () => {
    const step = stepMs('up', HIDER); // 333 ms
    const moves = [press(0, 'up', HIDER), press(200, 'up', HIDER), press(2000, 'up', HIDER)];
    expect(play(new HeldKeys(), moves)).toEqual([
      [0, KEY.up],
      [2 * step, 0],
      [2000, KEY.up],
      [2000 + step, 0],
    ]);
  });

  test('mashed taps run at most two steps ahead', () => {
    const step = stepMs('up', HIDER);
    const moves = [0, 200, 400, 600, 800, 1000].map((t) => press(t, 'up', HIDER));
    expect(play(new HeldKeys(), moves)).toEqual([
      [0, KEY.up],
      [1000 + 2 * step, 0],
    ]);
  });

  test('switching direction: the new key replaces the old one at once', () => {
    const moves = [...hold('right', SEEKER, 0, 1000), ...hold('up', SEEKER, 1010, 2500)];
    expect(play(new HeldKeys(), moves)).toEqual([
      [0, KEY.right],
      [stepMs('right', SEEKER), 0],
      [500, KEY.right],
      [1010, KEY.up],
      [1010 + stepMs('up', SEEKER), 0],
      [1510, KEY.up],
      [lastAt(moves) + 150, 0],
    ]);
  });

  test('opposite keys: the newer wins at once, never both', () => {
    const moves = [...hold('right', HIDER, 0, 1000), press(1005, 'left', HIDER)];
    expect(play(new HeldKeys(), moves)).toEqual([
      [0, KEY.right],
      [stepMs('right', HIDER), 0],
      [500, KEY.right],
      [1005, KEY.left],
      [1005 + stepMs('left', HIDER), 0],
    ]);
  });

  test('the release timeout is an option', () => {
    const moves = hold('down', SEEKER, 0, 2000);
    const timeline = play(new HeldKeys({ releaseTimeoutMs: 100 }), moves);
    expect(timeline[timeline.length - 1]).toEqual([lastAt(moves) + 100, 0]);
  });

  test('clear forgets the keys', () => {
    const held = new HeldKeys();
    held.onMove('down', 'press', 0, SEEKER);
    held.clear();
    expect(held.keys(10)).toBe(0);
    expect(held.nextChange(10)).toBeNull();
  });
});

describe('taps on the cell grid (told where the tap starts)', () => {
  const RATE = 30;
  const TICK_MS = 1000 / RATE;
  const across = (dir: Dir) => dir === 'left' || dir === 'right';
  const sign = (dir: Dir) => (dir === 'left' || dir === 'up' ? -1 : 1);
  /** The cell wholly holding a box at `at` along the axis of `dir`, or null when it straddles. */
  const cellOf = (dir: Dir, at: number) => {
    const cell = across(dir) ? CELL_W : CELL_H;
    const size = across(dir) ? PLAYER_W : PLAYER_H;
    const c = Math.floor(at / cell);
    return at + size <= (c + 1) * cell ? c : null;
  };
  /** Where the game's movement takes a box from `at` holding `dir` for ticks from … from+k−1. */
  const walk = (dir: Dir, speed: number, at: number, from: number, k: number) => {
    for (let t = from; t < from + k; t++) at += sign(dir) * stepDistance(speed, t, RATE);
    return at;
  };

  test.each([
    ['hider', HIDER],
    ['seeker', SEEKER],
  ] as const)(
    '%s: from anywhere in a cell, at any tick, a tap ends wholly inside the next cell',
    (_, speed) => {
      for (const dir of ['left', 'right', 'up', 'down'] as const) {
        const cell = across(dir) ? CELL_W : CELL_H;
        const size = across(dir) ? PLAYER_W : PLAYER_H;
        // Every position whose centre is in cell 10.
        for (let at = 10 * cell - size / 2; at < 11 * cell - size / 2; at++) {
          for (let tick = 0; tick < RATE; tick++) {
            const tap = tapTicks(dir, speed, { at, tick, tickRate: RATE });
            expect(tap.at).toBe(walk(dir, speed, at, tick, tap.ticks));
            expect({ dir, at, tick, cell: cellOf(dir, tap.at) }).toEqual({
              dir,
              at,
              tick,
              cell: 10 + sign(dir),
            });
          }
        }
      }
    },
  );

  test('unassigned players (10–11 units a tick) land inside the next cell down; across, near its middle', () => {
    for (let tick = 0; tick < RATE; tick++) {
      const down = tapTicks('down', SPEED.N, { at: 10 * CELL_H + 4, tick, tickRate: RATE });
      expect(cellOf('down', down.at)).toBe(11);
      const right = tapTicks('right', SPEED.N, { at: 10 * CELL_W + 2, tick, tickRate: RATE });
      expect(Math.abs(right.at - (11 * CELL_W + 2))).toBeLessThanOrEqual(6);
    }
    expect(tapTicks('up', 0, { at: 100, tick: 0, tickRate: RATE })).toEqual({ ticks: 0, at: 100 });
  });

  /**
   * Taps at `times` (ms) of `dir` from `at`, each told where the player stands as the game's
   * movement has it (stamped with the tick of its time): the positions where each tap ended.
   */
  function tapAlong(dir: Dir, speed: number, at: number, times: readonly number[]) {
    const held = new HeldKeys({ tickMs: TICK_MS });
    const ends: number[] = [];
    for (const t of times) {
      const from: TapFrom = { at, tick: Math.floor(t / TICK_MS), tickRate: RATE };
      held.onMove(dir, 'press', t, speed, dir, from);
      const until = held.nextChange(t)!;
      expect(held.keys(t)).toBe(KEY[dir]);
      const ticks = Math.round((until - t) / TICK_MS);
      expect(ticks * TICK_MS).toBeCloseTo(until - t, 6); // whole ticks
      at = walk(dir, speed, at, from.tick, ticks);
      ends.push(at);
    }
    return ends;
  }

  test('a seeker tapping right 12 times from off the grid moves one whole cell a tap, on the grid', () => {
    // 3 units right of the middle of cell 10: the first tap lines it up in cell 11.
    const ends = tapAlong(
      'right',
      SEEKER,
      10 * CELL_W + 5,
      [0, 400, 810, 1230, 1600, 2000, 2450, 2800, 3300, 3700, 4100, 4555],
    );
    expect(ends.map((at) => cellOf('right', at))).toEqual([
      11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
    ]);
    // Without the start (one step of whole client ticks each: 17 or 18 units), off the grid.
    let at = 10 * CELL_W + 2;
    for (let i = 0; i < 4; i++)
      at = walk(
        'right',
        SEEKER,
        at,
        i * 12,
        Math.round(stepMs('right', SEEKER, TICK_MS) / TICK_MS),
      );
    expect(cellOf('right', at)).toBeNull();
  });

  test('a hider tapping up and left lands in whole cells', () => {
    expect(
      tapAlong('up', HIDER, 10 * CELL_H + 9, [0, 500, 1000, 1700]).map((at) => cellOf('up', at)),
    ).toEqual([9, 8, 7, 6]);
    expect(
      tapAlong('left', HIDER, 10 * CELL_W, [0, 300, 700]).map((at) => cellOf('left', at)),
    ).toEqual([9, 8, 7]);
  });

  test('told the phase of the press in its tick, the release falls in the middle of its tick', () => {
    for (const phase of [0, 0.3, 0.99]) {
      const held = new HeldKeys({ tickMs: TICK_MS });
      const from: TapFrom = { at: 10 * CELL_W + 2, tick: 7, tickRate: RATE, phase };
      const { ticks } = tapTicks('right', SEEKER, from);
      held.onMove('right', 'press', 1000, SEEKER, 'right', from);
      // Stamped 7 + phase at 1000 ms: the stamp 7 + ticks begins (ticks − phase) ticks later.
      expect(held.nextChange(1000)!).toBeCloseTo(1000 + (ticks - phase + 0.5) * TICK_MS, 6);
    }
  });

  test('a second tap before the first is over adds one whole cell from where the first ends', () => {
    const held = new HeldKeys({ tickMs: TICK_MS });
    const start = 10 * CELL_H + 7;
    held.onMove('down', 'press', 0, SEEKER, 'down', { at: start, tick: 0, tickRate: RATE });
    const first = held.nextChange(0)!;
    held.onMove('down', 'press', 200, SEEKER, 'down', { at: start + 19, tick: 6, tickRate: RATE });
    const until = held.nextChange(200)!;
    expect(until).toBeGreaterThan(first);
    const end = walk('down', SEEKER, start, 0, Math.round(until / TICK_MS));
    expect(cellOf('down', end)).toBe(12);
  });
});
