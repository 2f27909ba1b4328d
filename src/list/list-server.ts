/**
 * `haunted list-server`'s core (docs/LIST-SERVER.md): a master server that game servers announce
 * themselves to and clients query. Pure but for the transport it is given: time is a parameter
 * (`receive(…, now)`, `update(now)`), so the tests run it in simulated time.
 *
 * - A HEARTBEAT lists `<source IP>:<port>` (its `port` field, else its source port) only with a
 *   cookie that the list server sent to that very address (LCHALLENGE): nobody can list an
 *   address at which they do not receive. Without a valid cookie, the answer is a LCHALLENGE to
 *   the address to be listed, and nothing is stored.
 * - An entry expires after three heartbeat intervals without one (`update`).
 * - A reply is never larger than the datagram it answers (LIST is padded by the client to get
 *   full pages), and every source IP has its own token buckets for heartbeats and queries, with
 *   a global one behind them: a flood is dropped and counted, never amplified.
 * - Nothing is written to disk: after a restart, every server's next heartbeat is challenged
 *   (the cookies' secret is new) and re-listed at once, within one interval.
 */
import { type Address, addressKey, type Transport } from '../net/transport.ts';
import {
  decodeList,
  encodeList,
  formatListedServer,
  LIST_PROTOCOL_VERSION,
  type ListFilters,
  type ListMessage,
  type ServerInfo,
} from '../protocol/codec-list.ts';
import { CookieJar } from '../server/cookie.ts';
import type { Logger } from '../server/log.ts';
import { HandshakeLimiter, type HandshakeLimits } from '../server/rate-limit.ts';

export interface ListServerOptions {
  readonly transport: Transport;
  /** Key of the cookies (random at each start). */
  readonly secret: Uint8Array;
  readonly logger: Logger;
  readonly now: number;
  /** Seconds between heartbeats, told to each server in LISTED. @default 10 */
  readonly intervalSeconds?: number;
  /** Servers listed at most. @default 10000 */
  readonly maxServers?: number;
  /** Servers listed at most per source IP (many servers on one machine). @default 64 */
  readonly maxPerIp?: number;
  /** Heartbeat limits per source IP and for all. @default 2/s, burst 8; 2000/s global */
  readonly heartbeatLimits?: Partial<HandshakeLimits>;
  /** Query limits per source IP and for all. @default 20/s, burst 40; 20000/s global */
  readonly queryLimits?: Partial<HandshakeLimits>;
}

interface Entry {
  readonly address: string;
  readonly port: number;
  info: ServerInfo;
  /** The entry as its SERVERS token, made when a heartbeat changes it. */
  token: string;
  lastHeard: number;
}

export interface ListServerStats {
  heartbeats: number;
  challenges: number;
  listed: number;
  expired: number;
  queries: number;
  /** Dropped: undecodable, wrong type, rate-limited, full, reply larger than the query. */
  malformed: number;
  limited: number;
  full: number;
  tooSmall: number;
}

/** Heartbeats are missed this many times before an entry expires. */
export const MISSED_HEARTBEATS = 3;

const ENCODER = new TextEncoder();

export class ListServer {
  readonly intervalMs: number;
  readonly stats: ListServerStats = {
    heartbeats: 0,
    challenges: 0,
    listed: 0,
    expired: 0,
    queries: 0,
    malformed: 0,
    limited: 0,
    full: 0,
    tooSmall: 0,
  };
  private readonly entries = new Map<string, Entry>();
  private readonly perIp = new Map<string, number>();
  private readonly jar: CookieJar;
  private readonly heartbeatLimiter: HandshakeLimiter;
  private readonly queryLimiter: HandshakeLimiter;
  private readonly maxServers: number;
  private readonly maxPerIp: number;
  private readonly interval: number;

  constructor(private readonly options: ListServerOptions) {
    this.interval = options.intervalSeconds ?? 10;
    this.intervalMs = this.interval * 1000;
    this.maxServers = options.maxServers ?? 10_000;
    this.maxPerIp = options.maxPerIp ?? 64;
    this.jar = new CookieJar(options.secret);
    this.heartbeatLimiter = new HandshakeLimiter(options.now, {
      perIpRate: 2,
      perIpBurst: 8,
      globalRate: 2000,
      globalBurst: 2000,
      ...options.heartbeatLimits,
    });
    this.queryLimiter = new HandshakeLimiter(options.now, {
      perIpRate: 20,
      perIpBurst: 40,
      globalRate: 20_000,
      globalBurst: 20_000,
      ...options.queryLimits,
    });
    options.transport.onDatagram((data, from, now) => this.receive(data, from, now));
  }

  /** Servers listed now. */
  get size(): number {
    return this.entries.size;
  }

  /** The listed servers, in the order they were first listed. */
  list(): { address: string; port: number; info: ServerInfo; lastHeard: number }[] {
    return [...this.entries.values()].map((e) => ({ ...e }));
  }

