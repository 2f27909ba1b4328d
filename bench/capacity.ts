/**
 * `bun run bench capacity [--rooms 50] [--players 10] [--seconds 20] [--warmup 20] [--tick 30]
 * [--curve 1,10,25,50,100] [--procs 2] [--map classic] [--floor 1] [--nice 0] [--fifo 0]`:
 * how many players one `haunted serve` process carries (issue 14, item 6). One server process
 * on 127.0.0.1 hosting R rooms (the default room and `--rooms b2,…,bR`), and R × P light clients
 * (bench/capacity-client.ts) in `--procs` load-generator processes of their own
 * (bench/capacity-worker.ts), so that their CPU is not counted as the server's. In each room
 * about one player in five seeks; all READY, the rooms reach GAME (no head start, a round
 * longer than the bench), and everybody walks. After `--warmup` seconds of play it measures
 * for `--seconds`:
 * - the server: CPU % of one core (/proc utime + stime over wall time), per thread, CPU per
 *   player-tick (µs), tick p50/p99/max (its own histogram from its --stats-file, as bench
 *   server reads it) and the part of the tick spent handing its batch to the kernel
 *   (`tickSendMs`: on loopback the kernel delivers to the receivers inside that call),
 *   datagrams and bytes a second in and out, the largest datagram it sent;
 * - per client: snapshots a second (min, p1, median over clients), the largest datagram;
 * - the load generator: its CPU (% of a core, summed over its processes, and each), the gaps
 *   of its drive loops; it is called the bottleneck when a process is near a whole core or its
 *   loop stalled for more than a tick (then clients read their SNAPs late and the snapshot
 *   rates say so, not the server): the figures then say so, and fewer rooms must be measured.
 * - the runtime's floor (`--floor 0`: skip it): bench/floor-server.ts (a Bun process with no
 *   game) receiving the same datagrams a second from as many clients and sending one datagram
 *   of the mean size the server sent to each client every tick: its CPU, and the time of each
 *   tick's sendMany (`floor.sendMs`, scheduled as the server was: the floor under tickSendMs).
 * With --curve, the same at each room count, one fresh server each, so the cost per player can
 * be read as the load grows. On this 2-core machine the server and the load generator share
 * the cores: read the load generator's CPU, the machine's busy CPU and the server's wait for a
 * core (machine.ts) beside the server's figures; `--nice -10 --fifo 10` keeps other work on a
 * shared machine from starving what is measured.
 * Uses dist/haunted when it exists, else `bun src/cli/main.ts`; HAUNTED_SERVER replaces the
 * command (to profile: HAUNTED_SERVER="bun --cpu-prof --cpu-prof-dir=/tmp/prof src/cli/main.ts").
 * The server must know rooms (`--rooms`) for more than one room.
 */

import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import {
  cpuSeconds,
  listeningPort,
  machineCpuTicks,
  measureServerWindow,
  percentile,
  round,
  spawnBenchServer,
  stealPercent,
  waitFor,
  wholeArg,
} from '../src/bench/server-bench.ts';
import type { WorkerClient, WorkerConfig, WorkerStatus, WorkerWindow } from './capacity-worker.ts';
import {
  busyPercent,
  fifo,
  machineBusy,
  renice,
  runQueueSeconds,
  udpRcvbufErrors,
} from './machine.ts';

/** The load bench capacity and bench tick put on a server: R rooms of P, how long, how fast. */
export interface LoadOptions {
  rooms: number;
  players: number;
  seconds: number;
  warmup: number;
  tick: number;
}

/** Sets `o`'s load option `flag` from `value` (throws on a bad value); false: not one of them. */
export function loadOption(o: LoadOptions, flag: string, value: string): boolean {
  if (flag === '--rooms') o.rooms = wholeArg(flag, value, 1, 200);
  else if (flag === '--players') o.players = wholeArg(flag, value, 1, 64);
  else if (flag === '--seconds') o.seconds = wholeArg(flag, value, 1, 600);
  else if (flag === '--warmup') o.warmup = wholeArg(flag, value, 0, 600);
  else if (flag === '--tick') o.tick = wholeArg(flag, value, 1, 120);
  else return false;
  return true;
}

