/**
 * `bun run bench agones [--seconds 60] [--warmup 15]`: what the Agones SDK costs an idle server.
 * Two idle `haunted serve` processes side by side (the same machine, the same moments): one with
 * `--agones` against a fake sidecar (test/support/fake-agones.ts, built from the SDK package's
 * own service definitions: Health every 2 s, the watch stream, counters), one without. CPU is
 * utime + stime from /proc over `seconds` after `warmup`; the SDK's cost is the difference.
 * Uses dist/haunted (run bun run build first). Traffic: loopback only.
 */
import { readFileSync } from 'node:fs';
import { FakeSidecar } from '../test/support/fake-agones.ts';

export interface AgonesBenchOptions {
  seconds: number;
  warmup: number;
}

const binary = 'dist/haunted';

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, clock ticks of 10 ms
}

export async function benchAgones(options: AgonesBenchOptions) {
  if (!(await Bun.file(binary).exists()))
    throw new Error(`${binary} not found: run "bun run build" first`);
  const sidecar = await FakeSidecar.start();
  const serve = (env: Record<string, string>, extra: string[]) =>
    Bun.spawn([binary, 'serve', '--host', '127.0.0.1', '--port', '0', ...extra], {
      env: { ...process.env, ...env },
      stdin: 'ignore',
      stdout: 'ignore',
      stderr: 'ignore',
    });
  const agones = serve({ AGONES_SDK_GRPC_PORT: String(sidecar.port) }, ['--agones']);
  const plain = serve({}, []);
  try {
    await Bun.sleep(options.warmup * 1000);
    const a0 = cpuSeconds(agones.pid);
    const p0 = cpuSeconds(plain.pid);
    const health0 = sidecar.count('Health');
    const started = performance.now();
    await Bun.sleep(options.seconds * 1000);
    const wall = (performance.now() - started) / 1000;
    const agonesPct = ((cpuSeconds(agones.pid) - a0) / wall) * 100;
    const plainPct = ((cpuSeconds(plain.pid) - p0) / wall) * 100;
    return {
      suite: 'agones',
      seconds: Math.round(wall * 10) / 10,
      withAgonesPercentOfCore: round(agonesPct),
      withoutPercentOfCore: round(plainPct),
      sdkPercentOfCore: round(agonesPct - plainPct),
      resolution: `±${round(2 / wall)} % (clock ticks of 10 ms, two readings per process)`,
      healthCallsPerSecond: round((sidecar.count('Health') - health0) / wall),
      ready: sidecar.count('Ready'),
      target: 'SDK ≤ 0.2 % of a core at idle',
    };
  } finally {
    agones.kill();
    plain.kill();
    sidecar.kill();
  }
}

const round = (v: number) => Math.round(v * 100) / 100;

export function parseAgonesBenchArgs(argv: readonly string[]): AgonesBenchOptions {
  const o: AgonesBenchOptions = { seconds: 60, warmup: 15 };
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i];
    const value = Number(argv[i + 1]);
    if ((flag !== '--seconds' && flag !== '--warmup') || !Number.isFinite(value) || value < 1) {
      throw new Error(
        `bench agones: bad option ${flag} ${argv[i + 1] ?? ''} (--seconds S --warmup S)`,
      );
    }
    o[flag === '--seconds' ? 'seconds' : 'warmup'] = value;
  }
  return o;
}
