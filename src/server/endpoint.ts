/**
 * The server's endpoint (PROTOCOL.md §6, §7, §13), as netcode.io's connection layer: the
 * transport, the addresses, the handshake, the cookies and session tokens, the rate limits, the
 * timeouts, CLOSING, and the one fixed-step clock that ticks every room of its directory and
 * sends each tick's datagrams in one batch. It maps an address and token to (room, player id);
 * the rooms (room.ts) own the games and reach their players through it by id.
 * `receive` only decodes, checks and queues; `update(now)` runs the ticks that are due. Time is
 * a parameter: the CLI passes the real clock, tests a simulated one.
 */

import { type Address, addressKey, type Transport } from '../net/transport.ts';
import { encodeBytes, type Message } from '../protocol/index.ts';
import { ClosingRepeats } from './closing.ts';
import { CookieJar } from './cookie.ts';
import { ROOM_DEFAULTS, RoomDirectory, type RoomsOptions } from './directory.ts';
import type { Connection, EndpointHost } from './endpoint-host.ts';
import { handleDatagram } from './handlers.ts';
import type { Logger } from './log.ts';
import { CreationLimiter, HandshakeLimiter, type HandshakeLimits } from './rate-limit.ts';
import type { Outbox, Room } from './room.ts';
import { createSession } from './session.ts';
import { LATENESS_SHIFT_MS, ServerStats } from './stats.ts';

export interface EndpointOptions {
  readonly transport: Transport;
  /** Ticks per second of the one clock: every room's. */
  readonly tickRate: number;
  /** A session silent this long is dropped, ms. @default 5000 */
  readonly timeoutMs: number;
  /** Shown by `haunted ping`. */
  readonly name: string;
  /** Key of the challenge cookies (random per run). */
  readonly secret: Uint8Array;
  /** A fresh random session token: 16 lower-case hex characters. */
  readonly randomToken: () => string;
  readonly logger: Logger;
  /** The time the server starts, ms. */
  readonly now: number;
  /** A fine clock (ms) used only to measure tick durations; optional. */
  readonly measure?: () => number;
  /** A tick may run this long before its time, ms (ServerOptions.tickEarlyMs). @default 0 */
  readonly tickEarlyMs?: number;
  /** The handshake's rate limits (PROTOCOL.md §6); the defaults are HANDSHAKE_LIMITS. */
  readonly handshakeLimits?: Partial<HandshakeLimits>;
  /** What rooms are made of; without it, the directory cannot make rooms from requests. */
  readonly rooms?: RoomsOptions;
}

/** What a pair of the batch pool holds between ticks. */
const NO_BYTES = new Uint8Array(0);

/** Further behind than this (a suspended process), the clock jumps instead of catching up. */
const MAX_CATCH_UP_MS = 1000;

export class Endpoint implements EndpointHost {
  readonly stats = new ServerStats();
  readonly logger: Logger;
  readonly serverName: string;
  readonly tickRate: number;
  deaf = false;
  readonly sessions = new Map<string, Connection>();
  readonly directory: RoomDirectory;
  readonly handshakeLimiter: HandshakeLimiter;
  readonly creationLimiter: CreationLimiter;
  readonly cookies: CookieJar;
  /** Whether players may make rooms (`CONNECT … new:…`). */
  readonly createRooms: boolean;
  /** A room not kept closes after this long without play, ms. */
  readonly roomIdleMs: number;
  /** Bytes per second in and out over the last whole second. */
  rates = { bytesIn: 0, bytesOut: 0, datagramsIn: 0, datagramsOut: 0 };
  private readonly options: EndpointOptions;
  /** Each room's players by id (by room key): how its outbox finds their addresses. */
  private readonly seats = new Map<string, Map<number, Connection>>();
  private readonly closing = new ClosingRepeats();
  /**
   * While a tick runs (`batching`), its datagrams wait here to go out in one batch at its end:
   * the first `batch.length` pairs of `pairs`. Both are reused tick after tick (a pair and a
   * grown array per datagram per tick were garbage), and emptied after each send.
   */
  private readonly batch: [Uint8Array, Address][] = [];
  private readonly pairs: [Uint8Array, Address][] = [];
  private batching = false;
  private readonly periodMs: number;
  private nextTickAt: number;
  private readonly earlyMs: number;
  private stopped = false;
  private rateWindow: {
    at: number;
    bytesIn: number;
    bytesOut: number;
    datagramsIn: number;
    datagramsOut: number;
  };

