/**
 * `haunted ping <host>[:port] [--count N] [--interval S]`: asks a server how it is without
 * joining a game, like `ping` for the game. It sends the protocol's sessionless PING (`PING -`),
 * padded to 160 bytes so that the server's long PONG (name, protocol version, phase, players)
 * fits: the server answers statelessly and never with more bytes than the PING had
 * (PROTOCOL.md §8), so a server whose description does not fit answers with the short form,
 * and this says so. One line per answer or per ping left unanswered after the timeout, then
 * min/avg/max and loss; then the server's rooms, one line each (PROTOCOL.md §15: a ROOMS query
 * sent with the first PING, src/client/room-list.ts), unless the server is of before rooms (no
 * ROOMLIST within 1 s: nothing more is printed). Exit 0 when anything answered, 1 when nothing
 * did, 2 for a bad target or option.
 *
 * The CLI layer: the real clock (performance.now), the socket and SIGINT (Ctrl-C stops early and
 * still prints the summary) are met here. Each PING's stamp is a random base plus its sequence
 * number, which finds the ping an answer belongs to (an answer to another run's ping is not
 * mistaken for one); its send time is kept here, at the clock's full precision.
 */
import { randomInt } from 'node:crypto';
import { type ListedRoom, RoomList } from '../../client/room-list.ts';
import { parseTarget } from '../../client/target.ts';
import { type Address, addressKey } from '../../net/transport.ts';
import { anyAddressFor, createUdpTransport, resolveHost } from '../../net/udp.ts';
import { decode, encodeBytes, makePing, type PongMessage } from '../../protocol/index.ts';
import { type CliIO, EXIT } from '../cli-io.ts';

export interface PingOptions {
  /** PINGs to send, 1–1000. */
  count: number;
  /** Seconds between two PINGs (0.05–60). @default 1 */
  interval?: number;
  /** Seconds to wait for each answer before saying "no reply" (0.01–60). @default 2 */
  timeout?: number;
}

/** Size of each PING, bytes: the long PONG of a server with an ASCII name fits (PROTOCOL.md §8). */
export const PING_BYTES = 160;

const STAMP_RANGE = 2 ** 32;

/**
 * Pings `target` (`host[:port]`, port 9998 by default) `count` times and prints what answered.
 * Resolves to the exit code: 0 if any PING was answered, 1 if none was (or the socket could not
 * be opened, or the host not looked up), 2 for a bad target or option.
 */
