/**
 * `bun run bench classic [--clients 10] [--seconds 20] [--warmup 12] [--sim-seconds 60]`: the
 * classic listener (`haunted serve --classic-port`), two ways.
 *
 * - sizes, in simulated time (in this process, seeded): 2, 5 and 10 look-alikes of the original
 *   client (test/support/classic-client.ts: stop-and-wait, 50 ms sleep, a PING every 10th loop)
 *   pick teams, get ready and walk at random through a game on the classic map: the size of
 *   every reply (median, max) in the lobby and in the game, and what building one costs (µs of
 *   this process, around the listener's per-player view: culling is the room's, done anyway).
 * - CPU, over real UDP: `haunted serve --classic-port 0` as a child (bun src/cli/main.ts), and
 *   `--clients` classic clients here polling at the original's rate through a game; the
 *   server's CPU % (from /proc) with them, and idle before they came.
 * Figures as one JSON object.
 */
import { performance } from 'node:perf_hooks';
import { cpuSeconds, percentile, round } from '../src/bench/server-bench.ts';
import { parseMap } from '../src/game/map.ts';
import { BUILTIN_MAPS } from '../src/game/maps/index.ts';
import { rngInt, seedRng } from '../src/game/rng.ts';
import { DEFAULT_RULES } from '../src/game/state.ts';
import { SimNetwork } from '../src/net/sim.ts';
import type { Address } from '../src/net/transport.ts';
import { createUdpTransport } from '../src/net/udp.ts';
import { ClassicListener } from '../src/server/classic/listener.ts';
import { memoryLogger } from '../src/server/log.ts';
import { GameServer } from '../src/server/server.ts';
import { CLASSIC_ADDRESS, ClassicClient } from '../test/support/classic-client.ts';

export interface ClassicBenchOptions {
  clients: number;
  seconds: number;
  warmup: number;
  simSeconds: number;
}

export function parseClassicBenchArgs(args: readonly string[]): ClassicBenchOptions {
  const o: ClassicBenchOptions = { clients: 10, seconds: 20, warmup: 12, simSeconds: 60 };
  const keys: Record<string, keyof ClassicBenchOptions> = {
    '--clients': 'clients',
    '--seconds': 'seconds',
    '--warmup': 'warmup',
    '--sim-seconds': 'simSeconds',
  };
  for (let i = 0; i < args.length; i += 2) {
    const key = keys[args[i]!];
    if (!key) throw new Error(`unknown option ${args[i]}`);
    if (args[i + 1] === undefined) throw new Error(`${args[i]} needs a value`);
    const v = Number(args[i + 1]);
    if (!Number.isFinite(v) || v <= 0 || v > 3600) throw new Error(`bad ${args[i]} ${args[i + 1]}`);
    o[key] = v;
  }
  if (o.clients > 10) throw new Error('--clients: at most 10 (the room holds 10)');
  return o;
}

const WORDS = ['LEFT', 'RIGHT', 'UP', 'DOWN', '.'];

function stats(sizes: number[]) {
  const s = [...sizes].sort((a, b) => a - b);
  return {
    replies: s.length,
    median: percentile(s, 50),
    p95: percentile(s, 95),
    max: s.at(-1) ?? 0,
  };
}

/** n look-alike clients through a lobby and `seconds` of a game, in simulated time. */
export function simulate(n: number, seconds: number) {
  const parsed = parseMap(BUILTIN_MAPS.classic!);
  if (!parsed.ok) throw new Error('classic map');
  const net = new SimNetwork({ seed: n });
  const server = new GameServer({
    transport: net.bind({ address: '127.0.0.1', port: 9998 }),
    map: parsed.map,
    rules: DEFAULT_RULES,
    maxPlayers: 10,
    timeoutMs: 5000,
    name: 'bench',
    secret: new Uint8Array(32),
    randomToken: () => '0123456789abcdef',
    seed: n,
    logger: memoryLogger(),
    now: 0,
    classic: { transport: net.bind(CLASSIC_ADDRESS) },
  });
  // Time spent building each reply: the listener's per-player view (room-side culling excluded).
  const costs: number[] = [];
  const proto = ClassicListener.prototype as unknown as Record<string, (...a: unknown[]) => void>;
  const view = proto.view!;
  proto.view = function (this: unknown, ...a: unknown[]) {
    // Only the calls that build a reply (most ticks owe a player nothing).
    if ((a[0] as { owed: number }).owed === 0) return view.apply(this, a);
    const t0 = performance.now();
    view.apply(this, a);
    costs.push((performance.now() - t0) * 1000);
  };
  const rng = seedRng(n * 7 + 1);
  const clients = Array.from({ length: n }, (_, i) => new ClassicClient(net, 23500 + i, `c${i}`));
  const run = (ms: number) => {
    const end = net.now + ms;
    while (net.now < end) {
      net.advanceTo(net.now + 1);
      for (const c of clients) {
        c.step(net.now);
        if (c.connected && rngInt(rng, 600) === 0) c.word = WORDS[rngInt(rng, WORDS.length)]!;
      }
      server.update(net.now);
    }
  };
  try {
    clients.forEach((c, i) => {
      c.connect();
      c.word = i % 2 === 0 ? 'RED' : 'BLUE';
    });
    run(1500);
    for (const c of clients) c.press('READY');
    run(1500);
    const lobbyUntil = net.now;
    run((DEFAULT_RULES.countdown + 1) * 1000);
    const gameFrom = net.now;
    run(seconds * 1000);
    const all = clients.flatMap((c) => c.received);
    const bad = all.filter((r) => r.error !== null).length;
    const states = all.filter((r) => r.reply?.kind === 'state');
    const lobby = states.filter((r) => r.at <= lobbyUntil).map((r) => r.size);
    const game = states
      .filter((r) => r.at >= gameFrom && r.reply?.kind === 'state' && r.reply.phase.kind === 'game')
      .map((r) => r.size);
    const connected = all.filter((r) => r.reply?.kind === 'connected').map((r) => r.size);
    const c = [...costs].sort((a, b) => a - b);
    return {
      players: n,
      lobby: stats(lobby),
      game: stats(game),
      connected: stats(connected),
      unparsed: bad,
      over3072: all.filter((r) => r.size > 3072).length,
      phaseAtEnd: server.state.phase.kind,
      buildMicros: { median: round(percentile(c, 50), 1), p90: round(percentile(c, 90), 1) },
    };
  } finally {
    proto.view = view;
  }
}

