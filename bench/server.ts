/**
 * `bun run bench server [--clients 10] [--seconds 20] [--warmup 60] [--tick 30] [--map classic]`: the server
 * in its own process over real UDP on 127.0.0.1, with headless scripted clients (the client's
 * protocol engine) playing a real game: half seekers, half hiders, walking with keys that change
 * every 0.1–0.4 s (a player pressing keys a few times a second; many inputs also make the
 * median input latency a steady figure: over a uniform wait of a tick its standard error is
 * about a tick / (2 √inputs), 1.1 ms with the 230 inputs of 0.3–1.2 s). Measured over `seconds`
 * once the game has run for `warmup` seconds (60):
 * - server CPU (utime + stime from /proc of the server process, over wall time), and per thread;
 * - tick durations (the server's own histogram, read from its --stats-file at both ends);
 * - per client: snapshots a second, bytes a second down and up, largest datagram;
 * - input → acknowledging snapshot: from a client making an input to the first SNAP whose
 *   ackSeq covers it, on the client's clock.
 * Uses dist/haunted when it exists (the product), else `bun src/cli/main.ts`; the environment
 * variable HAUNTED_SERVER replaces that command (to profile the server, say).
 */
import {
  mean,
  measureServerWindow,
  percentile,
  round,
  spawnBenchServer,
  waitFor,
} from '../src/bench/server-bench.ts';
import { ClientConnection } from '../src/client/connection.ts';
import { KEY } from '../src/game/movement.ts';
import { rngInt, seedRng } from '../src/game/rng.ts';
import { createUdpTransport, type UdpTransport } from '../src/net/udp.ts';

export interface ServerBenchOptions {
  clients: number;
  seconds: number;
  /** Seconds of play before measuring: the server's JIT compiles for its first ~10–20 s. */
  warmup: number;
  tick: number;
  map: string;
}

const clock = () => performance.now();
const KEYSETS = [KEY.up, KEY.down, KEY.left, KEY.right, KEY.up | KEY.right, KEY.down | KEY.left, 0];