  /** One datagram. Never throws; whatever is not answered is counted. */
  receive(data: Uint8Array, from: Address, now: number): void {
    // The type decides the bucket: read it before decoding the rest.
    const isList = data.length >= 5 && data[0] === 0x4c && data[1] === 0x49 && data[4] === 0x20;
    const limiter = isList ? this.queryLimiter : this.heartbeatLimiter;
    if (!limiter.allow(from.address, now)) {
      this.stats.limited++;
      return;
    }
    const d = decodeList(data);
    if (!d.ok) {
      this.stats.malformed++;
      return;
    }
    const m = d.msg;
    if (m.type === 'HEARTBEAT' && m.version === LIST_PROTOCOL_VERSION && !isList) {
      this.heartbeat(m, from, data.length, now);
    } else if (m.type === 'LIST' && m.version === LIST_PROTOCOL_VERSION && isList) {
      this.query(m.stamp, m.from, m.filters, from, data.length);
    } else {
      this.stats.malformed++;
    }
  }

  /** Removes the entries silent for three intervals; call it about once a second. */
  update(now: number): void {
    const limit = MISSED_HEARTBEATS * this.intervalMs;
    for (const [key, e] of this.entries) {
      if (now - e.lastHeard <= limit) continue;
      this.remove(key, e);
      this.stats.expired++;
      this.options.logger.event('expired', { server: key });
    }
  }

  private remove(key: string, e: Entry): void {
    this.entries.delete(key);
    const n = (this.perIp.get(e.address) ?? 1) - 1;
    if (n <= 0) this.perIp.delete(e.address);
    else this.perIp.set(e.address, n);
  }

  private reply(m: ListMessage, to: Address, limit: number): void {
    const bytes = ENCODER.encode(encodeList(m));
    if (bytes.length > limit) {
      this.stats.tooSmall++;
      return;
    }
    this.options.transport.send(bytes, to);
  }

  private heartbeat(
    m: Extract<ListMessage, { type: 'HEARTBEAT' }>,
    from: Address,
    size: number,
    now: number,
  ): void {
    this.stats.heartbeats++;
    const listed: Address = { address: from.address, port: m.port ?? from.port };
    const key = addressKey(listed);
    if (m.cookie === null || !this.jar.check(key, m.cookie, now)) {
      // To the address to be listed: only whoever receives there can send the cookie back.
      this.stats.challenges++;
      this.reply({ type: 'LCHALLENGE', cookie: this.jar.make(key, now) }, listed, size);
      return;
    }
    const info: ServerInfo = {
      name: m.name,
      map: m.map,
      players: m.players,
      maxPlayers: m.maxPlayers,
      rooms: m.rooms,
    };
    const token = formatListedServer({ ...listed, ...info });
    const entry = this.entries.get(key);
    if (entry) {
      entry.info = info;
      entry.token = token;
      entry.lastHeard = now;
    } else {
      const onIp = this.perIp.get(listed.address) ?? 0;
      if (this.entries.size >= this.maxServers || onIp >= this.maxPerIp) {
        this.stats.full++;
        return;
      }
      this.entries.set(key, { ...listed, info, token, lastHeard: now });
      this.perIp.set(listed.address, onIp + 1);
      this.stats.listed++;
      this.options.logger.event('listed', { server: key, name: info.name, map: info.map });
    }
    this.reply({ type: 'LISTED', interval: this.interval }, from, size);
  }

  private query(stamp: number, start: number, f: ListFilters, to: Address, size: number): void {
    this.stats.queries++;
    let text = `SERVERS ${stamp} ${start}`;
    const tokens: string[] = [];
    let total = 0;
    // Room for the head's total (at most 6 digits) and " END".
    let room = size - (text.length + 8 + 4);
    // Without filters every entry counts: once the page is full, the total is the size.
    const unfiltered = !f.notFull && !f.notEmpty && f.map === null;
    for (const e of this.entries.values()) {
      const i = e.info;
      if (f.notFull && i.players >= i.maxPlayers) continue;
      if (f.notEmpty && i.players === 0) continue;
      if (f.map !== null && i.map !== f.map) continue;
      if (total >= start && room >= e.token.length + 1) {
        // Names may hold non-ASCII (percent-encoded: the token is ASCII, length is bytes).
        tokens.push(e.token);
        room -= e.token.length + 1;
      } else if (total >= start) {
        if (unfiltered) {
          total = this.entries.size;
          break;
        }
        room = -1; // the page is full: later entries wait for the next page, in order
      }
      total++;
    }
    text += ` ${total}`;
    if (tokens.length > 0) text += ` ${tokens.join(' ')}`;
    text += ' END';
    if (text.length > size) {
      this.stats.tooSmall++;
      return;
    }
    this.options.transport.send(ENCODER.encode(text), to);
  }
}
