/**
 * `bun run bench tick [--rooms 50] [--players 10] [--seconds 20] [--warmup 10] [--tick 30]
 * [--map classic]`: the rooms' part of the server's tick (everything before the batch goes to
 * the kernel: inputs, the game step, sight, culling, snapshots, events), at bench capacity's
 * load, in one process and without sockets. The server (GameServer, with its rooms as
 * `--rooms b2,…,bR` makes them) and R × P light clients (capacity-client.ts, as bench
 * capacity's) share a simulated network; simulated time follows the real clock, so the server
 * ticks every 1/30 s of real time and sleeps between ticks as `haunted serve` does, and each
 * tick's rooms' part is timed on the real clock.
 *
 * Why beside bench capacity: there the tick's time includes the kernel's delivery of 500
 * datagrams on loopback (about half of it) and the machine's noise from the load generator on
 * the other core; here the rooms' part is measured alone, so a change to the rooms' code reads
 * as a difference in a single run. The light clients run on the same thread between ticks (their
 * work disturbs the server's caches much as other processes do); the batch is handed to the
 * simulated network, whose cost is not counted.
 */
import { percentile, round } from '../src/bench/server-bench.ts';
import { parseMap } from '../src/game/map.ts';
import { BUILTIN_MAPS } from '../src/game/maps/index.ts';
import { DEFAULT_RULES } from '../src/game/state.ts';
import { SimNetwork } from '../src/net/sim.ts';
import type { Address } from '../src/net/transport.ts';
import { memoryLogger } from '../src/server/log.ts';
import { GameServer } from '../src/server/server.ts';
import { checkPlayers, type LoadOptions, loadOption } from './capacity.ts';
import { LightClient } from './capacity-client.ts';

export interface TickBenchOptions extends LoadOptions {
  map: string;
}

export function parseTickBenchArgs(argv: readonly string[]): TickBenchOptions {
  const o: TickBenchOptions = {
    rooms: 50,
    players: 10,
    seconds: 20,
    warmup: 10,
    tick: 30,
    map: 'classic',
  };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i]!, argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (loadOption(o, flag, value)) continue;
    if (flag === '--map') {
      if (!BUILTIN_MAPS[value]) {
        throw new Error(
          `--map: no built-in map ${value} (${Object.keys(BUILTIN_MAPS).join(', ')})`,
        );
      }
      o.map = value;
    } else {
      throw new Error(
        `unknown option ${flag} (--rooms, --players, --seconds, --warmup, --tick, --map)`,
      );
    }
  }
  checkPlayers(o.rooms, o.players);
  return o;
}

const SERVER: Address = { address: '127.0.0.1', port: 9998 };

/** The p-th percentile of sorted `xs`, ms to the µs. */
const pct = (xs: readonly number[], p: number) => round(percentile(xs, p), 3);

export async function benchTick(o: TickBenchOptions) {
  const parsed = parseMap(BUILTIN_MAPS[o.map]!);
  if (!parsed.ok) throw new Error(`map ${o.map}`);
  const net = new SimNetwork({ seed: 1 });
  // The endpoint reads the fine clock three times a tick: its start, the send's start, its end.
  const stamps: number[] = [];
  const measure = () => {
    const t = performance.now();
    stamps.push(t);
    return t;
  };
  let tokens = 0;
  const names = Array.from({ length: o.rooms - 1 }, (_, i) => `b${i + 2}`);
  const server = new GameServer({
    transport: net.bind(SERVER),
    map: parsed.map,
    rules: {
      ...DEFAULT_RULES,
      tickRate: o.tick,
      countdown: 1,
      headStart: 0,
      seekTime: o.warmup + o.seconds + 120,
    },
    rooms: names.map((name) => ({ name })),
    maxRooms: o.rooms,
    maxPlayers: o.players,
    timeoutMs: 5000,
    name: 'bench',
    secret: new Uint8Array(32).fill(7),
    randomToken: () => (++tokens).toString(16).padStart(16, '0'),
    seed: 1,
    logger: memoryLogger(),
    now: 0,
    measure,
  });
  const clients: LightClient[] = [];
  for (let r = 0; r < o.rooms; r++) {
    for (let k = 0; k < o.players; k++) {
      const g = r * o.players + k;
      // Each its own address, as in bench capacity: the handshake's limits are per address.
      const transport = net.bind({
        address: `127.1.${Math.floor(g / 200)}.${(g % 200) + 10}`,
        port: 40000,
      });
      const client = new LightClient({
        name: `c${g}`,
        room: r === 0 ? null : names[r - 1]!,
        team: k % 5 === 0 ? 'R' : 'B',
        seed: 1000 + g,
        send: (bytes) => transport.send(bytes, SERVER),
        now: 0,
      });
      transport.onDatagram((data, _from, now) => client.receive(data, now));
      clients.push(client);
    }
  }
  const step = () => {
    const now = net.now + 1;
    net.advanceTo(now);
    for (const c of clients) c.update(now);
    server.update(now);
  };
  // Joining, as fast as the machine goes (simulated time): handshakes, maps, the countdown.
  const joinLimit = net.now + 60_000;
  while (net.now < joinLimit && !clients.every((c) => c.playing && c.phase === 'G')) step();
  const playing = clients.filter((c) => c.playing).length;
  if (playing < clients.length) {
    throw new Error(`${playing} of ${clients.length} clients reached the game`);
  }

  // Then in real time: each period's simulated milliseconds, then sleep until the next period.
  const periodMs = 1000 / o.tick;
  const rooms: number[] = [];
  const ticks: number[] = [];
  const totalTicks = Math.round((o.warmup + o.seconds) * o.tick);
  const measuredFrom = Math.round(o.warmup * o.tick);
  const start = performance.now();
  for (let t = 0; t < totalTicks; t++) {
    const until = net.now + periodMs;
    stamps.length = 0;
    while (net.now < until) step();
    if (t >= measuredFrom) {
      for (let i = 0; i + 2 < stamps.length; i += 3) {
        rooms.push(stamps[i + 1]! - stamps[i]!);
        ticks.push(stamps[i + 2]! - stamps[i]!);
      }
    }
    const wait = start + (t + 1) * periodMs - performance.now();
    if (wait > 0) await Bun.sleep(wait);
  }
  rooms.sort((a, b) => a - b);
  ticks.sort((a, b) => a - b);
  const snapshots = clients.reduce((n, c) => n + c.counters.snapshots, 0);
  return {
    suite: 'tick',
    map: o.map,
    rooms: o.rooms,
    players: o.rooms * o.players,
    tickRate: o.tick,
    warmupSeconds: o.warmup,
    seconds: o.seconds,
    ticks: rooms.length,
    roomsPartMs: {
      p50: pct(rooms, 50),
      p90: pct(rooms, 90),
      p99: pct(rooms, 99),
      max: pct(rooms, 100),
    },
    roomsPartPerPlayerUs: round((pct(rooms, 50) * 1000) / (o.rooms * o.players)),
    // The whole tick, its batch handed to the simulated network (not the kernel: see above).
    tickWithSimulatedSendMs: { p50: pct(ticks, 50), p99: pct(ticks, 99) },
    snapshotsDelivered: snapshots,
  };
}