/** Bounded: at most 2000 clients (200 rooms of 10, or fewer larger rooms). */
export function checkPlayers(rooms: number, players: number): void {
  if (rooms * players > 2000) throw new Error(`${rooms} rooms of ${players} is over 2000 players`);
}

export interface CapacityBenchOptions extends LoadOptions {
  /** Room counts to measure one after the other; null: only `rooms`. */
  curve: number[] | null;
  /** Load-generator processes. */
  procs: number;
  map: string;
  /** Measure the runtime's floor beside each point. */
  floor: boolean;
  /**
   * Niceness given to the server, the load generator and the floor server (renice; below 0
   * needs root): on a machine shared with other work, -5 or so keeps the neighbours from
   * starving what is measured. 0: left as it is.
   */
  nice: number;
  /**
   * Real-time priority (SCHED_FIFO, chrt; needs root) for the server's threads, 0: none. The
   * server then never waits for a core behind other work, so its tick times are its own; it
   * still uses only what it needs (20–40 % of a core here) and the kernel's real-time
   * throttling caps it at 95 %.
   */
  fifo: number;
}

const clock = () => performance.now();
/** A load-generator process above this share of a core is the bottleneck, %. */
const LOADGEN_BUSY_PERCENT = 85;

/** The rooms of a point: the default room, then b2 … bR. */
const roomNames = (rooms: number) => Array.from({ length: rooms - 1 }, (_, i) => `b${i + 2}`);

/** Client g's own loopback address: 127.1.x.y, y in 10–209. */
const clientIp = (g: number) => `127.1.${Math.floor(g / 200)}.${(g % 200) + 10}`;

interface Worker {
  proc: ReturnType<typeof Bun.spawn>;
  status: WorkerStatus | null;
  window: WorkerWindow | null;
  exited: boolean;
}

function spawnWorkers(configs: WorkerConfig[]): Worker[] {
  return configs.map((config) => {
    const worker: Worker = {
      proc: null as unknown as Worker['proc'],
      status: null,
      window: null,
      exited: false,
    };
    worker.proc = Bun.spawn(
      [process.execPath, `${import.meta.dir}/capacity-worker.ts`, JSON.stringify(config)],
      {
        stdout: 'ignore',
        stderr: 'inherit',
        stdin: 'ignore',
        serialization: 'json',
        ipc(message: WorkerStatus | WorkerWindow) {
          if (message.type === 'status') worker.status = message;
          else worker.window = message;
        },
        onExit() {
          worker.exited = true;
        },
      },
    );
    return worker;
  });
}

async function stopWorkers(workers: Worker[]) {
  for (const w of workers) if (!w.exited) w.proc.send({ cmd: 'stop' });
  await Promise.race([Promise.all(workers.map((w) => w.proc.exited)), Bun.sleep(2000)]);
  for (const w of workers) if (!w.exited) w.proc.kill();
}

/** The clients of R rooms of P, dealt round-robin to `procs` configs. */
function dealClients(o: CapacityBenchOptions, rooms: number, port: number): WorkerConfig[] {
  const names = [null, ...roomNames(rooms)];
  const per: WorkerClient[][] = Array.from({ length: o.procs }, () => []);
  for (let r = 0; r < rooms; r++) {
    for (let k = 0; k < o.players; k++) {
      const g = r * o.players + k;
      per[g % o.procs]!.push({
        name: `c${g}`,
        room: names[r]!,
        team: k % 5 === 0 ? 'R' : 'B',
        ip: clientIp(g),
        seed: 1000 + g,
      });
    }
  }
  return per.map((clients) => ({ mode: 'game', port, clients, tickMs: 1000 / o.tick }));
}

function mergeCounts(counts: readonly Readonly<Record<string, number>>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of counts) for (const [k, n] of Object.entries(c)) out[k] = (out[k] ?? 0) + n;
  return out;
}

/** The server's drop counters from its stats file, for a message. */
function serverDrops(file: string): unknown {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { drops: unknown }).drops;
  } catch {
    return null;
  }
}

/** Each worker's CPU seconds, read together. */
const workersCpu = (workers: Worker[]) => workers.map((w) => cpuSeconds(w.proc.pid) ?? 0);

