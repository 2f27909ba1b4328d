/**
 * `bun run bench flood [--rate 20000] [--sources 4000] [--settle 5] [--seconds 10] [--warmup 10]
 * [--bots 10] [--tick 30]`: the server under a spoofed-source handshake flood (PROTOCOL.md §6's limits). A
 * `haunted serve` process and `--bots` bots in this process play a game over loopback UDP; after
 * `--warmup` seconds, two windows of `--seconds` are measured the same way: first without the
 * flood, then while bench/flood-sender.ts (a process of its own) sends `--rate` HELLO and bad
 * CONNECT datagrams a second from `--sources` loopback addresses. In both windows a real player
 * joins once a second (HELLO → CHALLENGE → CONNECT → WELCOME on a fresh socket, then leaves) and
 * its join time is taken. Prints, per window: server CPU % of a core, tick time p50/p99/max,
 * when ticks start (p99), the server's datagrams in a second, drops by reason, join times.
 * Uses dist/haunted when it exists, else `bun src/cli/main.ts` (HAUNTED_SERVER overrides).
 */

import {
  measureServerWindow,
  percentile,
  round,
  spawnBenchServer,
  waitFor,
} from '../src/bench/server-bench.ts';
import { type BotRunner, startBots } from '../src/cli/bot-runner.ts';
import {
  decode,
  encodeBytes,
  type Message,
  makeHello,
  PROTOCOL_VERSION,
} from '../src/protocol/index.ts';

export interface FloodBenchOptions {
  rate: number;
  /** Seconds of flood before the measured window: the buckets' state settles (see rate-limit.ts). */
  settle: number;
  sources: number;
  seconds: number;
  warmup: number;
  bots: number;
  tick: number;
}

const clock = () => performance.now();

/**
 * One real player's join from `host` (an address of its own, as a new player's is, not one the
 * flood uses): ms from its first HELLO to its WELCOME, or null after 5 s.
 */
async function joinOnce(port: number, host: string, name: string): Promise<number | null> {
  let got: Message | null = null;
  const socket = await Bun.udpSocket({
    hostname: host,
    port: 0,
    socket: {
      data(_s, data) {
        const d = decode(data, 'client');
        if (d.ok) got = d.msg;
      },
      error() {},
    },
  });
  const send = (m: Message) => socket.send(encodeBytes(m), port, '127.0.0.1');
  const t0 = clock();
  let cookie: string | null = null;
  let token: string | null = null;
  let sentAt = Number.NEGATIVE_INFINITY;
  try {
    while (clock() - t0 < 5000) {
      const msg = got as Message | null;
      got = null;
      if (msg?.type === 'CHALLENGE' && cookie === null) {
        cookie = msg.cookie;
        sentAt = Number.NEGATIVE_INFINITY;
      } else if (msg?.type === 'WELCOME') {
        token = msg.token;
        return clock() - t0;
      } else if (msg?.type === 'REFUSED' && msg.reason === 'cookie') {
        cookie = null;
      }
      // As the client does: HELLO, then CONNECT, each every 250 ms until answered.
      if (clock() - sentAt >= 250) {
        sentAt = clock();
        if (cookie === null) send(makeHello());
        else send({ type: 'CONNECT', version: PROTOCOL_VERSION, cookie, name });
      }
      await Bun.sleep(1);
    }
    return null;
  } finally {
    if (token) for (let i = 0; i < 3; i++) send({ type: 'DISCONNECT', token });
    socket.close();
  }
}

/** A real player joins every second for `seconds`; join times in ms (null: not in 5 s). */
async function joinsDuring(port: number, seconds: number, tag: string) {
  const times: (number | null)[] = [];
  const until = clock() + seconds * 1000;
  let i = 0;
  while (clock() < until - 200) {
    const started = clock();
    // 127.2.0.1, 127.2.0.2, …: loopback addresses neither the bots nor the flood use.
    times.push(await joinOnce(port, `127.2.${tag === 'q' ? 0 : 1}.${i + 1}`, `${tag}${i}`));
    i++;
    await Bun.sleep(Math.max(0, 1000 - (clock() - started)));
  }
  const ok = times.filter((t): t is number => t !== null).sort((a, b) => a - b);
  return {
    joins: times.length,
    failed: times.length - ok.length,
    p50Ms: round(percentile(ok, 50)),
    maxMs: round(ok.at(-1) ?? 0),
  };
}

