/**
 * One load-generator process of `bun run bench capacity` (bench/capacity.ts spawns several, so
 * that their CPU is not the server's): many light clients (capacity-client.ts), each on its own
 * UDP socket from its own loopback address (127.1.x.y: sessions are keyed by address, and the
 * server's handshake limit is per source IP, so a real crowd comes from many). In `floor` mode
 * the same sockets only send `--input-bytes` datagrams at the players' rate and count what
 * comes back (the traffic of bench floor, for the runtime's floor).
 *
 * Its one argument is a JSON WorkerConfig. It talks to its parent over IPC: it reports its
 * clients' progress every 250 ms ({type: 'status'}); `begin` zeroes the counters, `end`
 * answers {type: 'window'} with what they counted since; `stop` disconnects and exits.
 */
import { rngInt, seedRng } from '../src/game/rng.ts';
import { encodeBytes } from '../src/protocol/index.ts';
import { LightClient, zeroCounters } from './capacity-client.ts';

export interface WorkerClient {
  readonly name: string;
  readonly room: string | null;
  readonly team: 'R' | 'B';
  /** A loopback address of its own (127.1.x.y). */
  readonly ip: string;
  readonly seed: number;
}

export interface WorkerConfig {
  readonly mode: 'game' | 'floor';
  readonly port: number;
  readonly clients: readonly WorkerClient[];
  /** Floor mode: datagrams a second per client, and their size. */
  readonly inputsPerSecond?: number;
  readonly inputBytes?: number;
  /** The server's tick period, ms: a drive loop gap longer than it delays reading SNAPs. */
  readonly tickMs: number;
}

export interface WorkerStatus {
  readonly type: 'status';
  readonly sockets: number;
  readonly playing: number;
  readonly inGame: number;
  readonly failed: readonly string[];
  /** Clients by step, and those playing by phase (L, C, G, E): where a join is stuck. */
  readonly steps: Readonly<Record<string, number>>;
}

export interface WorkerWindow {
  readonly type: 'window';
  readonly elapsed: number;
  /** Per client: SNAPs received in the window (floor mode: datagrams received). */
  readonly snapshots: readonly number[];
  readonly datagramsIn: number;
  readonly bytesIn: number;
  readonly datagramsOut: number;
  readonly bytesOut: number;
  readonly largestIn: number;
  readonly bad: number;
  readonly playing: number;
  readonly inGame: number;
  /** Gaps of the drive loop (every 2 ms when idle): the longest, and how many exceeded a tick. */
  readonly loop: {
    readonly maxGapMs: number;
    readonly gapsOverTick: number;
    readonly runs: number;
  };
}

type Socket = import('bun').udp.Socket<'uint8array'>;

const clock = () => performance.now();
const config = JSON.parse(process.argv[2] ?? '{}') as WorkerConfig;
const DRIVE_MS = 2;
/** Clients start this far apart, ms: a crowd arrives, it does not burst past the limits. */
const STAGGER_MS = 20;

const sockets: Socket[] = [];
const clients: LightClient[] = [];
const floorCounters = config.clients.map(() => zeroCounters());
let windowStart = clock();
let loop = { maxGapMs: 0, gapsOverTick: 0, runs: 0 };

async function open(ip: string, onData: (data: Uint8Array, now: number) => void) {
  const socket = await Bun.udpSocket({
    hostname: ip,
    port: 0,
    binaryType: 'uint8array',
    socket: {
      data: (_s, data) => onData(data, clock()),
      error() {},
    },
  });
  sockets.push(socket);
  return socket;
}

/** Each client's socket, and the joins it has tried. */
const seats: { socket: Socket; joins: number }[] = [];

function join(k: number, now: number): void {
  const c = config.clients[k]!;
  const { socket } = seats[k]!;
  seats[k]!.joins++;
  clients[k] = new LightClient({
    name: c.name,
    room: c.room,
    team: c.team,
    seed: c.seed + 7919 * (seats[k]!.joins - 1),
    now,
    send: (bytes) => socket.send(bytes, config.port, '127.0.0.1'),
  });
}

async function startGame() {
  for (let k = 0; k < config.clients.length; k++) {
    const socket = await open(config.clients[k]!.ip, (data, now) => clients[k]?.receive(data, now));
    seats.push({ socket, joins: 0 });
    join(k, clock());
    await Bun.sleep(STAGGER_MS);
  }
}

/**
 * A join that failed before the game (a handshake or a map download the server timed out on
 * a machine too busy to run it) is tried again, as a person would, up to JOINS times: the
 * bench measures a server carrying its players, and says so when they could not all join.
 */
