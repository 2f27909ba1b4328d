/**
 * The rooms an allocation asks for: the GameServerAllocation's metadata sets the annotation (or
 * label) `haunted/rooms` on the GameServer it picks, e.g. `attic,cellar:classic`, and the server
 * opens those rooms when it sees itself Allocated. Each item is a room name (PROTOCOL.md §15:
 * 1–16 of `A–Z a–z 0–9 - _`), optionally `:<map id>`. A label value cannot hold `,` or `:`,
 * so lists and maps travel in the annotation; a label `haunted/rooms` can name one room.
 */
import { isMapId, isRoomName } from '../../protocol/codec-rooms.ts';

export const ROOMS_KEY = 'haunted/rooms';
/** Rooms one allocation may open at most. */
export const MAX_REQUESTED_ROOMS = 16;

export interface RoomRequestItem {
  readonly name: string;
  /** null: the server's own map. */
  readonly map: string | null;
}

export type ParsedRoomRequests = {
  readonly rooms: readonly RoomRequestItem[];
  readonly errors: readonly string[];
} | null;

/**
 * The rooms asked for by an allocation's annotations (first) or labels; null when neither has
 * `haunted/rooms`. Bad items are skipped and described in `errors`; names are kept once.
 */
export function roomRequests(meta: {
  labels: Record<string, string>;
  annotations: Record<string, string>;
}): ParsedRoomRequests {
  const text = meta.annotations[ROOMS_KEY] ?? meta.labels[ROOMS_KEY];
  if (text === undefined) return null;
  const rooms: RoomRequestItem[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const raw of text.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const [name = '', map, ...rest] = item.split(':');
    if (rest.length > 0 || !isRoomName(name) || (map !== undefined && !isMapId(map))) {
      errors.push(`"${item.slice(0, 40)}" is not <room>[:<map>]`);
      continue;
    }
    if (seen.has(name.toLowerCase())) continue;
    if (rooms.length >= MAX_REQUESTED_ROOMS) {
      errors.push(`more than ${MAX_REQUESTED_ROOMS} rooms: the rest are ignored`);
      break;
    }
    seen.add(name.toLowerCase());
    rooms.push({ name, map: map ?? null });
  }
  return { rooms, errors };
}
