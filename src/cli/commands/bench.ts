/**
 * `haunted bench`: starts `haunted serve` (this same executable) on 127.0.0.1 and N bots in this
 * process, lets them play, then measures the server (CPU, tick time, bandwidth, datagram sizes,
 * input latency) and what the bots' players would see (prediction corrections, jumps of the
 * others). Figures for people, or `--json` for machines. See src/bench/server-bench.ts.
 */
import { runServerBench, type ServerBenchReport } from '../../bench/server-bench.ts';
import { describeConditions } from '../../net/conditioned.ts';
import { type CliIO, EXIT } from '../cli-io.ts';
import { seedAndConditions } from './net-flags.ts';

export interface BenchOptions {
  bots: number;
  seconds: number;
  warmup: number;
  tick: number;
  map: string;
  seed?: number;
  lag?: string;
  jitter?: string;
  loss?: string;
  dup?: string;
  json: boolean;
}

/** The command that runs this executable: the compiled binary, or bun with the entry script. */
export function selfCommand(): string[] {
  return /\.[cm]?[jt]sx?$/.test(Bun.main) ? [process.execPath, Bun.main] : [process.execPath];
}

const mark = (ok: boolean) => (ok ? '✓' : '✗');

/** The report as lines for people, each figure with its target when there is one. */
export function benchText(r: ServerBenchReport): string {
  const tickHalf = 1000 / r.tickRate / 2 + 1;
  const cpu = r.serverCpuPercent;
  // JavaScriptCore compiles the server's hot code for its first minutes: at 30 ticks a second
  // its per-tick functions reach the last tier late (the snapshot writer's compile alone takes
  // about 70 ms, at about 70 s), and a new kind of event can start more. Shown apart.
  const jitThread = r.serverThreadsCpuPercent?.JITWorker;
  const jit = typeof jitThread === 'number' ? jitThread : 0;
  const lines = [
    `${r.bots} bots, ${r.tickRate} Hz, map ${r.map}, ${r.seconds} s measured after ${r.warmupSeconds} s of play` +
      (r.network ? ` (${describeConditions(r.network)})` : ''),
    '',
    'server',
    `  CPU              ${cpu === null ? 'not measured (no /proc here)' : `${cpu} % of a core`}${
      cpu === null ? '' : `   ${mark(cpu <= 2)} ≤ 2 % with 10 bots`
    }`,
    ...(jit >= 0.1
      ? [
          `                   ${jit} % of it the JIT compiler, still compiling the server's code (a longer --warmup, 150, waits most of it out)`,
        ]
      : []),
    `  tick             p50 ${r.tickMs.p50} ms, p99 ${r.tickMs.p99} ms, max ${r.tickMs.max} ms   ${mark(r.tickMs.p99 <= 1)} p99 ≤ 1 ms`,
    `  tick start       p50 ${r.tickStartMs.p50} ms after its time (p1 ${r.tickStartMs.p1}, p99 ${r.tickStartMs.p99})`,
    ...(r.machineStealPercent === null
      ? []
      : [
          `  machine steal    ${r.machineStealPercent} % of this machine's CPU time went to other guests of its host (lengthens ticks on the wall clock)`,
        ]),
    `  snapshots        ${r.snapshotsPerBotPerSecond.mean}/s a bot (min ${r.snapshotsPerBotPerSecond.min})`,
    `  bytes a bot      ${r.bytesPerBotPerSecond.down.mean} B/s down (max ${r.bytesPerBotPerSecond.down.max}), ${r.bytesPerBotPerSecond.up.mean} B/s up   ${mark(r.bytesPerBotPerSecond.down.max <= 4096)} ≤ 4 KB/s down`,
    `  largest datagram ${r.largestDatagramBytes.server} B from the server, ${r.largestDatagramBytes.bots} B received   ${mark(Math.max(r.largestDatagramBytes.server, r.largestDatagramBytes.bots) <= 1200)} ≤ 1200 B`,
    // Each bot thinks at one moment of every tick, so its inputs all wait about the same: the
    // median over a few bots is not the uniform wait the target is about (bun run bench server).
    `  input → ack      p50 ${r.inputToAckMs.p50} ms, p99 ${r.inputToAckMs.p99} ms (${r.inputToAckMs.inputs} inputs; a LAN target of p50 ≤ ${tickHalf.toFixed(2)} ms holds for inputs at any moment, bots input at ${r.bots} fixed ones)`,
    '',
    'what the players see',
    `  visible corrections  ${r.prediction.visibleCorrectionsPerMinutePerBot.mean}/min a bot (the worst bot ${r.prediction.visibleCorrectionsPerMinutePerBot.max}); with nobody near: ${r.prediction.visibleWithNobodyNearPerMinutePerBot.mean}/min   ${mark(r.prediction.visibleCorrectionsPerMinutePerBot.mean <= 1)} ≤ 1/min a bot`,
    `  largest jump         ${r.interpolation.largestJumpCells} cells of another player between two frames   ${mark(r.interpolation.largestJumpCells <= 1)} ≤ 1 cell`,
    `  underruns            ${r.interpolation.underrunsPerMinutePerBot}/min a bot (interpolation ran out of snapshots)`,
  ];
  const drops = Object.entries(r.serverDrops).filter(([, n]) => n > 0);
  if (drops.length > 0)
    lines.push('', `server drops: ${drops.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  if (r.botsStillInGame < r.bots)
    lines.push('', `note: ${r.bots - r.botsStillInGame} bots' game had ended by the end`);
  return `${lines.join('\n')}\n`;
}

export async function runBench(io: CliIO, opts: BenchOptions): Promise<number> {
  const flags = seedAndConditions(opts);
  if ('error' in flags) {
    io.stderr(`haunted bench: ${flags.error}\n`);
    return EXIT.usage;
  }
  const { seed, conditions } = flags;
  const progress = (line: string) => io.stderr(`haunted bench: ${line}\n`);
  try {
    const report = await runServerBench({
      command: selfCommand(),
      bots: opts.bots,
      seconds: opts.seconds,
      warmup: opts.warmup,
      tick: opts.tick,
      map: opts.map,
      seed,
      conditions,
      clock: () => performance.now(),
      progress,
    });
    io.stdout(opts.json ? `${JSON.stringify(report, null, 2)}\n` : benchText(report));
    return EXIT.ok;
  } catch (err) {
    io.stderr(`haunted bench: ${(err as Error).message}\n`);
    return EXIT.failure;
  }
}