export async function benchFlood(o: FloodBenchOptions) {
  const override = process.env.HAUNTED_SERVER?.split(' ').filter(Boolean);
  const binary =
    override ??
    ((await Bun.file('dist/haunted').exists()) ? ['dist/haunted'] : ['bun', 'src/cli/main.ts']);
  const args = ['--tick', String(o.tick), '--max-players', String(o.bots + 1)];
  args.push('--countdown', '1', '--seek-time', String(o.warmup + 2 * o.seconds + 120));
  args.push('--name', 'bench', '--seed', '1');
  const server = await spawnBenchServer(binary, args);
  let runner: BotRunner | null = null;
  let sender: ReturnType<typeof Bun.spawn> | null = null;
  try {
    runner = await startBots({
      server: { address: '127.0.0.1', port: server.port },
      count: o.bots,
      seed: 1,
      clock,
      conditions: null,
      periodMs: 1,
    });
    const bots = runner.bots;
    const inGame = () => bots.every((b) => b.conn.latestSnapshot?.phase.kind === 'GAME');
    if (!(await waitFor(inGame, 20_000, clock))) throw new Error('the game did not start in 20 s');
    await Bun.sleep(o.warmup * 1000);

    const measure = async (tag: string) => {
      let joins: Promise<Awaited<ReturnType<typeof joinsDuring>>> | null = null;
      const window = await measureServerWindow(server, o.seconds, clock, {
        begin: () => {
          joins = joinsDuring(server.port, o.seconds, tag);
        },
        end: () => {},
      });
      return {
        serverCpuPercent: window.cpuPercent,
        machineStealPercent: window.stealPercent,
        tickMs: window.tickMs,
        tickStartMs: window.tickStartMs,
        serverDatagramsInPerSecond: window.traffic.datagramsIn,
        serverDatagramsOutPerSecond: window.traffic.datagramsOut,
        drops: window.drops,
        realPlayerJoin: await joins!,
      };
    };
    const quiet = await measure('q');

    sender = Bun.spawn(
      [
        process.execPath,
        `${import.meta.dir}/flood-sender.ts`,
        '--port',
        String(server.port),
        '--rate',
        String(o.rate),
        '--sources',
        String(o.sources),
        '--seconds',
        String(o.settle + o.seconds + 2),
      ],
      { stdout: 'pipe', stderr: 'inherit', stdin: 'ignore' },
    );
    const ready = await readLine(sender.stdout as ReadableStream<Uint8Array>);
    if (ready.first !== 'ready') throw new Error(`the flooder did not start: ${ready.first}`);
    // The flood reaches its rate; within about 4000 / 1000 s every flooding source has been
    // answered once and may no longer spend the global bucket's reserve (rate-limit.ts).
    await Bun.sleep(o.settle * 1000);
    const flooded = await measure('f');
    await sender.exited;
    const sent = JSON.parse((await ready.rest()).trim().split('\n').at(-1) ?? '{}');
    return {
      suite: 'flood',
      server: binary.join(' '),
      bots: o.bots,
      tickRate: o.tick,
      flood: {
        ratePerSecond: o.rate,
        sources: o.sources,
        sent: sent.sent,
        achievedPerSecond: sent.seconds ? Math.round(sent.sent / sent.seconds) : null,
      },
      seconds: o.seconds,
      settleSeconds: o.settle,
      warmupSeconds: o.warmup,
      withoutFlood: quiet,
      duringFlood: flooded,
      targets: {
        tickP99Ms: '≤ 1',
        tickStartP99Ms: '≤ 2',
        serverCpuPercent: '≤ 15 (beside the floor: a bare Bun socket receiving the same rate)',
        realPlayerJoinMs: '< 500',
      },
    };
  } finally {
    sender?.kill();
    await runner?.stop(300);
    await server.close();
  }
}

/** The first line a child prints, and a way to read the rest once it ends. */
async function readLine(stdout: ReadableStream<Uint8Array>) {
  const reader = stdout.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!text.includes('\n')) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  const [first = '', ...after] = text.split('\n');
  return {
    first: first.trim(),
    rest: async () => {
      let more = after.join('\n');
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return more;
        more += decoder.decode(value, { stream: true });
      }
    },
  };
}

export function parseFloodBenchArgs(argv: readonly string[]): FloodBenchOptions {
  const o: FloodBenchOptions = {
    rate: 20_000,
    settle: 5,
    sources: 4000,
    seconds: 10,
    warmup: 10,
    bots: 10,
    tick: 30,
  };
  const limits: Record<string, [keyof FloodBenchOptions, number, number]> = {
    '--rate': ['rate', 1, 100_000],
    '--sources': ['sources', 1, 16_000],
    '--settle': ['settle', 0, 60],
    '--seconds': ['seconds', 2, 120],
    '--warmup': ['warmup', 0, 600],
    '--bots': ['bots', 1, 64],
    '--tick': ['tick', 1, 120],
  };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i]!, argv[i + 1]];
    const limit = limits[flag];
    if (!limit) throw new Error(`unknown option ${flag} (${Object.keys(limits).join(', ')})`);
    const n = Number(value);
    if (value === undefined || !Number.isInteger(n) || n < limit[1] || n > limit[2])
      throw new Error(`${flag} needs a whole number in ${limit[1]}–${limit[2]}`);
    o[limit[0]] = n;
  }
  return o;
}