  constructor(options: EndpointOptions) {
    this.options = options;
    this.logger = options.logger;
    this.serverName = options.name;
    this.tickRate = options.tickRate;
    this.handshakeLimiter = new HandshakeLimiter(options.now, options.handshakeLimits);
    this.cookies = new CookieJar(options.secret);
    const rooms = options.rooms;
    this.creationLimiter = new CreationLimiter(options.now, rooms?.creationLimits);
    this.createRooms = rooms !== undefined && rooms.create !== 'none';
    this.roomIdleMs = rooms?.idleMs ?? ROOM_DEFAULTS.idleMs;
    this.directory = new RoomDirectory(
      (key) => this.outboxFor(key),
      rooms && {
        maps: rooms.maps,
        rules: rooms.rules,
        maxPlayers: rooms.maxPlayers,
        seed: rooms.seed,
        logger: options.logger,
        stats: this.stats,
      },
      rooms?.random,
      rooms?.maxRooms ?? ROOM_DEFAULTS.maxRooms,
    );
    this.periodMs = 1000 / options.tickRate;
    this.nextTickAt = options.now;
    this.earlyMs = options.tickEarlyMs ?? 0;
    this.rateWindow = { at: options.now, bytesIn: 0, bytesOut: 0, datagramsIn: 0, datagramsOut: 0 };
  }

  /** Starts taking datagrams: after the rooms are made, so a failed start hears nothing. */
  listen(): void {
    this.options.transport.onDatagram((data, from, now) => this.receive(data, from, now));
  }

  /** The earliest time the next tick may run (ms): the CLI's loop sleeps until then. */
  get nextTickTime(): number {
    return this.nextTickAt - this.earlyMs;
  }

  /** True once `shutdown` ran and every CLOSING repeat has been sent. */
  get finished(): boolean {
    return this.stopped && this.closing.empty;
  }

  /** One datagram from the network: decode, check, queue or answer. Never throws. */
  receive(data: Uint8Array, from: Address, now: number): void {
    if (this.stopped) return;
    const t = this.stats.traffic;
    t.datagramsIn++;
    t.bytesIn += data.length;
    handleDatagram(this, data, from, now);
  }

  send(msg: Message | Uint8Array, to: Address): void {
    const bytes = msg instanceof Uint8Array ? msg : encodeBytes(msg);
    const t = this.stats.traffic;
    t.datagramsOut++;
    t.bytesOut += bytes.length;
    if (bytes.length > this.stats.largestOut) this.stats.largestOut = bytes.length;
    if (this.logger.debugEnabled) {
      this.logger.debug(`out ${addressKey(to)} ${new TextDecoder().decode(bytes)}`);
    }
    if (this.batching) this.queue(bytes, to);
    else this.options.transport.send(bytes, to);
  }

  openSession(room: Room, from: Address, key: string, name: string, now: number): Connection {
    const session: Connection = Object.assign(
      createSession(
        this.options.randomToken(),
        room.allocateId(),
        from,
        key,
        name,
        now,
        this.tickRate,
      ),
      { room },
    );
    this.sessions.set(key, session);
    this.seats.get(room.key)?.set(session.id, session);
    room.join(session);
    return session;
  }

  endSession(session: Connection): void {
    if (this.sessions.get(session.key) !== session) return;
    this.sessions.delete(session.key);
    this.seats.get(session.room.key)?.delete(session.id);
    session.room.leave(session.id);
  }

  /** The session of the player of that name (any case) in `room`: names are unique in a room. */
  findSession(name: string, room: Room): Connection | undefined {
    const member = room.findMember(name);
    return member && this.seats.get(room.key)?.get(member.id);
  }

  /** The sessions of players of that name (any case), one at most per room. */
  findSessions(name: string): Connection[] {
    const found: Connection[] = [];
    for (const room of this.directory.list()) {
      const session = this.findSession(name, room);
      if (session) found.push(session);
    }
    return found;
  }

  /** Room `room`'s sessions, in the order its players came. */
  sessionsOf(room: Room): Connection[] {
    return [...(this.seats.get(room.key)?.values() ?? [])];
  }

  /** Runs every tick due by `now`, times out silent sessions, repeats CLOSING messages. */
  update(now: number): void {
    if (!this.stopped) {
      if (now - this.nextTickAt > MAX_CATCH_UP_MS) {
        this.logger.event('clock-jump', { behindMs: Math.round(now - this.nextTickAt) });
        this.nextTickAt = now;
      }
      while (now >= this.nextTickAt - this.earlyMs) {
        this.stats.lateness.add(now - this.nextTickAt + LATENESS_SHIFT_MS);
        this.tick(now);
        this.nextTickAt += this.periodMs;
      }
      this.expireSessions(now);
      this.closeIdleRooms(now);
      this.measureRates(now);
    }
    this.closing.sendDue(now, (bytes, to) => this.send(bytes, to));
  }