/** Sends `end` to every worker and waits for their windows. */
async function collectWindows(workers: Worker[]): Promise<WorkerWindow[]> {
  const ok = await waitFor(() => workers.every((w) => w.window !== null), 5000, clock);
  if (!ok) throw new Error('a load-generator process did not report its window');
  return workers.map((w) => w.window!);
}

/** One point: the server and its clients, then (both stopped) the floor for the same traffic. */
async function measurePoint(o: CapacityBenchOptions, rooms: number, binary: string[]) {
  const point = await measureServer(o, rooms, binary);
  const floor = o.floor ? await measureFloor(o, point.players, point.serverTrafficPerSecond) : null;
  return { ...point, floor };
}

async function measureServer(o: CapacityBenchOptions, rooms: number, binary: string[]) {
  const players = rooms * o.players;
  const args = ['--tick', String(o.tick), '--max-players', String(o.players), '--countdown', '1'];
  args.push('--head-start', '0', '--seek-time', String(o.warmup + o.seconds + 120));
  args.push('--map', o.map, '--name', 'bench', '--seed', '1');
  if (rooms > 1) args.push('--rooms', roomNames(rooms).join(','), '--max-rooms', String(rooms));
  const server = await spawnBenchServer(binary, args);
  let workers: Worker[] = [];
  try {
    workers = spawnWorkers(dealClients(o, rooms, server.port));
    if (!renice(o.nice, [server.proc.pid, ...workers.map((w) => w.proc.pid)])) {
      throw new Error(`renice -n ${o.nice} failed (below 0 needs root)`);
    }
    if (!fifo(o.fifo, server.proc.pid)) throw new Error(`chrt -f ${o.fifo} failed (needs root)`);
    const statuses = () => workers.map((w) => w.status);
    const count = (pick: (s: WorkerStatus) => number) =>
      statuses().reduce((n, s) => n + (s ? pick(s) : 0), 0);
    const failures = () => statuses().flatMap((s) => s?.failed ?? []);
    // Every client started (20 ms apart in each process, longer on a busy machine), then
    // joined: the handshake, the map, a countdown of a second.
    const started = await waitFor(() => count((s) => s.sockets) >= players, 120_000, clock);
    if (!started) throw new Error(`the load generator did not start ${players} clients in 120 s`);
    const joinLimit = 20_000;
    await waitFor(() => count((s) => s.inGame) + failures().length >= players, joinLimit, clock);
    // A client or two lost on a busy machine (the server timed it out) is reported, not fatal;
    // more than 1 % means the point was not measured.
    const joined = count((s) => s.inGame);
    if (joined < players * 0.99) {
      const why = failures();
      const sample = [...new Set(why)].slice(0, 3).join('; ');
      throw new Error(
        `${rooms} rooms of ${o.players}: ${joined} of ${players} players reached the game ${joinLimit / 1000} s after the last one started` +
          (why.length > 0 ? ` (${why.length} failed: ${sample})` : '') +
          ` (clients: ${JSON.stringify(mergeCounts(statuses().map((s) => s?.steps ?? {})))};` +
          ` server drops: ${JSON.stringify(serverDrops(server.statsFile))})`,
      );
    }
    const lostJoining = failures();
    await Bun.sleep(o.warmup * 1000);

    let cpu0: number[] = [];
    let loadCpu: number[] = [];
    let busy0: ReturnType<typeof machineBusy> = null;
    let wait0: number | null = null;
    let rcvbuf0: number | null = null;
    let rcvbufDrops: number | null = null;
    let waitPercent: number | null = null;
    let busy1: ReturnType<typeof machineBusy> = null;
    const window = await measureServerWindow(server, o.seconds, clock, {
      begin: () => {
        cpu0 = workersCpu(workers);
        busy0 = machineBusy();
        wait0 = runQueueSeconds(server.proc.pid);
        rcvbuf0 = udpRcvbufErrors();
        for (const w of workers) w.proc.send({ cmd: 'begin' });
      },
      end: (elapsed) => {
        for (const w of workers) {
          w.window = null;
          w.proc.send({ cmd: 'end' });
        }
        busy1 = machineBusy();
        const wait1 = runQueueSeconds(server.proc.pid);
        const rcvbuf1 = udpRcvbufErrors();
        if (rcvbuf0 !== null && rcvbuf1 !== null)
          rcvbufDrops = round((rcvbuf1 - rcvbuf0) / elapsed, 1);
        if (wait0 !== null && wait1 !== null)
          waitPercent = round((100 * (wait1 - wait0)) / elapsed, 1);
        loadCpu = workersCpu(workers).map((c, i) => round((100 * (c - cpu0[i]!)) / elapsed, 1));
      },
    });
    const windows = await collectWindows(workers);
    const rates = windows
      .flatMap((w) => w.snapshots.map((n) => n / w.elapsed))
      .sort((a, b) => a - b);
    const serverCpu = window.cpuPercent;
    const loadSum = round(
      loadCpu.reduce((a, b) => a + b, 0),
      1,
    );
    const maxGap = Math.max(...windows.map((w) => w.loop.maxGapMs));
    const gapsOverTick = windows.reduce((n, w) => n + w.loop.gapsOverTick, 0);
    const busy = loadCpu.filter((c) => c >= LOADGEN_BUSY_PERCENT);
    const bottleneck: string[] = [];
    if (busy.length > 0) {
      bottleneck.push(`${busy.length} load-generator process(es) at ≥ ${LOADGEN_BUSY_PERCENT} %`);
    }
    // A drive loop that stalls for over a tick now and then is normal on a shared machine;
    // stalls on more than 1 % of its runs mean the clients read their datagrams late.
    const runs = windows.reduce((n, w) => n + w.loop.runs, 0);
    if (gapsOverTick > runs / 100) {
      bottleneck.push(`the load generator's loops stalled over a tick ${gapsOverTick} times`);
    }
    const notes: string[] = [];
    if (waitPercent !== null && waitPercent > 5) {
      notes.push(
        `the server waited for a core ${waitPercent} % of the time (the machine was busy): its CPU figures hold, its tick times and the snapshot rates are the machine's`,
      );
    }
    const inGameAtEnd = windows.reduce((n, w) => n + w.inGame, 0);
    const traffic = window.traffic;
    const playerTicks = players * o.tick;
    return {
      rooms,
      players,
      serverCpuPercent: serverCpu,
      serverThreadsCpuPercent: window.threadsCpuPercent,
      cpuPerPlayerTickUs: serverCpu === null ? null : round((serverCpu * 1e4) / playerTicks, 2),
      playersPerCoreAtThisLoad: serverCpu ? Math.round((players * 100) / serverCpu) : null,
      tickMs: window.tickMs,
      tickSendMs: window.sendMs,
      tickStartMs: window.tickStartMs,
      snapshotsPerClientPerSecond: {
        min: round(rates[0] ?? 0),
        p1: round(percentile(rates, 1)),
        median: round(percentile(rates, 50)),
      },
      serverTrafficPerSecond: traffic,
      largestDatagramBytes: {
        server: window.largestOut,
        clients: Math.max(...windows.map((w) => w.largestIn)),
      },
      playersInGameAtEnd: inGameAtEnd,
      // Clients that failed for good (joining, or the server timed them out): the snapshot
      // figures are over the others.
      clientsLost: {
        joining: lostJoining.length,
        total: failures().length,
        why: [...new Set(failures())].slice(0, 3),
      },
      clientBadDatagrams: windows.reduce((n, w) => n + w.bad, 0),
      serverDrops: window.drops,
      machineStealPercent: window.stealPercent,
      // All the machine's cores busy, % of one core (200 = both of 2): the server, the load
      // generator, and whatever else ran (other work on a shared machine slows the server's
      // ticks without it doing more).
      machineBusyPercentOfOneCore: busyPercent(busy0, busy1),
      // The server's main thread runnable but waiting for a core, % of the wall time: above a
      // few %, the machine (other work, the load generator) starved it, and late ticks and
      // missed snapshots are the machine's figures, not the server's.
      serverWaitingForCorePercent: waitPercent,
      // Datagrams a second the kernel dropped on a full receive buffer, machine-wide: a server
      // (or client) not reading fast enough.
      kernelReceiveBufferDropsPerSecond: rcvbufDrops,
      loadGenerator: {
        processes: workers.length,
        cpuPercent: loadSum,
        cpuPercentEach: loadCpu,
        loopMaxGapMs: round(maxGap, 1),
        loopGapsOverTick: gapsOverTick,
        bottleneck: bottleneck.length > 0,
        why: bottleneck.length > 0 ? `${bottleneck.join('; ')}: measure fewer rooms` : null,
      },
      notes,
    };
  } finally {
    await stopWorkers(workers);
    await server.close();
  }
}

