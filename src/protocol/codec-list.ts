/**
 * The list server's protocol (docs/LIST-SERVER.md): game servers announce themselves with
 * `HEARTBEAT`, proved by a `LCHALLENGE` cookie; clients ask with `LIST` and get `SERVERS`.
 * Same text conventions as the game protocol (PROTOCOL.md §2): tokens one space apart, TYPE
 * first, END last, canonical integers, percent-encoded free text. Pure: no socket, no clock.
 */

import { isMapId } from './codec-rooms.ts';
import { MAX_DATAGRAM, RANGES } from './constants.ts';
import {
  fmtHex,
  fmtOptUint,
  fmtPad,
  fmtText,
  fmtUint,
  type Range,
  Reader,
  show,
} from './fields.ts';
import { percentDecode } from './text.ts';
import { isValidUtf8, utf8Length } from './utf8.ts';

/** The list protocol's version: the first field of HEARTBEAT and LIST. */
export const LIST_PROTOCOL_VERSION = 1;
/** The list server's default UDP port. */
export const LIST_DEFAULT_PORT = 27950;
/** A HEARTBEAT is padded to at least this many bytes, so LCHALLENGE and LISTED fit within it. */
export const MIN_HEARTBEAT_BYTES = 96;
export const LIST_COOKIE_HEX = 24;
/** Filters a LIST may carry at most. */
const MAX_FILTERS = 3;

export const LIST_RANGES = {
  version: [1, 1],
  port: [1, 65535],
  players: [0, 100_000],
  maxPlayers: [1, 100_000],
  rooms: [0, 10_000],
  interval: [1, 3600],
  stamp: RANGES.stamp,
  index: [0, 100_000],
} as const satisfies Record<string, Range>;

export interface ServerInfo {
  /** Percent-encoded on the wire; 1–40 characters decoded. */
  readonly name: string;
  readonly map: string;
  readonly players: number;
  readonly maxPlayers: number;
  readonly rooms: number;
}

export interface HeartbeatMessage extends ServerInfo {
  readonly type: 'HEARTBEAT';
  readonly version: number;
  /** The game port to list; null: the heartbeat's source port. */
  readonly port: number | null;
  /** The cookie of the last LCHALLENGE; null before one. */
  readonly cookie: string | null;
  readonly pad: number;
}

export interface ListChallengeMessage {
  readonly type: 'LCHALLENGE';
  readonly cookie: string;
}

export interface ListedMessage {
  readonly type: 'LISTED';
  /** Seconds until the next heartbeat is due; three missed and the entry expires. */
  readonly interval: number;
}

export interface ListFilters {
  readonly notFull: boolean;
  readonly notEmpty: boolean;
  readonly map: string | null;
}

export const NO_FILTERS: ListFilters = { notFull: false, notEmpty: false, map: null };

export interface ListQueryMessage {
  readonly type: 'LIST';
  readonly version: number;
  readonly stamp: number;
  readonly from: number;
  readonly filters: ListFilters;
  readonly pad: number;
}

export interface ListedServer extends ServerInfo {
  readonly address: string;
  readonly port: number;
}

export interface ServersMessage {
  readonly type: 'SERVERS';
  readonly stamp: number;
  readonly from: number;
  /** Servers matching the filters in all. */
  readonly total: number;
  readonly servers: readonly ListedServer[];
}

export type ListMessage =
  | HeartbeatMessage
  | ListChallengeMessage
  | ListedMessage
  | ListQueryMessage
  | ServersMessage;

export type ListDecodeResult =
  | { readonly ok: true; readonly msg: ListMessage }
  | { readonly ok: false; readonly reason: string };

function fmtMap(map: string): string {
  if (!isMapId(map)) throw new RangeError(`cannot encode map id ${show(map)}`);
  return map;
}

function fmtFilters(f: ListFilters): string {
  const parts: string[] = [];
  if (f.notFull) parts.push('notfull');
  if (f.notEmpty) parts.push('notempty');
  if (f.map !== null) parts.push(`map:${fmtMap(f.map)}`);
  return parts.length === 0 ? '-' : parts.join(',');
}

