/**
 * A classic player's session (listener.ts): a RoomMember like any, its address, and what the
 * classic protocol needs on top: the key its last word holds and until when, the replies it is
 * owed, whether CONNECTED and the walls are still to be sent. Its words become the room's
 * inputs here, through the room's one path for inputs (`room.input`).
 */
import { KEY } from '../../game/movement.ts';
import type { Action } from '../../game/rules.ts';
import type { Address } from '../../net/transport.ts';
import type { ClassicWord } from '../../protocol/classic/requests.ts';
import type { Room } from '../room.ts';
import { createSession, type RoomMember, type Session } from '../session.ts';

/**
 * How long one direction word is held, ms. Longer than the longest gap between two requests of
 * a live client (its 0.5 s reply timeout plus its 50 ms sleep: PROTOCOL-CLASSIC.md §3), so a
 * held key never stutters, not even after a lost reply or at a fifth of its usual rate (270 ms);
 * a client that stops asking walks on for at most this long (under 4 cells as a hider).
 */
export const CLASSIC_HOLD_MS = 600;
/**
 * A request arriving this soon after a reply that carried the walls shows the client got a
 * reply (it asks again at once on a reply, after 0.5 s without one): the walls stop being sent.
 */
export const WALLS_ACK_MS = 400;

export interface ClassicSession extends Session {
  /** Held direction keys, as last handed to the room. */
  held: number;
  heldUntil: number;
  /** Replies owed (INPUTs received since the last tick). */
  owed: number;
  connectedDue: boolean;
  /** The walls have not been seen arriving: they lead every reply. */
  wallsDue: boolean;
  wallsSentAt: number;
}

const DIRECTIONS: Partial<Record<ClassicWord, number>> = {
  LEFT: KEY.left,
  RIGHT: KEY.right,
  UP: KEY.up,
  DOWN: KEY.down,
};

/** A new session for `name` at `from`, its player's id from the room; `onView` its tick's hook. */
export function createClassicSession(
  room: Room,
  from: Address,
  key: string,
  name: string,
  now: number,
  onView: NonNullable<RoomMember['onView']>,
): ClassicSession {
  return {
    ...createSession('', room.allocateId(), from, key, name, now, room.tickRate),
    playing: true,
    onView,
    held: 0,
    heldUntil: 0,
    owed: 0,
    connectedDue: true,
    wallsDue: true,
    wallsSentAt: Number.NEGATIVE_INFINITY,
  };
}

export function heard(s: ClassicSession, now: number): void {
  s.lastHeard = now;
  if (s.wallsDue && now - s.wallsSentAt < WALLS_ACK_MS) s.wallsDue = false;
}

/** One word: a direction held for CLASSIC_HOLD_MS, a one-shot action, or nothing held. */
export function applyWord(
  room: Room,
  s: ClassicSession,
  word: ClassicWord | null,
  now: number,
): void {
  const direction = word === null ? undefined : DIRECTIONS[word];
  if (direction !== undefined) {
    s.heldUntil = now + CLASSIC_HOLD_MS;
    if (s.held !== direction) hold(room, s, direction, null);
    return;
  }
  // READY is the Space bar's press, sent in place of a key that may still be held.
  if (word === 'READY') hold(room, s, s.held, 'READY');
  else if (word === 'RED' || word === 'BLUE' || word === 'NEUTRAL') hold(room, s, 0, word);
  else if (s.held !== 0) hold(room, s, 0, null);
}

/** Hands the room an input through its one path for inputs, as one entry for its next tick. */
export function hold(room: Room, s: ClassicSession, keys: number, action: Action | null): void {
  s.held = keys;
  room.input(s.id, {
    type: 'INPUT',
    token: '',
    ackTick: null,
    rosterVersion: 0,
    eventAck: 0,
    inputs: [{ seq: s.highestSeq + 1, tick: room.state.tick, keys, action }],
  });
}