/**
 * The runtime's floor for a point's traffic: floor-server.ts (no game) receiving as many
 * datagrams a second of the same mean size from as many clients, and sending one datagram of
 * the server's mean size to each every tick. Its CPU over min(seconds, 10) after 3 s.
 */
async function measureFloor(
  o: CapacityBenchOptions,
  players: number,
  traffic: { datagramsIn: number; bytesIn: number; datagramsOut: number; bytesOut: number },
) {
  const snapBytes = Math.max(1, Math.round(traffic.bytesOut / Math.max(1, traffic.datagramsOut)));
  const inputBytes = Math.max(1, Math.round(traffic.bytesIn / Math.max(1, traffic.datagramsIn)));
  const inputsPerSecond = Math.max(0.1, traffic.datagramsIn / players);
  const sendTimes = `${tmpdir()}/haunted-floor-sends-${process.pid}.json`;
  const proc = Bun.spawn(
    [
      process.execPath,
      `${import.meta.dir}/floor-server.ts`,
      '--tick',
      String(o.tick),
      '--snap-bytes',
      String(snapBytes),
      '--send-times',
      sendTimes,
    ],
    { stdout: 'pipe', stderr: 'inherit', stdin: 'ignore' },
  );
  let workers: Worker[] = [];
  try {
    const port = await listeningPort(proc.stdout);
    if (typeof port === 'string') throw new Error(`the floor server did not start: ${port}`);
    const configs: WorkerConfig[] = Array.from({ length: o.procs }, (_, w) => ({
      mode: 'floor',
      port,
      clients: Array.from({ length: players }, (_, g) => g)
        .filter((g) => g % o.procs === w)
        .map((g) => ({ name: '', room: null, team: 'B', ip: clientIp(g), seed: g })),
      inputsPerSecond,
      inputBytes,
      tickMs: 1000 / o.tick,
    }));
    workers = spawnWorkers(configs);
    renice(o.nice, [proc.pid, ...workers.map((w) => w.proc.pid)]);
    // Scheduled as the server was, so that its send times compare with the server's.
    fifo(o.fifo, proc.pid);
    await Bun.sleep(3000);
    const seconds = Math.min(o.seconds, 10);
    proc.kill('SIGUSR2');
    const c0 = cpuSeconds(proc.pid);
    const m0 = machineCpuTicks();
    const t0 = clock();
    await Bun.sleep(seconds * 1000);
    const elapsed = (clock() - t0) / 1000;
    const c1 = cpuSeconds(proc.pid);
    const m1 = machineCpuTicks();
    // Stopped while its clients still read: the sends it timed are the window's.
    proc.kill('SIGTERM');
    await proc.exited;
    return {
      cpuPercent: c0 === null || c1 === null ? null : round((100 * (c1 - c0)) / elapsed),
      // Each tick's sendMany of the same number of datagrams of the server's mean size: the
      // floor under the server's tickSendMs.
      sendMs: readSendTimes(sendTimes),
      machineStealPercent: stealPercent(m0, m1),
      traffic: { inputsPerClientPerSecond: round(inputsPerSecond), inputBytes, snapBytes },
    };
  } finally {
    await stopWorkers(workers);
    if (proc.exitCode === null) proc.kill('SIGTERM');
    await proc.exited;
    rmSync(sendTimes, { force: true });
  }
}