  /** One fixed step of every room; all their datagrams leave in one batch. */
  private tick(now: number): void {
    const started = this.options.measure?.();
    this.batching = true;
    for (const room of this.directory.list()) room.tick(now);
    const sending = this.options.measure?.();
    const { batch } = this;
    this.options.transport.sendBatch(batch);
    this.batching = false;
    // Nothing kept alive until the next tick: the pairs let go of their datagrams.
    for (const pair of batch) pair[0] = NO_BYTES;
    batch.length = 0;
    if (started !== undefined) {
      const ended = this.options.measure!();
      this.stats.ticks.add(ended - started);
      this.stats.sends.add(ended - sending!);
    }
  }

  /** Puts a datagram in the tick's batch, in the next free pair of the pool. */
  private queue(bytes: Uint8Array, to: Address): void {
    const { batch, pairs } = this;
    const n = batch.length;
    let pair = pairs[n];
    if (pair === undefined) {
      pair = [bytes, to];
      pairs.push(pair);
    } else {
      pair[0] = bytes;
      pair[1] = to;
    }
    batch.push(pair);
  }

  /** The outbox of the room of key `key`: its player ids to their sessions' addresses. */
  private outboxFor(key: string): Outbox {
    const seats = new Map<number, Connection>();
    this.seats.set(key, seats);
    return {
      send: (id, bytes) => {
        const session = seats.get(id);
        if (session) this.send(bytes, session.address);
      },
      close: (id) => {
        const session = seats.get(id);
        if (!session) return;
        seats.delete(id);
        this.sessions.delete(session.key);
        this.send({ type: 'CLOSING', reason: 'kicked' }, session.address);
      },
    };
  }

  private expireSessions(now: number): void {
    // Deleting the entry being visited is safe in a Map's for-of.
    for (const session of this.sessions.values()) {
      if (now - session.lastHeard <= this.options.timeoutMs) continue;
      this.endSession(session);
      this.send({ type: 'CLOSING', reason: 'timeout' }, session.address);
      this.logger.event('timeout', {
        room: session.room.name,
        name: session.name,
        addr: session.key,
      });
    }
  }

  private measureRates(now: number): void {
    const w = this.rateWindow;
    const elapsed = now - w.at;
    if (elapsed < 1000) return;
    const t = this.stats.traffic;
    const per = 1000 / elapsed;
    this.rates = {
      bytesIn: (t.bytesIn - w.bytesIn) * per,
      bytesOut: (t.bytesOut - w.bytesOut) * per,
      datagramsIn: (t.datagramsIn - w.datagramsIn) * per,
      datagramsOut: (t.datagramsOut - w.datagramsOut) * per,
    };
    this.rateWindow = { at: now, ...t };
    this.logger.flush();
  }

  /**
   * Closes a room other than the default room (console `close`, or idle): its players are told
   * `reason` three times, 100 ms apart, and their sessions end; its name answers `room-closed`
   * for a minute. Between ticks only (never from inside a room's tick): no other room changes.
   * Returns false for an unknown name or the default room.
   */
  closeRoom(name: string, reason: 'room-closed' | 'room-idle', now: number): boolean {
    const room = this.directory.close(name, now);
    if (room === null) return false;
    const seats = this.seats.get(room.key);
    this.seats.delete(room.key);
    const players = seats?.size ?? 0;
    for (const session of seats?.values() ?? []) {
      if (this.sessions.get(session.key) === session) this.sessions.delete(session.key);
      this.closing.add(session.address, reason, now);
    }
    this.logger.event('room-close', {
      room: room.name,
      why: reason === 'room-idle' ? 'idle' : 'console',
      players,
      ticks: room.state.tick,
    });
    return true;
  }

  /** Rooms not kept whose players have not played for --room-idle close (PROTOCOL.md §15). */
  private closeIdleRooms(now: number): void {
    let idle: Room[] | null = null;
    const limit = this.roomIdleMs / 1000;
    for (const room of this.directory.list()) {
      if (room.kept || !room.idleFor(limit)) continue;
      idle ??= [];
      idle.push(room);
    }
    // Closed after the walk: the directory is never changed while it is iterated.
    if (idle !== null) for (const room of idle) this.closeRoom(room.name, 'room-idle', now);
  }

  /** Console `kick <name> [room]`: ends that player's session and tells it, three times. */
  kick(session: Connection, now: number): void {
    this.endSession(session);
    this.closing.add(session.address, 'kicked', now);
    this.logger.event('kick', { room: session.room.name, name: session.name, addr: session.key });
  }

  /** Stops every room: every client is told the server is closing, three times 100 ms apart. */
  shutdown(now: number): void {
    if (this.stopped) return;
    for (const session of this.sessions.values())
      this.closing.add(session.address, 'shutdown', now);
    this.sessions.clear();
    this.stopped = true;
    this.logger.event('shutdown', { tick: this.directory.defaultRoom.state.tick });
  }
}
