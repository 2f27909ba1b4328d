/**
 * The built binary: `haunted bench` starts `haunted serve` (itself) on 127.0.0.1 and four bots
 * (two for the figures in words), lets them play a second or two with no warm-up, and reports;
 * `--json` for machines, words for people. The figures must be those of a healthy server at
 * 30 Hz on loopback. A network simulator setting that cannot be (jitter above the lag) exits 2
 * before anything starts.
 */
import { expect, test } from 'bun:test';
import type { ServerBenchReport } from '../../src/bench/server-bench.ts';
import { haunted } from '../support/binary.ts';

async function bench(
  bin: string,
  args: readonly string[],
): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const started = performance.now();
  const proc = Bun.spawn([bin, 'bench', ...args], {
    stdout: 'pipe',
    stderr: 'pipe',
    stdin: 'ignore',
  });
  const [code, stdout, stderr] = await Promise.all([
    proc.exited,
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
  ]);
  return { code, stdout, stderr, ms: performance.now() - started };
}

test('haunted bench --bots 4 --seconds 2 --warmup 0 --json: the figures of a healthy server', async () => {
  const bin = await haunted();
  // Four bots: two walking bots can both hold the same keys for 2 s (a long corridor), and then
  // no input falls in the window to measure.
  const run = await bench(bin, ['--bots', '4', '--seconds', '2', '--warmup', '0', '--json']);
  console.log(`bench --json took ${(run.ms / 1000).toFixed(1)} s`);
  expect(run.code, run.stderr).toBe(0);
  // Progress goes to stderr, the figures alone to stdout.
  expect(run.stderr).toContain('haunted bench: measuring for 2 s');
  const r = JSON.parse(run.stdout) as ServerBenchReport;
  expect(r.suite).toBe('server');
  expect(r.bots).toBe(4);
  expect(r.tickRate).toBe(30);
  expect(r.warmupSeconds).toBe(0);
  expect(r.network).toBeNull();
  expect(r.seconds).toBeGreaterThanOrEqual(2);
  expect(r.seconds).toBeLessThan(2.5);

  // A snapshot each tick, to each bot.
  expect(r.snapshotsPerBotPerSecond.mean).toBeGreaterThanOrEqual(25);
  expect(r.snapshotsPerBotPerSecond.mean).toBeLessThanOrEqual(35);
  expect(r.tickMs.p99).toBeGreaterThan(0);
  expect(r.tickMs.p50).toBeLessThanOrEqual(r.tickMs.p99);
  expect(r.tickMs.p99).toBeLessThanOrEqual(r.tickMs.max);
  // Ticks start at most half a millisecond early (tickEarlyMs), on a 10 µs histogram.
  expect(r.tickStartMs.p1).toBeGreaterThanOrEqual(-0.51);
  expect(r.tickStartMs.p1).toBeLessThanOrEqual(r.tickStartMs.p50);
  expect(r.tickStartMs.p50).toBeLessThanOrEqual(r.tickStartMs.p99);
  expect(r.largestDatagramBytes.server).toBeGreaterThan(0);
  expect(r.largestDatagramBytes.server).toBeLessThanOrEqual(1200);
  expect(r.largestDatagramBytes.bots).toBeGreaterThan(0);
  expect(r.largestDatagramBytes.bots).toBeLessThanOrEqual(1200);
  expect(typeof r.prediction.visibleCorrectionsPerMinutePerBot.mean).toBe('number');
  expect(typeof r.prediction.visibleCorrectionsPerMinutePerBot.max).toBe('number');
  expect(r.interpolation.largestJumpCells).toBeLessThanOrEqual(1);
  expect(r.inputToAckMs.inputs).toBeGreaterThan(0);
  expect(r.inputToAckMs.p50).toBeGreaterThan(0);
  expect(r.inputToAckMs.p50).toBeLessThanOrEqual(r.inputToAckMs.p99);
  if (process.platform === 'linux') {
    expect(typeof r.serverCpuPercent).toBe('number');
    expect(r.serverCpuPercent!).toBeGreaterThanOrEqual(0);
    // The machine's steal over the window: a share of its CPU time, 0 on bare metal.
    expect(r.machineStealPercent).toBeGreaterThanOrEqual(0);
    expect(r.machineStealPercent!).toBeLessThanOrEqual(100);
  }

  // The figures cover the measured window and nothing else (both checked, both reported):
  // - the server's ticks between the two stats files the bench read: about `seconds` × 30;
  // - bytes a second down: no more than the datagrams a bot received could carry, about one a
  //   tick (snapshots, plus a few PONGs), none larger than the largest.
  const outside: string[] = [];
  const ticks = r.seconds * r.tickRate;
  if (r.tickMs.ticks < ticks * 0.85 || r.tickMs.ticks > ticks * 1.15)
    outside.push(`tickMs.ticks ${r.tickMs.ticks} for ${r.seconds} s at ${r.tickRate} Hz`);
  const carried = r.largestDatagramBytes.bots * (r.snapshotsPerBotPerSecond.mean + 3);
  if (r.bytesPerBotPerSecond.down.mean > carried)
    outside.push(
      `bytesPerBotPerSecond.down.mean ${r.bytesPerBotPerSecond.down.mean} > ${Math.round(carried)} ` +
        `(${r.snapshotsPerBotPerSecond.mean} + 3 datagrams/s of at most ${r.largestDatagramBytes.bots} B)`,
    );
  expect(outside).toEqual([]);
}, 30_000);

test('haunted bench without --json: the figures in words, server and players', async () => {
  const bin = await haunted();
  const run = await bench(bin, ['--bots', '2', '--seconds', '1', '--warmup', '0']);
  console.log(`bench (text) took ${(run.ms / 1000).toFixed(1)} s`);
  expect(run.code, run.stderr).toBe(0);
  const lines = run.stdout.split('\n');
  expect(lines[0]).toMatch(/^2 bots, 30 Hz, map classic, 1(\.\d)? s measured after 0 s of play$/);
  expect(lines).toContain('server');
  expect(lines).toContain('what the players see');
  expect(run.stdout).toMatch(/ {2}tick {13}p50 [\d.]+ ms, p99 [\d.]+ ms, max [\d.]+ ms/);
  expect(run.stdout).toMatch(
    / {2}tick start {7}p50 -?[\d.]+ ms after its time \(p1 -?[\d.]+, p99 -?[\d.]+\)/,
  );
  expect(run.stdout).toContain('  snapshots        ');
  expect(run.stdout).toContain('  largest jump         ');
  expect(() => JSON.parse(run.stdout)).toThrow();
}, 30_000);

test('haunted bench --lag 50 --jitter 60: exit 2, nothing started', async () => {
  const bin = await haunted();
  const run = await bench(bin, ['--lag', '50', '--jitter', '60']);
  expect(run.code).toBe(2);
  expect(run.stderr).toBe(
    'haunted bench: --jitter: at most the lag (50 ms), got 60: a delay is lag ± jitter and never below 0\n' +
      'Run "haunted bench --help" for usage.\n',
  );
  expect(run.stdout).toBe('');
  expect(run.ms).toBeLessThan(2000);
}, 30_000);
