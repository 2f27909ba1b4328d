/**
 * The server benchmark behind `haunted bench` and `bun run bench server`: a `haunted serve`
 * process on 127.0.0.1 and N bots in this process, over real UDP (the network simulator on the
 * bots' sockets when asked), playing a real game. After a warm-up it measures for S seconds:
 * - the server: CPU % of a core (utime + stime from /proc, Linux), per thread, tick time
 *   p50/p99/max (its own histogram, from its --stats-file at both ends), drops;
 * - per bot: snapshots a second, bytes a second down and up, the largest datagram received;
 * - input → acknowledging snapshot: from a bot making an input to the first SNAP whose ackSeq
 *   covers it, on the bots' clock (this includes the simulated network when one is on);
 * - what players would see (each bot runs a prediction and an interpolation at 30 fps as a
 *   client draws): visible prediction corrections a minute per bot (half a cell or more), of
 *   which with another player nearby, and the largest move of another player between two frames.
 * The CLI layer gives the clock and the command that starts the server.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BotRunner, startBots } from '../cli/bot-runner.ts';
import type { NetConditions } from '../net/conditioned.ts';
import { histogramPercentile, LATENESS_SHIFT_MS, TICK_BUCKET_MS } from '../server/stats.ts';
import type { StatsReport } from '../server/stats-report.ts';

export interface ServerBenchOptions {
  /** The command that runs `haunted` (e.g. ['dist/haunted'], or [bun, 'src/cli/main.ts']). */
  readonly command: readonly string[];
  readonly bots: number;
  readonly seconds: number;
  /** Seconds of play before measuring (the server's optimising compiler works for about a minute). */
  readonly warmup: number;
  readonly tick: number;
  readonly map: string;
  readonly seed: number;
  readonly conditions: NetConditions | null;
  readonly clock: () => number;
  /** Progress lines for people (stderr), if anyone listens. */
  readonly progress?: (line: string) => void;
}

export const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

/** A bench option's whole number in [least, most], or an Error naming the flag and the range. */
export function wholeArg(flag: string, value: string, least: number, most: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < least || n > most) {
    throw new Error(`${flag} needs a whole number in ${least}–${most}`);
  }
  return n;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** CPU seconds (user + system) of a process, or null where /proc is not there. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // CLK_TCK
  } catch {
    return null;
  }
}

/** CPU seconds of each thread (`main`: the JavaScript thread), user and system apart. */
export function threadCpuSeconds(pid: number): Map<string, { user: number; system: number }> {
  const out = new Map<string, { user: number; system: number }>();
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const key = tid === String(pid) ? 'main' : `${name}/${tid}`;
      out.set(key, { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 });
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out;
}

export function threadCpuPercent(
  before: Map<string, { user: number; system: number }>,
  after: Map<string, { user: number; system: number }>,
  seconds: number,
): Record<string, number | { user: number; system: number }> {
  const out: Record<string, number | { user: number; system: number }> = {};
  let other = 0;
  for (const [key, a] of after) {
    const b = before.get(key) ?? { user: 0, system: 0 };
    const user = (100 * (a.user - b.user)) / seconds;
    const system = (100 * (a.system - b.system)) / seconds;
    if (key === 'main') out.main = { user: round(user), system: round(system) };
    else if (user + system >= 0.05) out[key.replace(/\/\d+$/, '')] = round(user + system);
    else other += user + system;
  }
  out.other = round(other);
  return out;
}

/**
 * This machine's CPU time so far from /proc/stat, summed over its cores: all of it, and the part
 * the hypervisor gave to other guests (steal). Null where /proc is not there.
 */
export function machineCpuTicks(): { total: number; steal: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already inside user)
    return { total: fields.reduce((a, b) => a + b, 0), steal: fields[7] ?? 0 };
  } catch {
    return null;
  }
}

/** Steal as a % of the machine's CPU time between two readings (null without both). */
export function stealPercent(
  before: ReturnType<typeof machineCpuTicks>,
  after: ReturnType<typeof machineCpuTicks>,
): number | null {
  if (!before || !after || after.total <= before.total) return null;
  return round((100 * (after.steal - before.steal)) / (after.total - before.total));
}

/** Waits for the stats file to be rewritten after `after` (wall ms) and returns it. */
export async function freshStats(file: string, after: number): Promise<StatsReport> {
  for (let i = 0; i < 100; i++) {
    try {
      const report = JSON.parse(readFileSync(file, 'utf8')) as StatsReport;
      if (report.time > after) return report;
    } catch {
      // not written yet
    }
    await Bun.sleep(50);
  }
  throw new Error('the server stopped writing its stats file');
}

