/**
 * The protocol's code words, as `as const` objects with derived union types, shared by the
 * server and the client.
 */

import { KEY } from '../game/movement.ts';

/** Message types, as the first token of a datagram; `C` client→server, `S` server→client. */
export const MESSAGE_DIRECTION = {
  HELLO: 'C',
  CHALLENGE: 'S',
  CONNECT: 'C',
  WELCOME: 'S',
  REFUSED: 'S',
  MAPREQ: 'C',
  MAP: 'S',
  INPUT: 'C',
  SNAP: 'S',
  ROSTER: 'S',
  EVENTS: 'S',
  PING: 'C',
  PONG: 'S',
  DISCONNECT: 'C',
  DISCONNECTED: 'S',
  CLOSING: 'S',
  NOSESSION: 'S',
  ROOMS: 'C',
  ROOMLIST: 'S',
} as const;
export type MessageType = keyof typeof MESSAGE_DIRECTION;
export const MESSAGE_TYPES = Object.keys(MESSAGE_DIRECTION) as MessageType[];

/** Who receives a datagram: the server gets `C` types, a client gets `S` types. */
export type Receiver = 'server' | 'client';

/**
 * Why a datagram was dropped, in the order a receiver checks (docs/PROTOCOL.md, "Order of
 * checks"). `decode` returns the first six; the server and the client count the others.
 */
export const DROP_REASONS = [
  'oversize',
  'not-utf8',
  'malformed',
  'unknown-type',
  'bad-field',
  'wrong-direction',
] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/** Drops decided after decoding, by the session logic (each counted like the decode reasons). */
export const SESSION_DROP_REASONS = [
  /** A token that matches no session of that address (answered with NOSESSION or dropped). */
  'no-session',
  /** A valid message that makes no sense in the receiver's state (e.g. WELCOME while playing). */
  'unexpected',
  /**
   * Over a rate limit: a session's INPUT, MAPREQ and PING beyond twice the tick rate, or a
   * sessionless HELLO, CONNECT or PING beyond its source's or the server's bucket.
   */
  'rate',
  /** A CONNECT whose cookie is not valid for its address now (answered REFUSED cookie). */
  'cookie',
  /** A reply that would have been larger than the datagram that caused it: not sent. */
  'amplification',
] as const;
export type SessionDropReason = (typeof SESSION_DROP_REASONS)[number];

/**
 * Why a server refuses a HELLO or CONNECT, with the words a client shows. No `name-empty`: a
 * CONNECT's name is 1–64 bytes (an empty token is malformed), so the server never sees one.
 */
export const REFUSAL_TEXT = {
  full: 'the server is full',
  'name-taken': 'that name is already taken',
  'name-too-long': 'the name is too long (at most 10 characters)',
  'name-bad-char': 'the name has a forbidden character (no space , ( ) : % or non-ASCII)',
  version: 'the server speaks another protocol version',
  closed: 'the server does not accept new players right now',
  cookie: 'the connection handshake expired; try again',
  'room-unknown': 'there is no room of that name on this server',
  'room-full': 'that room is full',
  'room-closed': 'that room has closed',
  'room-taken': 'a room of that name exists already',
  'room-limit': 'the server hosts as many rooms as it can; join one',
  'room-rate': 'too many new rooms from your address; try again in a minute',
  'no-create': 'this server does not let players make rooms; join one',
  'map-unknown': 'the server has no map of that name',
} as const;
export type RefusalReason = keyof typeof REFUSAL_TEXT;
export const REFUSAL_REASONS = Object.keys(REFUSAL_TEXT) as RefusalReason[];

/** Why a server ends a session, with the words a client shows. */
export const CLOSING_TEXT = {
  shutdown: 'the server is shutting down',
  kicked: 'you were kicked by the server',
  timeout: 'the server heard nothing from you for too long',
  'room-closed': 'the server closed your room',
  'room-idle': 'your room closed: nobody played in it for too long',
} as const;
export type ClosingReason = keyof typeof CLOSING_TEXT;
export const CLOSING_REASONS = Object.keys(CLOSING_TEXT) as ClosingReason[];

/**
 * Direction keys held during a tick, as a bit mask 0–15. On the wire `-` (none) or the letters
 * of the set bits in the order U D L R.
 */
export const KEY_BITS = { U: KEY.up, D: KEY.down, L: KEY.left, R: KEY.right } as const;
export type KeyLetter = keyof typeof KEY_BITS;
export const KEY_LETTERS = ['U', 'D', 'L', 'R'] as const satisfies readonly KeyLetter[];

/** The original's one-shot inputs (join seekers, join hiders, unassigned, toggle ready), as the rules name them. */
export { ACTIONS, type Action } from '../game/rules.ts';

/** Phases of the server's game, as SNAP writes them. */
export const PHASES = ['LOBBY', 'COUNTDOWN', 'GAME', 'END'] as const;
export type PhaseKind = (typeof PHASES)[number];

/** The same phases as PONG writes them (lower case, for people reading `haunted ping`). */
export const PONG_PHASES = ['lobby', 'countdown', 'game', 'end'] as const;
export type PongPhase = (typeof PONG_PHASES)[number];

/** Whether the server takes new players (the long PONG's and ROOMLIST's `access`): `closed` while deaf. */
export const PONG_ACCESS = ['open', 'closed'] as const;
export type PongAccess = (typeof PONG_ACCESS)[number];

/**
 * Why the last countdown was cancelled (SNAP's LOBBY notice): a named player un-readied, left,
 * joined or changed team (`<why>:<name>`), or a team became empty (the bare word `teams`).
 */
export const NOTICE_WHY = ['unready', 'left', 'joined', 'team'] as const;
export type NoticeWhy = (typeof NOTICE_WHY)[number];

/** Roster flags, written in this order: ready, caught, spectator (joined while a game ran). */
export const ROSTER_FLAGS = ['r', 'c', 's'] as const;

/** Map glyphs allowed in MAP rows (the canonical glyphs of src/game/map.ts's mapRows). */
export const MAP_ROW_GLYPHS = '#.*+RB';

/** How a round ended, as EVENTS' `end` writes it (the rules' EndReason). */
export const END_REASONS = [
  'time',
  'all-caught',
  'seekers-left',
  'hiders-left',
  'everybody-left',
] as const;
export type EndReasonWord = (typeof END_REASONS)[number];

/** What became of a hider in a round (EVENTS' `hider`), besides a catcher's id. */
export const HIDER_OUTCOMES = ['safe', 'left'] as const;
export type HiderOutcomeWord = (typeof HIDER_OUTCOMES)[number];
