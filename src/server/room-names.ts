/**
 * Names are unique within a room, whoever seated the player (the endpoint or the classic
 * listener): a room knows its members' names, so both fronts ask it.
 */
import type { Room } from './room.ts';

/** Whether a player of `room`, joined or about to be, has this name (any case). */
export function roomHasName(room: Room, name: string): boolean {
  const wanted = name.toLowerCase();
  for (const m of room.members.values()) if (m.name.toLowerCase() === wanted) return true;
  return false;
}
