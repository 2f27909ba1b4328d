/** `haunted serve --rooms`: the rooms the host opens at start (PROTOCOL.md §15). */
import { DEFAULT_ROOM, isMapId, isRoomName, roomKey } from '../../protocol/index.ts';

/** `--rooms NAME[:MAP],…`: the rooms to open at start, or what is wrong with the list. */
export function parseRooms(text: string): { name: string; map?: string }[] | { error: string } {
  const rooms: { name: string; map?: string }[] = [];
  const seen = new Set<string>([roomKey(DEFAULT_ROOM)]);
  for (const item of text.split(',')) {
    if (item === '') continue;
    const [name = '', map, ...rest] = item.split(':');
    if (!isRoomName(name) || rest.length > 0) {
      return { error: `"${item}" is not NAME[:MAP] (a name is 1–16 of A–Z a–z 0–9 - _)` };
    }
    if (map !== undefined && !isMapId(map)) {
      return { error: `"${map}" is not a map id (1–16 of a–z 0–9 -)` };
    }
    if (seen.has(roomKey(name))) {
      return { error: `room ${name} is named twice (or is the default room)` };
    }
    seen.add(roomKey(name));
    rooms.push(map === undefined ? { name } : { name, map });
  }
  return rooms;
}