export async function runPing(io: CliIO, target: string, opts: PingOptions): Promise<number> {
  const fail = (code: number, message: string) => {
    io.stderr(`haunted ping: ${message}\n`);
    return code;
  };
  const count = opts.count;
  const interval = opts.interval ?? 1;
  const timeout = opts.timeout ?? 2;
  if (!Number.isInteger(count) || count < 1 || count > 1000)
    return fail(EXIT.usage, `--count: expected 1 to 1000, got ${count}`);
  if (!(interval >= 0.05 && interval <= 60))
    return fail(EXIT.usage, `--interval: expected 0.05 to 60 seconds, got ${interval}`);
  if (!(timeout >= 0.01 && timeout <= 60))
    return fail(EXIT.usage, `timeout: expected 0.01 to 60 seconds, got ${timeout}`);

  const parsed = parseTarget(target);
  if ('error' in parsed) {
    const why = target.includes('/') ? ' (haunted ping lists every room of the server)' : '';
    return fail(EXIT.usage, `${parsed.error}${why}`);
  }
  let ip: string;
  try {
    ip = await resolveHost(parsed.host);
  } catch (err) {
    // No cause: the name itself is malformed (a usage error); with one, the lookup failed.
    const e = err as Error;
    return fail(e.cause === undefined ? EXIT.usage : EXIT.failure, e.message);
  }
  const server: Address = { address: ip, port: parsed.port };
  const shown = addressKey({ address: parsed.host, port: parsed.port });
  const serverKey = addressKey(server);

  const clock = () => performance.now();
  let refused = false;
  let transport: Awaited<ReturnType<typeof createUdpTransport>>;
  try {
    transport = await createUdpTransport({
      host: anyAddressFor(ip),
      port: 0,
      clock,
      onError: (e) => {
        if ((e as { code?: unknown }).code === 'ECONNREFUSED') refused = true;
      },
    });
  } catch (err) {
    return fail(EXIT.failure, (err as Error).message);
  }

  io.stdout(
    `pinging ${shown}${shown === serverKey ? '' : ` (${serverKey})`} with ${PING_BYTES}-byte PINGs\n`,
  );

  const base = randomInt(0, STAMP_RANGE);
  /** Send time of each PING by sequence number (1-based; index 0 unused). */
  const sentAt: number[] = [0];
  /** Settled: answered or given up on. */
  const settled: boolean[] = [true];
  const rtts: number[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const after = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };

  // The room list, asked with the first PING so that its answer is in by the summary.
  const rooms = new RoomList({ transport, server, now: clock(), listen: false });
  const roomTimer = setInterval(() => rooms.update(clock()), 20);
  /** Resolves once the room list is in or given up (a server of before rooms: 1 s). */
  const roomsSettled = () =>
    new Promise<void>((settle) => {
      const check = () => (rooms.busy ? setTimeout(check, 20) : settle());
      check();
    });

  return new Promise<number>((resolve) => {
    let done = false;
    const finish = async (): Promise<void> => {
      if (done) return;
      done = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      process.off('SIGINT', finish);
      if (rtts.length > 0) await roomsSettled();
      clearInterval(roomTimer);
      transport.close();
      const sent = sentAt.length - 1;
      const received = rtts.length;
      const loss = sent === 0 ? 0 : Math.round((100 * (sent - received)) / sent);
      let summary = `${sent} sent, ${received} received, ${loss}% loss`;
      if (received > 0) {
        const min = Math.min(...rtts);
        const max = Math.max(...rtts);
        const avg = rtts.reduce((s, r) => s + r, 0) / received;
        summary += `; round trip min/avg/max = ${fmtMs(min)}/${fmtMs(avg)}/${fmtMs(max)} ms`;
      }
      io.stdout(`${summary}\n`);
      if (rooms.state === 'listed') io.stdout(roomLines(rooms));
      if (received > 0) return resolve(EXIT.ok);
      const why = refused ? ' (this machine says nothing listens on that port)' : '';
      resolve(fail(EXIT.failure, `no answer from ${shown}: is a server running there?${why}`));
    };
    const settle = (seq: number) => {
      settled[seq] = true;
      if (sentAt.length - 1 === count && settled.every(Boolean)) void finish();
    };

    transport.onDatagram((data, from, now) => {
      if (!sameAddress(from, server) || rooms.receive(data, server, now) || done) return;
      const d = decode(data, 'client');
      if (!d.ok || d.msg.type !== 'PONG') return;
      const seq = (d.msg.stamp - base + STAMP_RANGE) % STAMP_RANGE;
      // Not one of ours, or already answered (a duplicate) or given up on (too late).
      if (seq < 1 || seq >= sentAt.length || settled[seq]) return;
      const rtt = now - sentAt[seq]!;
      rtts.push(rtt);
      io.stdout(
        `reply from ${addressKey(from)}: seq=${seq} time=${fmtMs(rtt)} ms  ${about(d.msg)}\n`,
      );
      settle(seq);
    });

    const sendNext = () => {
      const seq = sentAt.length;
      const bytes = encodeBytes(makePing(null, (base + seq) % STAMP_RANGE, PING_BYTES));
      sentAt.push(clock());
      settled.push(false);
      // A datagram the socket refused is simply never answered: the timeout reports it.
      transport.send(bytes, server);
      after(timeout * 1000, () => {
        if (settled[seq]) return;
        io.stdout(`no reply (seq ${seq})\n`);
        settle(seq);
      });
      if (seq < count) after(interval * 1000, sendNext);
    };
    process.on('SIGINT', finish);
    sendNext();
  });
}

/** What the PONG said about the server: all of it in the long form, the short form's reason. */
function about(pong: PongMessage): string {
  const i = pong.info;
  if (i === null) return `(no description: it does not fit in a ${PING_BYTES}-byte answer)`;
  const closed = i.access === 'closed' ? ', not accepting new players' : '';
  return `${JSON.stringify(i.serverName)} v${i.version}, ${i.phase}, ${i.players}/${i.maxPlayers} players${closed}`;
}

/**
 * The rooms, one line each in aligned columns, under a line saying how many and whether
 * players may make new ones: `  K7QX     classic  lobby  2/10  open`.
 */
export function roomLines(list: Pick<RoomList, 'rooms' | 'total' | 'maps' | 'partial'>): string {
  const n = list.total;
  const making =
    list.maps === null ? 'players cannot make rooms' : `new rooms on ${list.maps.join(', ')}`;
  const head = `${n} ${n === 1 ? 'room' : 'rooms'} (${making})${list.partial ? `, ${list.rooms.length} listed (a page went unanswered)` : ''}:`;
  const cells = list.rooms.map((r: ListedRoom) => [
    r.name,
    r.map,
    r.phase,
    `${r.players}/${r.maxPlayers}`,
    r.access,
  ]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...cells.map((c) => c[i]!.length)));
  const rows = cells.map(
    (c) => `  ${c.map((cell, i) => (i < 4 ? cell.padEnd(widths[i]!) : cell)).join('  ')}`,
  );
  return `${[head, ...rows].join('\n')}\n`;
}

/** A round trip as ping shows it: about three significant digits. */
function fmtMs(ms: number): string {
  return ms < 1 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0);
}

/** Same endpoint, an IPv4-mapped IPv6 address (::ffff:1.2.3.4) counting as its IPv4 one. */
function sameAddress(a: Address, b: Address): boolean {
  const plain = (s: string) => s.replace(/^::ffff:/i, '').toLowerCase();
  return a.port === b.port && plain(a.address) === plain(b.address);
}