/** A `haunted serve` child on 127.0.0.1:0 that rewrites its stats file every second. */
export interface BenchServer {
  readonly proc: ReturnType<typeof Bun.spawn>;
  readonly port: number;
  readonly statsFile: string;
  /** SIGTERM, wait for the exit, remove the stats file's folder. */
  close(): Promise<void>;
}

/** Starts `command serve --host 127.0.0.1 --port 0 --stats-file … args` and reads its port. */
export async function spawnBenchServer(
  command: readonly string[],
  args: readonly string[],
): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'haunted-bench-'));
  const statsFile = join(dir, 'stats.json');
  const proc = Bun.spawn(
    [...command, 'serve', '--host', '127.0.0.1', '--port', '0', '--stats-file', statsFile, ...args],
    { stdout: 'pipe', stderr: 'ignore', stdin: 'ignore' },
  );
  const close = async () => {
    proc.kill('SIGTERM');
    await proc.exited;
    rmSync(dir, { recursive: true, force: true });
  };
  const port = await listeningPort(proc.stdout);
  if (typeof port === 'string') {
    await close();
    throw new Error(`the server did not start: ${port || 'no output'}`);
  }
  return { proc, port, statsFile, close };
}

/**
 * The port of the first "listening on 127.0.0.1:<port>" a child prints on `stdout` (the banner
 * of `haunted serve`, and of bench/floor-server.ts); when the output ends first, what it printed.
 */
export async function listeningPort(stdout: ReadableStream<Uint8Array>): Promise<number | string> {
  const reader = stdout.getReader();
  const decoder = new TextDecoder();
  let banner = '';
  for (;;) {
    const found = /listening on 127\.0\.0\.1:(\d+)/.exec(banner);
    if (found) {
      reader.releaseLock();
      return Number(found[1]);
    }
    const { value, done } = await reader.read();
    if (done) return banner.trim();
    banner += decoder.decode(value, { stream: true });
  }
}

/** Polls `done()` every 20 ms; false when it still does not hold after `limitMs`. */
export async function waitFor(
  done: () => boolean,
  limitMs: number,
  clock: () => number,
): Promise<boolean> {
  const until = clock() + limitMs;
  while (clock() < until) {
    if (done()) return true;
    await Bun.sleep(20);
  }
  return false;
}

/**
 * The server's figures over one window of `seconds`: between two of its stats reports exactly
 * `seconds` apart, and its CPU over the same wall time. `begin` and `end` run at the window's
 * ends, for the clients to take their own figures over the same span.
 */
export async function measureServerWindow(
  server: BenchServer,
  seconds: number,
  clock: () => number,
  edges: { begin(): void; end(elapsedSeconds: number): void },
) {
  const { pid } = server.proc;
  const start = await freshStats(server.statsFile, Date.now());
  const cpu0 = cpuSeconds(pid);
  const threads0 = threadCpuSeconds(pid);
  const machine0 = machineCpuTicks();
  const t0 = clock();
  edges.begin();
  await Bun.sleep(seconds * 1000);
  const elapsed = (clock() - t0) / 1000;
  const cpu1 = cpuSeconds(pid);
  const threads1 = threadCpuSeconds(pid);
  const machine1 = machineCpuTicks();
  edges.end(elapsed);
  // The server rewrites its stats once a second: the report `seconds` after the first one
  // closes a window of the same length (not the next rewrite, up to a second later).
  const end = await freshStats(server.statsFile, start.time + seconds * 1000 - 500);
  // Tick durations within the window: the difference of the two histograms.
  const diff = histogramDifference(end.ticks.histogram, start.ticks.histogram);
  const maxBucket = diff.findLastIndex((n) => n > 0);
  // Older servers (HAUNTED_SERVER) may not report when ticks start.
  const late = histogramDifference(end.lateness?.histogram ?? [], start.lateness?.histogram ?? []);
  const sends = histogramDifference(end.sends?.histogram ?? [], start.sends?.histogram ?? []);
  const lateMs = (p: number) => round(histogramPercentile(late, p) - LATENESS_SHIFT_MS, 3);
  return {
    elapsed,
    cpuPercent: cpu0 === null || cpu1 === null ? null : round((100 * (cpu1 - cpu0)) / elapsed),
    threadsCpuPercent: threadCpuPercent(threads0, threads1, elapsed),
    // On a virtual machine: CPU time its host gave to others. It lengthens ticks on the wall
    // clock (the tick times) without the server doing more work: read those figures beside it.
    stealPercent: stealPercent(machine0, machine1),
    tickMs: {
      p50: round(histogramPercentile(diff, 50), 3),
      p99: round(histogramPercentile(diff, 99), 3),
      max: round((maxBucket + 1) * TICK_BUCKET_MS, 3),
      ticks: end.ticks.count - start.ticks.count,
    },
    /** The part of the ticks spent sending their batches (older servers: null), ms. */
    sendMs: end.sends
      ? {
          p50: round(histogramPercentile(sends, 50), 3),
          p99: round(histogramPercentile(sends, 99), 3),
        }
      : null,
    /** When ticks started against their times (negative: early), ms; each is ± one bucket. */
    tickStartMs: { p1: lateMs(1), p50: lateMs(50), p99: lateMs(99) },
    largestOut: end.largestOut,
    /** The server's datagrams and bytes a second, in and out, over the window. */
    traffic: {
      datagramsIn: round((end.traffic.datagramsIn - start.traffic.datagramsIn) / seconds, 1),
      bytesIn: round((end.traffic.bytesIn - start.traffic.bytesIn) / seconds, 1),
      datagramsOut: round((end.traffic.datagramsOut - start.traffic.datagramsOut) / seconds, 1),
      bytesOut: round((end.traffic.bytesOut - start.traffic.bytesOut) / seconds, 1),
    },
    drops: Object.fromEntries(
      Object.entries(end.drops).map(([k, v]) => [k, v - (start.drops[k] ?? 0)]),
    ),
  };
}