/** The floor server's send times (floor-server.ts --send-times), or null when it wrote none. */
function readSendTimes(file: string): { p50: number; p99: number; max: number } | null {
  try {
    const figures = JSON.parse(readFileSync(file, 'utf8')) as {
      p50: number | null;
      p99: number | null;
      max: number | null;
    };
    if (figures.p50 === null || figures.p99 === null || figures.max === null) return null;
    return { p50: figures.p50, p99: figures.p99, max: figures.max };
  } catch {
    return null;
  }
}

/**
 * The curve at a glance, one line a point: rooms, players, server CPU % of a core, µs per
 * player-tick, tick p99 ms and its send's p99, the fewest snapshots a client got a second, the
 * load generator's CPU %, the floor's CPU % and send p99 ms, and the server's wait for a core %.
 */
function curveTable(
  points: readonly (Awaited<ReturnType<typeof measurePoint>> | { rooms: number; error: string })[],
): string[] {
  const head =
    'rooms players cpu% µs/player-tick tickP99ms sendP99ms minSnaps/s loadgen% floor% floorSendP99ms wait%';
  return [
    head,
    ...points.map((p) => {
      if ('error' in p) return `${p.rooms} — ${p.error}`;
      const cells = [
        p.rooms,
        p.players,
        p.serverCpuPercent,
        p.cpuPerPlayerTickUs,
        p.tickMs.p99,
        p.tickSendMs?.p99 ?? '-',
        p.snapshotsPerClientPerSecond.min,
        p.loadGenerator.cpuPercent,
        p.floor?.cpuPercent ?? '-',
        p.floor?.sendMs?.p99 ?? '-',
        p.serverWaitingForCorePercent,
      ];
      return cells.join(' ') + (p.loadGenerator.bottleneck ? ' (load generator bottleneck)' : '');
    }),
  ];
}

