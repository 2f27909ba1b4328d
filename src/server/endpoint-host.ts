/**
 * What the datagram handlers (handlers.ts, handshake.ts) need of the endpoint (endpoint.ts): its
 * sessions, its limits and its sends. An interface, so that the endpoint imports the handlers
 * and the handlers import nothing of the endpoint's class.
 */
import type { Address } from '../net/transport.ts';
import type { Message } from '../protocol/index.ts';
import type { CookieJar } from './cookie.ts';
import type { RoomDirectory } from './directory.ts';
import type { Logger } from './log.ts';
import type { CreationLimiter, HandshakeLimiter } from './rate-limit.ts';
import type { Room } from './room.ts';
import type { Session } from './session.ts';
import type { ServerStats } from './stats.ts';

/** A session and the room its player is in: what an address and token map to. */
export interface Connection extends Session {
  readonly room: Room;
}

export interface EndpointHost {
  readonly logger: Logger;
  readonly stats: ServerStats;
  /** Shown by `haunted ping`. */
  readonly serverName: string;
  /** The one clock's rate, ticks per second: every room's. */
  readonly tickRate: number;
  /** Refuse new players (console `deaf`/`listen`). */
  readonly deaf: boolean;
  /** Sessions by address key. */
  readonly sessions: ReadonlyMap<string, Connection>;
  readonly directory: RoomDirectory;
  /** Buckets of the sessionless datagrams (HELLO, CONNECT, PING -, ROOMS), before decoding. */
  readonly handshakeLimiter: HandshakeLimiter;
  /** New rooms per source IP (PROTOCOL.md §13). */
  readonly creationLimiter: CreationLimiter;
  /** Whether players may make rooms (`--create open`). */
  readonly createRooms: boolean;
  /** The challenge's cookies, the last two windows' remembered. */
  readonly cookies: CookieJar;
  send(msg: Message | Uint8Array, to: Address): void;
  /** A new session for `name` at `from`, its player seated in `room` (joining at the next tick). */
  openSession(room: Room, from: Address, key: string, name: string, now: number): Connection;
  /** Ends a session now (disconnect, timeout, kick); its player leaves at the next tick. */
  endSession(session: Connection): void;
  /** The session of the player named so (any case) in `room`: names are unique in a room. */
  findSession(name: string, room: Room): Connection | undefined;
}
