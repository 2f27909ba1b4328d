/**
 * The authoritative game server (PROTOCOL.md §7) as its callers know it: an endpoint
 * (endpoint.ts: addresses, handshake, sessions, the clock and its batches), its directory of
 * rooms (directory.ts), and the default room (room.ts: the game), wired from one set of
 * options. What callers and tests read (`state`, `sessions`, `stats`…) is the endpoint's or the
 * default room's.
 */
import type { GameMap } from '../game/map.ts';
import { DEFAULT_MAP } from '../game/maps/index.ts';
import type { GameState, Rules } from '../game/state.ts';
import type { Address, Transport } from '../net/transport.ts';
import { PROTOCOL_VERSION } from '../protocol/index.ts';
import { DEFAULT_ROOM, ROOM_DEFAULTS, type RoomDirectory } from './directory.ts';
import { Endpoint } from './endpoint.ts';
import type { Connection } from './endpoint-host.ts';
import type { Logger } from './log.ts';
import type { CreationLimits, HandshakeLimits } from './rate-limit.ts';
import type { Room } from './room.ts';
import type { ServerStats } from './stats.ts';

export interface ServerOptions {
  readonly transport: Transport;
  /** The default room's map, and the default map of new rooms. */
  readonly map: GameMap;
  /** `map`'s id in the server's list of maps (ROOMLIST). @default 'classic' */
  readonly mapId?: string;
  /** The other maps a new room may use, by id (the built-in maps, say). @default none */
  readonly maps?: ReadonlyMap<string, GameMap>;
  /** Rooms opened at start besides the default room (`--rooms`); they never close when idle. */
  readonly rooms?: readonly { readonly name: string; readonly map?: string }[];
  /** Rooms at most, the default room included. @default 64 */
  readonly maxRooms?: number;
  /** Whether players may make rooms (`--create`). @default 'open' */
  readonly create?: 'open' | 'none';
  /** A room made by a player closes after this long without play, ms. @default 300000 */
  readonly roomIdleMs?: number;
  /** Uniform in [0, 1), for the rooms' codes. Default: a generator seeded with `seed`. */
  readonly random?: () => number;
  /** New rooms per address; the defaults are CREATION_LIMITS (3, then one every 20 s). */
  readonly creationLimits?: Partial<CreationLimits>;
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

export class GameServer {
  readonly options: ServerOptions;
  readonly endpoint: Endpoint;
  /** The default room: every CONNECT without a room joins it; it never closes. */
  readonly room: Room;

  /**
   * Throws when a map has fewer floor cells than `maxPlayers`, or a room of `rooms` cannot be
   * opened (a name twice, an unknown map, more than `maxRooms`): the CLI says so and exits.
   */
  constructor(options: ServerOptions) {
    this.options = options;
    const mapId = options.mapId ?? DEFAULT_MAP;
    const maps = new Map<string, GameMap>([[mapId, options.map]]);
    for (const [id, map] of options.maps ?? []) if (!maps.has(id)) maps.set(id, map);
    this.endpoint = new Endpoint({
      ...options,
      tickRate: options.rules.tickRate,
      rooms: {
        maps,
        rules: options.rules,
        maxPlayers: options.maxPlayers,
        seed: options.seed,
        maxRooms: options.maxRooms ?? ROOM_DEFAULTS.maxRooms,
        create: options.create ?? 'open',
        idleMs: options.roomIdleMs ?? ROOM_DEFAULTS.idleMs,
        ...(options.random ? { random: options.random } : {}),
        ...(options.creationLimits ? { creationLimits: options.creationLimits } : {}),
      },
    });
    const { directory } = this.endpoint;
    this.room = directory.create({
      name: DEFAULT_ROOM,
      map: options.map,
      mapId,
      rules: options.rules,
      maxPlayers: options.maxPlayers,
      seed: options.seed,
      logger: options.logger,
      stats: this.endpoint.stats,
      kept: true,
    });
    for (const wanted of options.rooms ?? []) {
      const room = directory.open(
        { name: wanted.name, map: wanted.map ?? null, kept: true },
        options.now,
      );
      if (typeof room === 'string') throw new Error(roomOpenError(wanted, room, [...maps.keys()]));
    }
    this.endpoint.listen();
  }

  get directory(): RoomDirectory {
    return this.endpoint.directory;
  }

  get state(): GameState {
    return this.room.state;
  }

  get stats(): ServerStats {
    return this.endpoint.stats;
  }

  /** Sessions by address key. */
  get sessions(): ReadonlyMap<string, Connection> {
    return this.endpoint.sessions;
  }

  /** Refuse new players (console `deaf`/`listen`). */
  get deaf(): boolean {
    return this.endpoint.deaf;
  }

  set deaf(deaf: boolean) {
    this.endpoint.deaf = deaf;
  }

  /** Bytes per second in and out over the last whole second. */
  get rates(): Endpoint['rates'] {
    return this.endpoint.rates;
  }

  get protocolVersion(): number {
    return PROTOCOL_VERSION;
  }

  get tickRate(): number {
    return this.options.rules.tickRate;
  }

  /** The earliest time the next tick may run (ms): the CLI's loop sleeps until then. */
  get nextTickTime(): number {
    return this.endpoint.nextTickTime;
  }

  /** True once `shutdown` ran and every CLOSING repeat has been sent. */
  get finished(): boolean {
    return this.endpoint.finished;
  }

  /** Player count: sessions of every room, joined or about to be. */
  get playerCount(): number {
    return this.endpoint.sessions.size;
  }

  /** One datagram from the network: decode, check, queue or answer. Never throws. */
  receive(data: Uint8Array, from: Address, now: number): void {
    this.endpoint.receive(data, from, now);
  }

  /** Runs every tick due by `now`, times out silent sessions, repeats CLOSING messages. */
  update(now: number): void {
    this.endpoint.update(now);
  }

  /**
   * Console `kick <name>`: ends the session of the player of that name in `room` (default: the
   * default room) and tells it, three times. False when there is none.
   */
  kick(name: string, now: number, room: Room = this.room): boolean {
    const session = this.endpoint.findSession(name, room);
    if (!session) return false;
    this.endpoint.kick(session, now);
    return true;
  }

  /** The session of the player of that name (any case) in `room` (default: the default room). */
  findSession(name: string, room: Room = this.room): Connection | undefined {
    return this.endpoint.findSession(name, room);
  }

  /** Console `close <room>`: its players are told; false for an unknown room or the default. */
  closeRoom(name: string, now: number): boolean {
    return this.endpoint.closeRoom(name, 'room-closed', now);
  }

  /** Stops the game: every client is told the server is closing, three times 100 ms apart. */
  shutdown(now: number): void {
    this.endpoint.shutdown(now);
  }
}

function roomOpenError(
  wanted: { name: string; map?: string },
  why: string,
  maps: readonly string[],
): string {
  switch (why) {
    case 'map-unknown':
      return `room ${wanted.name}: no map "${wanted.map}" (the maps: ${maps.join(', ')})`;
    case 'room-taken':
      return `room ${wanted.name} is named twice (names are compared without regard to case)`;
    case 'room-limit':
      return `more rooms than --max-rooms: room ${wanted.name} is one too many`;
    default:
      return `room ${wanted.name}: ${why}`;
  }
}
