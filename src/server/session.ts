/**
 * A client's session on the server (PROTOCOL.md §7, §9): who it is, where it talks from, and its
 * input queue. Inputs arrive repeated (every INPUT carries all unacknowledged ones) and early
 * (stamped with the tick they apply from); each seq is queued once and applied once, at its tick.
 */
import type { PlayerInput } from '../game/rules.ts';
import type { Sight } from '../game/sight.ts';
import type { Player } from '../game/state.ts';
import type { Address } from '../net/transport.ts';
import type { InputEntry } from '../protocol/index.ts';
import { EventQueue } from './event-queue.ts';
import { SentSets } from './sent-sets.ts';

/** More queued inputs than this is not a client following the protocol: the oldest are dropped. */
export const MAX_QUEUED_INPUTS = 64;

/**
 * What a room keeps of one of its players (room.ts): its id and name, its inputs, and what it
 * was sent and acknowledged. No address, no token: the room reaches its players by id.
 */
export interface RoomMember {
  readonly id: number;
  readonly name: string;
  /** The first INPUT arrived: the client has the map and wants snapshots. */
  playing: boolean;
  /** Highest input seq received; anything at or below it is a repeat. */
  highestSeq: number;
  /** Received, not yet applied, by increasing seq. */
  readonly queue: InputEntry[];
  /** Last seq applied (SNAP.ackSeq); 0 before the first. */
  appliedSeq: number;
  /** For the newest input: its tick minus the server tick when it arrived (SNAP.lead). */
  lead: number | null;
  /** Newest snapshot tick the client says it has (INPUT.ackTick). */
  ackTick: number | null;
  /** Roster version the client holds complete (INPUT.rosterVersion). */
  rosterVersion: number;
  /** When the roster was last sent (ms), for its 250 ms pacing. */
  rosterSentAt: number;
  /** The position sets sent, by snapshot tick: the bases of later deltas. */
  readonly sent: SentSets;
  /** Game events not acknowledged yet (EVENTS, INPUT.eventAck). */
  readonly events: EventQueue;
  /**
   * Set by a front that sends no SNAP (the classic listener, server/classic/): the room calls it
   * in each tick instead of sending SNAP, events and roster, with what the player sees (`seen`
   * is reused: read it before the next call). Absent for the endpoint's players.
   */
  readonly onView?: (now: number, viewer: Player, seen: readonly Player[], sight: Sight) => void;
}

/**
 * The endpoint's side of a session (endpoint.ts): where it talks from, its token, its silence
 * and its datagram budget. One object with its room's side (the room is handed it at join as a
 * RoomMember, and finds it by id after), so a player's state is in one place, not two to keep
 * in step.
 */
export interface Session extends RoomMember {
  readonly token: string;
  readonly address: Address;
  readonly key: string;
  /** When the last valid datagram of this session arrived (ms). */
  lastHeard: number;
  /** Token bucket of the session's INPUT, MAPREQ and PING datagrams: twice the tick rate. */
  tokens: number;
  tokensAt: number;
}

export function createSession(
  token: string,
  id: number,
  address: Address,
  key: string,
  name: string,
  now: number,
  tickRate: number,
): Session {
  return {
    token,
    id,
    address,
    key,
    name,
    lastHeard: now,
    playing: false,
    highestSeq: 0,
    queue: [],
    appliedSeq: 0,
    lead: null,
    ackTick: null,
    rosterVersion: 0,
    rosterSentAt: Number.NEGATIVE_INFINITY,
    sent: new SentSets(),
    events: new EventQueue(),
    tokens: sessionBurst(tickRate),
    tokensAt: now,
  };
}

/**
 * The burst a session may send: a third of a second's worth at twice the tick rate, at least 16
 * (a loading client asks for up to 16 map chunks at once: PROTOCOL.md §7).
 */
export function sessionBurst(tickRate: number): number {
  return Math.max(16, Math.ceil((2 * tickRate) / 3));
}

/**
 * Token bucket for a session's INPUT, MAPREQ and PING datagrams: refills at 2 × tickRate per
 * second up to `sessionBurst`. Returns false for a datagram over the limit (dropped, `rate`).
 */
export function allowSessionDatagram(session: Session, now: number, tickRate: number): boolean {
  const refill = (Math.max(0, now - session.tokensAt) * 2 * tickRate) / 1000;
  session.tokens = Math.min(sessionBurst(tickRate), session.tokens + refill);
  session.tokensAt = now;
  if (session.tokens < 1) return false;
  session.tokens -= 1;
  return true;
}

/**
 * Queues the entries not seen before (seq above the highest received) and records the lead of
 * the newest. An entry stamped more than `maxLead` ticks ahead is queued for serverTick + maxLead,
 * so nobody can park inputs far in the future. Returns how many were repeats (normal
 * redundancy, or a replay: either way ignored).
 */
export function receiveInputs(
  session: RoomMember,
  entries: readonly InputEntry[],
  serverTick: number,
  maxLead: number,
): number {
  let repeats = 0;
  let newest: InputEntry | null = null;
  for (const entry of entries) {
    if (entry.seq <= session.highestSeq) {
      repeats++;
      continue;
    }
    const latest = serverTick + maxLead;
    session.queue.push(entry.tick > latest ? { ...entry, tick: latest } : entry);
    session.highestSeq = entry.seq;
    newest = entry;
  }
  if (session.queue.length > MAX_QUEUED_INPUTS) {
    session.queue.splice(0, session.queue.length - MAX_QUEUED_INPUTS);
  }
  if (newest) session.lead = Math.max(-999, Math.min(999, newest.tick - serverTick));
  return repeats;
}

/**
 * The inputs due at tick `tick` (stamped with it or earlier), in seq order; marks them applied.
 * Null when none is due, as at most ticks: no empty array made per session per tick.
 */
export function takeDueInputs(session: RoomMember, tick: number): PlayerInput[] | null {
  let due: PlayerInput[] | null = null;
  while (session.queue.length > 0 && session.queue[0]!.tick <= tick) {
    const entry = session.queue.shift()!;
    session.appliedSeq = entry.seq;
    due ??= [];
    due.push({ keys: entry.keys, action: entry.action });
  }
  return due;
}
