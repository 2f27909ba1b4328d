/**
 * The public shapes of the client connection: its options with their defaults
 * (docs/PROTOCOL.md §13), its states, its events and its counters.
 */
import type { Address, Transport } from '../net/transport.ts';
import type { DropReason, GameEventWire, RefusalReason, RoomRequest } from '../protocol/index.ts';
import { DROP_REASONS } from '../protocol/index.ts';
import type { Snapshot } from './snapshots.ts';

/**
 * Where the connection stands (docs/PROTOCOL.md §7). `lost` covers the whole recovery after 5 s
 * of silence while playing (HELLO again, CONNECT, maybe the map) until it plays again or gives
 * up; `handshakeStep` tells which step it is at. `closed`, `closed-by-server`, `refused` and
 * `failed` are final.
 */
export type ConnectionState =
  | 'hello'
  | 'connecting'
  | 'loading'
  | 'playing'
  | 'lost'
  | 'disconnecting'
  | 'closed'
  | 'closed-by-server'
  | 'refused'
  | 'failed';

/** The protocol step the machine is at (`state` says `lost` for the first three while recovering). */
export type ConnectionStep = Exclude<ConnectionState, 'lost'>;

/**
 * Why the client did not get in: the server's REFUSED reason, or `name-empty`, the client's own
 * check (an empty name cannot travel in CONNECT, so no server ever says it).
 */
export type Refusal = RefusalReason | 'name-empty';

export const FINAL_STATES: ReadonlySet<ConnectionState> = new Set([
  'closed',
  'closed-by-server',
  'refused',
  'failed',
]);

/**
 * Why a received datagram was dropped: the codec's reasons, a sender other than the server, or
 * a message that does not fit the state (PROTOCOL §6, checks 7 and 8: `unexpected`).
 */
export type ClientDropReason = DropReason | 'wrong-sender' | 'unexpected';
export const CLIENT_DROP_REASONS: readonly ClientDropReason[] = [
  ...DROP_REASONS,
  'wrong-sender',
  'unexpected',
];

export interface ConnectionStats {
  datagramsIn: number;
  bytesIn: number;
  datagramsOut: number;
  bytesOut: number;
  /** Datagrams the transport refused to send (counted in datagramsOut too). */
  sendFailures: number;
  drops: Record<ClientDropReason, number>;
}

export function emptyStats(): ConnectionStats {
  const drops = Object.fromEntries(CLIENT_DROP_REASONS.map((r) => [r, 0])) as Record<
    ClientDropReason,
    number
  >;
  return { datagramsIn: 0, bytesIn: 0, datagramsOut: 0, bytesOut: 0, sendFailures: 0, drops };
}

export type ConnectionEvent =
  /** `state` or `detail` changed. */
  | { readonly type: 'state'; readonly state: ConnectionState; readonly detail: string }
  /** A snapshot was applied; it is the newest. */
  | { readonly type: 'snapshot'; readonly snapshot: Snapshot }
  /** A game event arrived (each once, in the server's order: catch, round start and end). */
  | { readonly type: 'game'; readonly event: GameEventWire }
  /** A roster version became complete. */
  | { readonly type: 'roster'; readonly version: number }
  /** A datagram was dropped (for a debug view: the reason is stable, the detail is for people). */
  | { readonly type: 'drop'; readonly reason: ClientDropReason; readonly detail: string };

/** Timers in ms; defaults from PROTOCOL §13. */
export interface ConnectionTimers {
  /** Resend HELLO, CONNECT and missing MAPREQs. @default 250 */
  resendMs: number;
  /** Give up a handshake step (or a stalled map download) without an answer. @default 5000 */
  giveUpMs: number;
  /** Resend DISCONNECT. @default 200 */
  disconnectResendMs: number;
  /** Stop waiting for DISCONNECTED. @default 1000 */
  disconnectLimitMs: number;
  /**
   * An INPUT when nothing was sent for this long: no entries, or the unacknowledged ones once
   * their copies went out. @default 500 (the server's 32 ticks of snapshot history must still
   * hold the acknowledged tick a round trip later)
   */
  keepAliveMs: number;
  /** Silence from the server after which a playing session is `lost`. @default 5000 */
  sessionTimeoutMs: number;
  /** How long `lost` keeps retrying from HELLO before `failed`. @default 30000 */
  lostRetryMs: number;
  /** Session PINGs while playing. @default 1000 */
  pingIntervalMs: number;
  /** A PING unanswered this long counts as lost. @default 2000 */
  pingTimeoutMs: number;
}

export const DEFAULT_TIMERS: Readonly<ConnectionTimers> = {
  resendMs: 250,
  giveUpMs: 5000,
  disconnectResendMs: 200,
  disconnectLimitMs: 1000,
  keepAliveMs: 500,
  sessionTimeoutMs: 5000,
  lostRetryMs: 30000,
  pingIntervalMs: 1000,
  pingTimeoutMs: 2000,
};

/** Restarts from HELLO in a row before `failed` (PROTOCOL §7). */
export const DEFAULT_MAX_RESTARTS = 3;

export interface ClientConnectionOptions extends Partial<ConnectionTimers> {
  transport: Transport;
  /** The server's address; datagrams from anywhere else are dropped (`wrong-sender`). */
  server: Address;
  /** The player's name as typed; the server judges it (only what cannot travel is refused here). */
  name: string;
  /**
   * The room to join, or to make (PROTOCOL.md §15), sent in CONNECT; absent: the server's
   * default room, as every client of before rooms.
   */
  room?: RoomRequest;
  /** The time of creation in ms: the first HELLO goes out at once. */
  now: number;
  /**
   * Restarts from HELLO in a row (NOSESSION, REFUSED cookie) before `failed`; reset by the
   * first snapshot of a session. @default 3
   */
  maxRestarts?: number;
  /** Whether to take the transport's datagram handler; false to call `receive` yourself. @default true */
  listen?: boolean;
  /** Called synchronously on every event (inside `update`, `receive`, `setInput`…). */
  onEvent?: (event: ConnectionEvent) => void;
}
