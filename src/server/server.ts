/**
 * The authoritative game server (PROTOCOL.md §7): one transport, one game, a fixed tick.
 * `receive` only decodes, checks and queues (and answers the handshake, which touches no game
 * state); `update(now)` runs the ticks that are due, and only a tick changes the game. Time is
 * a parameter: the CLI passes the real clock, tests a simulated one.
 */
import { type GameMap, mapRows } from '../game/map.ts';
import { addPlayer, type GameEvent, type PlayerInput, removePlayer, step } from '../game/rules.ts';
import { createSight, playersSeenBy, type Sight, updateSight } from '../game/sight.ts';
import { createGame, findPlayer, type GameState, type Player, type Rules } from '../game/state.ts';
import { type Address, addressKey, type Transport } from '../net/transport.ts';
import {
  encodeBytes,
  type Message,
  mapChecksum,
  PROTOCOL_VERSION,
  splitMapIntoChunks,
} from '../protocol/index.ts';
import { SnapWriter } from '../protocol/snap-writer.ts';
import { CookieJar } from './cookie.ts';
import { GameEventsOut } from './game-events.ts';
import { handleDatagram } from './handlers.ts';
import type { Logger } from './log.ts';
import { HandshakeLimiter, type HandshakeLimits } from './rate-limit.ts';
import { Roster } from './roster.ts';
import { type Session, takeDueInputs } from './session.ts';
import { wirePhase, writeSnapshot } from './snapshots.ts';
import { LATENESS_SHIFT_MS, ServerStats } from './stats.ts';

export interface ServerOptions {
  readonly transport: Transport;
  readonly map: GameMap;
  readonly rules: Rules;
  /** @default 10 */
  readonly maxPlayers: number;
  /** A session silent this long is dropped, ms. @default 5000 */
  readonly timeoutMs: number;
  /** Shown by `haunted ping`. */
  readonly name: string;
  /** Key of the challenge cookies (random per run). */
  readonly secret: Uint8Array;
  /** A fresh random session token: 16 lower-case hex characters. */
  readonly randomToken: () => string;
  /** Seed of the game's generator (spawns, colours). */
  readonly seed: number;
  readonly logger: Logger;
  /** The time the server starts, ms. */
  readonly now: number;
  /** A fine clock (ms) used only to measure tick durations; optional. */
  readonly measure?: () => number;
  /**
   * A tick may run this long before its time, ms (0 by default: never early). Real timers wake
   * in whole milliseconds and a little late: woken at the tick's time, ticks ran 0.64 ms late
   * (median, this VM); woken and allowed half a millisecond early, 0.13 ms, from −0.4 to +0.6.
   * Every input then waits that much less for its tick. The ticks keep their fixed period.
   */
  readonly tickEarlyMs?: number;
  /** The handshake's rate limits (PROTOCOL.md §6); the defaults are HANDSHAKE_LIMITS. */
  readonly handshakeLimits?: Partial<HandshakeLimits>;
}

export const SERVER_DEFAULTS = { maxPlayers: 10, timeoutMs: 5000 } as const;

/** How often, and how many times, CLOSING is repeated (PROTOCOL.md §13). */
const CLOSING_REPEATS = 3;
const CLOSING_INTERVAL_MS = 100;
const ROSTER_RESEND_MS = 250;
/** Further behind than this (a suspended process), the clock jumps instead of catching up. */
const MAX_CATCH_UP_MS = 1000;

interface Closing {
  readonly to: Address;
  readonly bytes: Uint8Array;
  left: number;
  at: number;
}

export class GameServer {
  readonly state: GameState;
  readonly stats = new ServerStats();
  readonly options: ServerOptions;
  /** Refuse new players (console `deaf`/`listen`). */
  deaf = false;
  /** Sessions by address key. */
  readonly sessions = new Map<string, Session>();
  readonly pendingJoins: Session[] = [];
  readonly pendingLeaves: number[] = [];
  /** The map's MAP messages, encoded once. */
  readonly mapChunks: readonly Uint8Array[];
  readonly mapChecksum: string;
  readonly roster = new Roster();
  /** Buckets of the sessionless datagrams (HELLO, CONNECT, PING -), checked before decoding. */
  readonly handshakeLimiter: HandshakeLimiter;
  /** The challenge's cookies, the last two windows' remembered. */
  readonly cookies: CookieJar;
  /** Bytes per second in and out over the last whole second. */
  rates = { bytesIn: 0, bytesOut: 0, datagramsIn: 0, datagramsOut: 0 };
  private readonly sight: Sight;
  private readonly snapWriter = new SnapWriter();
  /** Work space of the tick: the due inputs by player id, the players one client sees. */
  private readonly inputs = new Map<number, PlayerInput[]>();
  private readonly seen: Player[] = [];
  private readonly closing: Closing[] = [];
  /** The rules' events of the tick on their way to the sessions (EVENTS). */
  private readonly gameEvents = new GameEventsOut();
  private readonly periodMs: number;
  private nextTickAt: number;
  private readonly earlyMs: number;
  private nextId = 1;
  private stopped = false;
  private rateWindow: {
    at: number;
    bytesIn: number;
    bytesOut: number;
    datagramsIn: number;
    datagramsOut: number;
  };

