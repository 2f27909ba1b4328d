/**
 * `bun run bench floor [--clients 10] [--inputs 7.7] [--input-bytes 41] [--snap-bytes 59]
 * [--seconds 60] [--warmup 10] [--tick 30]`: what Bun and the kernel cost for the traffic of
 * `bun run bench server`, with no game at all. A child process (bench/floor-server.ts) does the
 * server's I/O and nothing else: a socket whose handler only counts, a 30 Hz timer, a sendMany
 * of one `--snap-bytes` datagram to each client every tick. The clients, here, each send
 * `--inputs` datagrams a second of `--input-bytes` at random moments, as the bench's do
 * (defaults: what `bench server` measured as serverTrafficPerSecond: 76.5 datagrams a second in
 * of 41 B on average, 310 out of 59 B, from and to 10 clients).
 * Its CPU % (from /proc, as for the server) is the part of the server's figure that is the
 * runtime's, not the game's: measured at three points (timer only, + receiving, + sending).
 */
import {
  cpuSeconds,
  listeningPort,
  machineCpuTicks,
  round,
  stealPercent,
} from '../src/bench/server-bench.ts';
import { rngInt, seedRng } from '../src/game/rng.ts';
import { createUdpTransport, type UdpTransport } from '../src/net/udp.ts';

export interface FloorBenchOptions {
  clients: number;
  inputs: number;
  inputBytes: number;
  snapBytes: number;
  seconds: number;
  warmup: number;
  tick: number;
}

const clock = () => performance.now();

/** Starts floor-server.ts and reads its port. */
async function spawnFloor(o: FloorBenchOptions) {
  const proc = Bun.spawn(
    [
      process.execPath,
      `${import.meta.dir}/floor-server.ts`,
      '--tick',
      String(o.tick),
      '--snap-bytes',
      String(o.snapBytes),
    ],
    { stdout: 'pipe', stderr: 'inherit', stdin: 'ignore' },
  );
  const port = await listeningPort(proc.stdout);
  if (typeof port === 'string') {
    proc.kill();
    throw new Error(`the floor server did not start: ${port || 'no output'}`);
  }
  return { proc, port };
}

/** CPU % of `pid` over `seconds`, and the machine's steal over the same span. */
async function cpuOver(pid: number, seconds: number) {
  const c0 = cpuSeconds(pid);
  const m0 = machineCpuTicks();
  const t0 = clock();
  await Bun.sleep(seconds * 1000);
  const elapsed = (clock() - t0) / 1000;
  const c1 = cpuSeconds(pid);
  const m1 = machineCpuTicks();
  return {
    cpuPercent: c0 === null || c1 === null ? null : round((100 * (c1 - c0)) / elapsed),
    stealPercent: stealPercent(m0, m1),
  };
}

export async function benchFloor(o: FloorBenchOptions) {
  const { proc, port } = await spawnFloor(o);
  const to = { address: '127.0.0.1', port };
  const transports: UdpTransport[] = [];
  /** Each client's next send. */
  const timers: ReturnType<typeof setTimeout>[] = [];
  try {
    await Bun.sleep(o.warmup * 1000);
    const timerOnly = await cpuOver(proc.pid, o.seconds);

    // The clients: each sends at random moments, `inputs` a second on average, as players do.
    const rng = seedRng(7);
    const payload = new Uint8Array(o.inputBytes).fill(0x49);
    let sending = true;
    for (let i = 0; i < o.clients; i++) {
      const t = await createUdpTransport({ host: '127.0.0.1', port: 0, clock });
      transports.push(t);
      const gap = 1000 / o.inputs;
      const send = () => {
        if (!sending) return;
        t.send(payload, to);
        timers[i] = setTimeout(send, gap / 2 + rngInt(rng, Math.max(1, Math.round(gap))));
      };
      send();
    }
    // The floor server sends to every peer it heard from: this is both directions.
    await Bun.sleep(o.warmup * 1000);
    const full = await cpuOver(proc.pid, o.seconds);
    sending = false;
    return {
      suite: 'floor',
      runtime: `bun ${Bun.version}`,
      clients: o.clients,
      tickRate: o.tick,
      seconds: o.seconds,
      traffic: {
        inputsPerClientPerSecond: o.inputs,
        inputBytes: o.inputBytes,
        snapshotBytes: o.snapBytes,
      },
      cpuPercent: { timerOnly: timerOnly.cpuPercent, withTraffic: full.cpuPercent },
      machineStealPercent: { timerOnly: timerOnly.stealPercent, withTraffic: full.stealPercent },
      note: 'the CPU a Bun process takes for the server bench traffic with no game code: compare with serverCpuPercent of bench server',
    };
  } finally {
    for (const t of timers) clearTimeout(t);
    for (const t of transports) t.close();
    proc.kill('SIGTERM');
    await proc.exited;
  }
}

export function parseFloorBenchArgs(argv: readonly string[]): FloorBenchOptions {
  const options: FloorBenchOptions = {
    clients: 10,
    inputs: 7.7,
    inputBytes: 41,
    snapBytes: 59,
    seconds: 60,
    warmup: 10,
    tick: 30,
  };
  const flags: Record<string, keyof FloorBenchOptions> = {
    '--clients': 'clients',
    '--inputs': 'inputs',
    '--input-bytes': 'inputBytes',
    '--snap-bytes': 'snapBytes',
    '--seconds': 'seconds',
    '--warmup': 'warmup',
    '--tick': 'tick',
  };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i]!, argv[i + 1]];
    const key = flags[flag];
    if (!key) throw new Error(`unknown option ${flag} (${Object.keys(flags).join(', ')})`);
    const n = Number(value);
    // --snap-bytes 0: the server sends nothing (receiving alone).
    const least = key === 'snapBytes' ? 0 : Number.MIN_VALUE;
    if (value === undefined || !Number.isFinite(n) || n < least)
      throw new Error(`${flag} needs a positive number${key === 'snapBytes' ? ' or 0' : ''}`);
    options[key] = n;
  }
  return options;
}
