/**
 * Rooms (PROTOCOL.md §15): the names of rooms and maps, CONNECT's `room` field, and the codecs
 * of the room list's query and answer, ROOMS and ROOMLIST.
 */
import { PONG_ACCESS, PONG_PHASES } from './codes.ts';
import {
  MAX_MAP_ID_CHARS,
  MAX_ROOM_MAPS,
  MAX_ROOM_NAME_CHARS,
  MAX_ROOMLIST_ENTRIES,
  RANGES,
} from './constants.ts';
import {
  type Codec,
  fmtPad,
  fmtUint,
  fmtWord,
  inRange,
  parseUint,
  type Reader,
  show,
} from './fields.ts';
import type { RoomInfo, RoomListMessage, RoomRequest, RoomsMessage } from './messages.ts';

/** The name of the room every CONNECT without a `room` field joins; it never closes. */
export const DEFAULT_ROOM = 'default';

function isRoomChar(c: number): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) || // A–Z
    (c >= 0x61 && c <= 0x7a) || // a–z
    (c >= 0x30 && c <= 0x39) || // 0–9
    c === 0x2d || // -
    c === 0x5f // _
  );
}

/** Whether `name` is a room name: 1–16 of `A–Z a–z 0–9 - _`. */
export function isRoomName(name: string): boolean {
  if (name.length === 0 || name.length > MAX_ROOM_NAME_CHARS) return false;
  for (let i = 0; i < name.length; i++) if (!isRoomChar(name.charCodeAt(i))) return false;
  return true;
}

/** The key a server finds a room by: names are compared without regard to case. */
export function roomKey(name: string): string {
  return name.toLowerCase();
}

/** Whether `id` is a map id: 1–16 of `a–z 0–9 -`. */
export function isMapId(id: string): boolean {
  if (id.length === 0 || id.length > MAX_MAP_ID_CHARS) return false;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d)) return false;
  }
  return true;
}

/** CONNECT's `room` token: a room name, or `new:<map>:<room>` with `-` for either. */
export function formatRoomRequest(room: RoomRequest): string {
  if (room.kind === 'join') {
    if (!isRoomName(room.name)) throw new RangeError(`cannot encode room ${show(room.name)}`);
    return room.name;
  }
  if (room.map !== null && !isMapId(room.map)) {
    throw new RangeError(`cannot encode map id ${show(room.map)}`);
  }
  if (room.name !== null && !isRoomName(room.name)) {
    throw new RangeError(`cannot encode room ${show(room.name)}`);
  }
  return `new:${room.map ?? '-'}:${room.name ?? '-'}`;
}

/** Reads CONNECT's `room` token; null (with the reader failed) when it is neither form. */
export function readRoomRequest(r: Reader): RoomRequest | null {
  const t = r.next('room');
  if (r.error !== null) return null;
  if (isRoomName(t)) return { kind: 'join', name: t };
  const parts = t.split(':');
  if (parts.length === 3 && parts[0] === 'new') {
    const [, map = '', name = ''] = parts;
    const mapOk = map === '-' || isMapId(map);
    const nameOk = name === '-' || isRoomName(name);
    if (mapOk && nameOk) {
      return { kind: 'new', map: map === '-' ? null : map, name: name === '-' ? null : name };
    }
  }
  return r.fail(`room ${show(t)} is neither a room name nor new:<map>:<room>`);
}

/**
 * A ROOMS padded so that the whole datagram is `size` bytes (at least the smallest ROOMS): the
 * answer may be as large as the question, so a client asks with MAX_DATAGRAM for full pages.
 */
export function makeRooms(stamp: number, from: number, size: number): RoomsMessage {
  const unpadded = `ROOMS ${stamp} ${from}  END`.length;
  return { type: 'ROOMS', stamp, from, pad: Math.max(1, size - unpadded) };
}

export const roomsCodec: Codec<RoomsMessage> = {
  encode: (m) =>
    `ROOMS ${fmtUint('stamp', m.stamp, RANGES.stamp)} ${fmtUint('from', m.from, RANGES.roomIndex)} ${fmtPad('pad', m.pad, false)} END`,
  decode(r) {
    const stamp = r.uint('stamp', RANGES.stamp);
    const from = r.uint('from', RANGES.roomIndex);
    const pad = r.pad('pad', false);
    return { type: 'ROOMS', stamp, from, pad };
  },
};