  /** Throws when the map has fewer floor cells than `maxPlayers`: the CLI says so and exits. */
  constructor(options: ServerOptions) {
    const floor = options.map.walls.length - options.map.walls.reduce((n, w) => n + w, 0);
    if (floor < options.maxPlayers) {
      throw new Error(
        `the map has room for ${floor} players, fewer than --max-players ${options.maxPlayers}`,
      );
    }
    this.options = options;
    this.handshakeLimiter = new HandshakeLimiter(options.now, options.handshakeLimits);
    this.cookies = new CookieJar(options.secret);
    this.state = createGame(options.map, options.rules, options.seed);
    this.sight = createSight(options.map);
    const rows = mapRows(options.map);
    this.mapChunks = splitMapIntoChunks(rows).map(encodeBytes);
    this.mapChecksum = mapChecksum(rows);
    this.periodMs = 1000 / options.rules.tickRate;
    this.nextTickAt = options.now;
    this.earlyMs = options.tickEarlyMs ?? 0;
    this.rateWindow = { at: options.now, bytesIn: 0, bytesOut: 0, datagramsIn: 0, datagramsOut: 0 };
    this.roster.update(this.state);
    options.transport.onDatagram((data, from, now) => this.receive(data, from, now));
  }

  get protocolVersion(): number {
    return PROTOCOL_VERSION;
  }

  get tickRate(): number {
    return this.options.rules.tickRate;
  }

  /** The earliest time the next tick may run (ms): the CLI's loop sleeps until then. */
  get nextTickTime(): number {
    return this.nextTickAt - this.earlyMs;
  }

  /** True once `shutdown` ran and every CLOSING repeat has been sent. */
  get finished(): boolean {
    return this.stopped && this.closing.length === 0;
  }

  /** Player count: sessions, joined or about to be. */
  get playerCount(): number {
    return this.sessions.size;
  }

  /** One datagram from the network: decode, check, queue or answer. Never throws. */
  receive(data: Uint8Array, from: Address, now: number): void {
    if (this.stopped) return;
    const t = this.stats.traffic;
    t.datagramsIn++;
    t.bytesIn += data.length;
    handleDatagram(this, data, from, now);
  }

  /** While a tick runs, its datagrams wait here to go out in one batch at its end. */
  private batch: [Uint8Array, Address][] | null = null;

  send(msg: Message | Uint8Array, to: Address): void {
    const bytes = msg instanceof Uint8Array ? msg : encodeBytes(msg);
    const t = this.stats.traffic;
    t.datagramsOut++;
    t.bytesOut += bytes.length;
    if (bytes.length > this.stats.largestOut) this.stats.largestOut = bytes.length;
    if (this.options.logger.debugEnabled) {
      this.options.logger.debug(`out ${addressKey(to)} ${new TextDecoder().decode(bytes)}`);
    }
    if (this.batch) this.batch.push([bytes, to]);
    else this.options.transport.send(bytes, to);
  }

  /** A new id, 1–65535, not used by any session. */
  allocateId(): number {
    for (;;) {
      const id = this.nextId;
      this.nextId = id >= 65535 ? 1 : id + 1;
      if (![...this.sessions.values()].some((s) => s.id === id)) return id;
    }
  }

  /** Ends a session now (disconnect, timeout, kick); its player leaves at the next tick. */
  endSession(session: Session): void {
    if (this.sessions.get(session.key) !== session) return;
    this.sessions.delete(session.key);
    const pending = this.pendingJoins.indexOf(session);
    if (pending >= 0) this.pendingJoins.splice(pending, 1);
    else this.pendingLeaves.push(session.id);
  }

  /** Runs every tick due by `now`, times out silent sessions, repeats CLOSING messages. */
  update(now: number): void {
    if (!this.stopped) {
      if (now - this.nextTickAt > MAX_CATCH_UP_MS) {
        this.options.logger.event('clock-jump', { behindMs: Math.round(now - this.nextTickAt) });
        this.nextTickAt = now;
      }
      while (now >= this.nextTickAt - this.earlyMs) {
        this.stats.lateness.add(now - this.nextTickAt + LATENESS_SHIFT_MS);
        this.tick(now);
        this.nextTickAt += this.periodMs;
      }
      this.expireSessions(now);
      this.measureRates(now);
    }
    for (let i = this.closing.length - 1; i >= 0; i--) {
      const c = this.closing[i]!;
      if (now < c.at) continue;
      this.send(c.bytes, c.to);
      c.left--;
      c.at = now + CLOSING_INTERVAL_MS;
      if (c.left <= 0) this.closing.splice(i, 1);
    }
  }

