/**
 * `bun run bench list-server [--servers 1000] [--rate 10000] [--seconds 10] [--clients 4]`:
 * the list server's throughput. A child process runs the list server's code
 * (bench/list-server-child.ts); `--servers` game servers register with it as `haunted serve
 * --announce` does (one UDP socket each, challenge answered); then `--clients` sockets send LIST
 * queries padded to 1200 bytes (whole pages) at `--rate` a second in all, for `--seconds`. The
 * figures: answers a second, the child's CPU % of one core (from /proc), CPU µs per query.
 * Sender and list server share the machine's cores: on 2 cores each has about one. Queries
 * not answered are counted by the kernel as receive-buffer drops (`receiveBufferDrops`, from
 * /proc/net/snmp, machine-wide) when the list server waited for a core.
 */
import { readFileSync } from 'node:fs';
import { cpuSeconds, listeningPort } from '../src/bench/server-bench.ts';
import { createUdpTransport, type UdpTransport } from '../src/net/udp.ts';
import { decodeList, encodeList, NO_FILTERS, paddedList } from '../src/protocol/codec-list.ts';
import { Announcer, withAnnouncer } from '../src/server/announcer.ts';
import { createLogger } from '../src/server/log.ts';

export interface ListBenchOptions {
  servers: number;
  rate: number;
  seconds: number;
  clients: number;
}

export function parseListBenchArgs(argv: readonly string[]): ListBenchOptions {
  const o: ListBenchOptions = { servers: 1000, rate: 10_000, seconds: 10, clients: 4 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]?.replace(/^--/, '') as keyof ListBenchOptions;
    const value = Number(argv[i + 1]);
    if (!(key in o) || !Number.isFinite(value) || value <= 0) {
      throw new Error(`bad option ${argv[i]} ${argv[i + 1] ?? ''}`);
    }
    o[key] = Math.floor(value);
  }
  return o;
}

/** The machine's UDP receive-buffer drops so far (/proc/net/snmp), or null. */
function rcvbufErrors(): number | null {
  try {
    const lines = readFileSync('/proc/net/snmp', 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('Udp:'));
    const [head, values] = lines.map((l) => l.split(/\s+/));
    const i = head?.indexOf('RcvbufErrors') ?? -1;
    return i > 0 ? Number(values?.[i]) : null;
  } catch {
    return null;
  }
}

const clock = () => performance.now();
const logger = createLogger({ format: 'text', sinks: [], wallClock: Date.now });

export async function benchListServer(o: ListBenchOptions) {
  const proc = Bun.spawn([process.execPath, `${import.meta.dir}/list-server-child.ts`], {
    stdout: 'pipe',
    stderr: 'pipe',
    stdin: 'ignore',
  });
  const sockets: UdpTransport[] = [];
  try {
    const port = await listeningPort(proc.stdout);
    if (typeof port === 'string') throw new Error(`the list server did not start: ${port}`);
    const target = { address: '127.0.0.1', port };

    // Registration, as --announce does it, paced (the receive buffer is small: PLATFORM.md).
    const t0 = clock();
    for (let i = 0; i < o.servers; i++) {
      const udp = await createUdpTransport({ host: '127.0.0.1', port: 0, clock });
      sockets.push(udp);
      const info = {
        name: `bench ${i}`,
        map: i % 3 ? 'classic' : 'grand',
        players: i % 11,
        maxPlayers: 10,
        rooms: 1 + (i % 4),
      };
      const announcer = new Announcer({ targets: [target], logger, info: () => info }, clock());
      const t = withAnnouncer(udp, announcer);
      t.onDatagram(() => {});
      announcer.update(clock());
      if (i % 50 === 49) await Bun.sleep(5);
    }
    await Bun.sleep(300);
    const registerMs = clock() - t0;

    // Queries.
    const clients: UdpTransport[] = [];
    let answers = 0;
    let answerBytes = 0;
    let serversSeen = 0;
    for (let i = 0; i < o.clients; i++) {
      const c = await createUdpTransport({ host: '127.0.0.1', port: 0, clock });
      c.onDatagram((data) => {
        answers++;
        answerBytes += data.length;
        if (answers === 1) {
          const d = decodeList(data);
          if (d.ok && d.msg.type === 'SERVERS') serversSeen = d.msg.total;
        }
      });
      clients.push(c);
      sockets.push(c);
    }
    const query = new TextEncoder().encode(
      encodeList(paddedList({ stamp: 1, from: 0, filters: NO_FILTERS })),
    );
    const cpu0 = cpuSeconds(proc.pid);
    const drops0 = rcvbufErrors();
    const start = clock();
    let sent = 0;
    while (clock() - start < o.seconds * 1000) {
      const due = Math.floor(((clock() - start) / 1000) * o.rate);
      while (sent < due) {
        clients[sent % clients.length]!.send(query, target);
        sent++;
      }
      await Bun.sleep(1);
    }
    await Bun.sleep(200);
    const elapsed = (clock() - start) / 1000;
    const cpu1 = cpuSeconds(proc.pid);
    const drops1 = rcvbufErrors();
    const cpuPct = cpu0 === null || cpu1 === null ? null : (100 * (cpu1 - cpu0)) / elapsed;
    const perSecond = answers / o.seconds;
    return {
      what: 'list server: LIST queries padded to 1200 B from 127.0.0.1, with servers registered through the challenge',
      servers: o.servers,
      listedTotalInAnswers: serversSeen,
      registerMs: Math.round(registerMs),
      queriesSent: sent,
      answers,
      answersPerSecond: Math.round(perSecond),
      receiveBufferDrops: drops0 === null || drops1 === null ? null : drops1 - drops0,
      meanAnswerBytes: Math.round(answerBytes / Math.max(1, answers)),
      listServerCpuPercentOfOneCore: cpuPct === null ? null : Math.round(cpuPct * 10) / 10,
      cpuMicrosecondsPerQuery:
        cpuPct === null || answers === 0
          ? null
          : Math.round(((cpuPct / 100) * elapsed * 1e6) / answers),
    };
  } finally {
    for (const s of sockets) s.close();
    proc.kill();
  }
}