export async function benchServer(options: ServerBenchOptions) {
  const { clients: count, seconds, tick, map } = options;
  // HAUNTED_SERVER overrides the command, e.g. to profile the server:
  // HAUNTED_SERVER="bun --cpu-prof --cpu-prof-md --cpu-prof-dir=/tmp/prof src/cli/main.ts"
  const override = process.env.HAUNTED_SERVER?.split(' ').filter(Boolean);
  const binary =
    override ??
    ((await Bun.file('dist/haunted').exists()) ? ['dist/haunted'] : ['bun', 'src/cli/main.ts']);
  const args = ['--tick', String(tick), '--max-players', String(count), '--countdown', '1'];
  args.push('--seek-time', String(seconds + 120), '--map', map, '--name', 'bench', '--seed', '1');
  const server = await spawnBenchServer(binary, args);
  const address = { address: '127.0.0.1', port: server.port };

  // The clients, and what they measure.
  let measuring = false;
  const latencies: number[] = [];
  let largestIn = 0;
  const transports: UdpTransport[] = [];
  const players = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const transport = await createUdpTransport({ host: '127.0.0.1', port: 0, clock });
      transports.push(transport);
      const sentAt = new Map<number, number>();
      const player = {
        i,
        rng: seedRng(1000 + i),
        nextChange: 0,
        pressed: new Set<string>(),
        snapshots: 0,
        sentAt,
        conn: null as unknown as ClientConnection,
      };
      player.conn = new ClientConnection({
        transport,
        server: address,
        name: `bench${i}`,
        now: clock(),
        listen: false,
        onEvent: (e) => {
          if (e.type !== 'snapshot') return;
          if (measuring) player.snapshots++;
          const ack = e.snapshot.ackSeq;
          if (ack === null) return;
          for (const [seq, at] of sentAt) {
            if (seq > ack) continue;
            if (measuring) latencies.push(e.snapshot.arrivedAt - at);
            sentAt.delete(seq);
          }
        },
      });
      transport.onDatagram((data, from, now) => {
        if (measuring && data.length > largestIn) largestIn = data.length;
        player.conn.receive(data, from, now);
      });
      return player;
    }),
  );

  // Drive everybody every millisecond: teams, ready, then walking.
  const drive = setInterval(() => {
    const now = clock();
    for (const p of players) {
      const c = p.conn;
      c.update(now);
      if (c.state !== 'playing' || !c.welcome) continue;
      const me = c.roster.get(c.welcome.playerId);
      if (!me) continue;
      const team = p.i % 2 === 0 ? 'R' : 'B';
      if (me.team !== team && !p.pressed.has('team')) {
        if (c.pressAction(team === 'R' ? 'RED' : 'BLUE', now)) p.pressed.add('team');
      } else if (me.team === team && !me.ready && !p.pressed.has('ready')) {
        if (c.pressAction('READY', now)) p.pressed.add('ready');
      } else if (now >= p.nextChange) {
        p.nextChange = now + 100 + rngInt(p.rng, 300);
        const before = c.pendingInputs.at(-1)?.seq ?? 0;
        c.setInput(KEYSETS[rngInt(p.rng, KEYSETS.length)]!, now);
        const made = c.pendingInputs.at(-1);
        if (made && made.seq > before) p.sentAt.set(made.seq, now);
      }
    }
  }, 1);

  const inGame = () => players.every((p) => p.conn.latestSnapshot?.phase.kind === 'GAME');
  if (!(await waitFor(inGame, 15_000, clock))) {
    clearInterval(drive);
    await server.close();
    throw new Error(`the game did not start: ${players.map((p) => p.conn.state).join(' ')}`);
  }
  // Play before measuring: JSC's optimising compiler works through the server's code for about a
  // minute (measured: its thread at 1 % of a core over 10–30 s, 0.35 % over 60–80 s), which is
  // start-up, not the steady state of a server left up for days. The figures split CPU by
  // thread, and `--warmup 10` shows the start-up.
  await Bun.sleep(options.warmup * 1000);

  let bytes0: { in: number; out: number }[] = [];
  let down: number[] = [];
  let up: number[] = [];
  const window = await measureServerWindow(server, seconds, clock, {
    begin: () => {
      bytes0 = players.map((p) => ({ in: p.conn.stats.bytesIn, out: p.conn.stats.bytesOut }));
      measuring = true;
    },
    end: (elapsed) => {
      measuring = false;
      down = players.map((p, i) => (p.conn.stats.bytesIn - bytes0[i]!.in) / elapsed);
      up = players.map((p, i) => (p.conn.stats.bytesOut - bytes0[i]!.out) / elapsed);
    },
  });
  const { elapsed } = window;
  const snapRates = players.map((p) => p.snapshots / elapsed);

  clearInterval(drive);
  for (const p of players) p.conn.disconnect(clock());
  await server.close();
  for (const t of transports) t.close();

  latencies.sort((a, b) => a - b);
  const tickMs = 1000 / tick;
  return {
    suite: 'server',
    server: binary.join(' '),
    map,
    clients: count,
    tickRate: tick,
    seconds: round(elapsed, 1),
    warmupSeconds: options.warmup,
    serverCpuPercent: window.cpuPercent,
    serverThreadsCpuPercent: window.threadsCpuPercent,
    machineStealPercent: window.stealPercent,
    tickMs: window.tickMs,
    tickStartMs: window.tickStartMs,
    snapshotsPerClientPerSecond: {
      mean: round(mean(snapRates)),
      min: round(Math.min(...snapRates)),
    },
    bytesPerClientPerSecond: {
      down: { mean: Math.round(mean(down)), max: Math.round(Math.max(...down)) },
      up: { mean: Math.round(mean(up)), max: Math.round(Math.max(...up)) },
    },
    largestDatagramBytes: { server: window.largestOut, clients: largestIn },
    // For `bun run bench floor`: the same traffic without a game shows what the runtime costs.
    serverTrafficPerSecond: window.traffic,
    inputToAckMs: {
      p50: round(percentile(latencies, 50)),
      p99: round(percentile(latencies, 99)),
      inputs: latencies.length,
      // Inputs that waited more than a tick (stamped a tick early, or lost): their share, and
      // the latency of the others, whose wait alone is uniform over a tick (median: half a tick).
      overOneTickPercent: round(
        (100 * latencies.filter((l) => l > tickMs).length) / Math.max(1, latencies.length),
      ),
      minMs: round(latencies[0] ?? 0),
      target: `p50 ≤ ${round(tickMs / 2 + 1)} (half a tick + 1 ms)`,
    },
    serverDrops: window.drops,
    targets: {
      serverCpuPercent: '≤ 2 (10 clients, 30 Hz)',
      tickP99Ms: '≤ 1',
      snapshotsPerClientPerSecond: `${tick}`,
      bytesDownPerClientPerSecond: '≤ 4096',
      largestDatagramBytes: '≤ 1200',
    },
  };
}

export function parseServerBenchArgs(argv: readonly string[]): ServerBenchOptions {
  const options: ServerBenchOptions = {
    clients: 10,
    seconds: 20,
    warmup: 60,
    tick: 30,
    map: 'classic',
  };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--clients') options.clients = Number(value);
    else if (flag === '--seconds') options.seconds = Number(value);
    else if (flag === '--tick') options.tick = Number(value);
    else if (flag === '--warmup') options.warmup = Number(value);
    else if (flag === '--map') options.map = value;
    else throw new Error(`unknown option ${flag} (--clients, --seconds, --warmup, --tick, --map)`);
  }
  return options;
}
