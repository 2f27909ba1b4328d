/** Start-up time of the compiled binary: median wall time of `dist/haunted --help` over 21 runs. */
export async function benchStartup(binary = 'dist/haunted', runs = 21) {
  if (!(await Bun.file(binary).exists()))
    throw new Error(`${binary} not found: run "bun run build" first`);
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const started = Bun.nanoseconds();
    const proc = Bun.spawnSync([binary, '--help'], { stdout: 'ignore', stderr: 'ignore' });
    if (proc.exitCode !== 0) throw new Error(`${binary} --help exited ${proc.exitCode}`);
    if (i >= 2) times.push((Bun.nanoseconds() - started) / 1e6); // two warm-up runs
  }
  times.sort((a, b) => a - b);
  return {
    suite: 'startup',
    command: `${binary} --help`,
    runs,
    medianMs: round(times[Math.floor(runs / 2)]!),
    minMs: round(times[0]!),
    maxMs: round(times[runs - 1]!),
    target: 'median ≤ 50 ms',
  };
}

const round = (v: number) => Math.round(v * 100) / 100;