function readFilters(r: Reader): ListFilters {
  const t = r.next('filters');
  if (r.error !== null || t === '-') return NO_FILTERS;
  const parts = t.split(',');
  let notFull = false;
  let notEmpty = false;
  let map: string | null = null;
  if (parts.length > MAX_FILTERS) r.fail(`more than ${MAX_FILTERS} filters`);
  // One canonical spelling: in this order, each at most once.
  let order = 0;
  for (const p of parts) {
    if (p === 'notfull' && order < 1) {
      notFull = true;
      order = 1;
    } else if (p === 'notempty' && order < 2) {
      notEmpty = true;
      order = 2;
    } else if (p.startsWith('map:') && order < 3 && isMapId(p.slice(4))) {
      map = p.slice(4);
      order = 3;
    } else {
      r.fail(`filter ${show(p)} is not notfull, notempty or map:<id>, in that order`);
    }
  }
  return { notFull, notEmpty, map };
}

/** An IP literal as listed: IPv4 dotted, or IPv6 (hex digits, `:` and `.`). */
function isIpLiteral(a: string): boolean {
  if (a.length === 0 || a.length > 45) return false;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(a)) return a.split('.').every((o) => Number(o) <= 255);
  return /^[0-9a-f:.]+$/.test(a) && a.includes(':');
}

/** One SERVERS entry: `<address>,<port>,<players>,<maxPlayers>,<rooms>,<map>,<name>`. */
export function formatListedServer(s: ListedServer): string {
  if (!isIpLiteral(s.address)) throw new RangeError(`cannot encode address ${show(s.address)}`);
  return [
    s.address,
    fmtUint('port', s.port, LIST_RANGES.port),
    fmtUint('players', s.players, LIST_RANGES.players),
    fmtUint('maxPlayers', s.maxPlayers, LIST_RANGES.maxPlayers),
    fmtUint('rooms', s.rooms, LIST_RANGES.rooms),
    fmtMap(s.map),
    fmtText('name', s.name),
  ].join(',');
}

function uintIn(t: string, range: Range): number {
  if (!/^(0|[1-9]\d{0,9})$/.test(t)) return Number.NaN;
  const v = Number(t);
  return v >= range[0] && v <= range[1] ? v : Number.NaN;
}

function readListedServer(r: Reader): ListedServer | null {
  const t = r.next('server');
  if (r.error !== null) return null;
  const parts = t.split(',');
  if (parts.length < 7) return r.fail(`server ${show(t)} must have 7 parts split by ","`);
  const [address = '', port = '', players = '', max = '', rooms = '', map = ''] = parts;
  const name = percentDecode(parts.slice(6).join(','));
  const v = {
    port: uintIn(port, LIST_RANGES.port),
    players: uintIn(players, LIST_RANGES.players),
    maxPlayers: uintIn(max, LIST_RANGES.maxPlayers),
    rooms: uintIn(rooms, LIST_RANGES.rooms),
  };
  if (!isIpLiteral(address) || Object.values(v).some(Number.isNaN) || !isMapId(map)) {
    return r.fail(`server ${show(t)} has a bad field`);
  }
  if ('error' in name) return r.fail(`server name: ${name.error}`);
  return { address, ...v, map, name: name.text };
}

/** The datagram text of one message. Throws a RangeError on a field out of range. */
export function encodeList(m: ListMessage): string {
  switch (m.type) {
    case 'HEARTBEAT':
      return [
        'HEARTBEAT',
        fmtUint('version', m.version, LIST_RANGES.version),
        fmtOptUint('port', m.port, LIST_RANGES.port),
        m.cookie === null ? '-' : fmtHex('cookie', m.cookie, LIST_COOKIE_HEX, LIST_COOKIE_HEX),
        fmtText('name', m.name),
        fmtMap(m.map),
        fmtUint('players', m.players, LIST_RANGES.players),
        fmtUint('maxPlayers', m.maxPlayers, LIST_RANGES.maxPlayers),
        fmtUint('rooms', m.rooms, LIST_RANGES.rooms),
        fmtPad('pad', m.pad, true),
        'END',
      ].join(' ');
    case 'LCHALLENGE':
      return `LCHALLENGE ${fmtHex('cookie', m.cookie, LIST_COOKIE_HEX, LIST_COOKIE_HEX)} END`;
    case 'LISTED':
      return `LISTED ${fmtUint('interval', m.interval, LIST_RANGES.interval)} END`;
    case 'LIST':
      return [
        'LIST',
        fmtUint('version', m.version, LIST_RANGES.version),
        fmtUint('stamp', m.stamp, LIST_RANGES.stamp),
        fmtUint('from', m.from, LIST_RANGES.index),
        fmtFilters(m.filters),
        fmtPad('pad', m.pad, true),
        'END',
      ].join(' ');
    case 'SERVERS':
      return [
        'SERVERS',
        fmtUint('stamp', m.stamp, LIST_RANGES.stamp),
        fmtUint('from', m.from, LIST_RANGES.index),
        fmtUint('total', m.total, LIST_RANGES.index),
        ...m.servers.map(formatListedServer),
        'END',
      ].join(' ');
  }
}