/** One original-like client over real UDP: stop-and-wait, 0.5 s timeout, 50 ms sleep. */
async function udpClient(
  server: Address,
  name: string,
  stopAt: () => boolean,
  counts: { requests: number; replies: number },
) {
  const t = await createUdpTransport({
    host: '127.0.0.1',
    port: 0,
    clock: () => performance.now(),
  });
  let wake: ((d: Uint8Array | null) => void) | null = null;
  t.onDatagram((d) => wake?.(d));
  const ask = (text: string) =>
    new Promise<Uint8Array | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), 500);
      wake = (d) => {
        clearTimeout(timer);
        wake = null;
        resolve(d);
      };
      counts.requests++;
      t.send(new TextEncoder().encode(text), server);
    });
  const rng = seedRng(name.charCodeAt(1));
  let word = Number(name.slice(1)) % 2 === 0 ? 'RED' : 'BLUE';
  for (let tries = 0; tries < 10 && !(await ask(`CONNECT ${name} END`)); tries++);
  let loop = 0;
  const started = performance.now();
  let readied = false;
  while (!stopAt()) {
    if (loop++ % 10 === 0 && (await ask(`PING ${Date.now() / 1000} END`))) counts.replies++;
    if (!readied && performance.now() - started > 1000) {
      readied = true;
      if (await ask(`INPUT ${name} READY END`)) counts.replies++;
    } else if (await ask(`INPUT ${name} ${word} END`)) counts.replies++;
    if (readied && rngInt(rng, 12) === 0) word = WORDS[rngInt(rng, WORDS.length)]!;
    await Bun.sleep(50);
  }
  await ask(`DISCONNECTION ${name} END`);
  t.close();
}

async function overUdp(o: ClassicBenchOptions) {
  const proc = Bun.spawn(
    [
      process.execPath,
      `${import.meta.dir}/../src/cli/main.ts`,
      'serve',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--classic-port',
      '0',
    ],
    { stdout: 'pipe', stderr: 'ignore', stdin: 'ignore' },
  );
  try {
    const reader = proc.stdout.getReader();
    let banner = '';
    const line = /classic clients on 127\.0\.0\.1:(\d+)/;
    while (!line.test(banner)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the server did not start: ${banner}`);
      banner += new TextDecoder().decode(value);
    }
    reader.releaseLock();
    const server = { address: '127.0.0.1', port: Number(line.exec(banner)![1]) };
    const cpuOver = async (seconds: number) => {
      const c0 = cpuSeconds(proc.pid);
      const t0 = performance.now();
      await Bun.sleep(seconds * 1000);
      const c1 = cpuSeconds(proc.pid);
      if (c0 === null || c1 === null) return null;
      return round((100 * (c1 - c0)) / ((performance.now() - t0) / 1000));
    };
    await Bun.sleep(1000);
    const idle = await cpuOver(3);
    let stop = false;
    const counts = { requests: 0, replies: 0 };
    const clients = Array.from({ length: o.clients }, (_, i) =>
      udpClient(server, `c${i}`, () => stop, counts),
    );
    await Bun.sleep(o.warmup * 1000);
    const r0 = { ...counts };
    const withClients = await cpuOver(o.seconds);
    const rate = (k: 'requests' | 'replies') => round((counts[k] - r0[k]) / o.seconds, 1);
    const perSecond = { requests: rate('requests'), replies: rate('replies') };
    stop = true;
    await Promise.all(clients);
    return { clients: o.clients, idleCpuPercent: idle, cpuPercent: withClients, perSecond };
  } finally {
    proc.kill('SIGTERM');
    await proc.exited;
  }
}

export async function benchClassic(o: ClassicBenchOptions) {
  const sizes = [2, 5, 10].map((n) => simulate(n, o.simSeconds));
  const udp = await overUdp(o);
  return {
    what: 'classic listener: reply sizes (bytes) on the classic map in simulated time; the server process CPU over real UDP',
    sizes,
    udp,
    amplificationBeforeSession:
      'at most 8x (CLASSIC_AMPLIFICATION); the largest, CONNECTED to "CONNECT a END": test/server/classic-listener.test.ts',
  };
}