  /** One fixed step of the game, then every client's snapshot. */
  private tick(now: number): void {
    const started = this.options.measure?.();
    const { state, inputs } = this;
    this.batch = [];
    if (this.pendingLeaves.length > 0 || this.pendingJoins.length > 0) this.joinAndLeave();
    // Reused maps and arrays below: each tick runs on a core that slept for a whole period,
    // where every allocation (and the collection that follows) costs more than in a hot loop.
    inputs.clear();
    for (const session of this.sessions.values()) {
      const due = takeDueInputs(session, state.tick);
      if (due !== null) inputs.set(session.id, due);
    }
    const events = step(state, inputs);
    this.logGameEvents(events);
    // Rare (a catch, a round's start or end): nothing is made on other ticks.
    if (events.length > 0) this.gameEvents.note(events, state.tick - 1, state);
    const out = this.gameEvents;
    this.roster.update(state);
    updateSight(this.sight, state);
    // What every client's SNAP shares (tick, roster version, phase) is written once.
    this.snapWriter.beginTick(state.tick, this.roster.version, wirePhase(state));
    for (const session of this.sessions.values()) {
      const viewer = session.playing ? findPlayer(state, session.id) : undefined;
      if (!viewer) {
        if (out.pending.length > 0) this.stats.eventsDropped += out.deliver(session, null);
        continue;
      }
      const seen = playersSeenBy(this.sight, state, viewer, this.seen);
      this.send(writeSnapshot(this.snapWriter, session, state.tick, seen), session.address);
      if (out.pending.length > 0) this.stats.eventsDropped += out.deliver(session, seen);
      if (session.events.length > 0) {
        const bytes = session.events.due(now);
        if (bytes !== null) this.send(bytes, session.address);
      }
      if (
        session.rosterVersion !== this.roster.version &&
        now - session.rosterSentAt >= ROSTER_RESEND_MS
      ) {
        session.rosterSentAt = now;
        for (const part of this.roster.parts) this.send(part, session.address);
      }
    }
    out.clear();
    this.options.transport.sendBatch(this.batch);
    this.batch = null;
    if (started !== undefined) this.stats.ticks.add(this.options.measure!() - started);
  }

  /** The players whose sessions ended leave, those whose sessions began join. */
  private joinAndLeave(): void {
    const { state } = this;
    const events: GameEvent[] = [];
    for (const id of this.pendingLeaves.splice(0)) events.push(...removePlayer(state, id));
    // A hider who leaves during a round: the round's summary says so.
    for (const e of events) this.gameEvents.rounds.note(e, state.tick, state);
    for (const session of this.pendingJoins.splice(0)) {
      if (!addPlayer(state, session.id, session.name)) {
        this.options.logger.event('refuse', { name: session.name, reason: 'map-full' });
        this.sessions.delete(session.key);
        this.send({ type: 'CLOSING', reason: 'kicked' }, session.address);
      }
    }
    this.logGameEvents(events);
  }

  private logGameEvents(events: readonly GameEvent[]): void {
    const log = this.options.logger;
    for (const e of events) {
      switch (e.type) {
        case 'countdown-start':
          log.event('countdown', { players: this.state.players.length });
          break;
        case 'countdown-cancel':
          log.event('countdown-cancel', { why: e.why, name: e.name || null });
          break;
        case 'game-start':
          log.event('game-start', { seekers: e.seekers, hiders: e.hiders });
          break;
        case 'caught':
          log.event('catch', { seeker: e.seeker, hider: e.hider });
          break;
        case 'game-end':
          log.event('game-end', {
            winner: e.winner ?? 'none',
            reason: e.reason,
            seconds: Math.round(e.seconds),
          });
          break;
        case 'lobby':
          log.event('lobby');
          break;
        default:
          break; // joins and leaves are logged as connections, disconnections and timeouts
      }
    }
  }

  private expireSessions(now: number): void {
    // Deleting the entry being visited is safe in a Map's for-of.
    for (const session of this.sessions.values()) {
      if (now - session.lastHeard <= this.options.timeoutMs) continue;
      this.endSession(session);
      this.send({ type: 'CLOSING', reason: 'timeout' }, session.address);
      this.options.logger.event('timeout', { name: session.name, addr: session.key });
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
    this.options.logger.flush();
  }

  /** Console `kick <name>`: ends that player's session and tells it, three times. */
  kick(name: string, now: number): boolean {
    const session = this.findSession(name);
    if (!session) return false;
    this.endSession(session);
    this.repeatClosing(session.address, 'kicked', now);
    return true;
  }

  findSession(name: string): Session | undefined {
    const wanted = name.toLowerCase();
    return [...this.sessions.values()].find((s) => s.name.toLowerCase() === wanted);
  }

  /** Stops the game: every client is told the server is closing, three times 100 ms apart. */
  shutdown(now: number): void {
    if (this.stopped) return;
    for (const session of this.sessions.values())
      this.repeatClosing(session.address, 'shutdown', now);
    this.sessions.clear();
    this.stopped = true;
    this.options.logger.event('shutdown', { tick: this.state.tick });
  }

  private repeatClosing(to: Address, reason: 'shutdown' | 'kicked', now: number): void {
    this.closing.push({
      to,
      bytes: encodeBytes({ type: 'CLOSING', reason }),
      left: CLOSING_REPEATS,
      at: now,
    });
  }
}