/** One room of a ROOMLIST as its token. */
export function formatRoomInfo(room: RoomInfo): string {
  if (!isRoomName(room.name)) throw new RangeError(`cannot encode room ${show(room.name)}`);
  if (!isMapId(room.map)) throw new RangeError(`cannot encode map id ${show(room.map)}`);
  return [
    room.name,
    room.map,
    fmtWord('phase', room.phase, PONG_PHASES),
    fmtUint('players', room.players, RANGES.players),
    fmtUint('maxPlayers', room.maxPlayers, RANGES.roomMaxPlayers),
    fmtWord('access', room.access, PONG_ACCESS),
  ].join(':');
}

function readRoomInfo(r: Reader, t: string): RoomInfo | null {
  const parts = t.split(':');
  if (parts.length !== 6) return r.fail(`room ${show(t)} must have 6 parts split by ":"`);
  const [name = '', map = '', phase = '', players = '', maxPlayers = '', access = ''] = parts;
  if (!isRoomName(name)) return r.fail(`room name ${show(name)} is not a room name`);
  if (!isMapId(map)) return r.fail(`room map ${show(map)} is not a map id`);
  if (!(PONG_PHASES as readonly string[]).includes(phase)) {
    return r.fail(`room phase ${show(phase)} is not one of ${PONG_PHASES.join(' ')}`);
  }
  const p = parseUint(players, 0, players.length);
  const m = parseUint(maxPlayers, 0, maxPlayers.length);
  if (!inRange(p, RANGES.players) || !inRange(m, RANGES.roomMaxPlayers)) {
    return r.fail(`room ${show(t)}: players or maxPlayers out of range`);
  }
  if (!(PONG_ACCESS as readonly string[]).includes(access)) {
    return r.fail(`room access ${show(access)} is not one of ${PONG_ACCESS.join(' ')}`);
  }
  return {
    name,
    map,
    phase: phase as RoomInfo['phase'],
    players: p,
    maxPlayers: m,
    access: access as RoomInfo['access'],
  };
}

function formatMaps(maps: readonly string[] | null): string {
  if (maps === null) return '-';
  if (maps.length === 0 || maps.length > MAX_ROOM_MAPS) {
    throw new RangeError(`cannot encode ${maps.length} maps: must be 1–${MAX_ROOM_MAPS}`);
  }
  const seen = new Set<string>();
  for (const id of maps) {
    if (!isMapId(id) || seen.has(id)) throw new RangeError(`cannot encode map id ${show(id)}`);
    seen.add(id);
  }
  return maps.join(',');
}

/** ROOMLIST's head (everything but the rooms), as its rooms are appended after it. */
export function formatRoomListHead(m: Omit<RoomListMessage, 'type' | 'rooms'>): string {
  return [
    'ROOMLIST',
    fmtUint('stamp', m.stamp, RANGES.stamp),
    fmtUint('from', m.from, RANGES.roomIndex),
    fmtUint('total', m.total, RANGES.roomIndex),
    formatMaps(m.maps),
  ].join(' ');
}

export const roomListCodec: Codec<RoomListMessage> = {
  encode(m) {
    if (m.rooms.length > MAX_ROOMLIST_ENTRIES) {
      throw new RangeError(
        `cannot encode ${m.rooms.length} rooms: at most ${MAX_ROOMLIST_ENTRIES}`,
      );
    }
    if (m.rooms.length > 0 && m.from + m.rooms.length > m.total) {
      throw new RangeError(`cannot encode rooms ${m.from}… beyond the total ${m.total}`);
    }
    const rooms = m.rooms.map(formatRoomInfo);
    return [formatRoomListHead(m), ...rooms, 'END'].join(' ');
  },
  decode(r) {
    const stamp = r.uint('stamp', RANGES.stamp);
    const from = r.uint('from', RANGES.roomIndex);
    const total = r.uint('total', RANGES.roomIndex);
    const mapsToken = r.next('maps');
    if (r.error !== null) return null;
    let maps: string[] | null = null;
    if (mapsToken !== '-') {
      maps = mapsToken.split(',');
      if (maps.length > MAX_ROOM_MAPS || !maps.every(isMapId) || new Set(maps).size < maps.length) {
        return r.fail(`maps ${show(mapsToken)} must be - or 1–${MAX_ROOM_MAPS} distinct map ids`);
      }
    }
    if (r.remaining > MAX_ROOMLIST_ENTRIES)
      return r.fail(`more than ${MAX_ROOMLIST_ENTRIES} rooms`);
    const rooms: RoomInfo[] = [];
    while (r.remaining > 0 && r.error === null) {
      const room = readRoomInfo(r, r.next('room'));
      if (room === null) return null;
      rooms.push(room);
    }
    if (from + rooms.length > total && rooms.length > 0) {
      return r.fail(`rooms ${from}–${from + rooms.length - 1} beyond the total ${total}`);
    }
    return { type: 'ROOMLIST', stamp, from, total, maps, rooms };
  },
};
