/** The stuck meter of the corrections bench (bench/stuck.ts): what counts as time stuck. */
import { describe, expect, test } from 'bun:test';
import { StuckMeter } from '../../bench/stuck.ts';
import type { Player } from '../../src/game/state.ts';

function player(id: number, x: number, keys: number, caught = false): Player {
  const base = { id, name: `P${id}`, colour: 0, team: 'R' as const, ready: true };
  return { ...base, caught, spectator: false, x, y: 100, keys };
}

/** Feeds one player's (x, keys) per tick. */
function feed(meter: StuckMeter, ticks: readonly [number, number][], caught = false) {
  for (const [x, keys] of ticks) meter.observe([player(1, x, keys, caught)]);
}

const still = (n: number, x = 50, keys = 1): [number, number][] =>
  Array.from({ length: n }, () => [x, keys]);

describe('StuckMeter', () => {
  test('a spell of holding a key without moving counts whole once it lasts the minimum', () => {
    const m = new StuckMeter(30);
    feed(m, [[40, 1], [45, 1], ...still(46), [55, 1]]);
    // The first tick at 50 moved (from 45); the 45 after it did not.
    expect(m.figures()).toEqual({ ticks: 45, spells: 1 });
  });

  test('a shorter spell, moving, or holding nothing is not stuck', () => {
    const m = new StuckMeter(30);
    feed(m, [[50, 1], ...still(29), [51, 1], ...still(40, 51, 0), [52, 1], [53, 1]]);
    expect(m.figures()).toEqual({ ticks: 0, spells: 0 });
  });

  test('a caught player holding keys is not stuck; a running spell counts in figures()', () => {
    const caught = new StuckMeter(30);
    feed(caught, still(100), true);
    expect(caught.figures()).toEqual({ ticks: 0, spells: 0 });
    const running = new StuckMeter(30);
    feed(running, still(41));
    expect(running.figures()).toEqual({ ticks: 40, spells: 1 });
  });

  test('reset forgets what was counted and restarts running spells', () => {
    const m = new StuckMeter(30);
    feed(m, still(50));
    m.reset();
    feed(m, still(20));
    expect(m.figures()).toEqual({ ticks: 0, spells: 0 });
    feed(m, still(10));
    expect(m.figures()).toEqual({ ticks: 30, spells: 1 });
  });

  test('a player who leaves mid-spell has it counted', () => {
    const m = new StuckMeter(30);
    feed(m, still(40));
    m.observe([]);
    expect(m.figures()).toEqual({ ticks: 39, spells: 1 });
  });
});
