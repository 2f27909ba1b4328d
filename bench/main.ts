/**
 * `bun run bench <suite> [options]`: benchmarks anyone can rerun. Each suite prints its figures
 * as JSON (one object) on stdout, with what was measured and how. The suites and their options
 * are listed once, in USAGE below (`bun run bench --help` prints it); each suite's file says
 * how it measures.
 */
export {};

const SUITES: Record<string, () => Promise<unknown>> = {
  game: async () => (await import('./game.ts')).benchGame(),
  startup: async () => {
    const { benchReleaseStartup, benchStartup } = await import('./startup.ts');
    return process.argv.includes('--release') ? benchReleaseStartup() : benchStartup();
  },
  client: async () => {
    const { benchClient, parseClientBenchArgs } = await import('./client.ts');
    return benchClient(parseClientBenchArgs(process.argv.slice(3)));
  },
  corrections: async () => {
    const { benchCorrections, parseCorrectionsBenchArgs } = await import('./corrections.ts');
    return benchCorrections(parseCorrectionsBenchArgs(process.argv.slice(3)));
  },
  balance: async () => {
    const { benchBalance, parseBalanceBenchArgs } = await import('./balance.ts');
    return benchBalance(parseBalanceBenchArgs(process.argv.slice(3)));
  },
  floor: async () => {
    const { benchFloor, parseFloorBenchArgs } = await import('./floor.ts');
    return benchFloor(parseFloorBenchArgs(process.argv.slice(3)));
  },
  flood: async () => {
    const { benchFlood, parseFloodBenchArgs } = await import('./flood.ts');
    return benchFlood(parseFloodBenchArgs(process.argv.slice(3)));
  },
  classic: async () => {
    const { benchClassic, parseClassicBenchArgs } = await import('./classic.ts');
    return benchClassic(parseClassicBenchArgs(process.argv.slice(3)));
  },
  'list-server': async () => {
    const { benchListServer, parseListBenchArgs } = await import('./list-server.ts');
    return benchListServer(parseListBenchArgs(process.argv.slice(3)));
  },
  agones: async () => {
    const { benchAgones, parseAgonesBenchArgs } = await import('./agones.ts');
    return benchAgones(parseAgonesBenchArgs(process.argv.slice(3)));
  },
  capacity: async () => {
    const { benchCapacity, parseCapacityBenchArgs } = await import('./capacity.ts');
    return benchCapacity(parseCapacityBenchArgs(process.argv.slice(3)));
  },
  tick: async () => {
    const { benchTick, parseTickBenchArgs } = await import('./tick.ts');
    return benchTick(parseTickBenchArgs(process.argv.slice(3)));
  },
  ssh: async () => {
    const { benchSsh, parseSshBenchArgs } = await import('./ssh.ts');
    return benchSsh(parseSshBenchArgs(process.argv.slice(3)));
  },
  server: async () => {
    const { benchServer, parseServerBenchArgs } = await import('./server.ts');
    return benchServer(parseServerBenchArgs(process.argv.slice(3)));
  },
};

/** The suites and their options: the one list of them (`bun run bench --help`). */
const USAGE = `usage: bun run bench <suite> [options]
  game         movement + collision, culling and fog on the classic map with 10 players
  startup      median start-up of dist/haunted --help (run bun run build first); --release:
               of each Linux executable of dist/release that runs here (bun run release first)
  client       the game screen in a pty at 30 fps: CPU and bytes per frame; a synthetic scene
               (painter, naive) and the real client over UDP in a game of bots (player)
               (--seconds 10 --warmup 10 --fps 30 --netstats half --modes painter,naive,player)
  server       the server over real UDP with headless clients
               (--clients N --seconds S --warmup S --tick HZ --map NAME)
  capacity     one server, R rooms of P light clients in other processes: CPU, ticks,
               snapshots, the load generator's own CPU, the runtime's floor
               (--rooms 50 --players 10 --seconds 20 --warmup 20 --tick 30
               --curve 1,10,25,50,100 --procs 2 --map classic --floor 1 --nice 0 --fifo 0;
               on a machine busy with other work, --nice -10 --fifo 10: the server's
               own tick times)
  tick         the rooms' part of the tick at capacity's load, in one process on the
               simulated network (no kernel, no load generator: changes to the rooms' code
               read in one run) (--rooms 50 --players 10 --seconds 20 --warmup 10 --tick 30
               --map classic)
  corrections  what the bots of haunted bench see, and their time stuck, in simulated time
               (--bots --seeds 11-20 --seconds --warmup --lag --jitter --loss --dup --map
               --line-up 0|1)
  balance      who wins seeded bot games with the default rules, how soon the first catch
               (--games 40 --first-seed 1 --bots 5 --map classic --head-start 5 --seek-time 65)
  flood        the server and bots under a spoofed-source HELLO/CONNECT flood, then without
               (--rate 20000 --sources 4000 --settle 5 --seconds 10 --warmup 10 --bots 10
               --tick 30)
  floor        the server's traffic through a Bun process with no game
               (--clients --inputs --input-bytes --snap-bytes --seconds --warmup --tick;
               --snap-bytes 0: receiving only, e.g. --clients 4000 --inputs 5 --input-bytes 64,
               the floor under bench flood)
  classic      the classic listener (--classic-port): reply sizes with 2, 5 and 10 original
               clients (simulated time), the server's CPU with --clients over UDP
               (--clients 10 --seconds 20 --warmup 12 --sim-seconds 60)
  agones       an idle haunted serve with --agones (a fake sidecar) beside one without: the
               SDK's CPU (--seconds 60 --warmup 15; run bun run build first)
  list-server  the list server with --servers listed (1000) under LIST queries at --rate a
               second (10000) for --seconds (10) from --clients sockets (4): answers/s, its CPU
  ssh          SSH players on haunted serve --ssh: the server's CPU, beside the same
               server's with as many light UDP players (the SSH share is the difference),
               bytes/s down per player, ssh to the lobby (--clients 20 --warmup 10 --seconds 10 --cols 120
               --rows 40 --seed 1 --bin FILE --capture FILE: the busiest player's bytes)
Each prints one JSON object on stdout.`;

const [name, ...rest] = process.argv.slice(2);
const suite = name ? SUITES[name] : undefined;
if (name === '--help' || name === '-h' || rest.includes('--help') || rest.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
if (!suite) {
  console.error(name ? `bench: no suite ${name}\n${USAGE}` : USAGE);
  process.exit(2);
}
try {
  console.log(JSON.stringify(await suite(), null, 2));
} catch (err) {
  // A bad option, a server that did not start: one line, not a stack.
  console.error(`bench ${name}: ${(err as Error).message}`);
  process.exit(1);
}