/** The counts of a histogram reported as [bucket, count] pairs minus those of an earlier one. */
function histogramDifference(
  end: readonly [number, number][],
  start: readonly [number, number][],
): number[] {
  const diff = new Array<number>(2001).fill(0);
  for (const [i, n] of end) diff[i] = (diff[i] ?? 0) + n;
  for (const [i, n] of start) diff[i] = (diff[i] ?? 0) - n;
  return diff;
}

/** The mean of a list (0 when empty). */
export const mean = (xs: readonly number[]) =>
  xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;

export type ServerBenchReport = Awaited<ReturnType<typeof runServerBench>>;

export async function runServerBench(o: ServerBenchOptions) {
  const { clock } = o;
  const say = o.progress ?? (() => {});
  const args = ['--tick', String(o.tick), '--max-players', String(Math.max(o.bots, 1))];
  args.push('--countdown', '1', '--seek-time', String(o.warmup + o.seconds + 60));
  // No seekers' head start: the window (from the game's start when --warmup is 0) measures
  // every bot on the move, as before the head start existed.
  args.push('--head-start', '0');
  args.push('--map', o.map, '--name', 'bench', '--seed', String(o.seed));
  const server = await spawnBenchServer(o.command, args);
  const { port } = server;
  let runner: BotRunner | null = null;
  try {
    // What the bots measure.
    let measuring = false;
    const latencies: number[] = [];
    let largestIn = 0;
    const madeAt =
      o.bots > 0 ? Array.from({ length: o.bots }, () => new Map<number, number>()) : [];
    const snapshots = new Array<number>(o.bots).fill(0);
    const lastSeq = new Array<number>(o.bots).fill(0);
    runner = await startBots({
      server: { address: '127.0.0.1', port },
      count: o.bots,
      seed: o.seed,
      clock,
      conditions: o.conditions,
      periodMs: 1,
      onEvent: (i, e) => {
        if (e.type !== 'snapshot') return;
        if (measuring) snapshots[i]!++;
        const ack = e.snapshot.ackSeq;
        const made = madeAt[i]!;
        if (ack === null || made.size === 0) return;
        for (const [seq, at] of made) {
          if (seq > ack) continue;
          if (measuring) latencies.push(e.snapshot.arrivedAt - at);
          made.delete(seq);
        }
      },
      onDatagram: (_i, bytes) => {
        if (measuring && bytes > largestIn) largestIn = bytes;
      },
      afterUpdate: (i, bot, now) => {
        const newest = bot.conn.pendingInputs.at(-1);
        if (newest !== undefined && newest.seq > lastSeq[i]!) {
          lastSeq[i] = newest.seq;
          madeAt[i]!.set(newest.seq, now);
        }
      },
    });
    const bots = runner.bots;
    say(`server on 127.0.0.1:${port}; ${o.bots} bots joining, then a game starts`);

    const inGame = () => bots.every((b) => b.conn.latestSnapshot?.phase.kind === 'GAME');
    if (!(await waitFor(inGame, 20_000, clock))) {
      const states = bots.map(
        (b) => `${b.name}: ${b.conn.state} ${b.conn.latestSnapshot?.phase.kind ?? ''}`,
      );
      throw new Error(`the game did not start in 20 s (${states.join(', ')})`);
    }
    if (o.warmup > 0) {
      say(`game on; warming up for ${o.warmup} s`);
      await Bun.sleep(o.warmup * 1000);
    }

    say(`measuring for ${o.seconds} s`);
    let bytes0: { in: number; out: number }[] = [];
    let botStats: ReturnType<BotRunner['stats']> = [];
    let down: number[] = [];
    let up: number[] = [];
    const window = await measureServerWindow(server, o.seconds, clock, {
      begin: () => {
        bytes0 = bots.map((b) => ({ in: b.conn.stats.bytesIn, out: b.conn.stats.bytesOut }));
        runner?.resetStats();
        measuring = true;
      },
      end: (elapsed) => {
        measuring = false;
        botStats = runner?.stats() ?? [];
        down = bots.map((b, i) => (b.conn.stats.bytesIn - bytes0[i]!.in) / elapsed);
        up = bots.map((b, i) => (b.conn.stats.bytesOut - bytes0[i]!.out) / elapsed);
      },
    });
    const { elapsed } = window;
    const snapRates = snapshots.map((n) => n / elapsed);
    const stillPlaying = bots.filter((b) => b.conn.latestSnapshot?.phase.kind === 'GAME').length;
    latencies.sort((a, b) => a - b);
    const minutes = elapsed / 60;
    const perMinute = (pick: (s: (typeof botStats)[number]) => number) =>
      botStats.map((s) => pick(s) / minutes);
    const visible = perMinute((s) => s.visibleCorrections);
    const visibleAlone = perMinute((s) => s.visibleCorrections - s.visibleCrowded);
    const tickMs = 1000 / o.tick;
    return {
      suite: 'server',
      server: [...o.command].join(' '),
      map: o.map,
      bots: o.bots,
      tickRate: o.tick,
      seconds: round(elapsed, 1),
      warmupSeconds: o.warmup,
      network: o.conditions,
      botsStillInGame: stillPlaying,
      serverCpuPercent: window.cpuPercent,
      serverThreadsCpuPercent: window.threadsCpuPercent,
      machineStealPercent: window.stealPercent,
      serverTrafficPerSecond: window.traffic,
      tickMs: window.tickMs,
      tickStartMs: window.tickStartMs,
      snapshotsPerBotPerSecond: {
        mean: round(mean(snapRates)),
        min: round(snapRates.length > 0 ? Math.min(...snapRates) : 0),
      },
      bytesPerBotPerSecond: {
        down: { mean: Math.round(mean(down)), max: Math.round(Math.max(0, ...down)) },
        up: { mean: Math.round(mean(up)), max: Math.round(Math.max(0, ...up)) },
      },
      largestDatagramBytes: { server: window.largestOut, bots: largestIn },
      inputToAckMs: {
        p50: round(percentile(latencies, 50)),
        p99: round(percentile(latencies, 99)),
        inputs: latencies.length,
      },
      prediction: {
        visibleCorrectionsPerMinutePerBot: {
          mean: round(mean(visible)),
          max: round(Math.max(0, ...visible)),
        },
        visibleWithNobodyNearPerMinutePerBot: {
          mean: round(mean(visibleAlone)),
          max: round(Math.max(0, ...visibleAlone)),
        },
        visibleOfOwnCatchPerMinutePerBot: round(mean(perMinute((s) => s.visibleCaught))),
        visibleNearOthersNotCatchPerMinutePerBot: round(
          mean(perMinute((s) => Math.max(0, s.visibleCrowded - s.visibleCaught))),
        ),
        snapsPerMinutePerBot: round(mean(perMinute((s) => s.snaps))),
      },
      interpolation: {
        largestJumpCells: round(Math.max(0, ...botStats.map((s) => s.largestJumpCells))),
        underrunsPerMinutePerBot: round(mean(perMinute((s) => s.underruns))),
      },
      serverDrops: window.drops,
      targets: {
        serverCpuPercent: '≤ 2 (10 bots, 30 Hz)',
        tickP99Ms: '≤ 1',
        snapshotsPerBotPerSecond: `${o.tick}`,
        bytesDownPerBotPerSecond: '≤ 4096',
        largestDatagramBytes: '≤ 1200',
        inputToAckP50Ms: `≤ ${round(tickMs / 2 + 1)} on a LAN (half a tick + 1 ms)`,
        visibleCorrectionsPerMinutePerBot: '≤ 1 (150 ms round trip, 5 % loss, 20 ms jitter)',
        largestJumpCells: '≤ 1',
      },
    };
  } finally {
    await runner?.stop(300);
    await server.close();
  }
}
