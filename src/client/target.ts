/**
 * What the player typed after `haunted play`: `<host>[:port][/room]`, the host a name, an IPv4
 * address or an IPv6 address in brackets (`[::1]:9998`; a bare IPv6 address without a port also
 * works), and for the commands that take one a room of that server (`manor.lan/K7QX`,
 * `[::1]:9998/fridays`; PROTOCOL.md §15).
 */
import { isRoomName, MAX_ROOM_NAME_CHARS } from '../protocol/index.ts';

export const DEFAULT_PORT = 9998;

export type Target =
  | {
      readonly host: string;
      readonly port: number;
      /** The room after `/`, as typed; left out when none was given. */
      readonly room?: string;
    }
  | { readonly error: string };

export interface TargetOptions {
  /** Whether a `/room` may follow (`haunted play`); else it is an error. @default false */
  readonly room?: boolean;
}

/** What a room name may be, for messages. */
export const ROOM_NAME_RULE = `1–${MAX_ROOM_NAME_CHARS} of A–Z a–z 0–9 - _`;

export function parseTarget(
  text: string,
  defaultPort = DEFAULT_PORT,
  options: TargetOptions = {},
): Target {
  const whole = text.trim();
  if (whole === '') return { error: 'no server given (try: haunted play 192.168.1.20:9998)' };
  // No host, IPv4 or IPv6 address has a "/": the first one starts the room.
  const slash = whole.indexOf('/');
  const input = slash < 0 ? whole : whole.slice(0, slash);
  let room: string | undefined;
  if (slash >= 0) {
    room = whole.slice(slash + 1);
    if (options.room !== true) {
      return { error: `"${whole}": give the server alone here, without "/${room}"` };
    }
    if (room === '')
      return { error: `"${whole}": no room after "/" (a room is ${ROOM_NAME_RULE})` };
    if (!isRoomName(room)) {
      return { error: `"${whole}": "${room}" is not a room name (a room is ${ROOM_NAME_RULE})` };
    }
  }
  const parsed = parseHostPort(input, defaultPort);
  if ('error' in parsed || room === undefined) return parsed;
  return { ...parsed, room };
}

function parseHostPort(input: string, defaultPort: number): Target {
  if (input === '') return { error: `"${input}": no host before the room` };
  let host = input;
  let portText: string | null = null;
  if (input.startsWith('[')) {
    const close = input.indexOf(']');
    if (close < 0) return { error: `"${input}": a "[" without its "]"` };
    host = input.slice(1, close);
    const rest = input.slice(close + 1);
    if (rest !== '') {
      if (!rest.startsWith(':')) return { error: `"${input}": expected ":port" after "]"` };
      portText = rest.slice(1);
    }
  } else {
    const colons = input.split(':').length - 1;
    if (colons === 1) [host, portText] = input.split(':') as [string, string];
    // Two or more colons without brackets: a bare IPv6 address, default port.
  }
  if (host === '') return { error: `"${input}": no host before the port` };
  if (/\s/.test(host)) return { error: `"${input}": a host has no spaces` };
  if (portText === null) return { host, port: defaultPort };
  if (!/^\d{1,5}$/.test(portText)) return { error: `"${input}": the port must be a number` };
  const port = Number(portText);
  if (port < 1 || port > 65535) return { error: `"${input}": the port must be 1 to 65535` };
  return { host, port };
}
