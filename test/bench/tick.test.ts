/**
 * `bun run bench tick` at a tiny size: two rooms of three light clients on the simulated
 * network, a second of real time. Bounded: 6 clients, about 2 s.
 */
import { describe, expect, test } from 'bun:test';
import { benchTick, parseTickBenchArgs } from '../../bench/tick.ts';

const ROOT = `${import.meta.dir}/../..`;

describe('bun run bench tick', () => {
  test('a bad option is one line naming it', () => {
    for (const [args, message] of [
      [['--rooms', '0'], 'bench tick: --rooms needs a whole number in 1–200\n'],
      [['--map', 'nope'], 'bench tick: --map: no built-in map nope (classic, grand)\n'],
      [['--rooms', '100', '--players', '30'], 'bench tick: 100 rooms of 30 is over 2000 players\n'],
    ] as const) {
      const r = Bun.spawnSync(['bun', 'bench/main.ts', 'tick', ...args], {
        cwd: ROOT,
        stdout: 'pipe',
        stderr: 'pipe',
      });
      expect(r.exitCode).toBe(1);
      expect(r.stderr.toString()).toBe(message);
    }
  });

  test('2 rooms × 3 players: every tick timed, every client sent its snapshots', async () => {
    const o = parseTickBenchArgs(['--rooms', '2', '--players', '3', '--seconds', '1']);
    const report = await benchTick({ ...o, warmup: 0 });
    expect(report.players).toBe(6);
    expect(report.ticks).toBeGreaterThanOrEqual(29);
    expect(report.ticks).toBeLessThanOrEqual(32);
    expect(report.roomsPartMs.p50).toBeGreaterThan(0);
    expect(report.roomsPartMs.p99).toBeGreaterThanOrEqual(report.roomsPartMs.p50);
    // One SNAP per client per tick, counted from the start of play.
    expect(report.snapshotsDelivered).toBeGreaterThanOrEqual(6 * 29);
  }, 20_000);
});