const JOINS = 3;
function rejoin(now: number): void {
  for (let k = 0; k < clients.length; k++) {
    const c = clients[k]!;
    if (c.step !== 'failed' || c.failedWhile === 'playing' || seats[k]!.joins >= JOINS) continue;
    if (c.failure.startsWith('refused')) continue; // a refusal is an answer, not a loss
    join(k, now);
  }
}

async function startFloor() {
  const rng = seedRng(7);
  const payload = encodeBytes({ type: 'PING', token: null, stamp: 0, pad: 0 });
  const bytes = new Uint8Array(Math.max(payload.length, config.inputBytes ?? 41)).fill(0x49);
  const gap = 1000 / (config.inputsPerSecond ?? 8);
  for (let k = 0; k < config.clients.length; k++) {
    const counters = floorCounters[k]!;
    const socket = await open(config.clients[k]!.ip, (data) => {
      counters.snapshots++;
      counters.datagramsIn++;
      counters.bytesIn += data.length;
      if (data.length > counters.largestIn) counters.largestIn = data.length;
    });
    const send = () => {
      if (stopping) return;
      socket.send(bytes, config.port, '127.0.0.1');
      counters.datagramsOut++;
      counters.bytesOut += bytes.length;
      setTimeout(send, gap / 2 + rngInt(rng, Math.max(1, Math.round(gap))));
    };
    send();
  }
}

let stopping = false;
let last = clock();
const drive = setInterval(() => {
  const now = clock();
  const gap = now - last;
  last = now;
  loop.runs++;
  if (gap > loop.maxGapMs) loop.maxGapMs = gap;
  if (gap > config.tickMs) loop.gapsOverTick++;
  for (const c of clients) c.update(now);
  if (!stopping && config.mode === 'game') rejoin(now);
}, DRIVE_MS);

function stepCounts(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of clients) {
    const key = c.step === 'playing' ? `playing-${c.phase || '?'}` : c.step;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

const status = (): WorkerStatus => ({
  steps: stepCounts(),
  type: 'status',
  sockets: sockets.length,
  playing: clients.filter((c) => c.playing).length,
  inGame: clients.filter((c) => c.playing && c.phase === 'G').length,
  // Failures for good: in the game, or out of joins.
  failed: clients
    .filter(
      (c, k) =>
        c.step === 'failed' &&
        (c.failedWhile === 'playing' ||
          seats[k]!.joins >= JOINS ||
          c.failure.startsWith('refused')),
    )
    .map((c) => c.failure),
});
const reporter = setInterval(() => process.send?.(status()), 250);

function counters() {
  return config.mode === 'floor' ? floorCounters : clients.map((c) => c.counters);
}

process.on('message', async (msg: { cmd: string }) => {
  if (msg.cmd === 'begin') {
    windowStart = clock();
    loop = { maxGapMs: 0, gapsOverTick: 0, runs: 0 };
    for (const c of clients) c.counters = zeroCounters();
    for (const c of floorCounters) Object.assign(c, zeroCounters());
  } else if (msg.cmd === 'end') {
    const all = counters();
    const sum = (pick: (c: (typeof all)[number]) => number) => all.reduce((n, c) => n + pick(c), 0);
    const s = status();
    const window: WorkerWindow = {
      type: 'window',
      elapsed: (clock() - windowStart) / 1000,
      // Clients still playing (a client lost in the window would read as a server's fault).
      snapshots: all
        .filter((_, k) => config.mode === 'floor' || clients[k]!.playing)
        .map((c) => c.snapshots),
      datagramsIn: sum((c) => c.datagramsIn),
      bytesIn: sum((c) => c.bytesIn),
      datagramsOut: sum((c) => c.datagramsOut),
      bytesOut: sum((c) => c.bytesOut),
      largestIn: all.reduce((n, c) => Math.max(n, c.largestIn), 0),
      bad: sum((c) => c.bad),
      playing: s.playing,
      inGame: s.inGame,
      loop: { ...loop, maxGapMs: Math.round(loop.maxGapMs * 100) / 100 },
    };
    process.send?.(window);
  } else if (msg.cmd === 'stop') {
    stopping = true;
    clearInterval(drive);
    clearInterval(reporter);
    // DISCONNECT once: the server forgets the sessions at once instead of timing them out.
    for (const c of clients) c.disconnect();
    await Bun.sleep(50);
    for (const s of sockets) s.close();
    process.exit(0);
  }
});

if (config.mode === 'floor') await startFloor();
else await startGame();