/** A heartbeat padded to MIN_HEARTBEAT_BYTES (its pad is recomputed). */
export function paddedHeartbeat(m: Omit<HeartbeatMessage, 'type' | 'pad'>): HeartbeatMessage {
  const bare = utf8Length(encodeList({ ...m, type: 'HEARTBEAT', pad: 0 }));
  // `-` (1 byte) becomes `=`×n: n − 1 more bytes.
  const pad = bare >= MIN_HEARTBEAT_BYTES ? 0 : MIN_HEARTBEAT_BYTES - bare + 1;
  return { ...m, type: 'HEARTBEAT', pad };
}

/** A LIST padded so that the datagram is `size` bytes: the answer may be as large as that. */
export function paddedList(
  m: Omit<ListQueryMessage, 'type' | 'pad' | 'version'>,
  size = MAX_DATAGRAM,
): ListQueryMessage {
  const q: ListQueryMessage = { ...m, type: 'LIST', version: LIST_PROTOCOL_VERSION, pad: 0 };
  const bare = utf8Length(encodeList(q));
  return { ...q, pad: bare >= size ? 0 : size - bare + 1 };
}

const UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** Decodes one datagram of the list protocol. Never throws. */
export function decodeList(bytes: Uint8Array): ListDecodeResult {
  if (bytes.length > MAX_DATAGRAM) return { ok: false, reason: 'oversize' };
  if (!isValidUtf8(bytes)) return { ok: false, reason: 'not-utf8' };
  const text = UTF8.decode(bytes);
  if (!/^[\x21-\x7e]+( [\x21-\x7e]+)*$/.test(text)) return { ok: false, reason: 'malformed' };
  const tokens = text.split(' ');
  if (tokens.length < 2 || tokens[tokens.length - 1] !== 'END') {
    return { ok: false, reason: 'malformed' };
  }
  const r = new Reader(tokens, 1, tokens.length - 1, bytes.length);
  let msg: ListMessage | null = null;
  switch (tokens[0]) {
    case 'HEARTBEAT': {
      const version = r.uint('version', LIST_RANGES.version);
      const port = r.optUint('port', LIST_RANGES.port);
      const cookie = r.optHex('cookie', LIST_COOKIE_HEX, LIST_COOKIE_HEX);
      const name = r.text('name');
      const map = r.next('map');
      if (r.error === null && !isMapId(map)) r.fail(`map ${show(map)} is not a map id`);
      const players = r.uint('players', LIST_RANGES.players);
      const maxPlayers = r.uint('maxPlayers', LIST_RANGES.maxPlayers);
      const rooms = r.uint('rooms', LIST_RANGES.rooms);
      const pad = r.pad('pad', true);
      msg = {
        type: 'HEARTBEAT',
        version,
        port,
        cookie,
        name,
        map,
        players,
        maxPlayers,
        rooms,
        pad,
      };
      break;
    }
    case 'LCHALLENGE':
      msg = { type: 'LCHALLENGE', cookie: r.hex('cookie', LIST_COOKIE_HEX, LIST_COOKIE_HEX) };
      break;
    case 'LISTED':
      msg = { type: 'LISTED', interval: r.uint('interval', LIST_RANGES.interval) };
      break;
    case 'LIST': {
      const version = r.uint('version', LIST_RANGES.version);
      const stamp = r.uint('stamp', LIST_RANGES.stamp);
      const from = r.uint('from', LIST_RANGES.index);
      const filters = readFilters(r);
      const pad = r.pad('pad', true);
      msg = { type: 'LIST', version, stamp, from, filters, pad };
      break;
    }
    case 'SERVERS': {
      const stamp = r.uint('stamp', LIST_RANGES.stamp);
      const from = r.uint('from', LIST_RANGES.index);
      const total = r.uint('total', LIST_RANGES.index);
      const servers: ListedServer[] = [];
      while (r.remaining > 0 && r.error === null) {
        const s = readListedServer(r);
        if (s !== null) servers.push(s);
      }
      if (r.error === null && servers.length > 0 && from + servers.length > total) {
        r.fail('servers beyond the total');
      }
      msg = { type: 'SERVERS', stamp, from, total, servers };
      break;
    }
    default:
      return { ok: false, reason: 'unknown-type' };
  }
  if (r.error === null && r.remaining > 0) r.fail('extra tokens before END');
  if (r.error !== null) return { ok: false, reason: `bad-field: ${r.error}` };
  return { ok: true, msg };
}
