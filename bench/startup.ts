/**
 * Start-up time of the compiled binary: median wall time of `dist/haunted --help` over 21 runs.
 * `--release`: of each Linux executable of dist/release (`bun run release` first) that runs on
 * this machine: linux-x64 natively, linux-x64-musl on Debian's musl (test/release/foreign.ts, as
 * the release checks run it); linux-arm64 only under qemu, so not timed.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { muslRunner } from '../test/release/foreign.ts';

export async function benchStartup(binary = 'dist/haunted', runs = 21) {
  if (!(await Bun.file(binary).exists()))
    throw new Error(`${binary} not found: run "bun run build" first`);
  const times = await timeRuns(runs, async () => {
    const proc = Bun.spawnSync([binary, '--help'], { stdout: 'ignore', stderr: 'ignore' });
    if (proc.exitCode !== 0) throw new Error(`${binary} --help exited ${proc.exitCode}`);
  });
  return { suite: 'startup', command: `${binary} --help`, runs, ...summary(times), target: TARGET };
}

/** `bun run bench startup --release`: every Linux release executable that runs here. */
export async function benchReleaseStartup(dir = 'dist/release', runs = 21) {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /^haunted-.*-linux-/.test(f));
  } catch {
    throw new Error(`${dir} not found: run "bun run release" first`);
  }
  const results: Record<string, unknown> = {};
  for (const f of files.sort()) {
    const file = join(dir, f);
    if (f.endsWith('-linux-x64')) {
      results[f] = summary(
        await timeRuns(runs, async () => {
          const proc = Bun.spawnSync([file, '--help'], { stdout: 'ignore', stderr: 'ignore' });
          if (proc.exitCode !== 0) throw new Error(`${file} --help exited ${proc.exitCode}`);
        }),
      );
    } else if (f.endsWith('-linux-x64-musl')) {
      const musl = await muslRunner(file);
      if (!('runner' in musl)) {
        results[f] = { skipped: musl.reason };
        continue;
      }
      const times = await timeRuns(runs, async () => {
        const ran = await musl.runner.run(['--help']);
        if (ran.code !== 0) throw new Error(`${file} --help exited ${ran.code}: ${ran.stderr}`);
      });
      results[f] = { ...summary(times), how: musl.runner.how };
    } else {
      results[f] = {
        skipped: 'not this machine’s architecture (the release checks run it under qemu)',
      };
    }
  }
  return { suite: 'startup', command: '<file> --help', runs, results, target: TARGET };
}

const TARGET = 'median ≤ 50 ms';

async function timeRuns(runs: number, once: () => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const started = Bun.nanoseconds();
    await once();
    if (i >= 2) times.push((Bun.nanoseconds() - started) / 1e6); // two warm-up runs
  }
  return times.sort((a, b) => a - b);
}

function summary(times: readonly number[]) {
  return {
    medianMs: round(times[Math.floor(times.length / 2)]!),
    minMs: round(times[0]!),
    maxMs: round(times[times.length - 1]!),
  };
}

const round = (v: number) => Math.round(v * 100) / 100;
