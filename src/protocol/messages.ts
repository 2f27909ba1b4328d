/**
 * Every message of the protocol as a plain object, one interface per type (docs/PROTOCOL.md,
 * "Messages"). `-` on the wire is `null` here. Numbers are integers in the ranges of
 * constants.ts; ticks and seqs are unsigned 32-bit.
 */

import type { Team } from '../game/units.ts';
import type {
  Action,
  ClosingReason,
  EndReasonWord,
  NoticeWhy,
  PongAccess,
  PongPhase,
  RefusalReason,
} from './codes.ts';

/** First datagram of a client: asks for a cookie. `pad` is the number of `=` (≥ 1). */
export interface HelloMessage {
  readonly type: 'HELLO';
  readonly version: number;
  readonly pad: number;
}

export interface ChallengeMessage {
  readonly type: 'CHALLENGE';
  /** 16–32 lower-case hex characters. */
  readonly cookie: string;
}

export interface ConnectMessage {
  readonly type: 'CONNECT';
  readonly version: number;
  readonly cookie: string;
  /** As typed by the player: 1–64 bytes of UTF-8 without space; the server judges it. */
  readonly name: string;
  /** Which room (PROTOCOL.md §15); absent: the default room (every client of before rooms). */
  readonly room?: RoomRequest;
}

/** CONNECT's `room`: join the room of that name, or make one (`new:<map>:<room>`) and join it. */
export type RoomRequest =
  | { readonly kind: 'join'; readonly name: string }
  | {
      readonly kind: 'new';
      /** A map id of the server's list; null (`-`): the server's default map. */
      readonly map: string | null;
      /** The name wanted; null (`-`): a code the server picks. */
      readonly name: string | null;
    };

export interface WelcomeMessage {
  readonly type: 'WELCOME';
  /** Session token: 16 lower-case hex characters, carried by every later client message. */
  readonly token: string;
  readonly playerId: number;
  /** Server ticks per second, 1–120. */
  readonly tickRate: number;
  /** The server's tick when it sent this. */
  readonly tick: number;
  readonly mapName: string;
  /** In cells. */
  readonly mapWidth: number;
  readonly mapHeight: number;
  readonly mapChunks: number;
  /** FNV-1a 32-bit of the rows joined with "\n", 8 lower-case hex (see mapChecksum). */
  readonly mapChecksum: string;
  /** The room joined, as the server spells it: present exactly when the CONNECT named a room. */
  readonly room?: string;
}

export interface RefusedMessage {
  readonly type: 'REFUSED';
  readonly reason: RefusalReason;
}

export interface MapRequestMessage {
  readonly type: 'MAPREQ';
  readonly token: string;
  readonly chunk: number;
}

/** One piece of the map: `rows` (canonical glyphs, equal widths) from row `firstRow` on. */
export interface MapMessage {
  readonly type: 'MAP';
  readonly chunk: number;
  readonly chunks: number;
  readonly firstRow: number;
  readonly rows: readonly string[];
}

/** One input of one client tick. */
export interface InputEntry {
  /** 1–2^32-1, +1 per input; the server applies each seq once. */
  readonly seq: number;
  /** Server tick from which this input applies. */
  readonly tick: number;
  /** Held direction keys, a mask of KEY_BITS (0 = none). */
  readonly keys: number;
  readonly action: Action | null;
}

export interface InputMessage {
  readonly type: 'INPUT';
  readonly token: string;
  /** Newest snapshot tick received, or null before the first. */
  readonly ackTick: number | null;
  /** Roster version the client holds, 0 = none. */
  readonly rosterVersion: number;
  /** Highest game event seq the client holds with every one before it (EVENTS), 0 = none. */
  readonly eventAck: number;
  /** 0–32 entries, strictly increasing seq (none in a keep-alive). */
  readonly inputs: readonly InputEntry[];
}

export type LobbyNotice =
  | { readonly why: NoticeWhy; readonly name: string }
  | { readonly why: 'teams' };

export type Phase =
  | {
      readonly kind: 'LOBBY';
      readonly notice: LobbyNotice | null;
      /** Ticks until the lobby timer starts the countdown; null while it does not run. */
      readonly startIn: number | null;
    }
  | { readonly kind: 'COUNTDOWN'; readonly ticksLeft: number }
  | {
      readonly kind: 'GAME';
      readonly ticksLeft: number;
      readonly hidersLeft: number;
      readonly hidersTotal: number;
      /** Ticks of the seekers' head start left (0: over, or none). */
      readonly headStart: number;
      /** The end banner's length in ticks: the next lobby comes ticksLeft + endTicks from now at the latest. */
      readonly endTicks: number;
    }
  | { readonly kind: 'END'; readonly winner: 'R' | 'B' | null; readonly ticksLeft: number };

/** A player in a SNAP: `=` absolute position, `+` change against the base, `x` gone. */
export type SnapEntry =
  | { readonly op: 'set'; readonly id: number; readonly x: number; readonly y: number }
  | { readonly op: 'move'; readonly id: number; readonly dx: number; readonly dy: number }
  | { readonly op: 'gone'; readonly id: number };

export interface SnapMessage {
  readonly type: 'SNAP';
  readonly tick: number;
  /** Tick of the acknowledged snapshot this one is a delta against; null = all absolute. */
  readonly baseTick: number | null;
  /** Last input seq applied for this client. */
  readonly ackSeq: number | null;
  /** Newest input's tick minus the server tick at its arrival, -999–999. */
  readonly lead: number | null;
  readonly rosterVersion: number;
  readonly phase: Phase;
  readonly entries: readonly SnapEntry[];
}

