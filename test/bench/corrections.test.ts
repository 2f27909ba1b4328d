/**
 * The simulated corrections bench (bench/corrections.ts) as a regression guard: bots that push
 * into each other, or a prediction that walks through a teammate standing still, made dozens of
 * visible corrections a minute on some seeds (seed 1: 93 a minute a bot, one bot 281).
 */
import { describe, expect, test } from 'bun:test';
import { benchCorrections, parseCorrectionsBenchArgs } from '../../bench/corrections.ts';

describe('bench corrections (simulated time)', () => {
  test('10 bots, 75 ± 20 ms each way, 5 % loss, six seeds: about the target of 1 a minute a bot', () => {
    const options = parseCorrectionsBenchArgs(['--seeds', '1-6', '--seconds', '30']);
    const r = benchCorrections({ ...options, warmup: 5 });
    expect(r.seeds.map((s) => s.seed)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.overall.visibleCorrectionsPerBotPerMinute).toBeLessThanOrEqual(1);
    expect(r.overall.worstBotPerMinute).toBeLessThanOrEqual(10);
    expect(r.overall.largestJumpCells).toBeLessThanOrEqual(1);
    // The bots turn away after 0.5 s without moving: a second stuck is rare (bench/stuck.ts).
    expect(r.overall.stuckSecondsPerBotPerMinute).toBeLessThan(1);
  }, 30_000);

  test('a seed plays the same game every run', () => {
    const o = { ...parseCorrectionsBenchArgs(['--seeds', '3', '--seconds', '5']), warmup: 2 };
    expect(benchCorrections(o).seeds).toEqual(benchCorrections(o).seeds);
  });

  test('bad options are errors naming them', () => {
    expect(() => parseCorrectionsBenchArgs(['--seeds', '9-3'])).toThrow('--seeds 9-3');
    expect(() => parseCorrectionsBenchArgs(['--loss', 'x'])).toThrow('--loss x');
    expect(() => parseCorrectionsBenchArgs(['--wat', '1'])).toThrow('--wat');
    expect(() => parseCorrectionsBenchArgs(['--bots'])).toThrow('--bots needs a value');
    expect(() => parseCorrectionsBenchArgs(['--line-up', 'yes'])).toThrow('--line-up yes');
    expect(parseCorrectionsBenchArgs(['--line-up', '0']).lineUp).toBe(false);
  });
});
