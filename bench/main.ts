/**
 * `bun run bench <suite>`: benchmarks anyone can rerun. Each suite prints its figures as JSON
 * (one object) on stdout, with what was measured and how.
 *   game     movement + collision, culling and fog on the classic map with 10 players
 *   startup  median start-up of `dist/haunted --help` (run `bun run build` first)
 *   client   the game screen (160×45, 10 players, fog) in a pty at 30 fps: CPU and bytes per frame
 *   server   the server over real UDP with headless clients: CPU, tick time, bytes, latency
 *            (options: --clients N --seconds S --warmup S --tick HZ --map NAME)
 *   corrections  what the bots of `haunted bench` see (visible corrections, jumps), in simulated
 *            time: the same games every run (options: --bots --seeds 11-20 --seconds --lag
 *            --jitter --loss --dup --map)
 *   floor    the server's traffic through a Bun process with no game: the runtime's share of
 *            the server's CPU (options: --clients --inputs --input-bytes --snap-bytes --seconds)
 */
export {};

const SUITES: Record<string, () => Promise<unknown>> = {
  game: async () => (await import('./game.ts')).benchGame(),
  startup: async () => (await import('./startup.ts')).benchStartup(),
  client: async () => {
    const { benchClient, parseClientBenchArgs } = await import('./client.ts');
    return benchClient(parseClientBenchArgs(process.argv.slice(3)));
  },
  corrections: async () => {
    const { benchCorrections, parseCorrectionsBenchArgs } = await import('./corrections.ts');
    return benchCorrections(parseCorrectionsBenchArgs(process.argv.slice(3)));
  },
  floor: async () => {
    const { benchFloor, parseFloorBenchArgs } = await import('./floor.ts');
    return benchFloor(parseFloorBenchArgs(process.argv.slice(3)));
  },
  server: async () => {
    const { benchServer, parseServerBenchArgs } = await import('./server.ts');
    return benchServer(parseServerBenchArgs(process.argv.slice(3)));
  },
};

const name = process.argv[2];
const suite = name ? SUITES[name] : undefined;
if (!suite) {
  console.error(`usage: bun run bench <${Object.keys(SUITES).join('|')}>`);
  process.exit(2);
}
console.log(JSON.stringify(await suite(), null, 2));
