/**
 * The balance bench (bench/balance.ts) stays rerunnable: a seed plays the same game every run,
 * the figures add up, and bad options are errors naming them. (The 40-game figures themselves
 * take a minute or two: `bun run bench balance`.)
 */
import { describe, expect, test } from 'bun:test';
import { benchBalance, parseBalanceBenchArgs } from '../../bench/balance.ts';

describe('bench balance (simulated time)', () => {
  test('two seeded games, played twice: the same figures; every game ends', () => {
    const o = parseBalanceBenchArgs(['--games', '2', '--first-seed', '7', '--seek-time', '40']);
    const first = benchBalance(o);
    const { wallSeconds: _a, ...a } = first;
    const { wallSeconds: _b, ...b } = benchBalance(o);
    expect(a).toEqual(b);
    expect(first.perGame.map((g) => g.seed)).toEqual([7, 8]);
    expect(first.seekerWins + first.hiderWins).toBe(2);
    expect(first.catches).toBe(first.perGame.reduce((n, g) => n + g.catches.length, 0));
    for (const g of first.perGame) expect(g.seconds).toBeLessThanOrEqual(40.1);
  }, 60_000);

  test('bad options are errors naming them', () => {
    expect(() => parseBalanceBenchArgs(['--games', '0'])).toThrow('--games 0');
    expect(() => parseBalanceBenchArgs(['--bots', 'x'])).toThrow('--bots x');
    expect(() => parseBalanceBenchArgs(['--wat', '1'])).toThrow('--wat');
    expect(() => parseBalanceBenchArgs(['--games'])).toThrow('--games needs a value');
  });
});