export interface RosterEntry {
  readonly id: number;
  readonly name: string;
  /** Palette index 0–15. */
  readonly colour: number;
  readonly team: Team;
  readonly ready: boolean;
  readonly caught: boolean;
  /** Joined while a game ran: watches until the next lobby. */
  readonly spectator: boolean;
}

export interface RosterMessage {
  readonly type: 'ROSTER';
  readonly version: number;
  readonly part: number;
  readonly parts: number;
  readonly players: readonly RosterEntry[];
}

/**
 * A game event (EVENTS, docs/PROTOCOL.md §11): players are ids, named through the roster;
 * times are server ticks, or tick counts from the round's start.
 */
export type GameEventWire =
  /** A round began: its number on this server and the team sizes. */
  | {
      readonly kind: 'start';
      readonly tick: number;
      readonly round: number;
      readonly seekers: number;
      readonly hiders: number;
    }
  /** A seeker caught a hider at `tick`. */
  | {
      readonly kind: 'catch';
      readonly tick: number;
      readonly seeker: number;
      readonly hider: number;
    }
  /**
   * Part of a round's summary, sent just before its `end`: what became of one hider, caught by
   * the seeker `by` (an id), `safe` to the end, or `left`, after `ticks` ticks of the round.
   */
  | {
      readonly kind: 'hider';
      readonly hider: number;
      readonly by: number | 'safe' | 'left';
      readonly ticks: number;
    }
  /** A round ended at `tick` after `ticks` ticks: the winning team (null: nobody), and why. */
  | {
      readonly kind: 'end';
      readonly tick: number;
      readonly winner: 'R' | 'B' | null;
      readonly reason: EndReasonWord;
      readonly ticks: number;
    };

export interface EventsMessage {
  readonly type: 'EVENTS';
  /** The seq of the first event; the others follow, +1 each. */
  readonly first: number;
  /** 1–64 events. */
  readonly events: readonly GameEventWire[];
}

export interface PingMessage {
  readonly type: 'PING';
  /** Session token, or null for a sessionless ping. */
  readonly token: string | null;
  /** Sender's clock, echoed in PONG; any unit the sender likes (the client uses ms mod 2^32). */
  readonly stamp: number;
  /** Number of `=` padding characters, 0 = `-`. */
  readonly pad: number;
}

export interface PongInfo {
  readonly version: number;
  readonly phase: PongPhase;
  readonly players: number;
  readonly maxPlayers: number;
  /** Whether new players are taken (`closed`: the console's `deaf`); absent from older servers. */
  readonly access?: PongAccess;
  readonly serverName: string;
}

export interface PongMessage {
  readonly type: 'PONG';
  readonly stamp: number;
  readonly tick: number;
  /** The long form's server description, or null for the short form. */
  readonly info: PongInfo | null;
}

export interface DisconnectMessage {
  readonly type: 'DISCONNECT';
  readonly token: string;
}

export interface DisconnectedMessage {
  readonly type: 'DISCONNECTED';
}

export interface ClosingMessage {
  readonly type: 'CLOSING';
  readonly reason: ClosingReason;
}

export interface NoSessionMessage {
  readonly type: 'NOSESSION';
  /** The first 8 hex characters of the token it answers: a client ignores a NOSESSION that does
   * not echo its own token (somebody spoofing its address with a made-up token). */
  readonly token: string;
}

/** Which rooms does the server host? Sessionless; the answer is never larger than this. */
export interface RoomsMessage {
  readonly type: 'ROOMS';
  /** Sender's clock, echoed in ROOMLIST. */
  readonly stamp: number;
  /** Index of the first room wanted. */
  readonly from: number;
  /** Number of `=` padding characters, ≥ 1. */
  readonly pad: number;
}

/** One room as ROOMLIST lists it. */
export interface RoomInfo {
  /** 1–16 of `A–Z a–z 0–9 - _`. */
  readonly name: string;
  /** A map id: 1–16 of `a–z 0–9 -`. */
  readonly map: string;
  readonly phase: PongPhase;
  readonly players: number;
  readonly maxPlayers: number;
  readonly access: PongAccess;
}

export interface RoomListMessage {
  readonly type: 'ROOMLIST';
  readonly stamp: number;
  /** Index of the first room given. */
  readonly from: number;
  /** Rooms the server hosts. */
  readonly total: number;
  /** Map ids a new room may use, the default first; null (`-`): players may not make rooms. */
  readonly maps: readonly string[] | null;
  readonly rooms: readonly RoomInfo[];
}

export type Message =
  | HelloMessage
  | ChallengeMessage
  | ConnectMessage
  | WelcomeMessage
  | RefusedMessage
  | MapRequestMessage
  | MapMessage
  | InputMessage
  | SnapMessage
  | RosterMessage
  | EventsMessage
  | PingMessage
  | PongMessage
  | DisconnectMessage
  | DisconnectedMessage
  | ClosingMessage
  | NoSessionMessage
  | RoomsMessage
  | RoomListMessage;

/** The message of one type: `MessageOf<'SNAP'>` is SnapMessage. */
export type MessageOf<T extends Message['type']> = Extract<Message, { readonly type: T }>;