export async function benchCapacity(o: CapacityBenchOptions) {
  const override = process.env.HAUNTED_SERVER?.split(' ').filter(Boolean);
  const binary =
    override ??
    ((await Bun.file('dist/haunted').exists()) ? ['dist/haunted'] : ['bun', 'src/cli/main.ts']);
  const counts = o.curve ?? [o.rooms];
  const points: (Awaited<ReturnType<typeof measurePoint>> | { rooms: number; error: string })[] =
    [];
  for (const rooms of counts) {
    process.stderr.write(`capacity: ${rooms} rooms of ${o.players}…\n`);
    try {
      points.push(await measurePoint(o, rooms, binary));
    } catch (err) {
      // One point that cannot be measured (the machine cannot carry it) does not end the curve.
      if (o.curve === null) throw err;
      points.push({ rooms, players: rooms * o.players, error: (err as Error).message });
    }
  }
  return {
    suite: 'capacity',
    server: binary.join(' '),
    map: o.map,
    playersPerRoom: o.players,
    tickRate: o.tick,
    seconds: o.seconds,
    warmupSeconds: o.warmup,
    nice: o.nice,
    fifo: o.fifo,
    ...(o.curve === null ? { result: points[0] } : { table: curveTable(points), curve: points }),
    targets: {
      at: '500 players in 50 rooms at 30 Hz',
      serverCpuPercent: '≤ 50',
      tickP99Ms: '≤ 5',
      snapshotsPerClientPerSecondMin: '≥ 29.5',
      largestDatagramBytes: '≤ 1200',
      moonshot: '1000 players per core (playersPerCoreAtThisLoad)',
    },
  };
}

export function parseCapacityBenchArgs(argv: readonly string[]): CapacityBenchOptions {
  const o: CapacityBenchOptions = {
    rooms: 50,
    players: 10,
    seconds: 20,
    warmup: 20,
    tick: 30,
    curve: null,
    procs: 2,
    map: 'classic',
    floor: true,
    nice: 0,
    fifo: 0,
  };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i]!, argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (loadOption(o, flag, value)) continue;
    if (flag === '--procs') o.procs = wholeArg(flag, value, 1, 16);
    else if (flag === '--floor') o.floor = wholeArg(flag, value, 0, 1) === 1;
    else if (flag === '--nice') o.nice = wholeArg(flag, value, -20, 19);
    else if (flag === '--fifo') o.fifo = wholeArg(flag, value, 0, 99);
    else if (flag === '--map') o.map = value;
    else if (flag === '--curve') {
      o.curve = value.split(',').map((v) => wholeArg(flag, v, 1, 200));
    } else {
      throw new Error(
        `unknown option ${flag} (--rooms, --players, --seconds, --warmup, --tick, --curve, --procs, --map, --floor, --nice, --fifo)`,
      );
    }
  }
  for (const rooms of o.curve ?? [o.rooms]) checkPlayers(rooms, o.players);
  return o;
}
