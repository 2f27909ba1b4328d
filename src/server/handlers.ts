/**
 * What the endpoint does with each datagram (PROTOCOL.md §6–§8), in the order of checks of the
 * spec: decode (size, UTF-8, framing, type, fields, direction), then the session (token of that
 * address), then per type: the handshake's (handshake.ts), or the session's, handed to its room
 * by player id. Nothing here changes the game: joins, leaves and inputs are queued for the
 * tick. Every datagram dropped is counted by reason.
 */
import { type Address, addressKey } from '../net/transport.ts';
import { decode, type Message, type MessageOf } from '../protocol/index.ts';
import { readInput } from '../protocol/input-reader.ts';
import type { EndpointHost } from './endpoint-host.ts';
import { connect, hello, replySmall, roomList, sessionlessPing } from './handshake.ts';
import { allowSessionDatagram } from './session.ts';

export function handleDatagram(
  host: EndpointHost,
  data: Uint8Array,
  from: Address,
  now: number,
): void {
  const log = host.logger;
  // The common INPUT is read straight from its bytes; anything else, valid or not, is decoded
  // the general way (readInput takes exactly the INPUTs decode would).
  let msg: Message | null = readInput(data);
  if (msg === null) {
    // Sessionless datagrams pass the handshake's buckets before they are even decoded, so a
    // flood of them costs little more than its delivery.
    const sessionless = sessionlessKind(data);
    if (sessionless !== null && !host.handshakeLimiter.allow(from.address, now, sessionless)) {
      host.stats.drop('rate');
      return;
    }
    // A CONNECT's cookie is read from its bytes and checked before it is decoded: a spoofed one
    // (an invalid cookie) needs a global token for its answer, or it goes no further.
    if (sessionless === 'connect' && !validCookieIn(host, data, from, now)) {
      if (!host.handshakeLimiter.allowGlobal(now)) {
        host.stats.drop('rate');
        return;
      }
    }
  }
  const key = addressKey(from);
  if (msg === null) {
    const decoded = decode(data, 'server');
    if (!decoded.ok) {
      host.stats.drop(decoded.reason);
      if (log.debugEnabled) log.debug(`drop ${key} ${decoded.reason}: ${decoded.detail}`);
      return;
    }
    msg = decoded.msg;
  }
  if (log.debugEnabled) log.debug(`in ${key} ${new TextDecoder().decode(data)}`);
  switch (msg.type) {
    case 'HELLO':
      hello(host, msg, data.length, from, key, now);
      return;
    case 'CONNECT':
      connect(host, msg, data.length, from, key, now);
      return;
    case 'PING':
      if (msg.token === null) {
        sessionlessPing(host, msg, data.length, from);
        return;
      }
      withSession(host, msg, msg.token, data.length, from, key, now);
      return;
    case 'ROOMS':
      roomList(host, msg, data.length, from);
      return;
    case 'MAPREQ':
    case 'INPUT':
    case 'DISCONNECT':
      withSession(host, msg, msg.token, data.length, from, key, now);
      return;
    default:
      // decode(…, 'server') lets only server-bound types through.
      host.stats.drop('unexpected');
  }
}

const HELLO_ = bytesOf('HELLO ');
const CONNECT_ = bytesOf('CONNECT ');
const PING_SESSIONLESS = bytesOf('PING - ');
const ROOMS_ = bytesOf('ROOMS ');

function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function startsWith(data: Uint8Array, prefix: Uint8Array): boolean {
  if (data.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (data[i] !== prefix[i]) return false;
  return true;
}

/**
 * Whether the bytes of a CONNECT (`CONNECT <version> <cookie> …`) carry a cookie valid for
 * `from` now. Only reads the third token; a malformed datagram has no valid cookie.
 */
function validCookieIn(host: EndpointHost, data: Uint8Array, from: Address, now: number): boolean {
  const versionEnd = data.indexOf(0x20, CONNECT_.length);
  if (versionEnd < 0) return false;
  const cookieEnd = data.indexOf(0x20, versionEnd + 1);
  const length = cookieEnd - versionEnd - 1;
  if (cookieEnd < 0 || length < 16 || length > 32) return false;
  const cookie = String.fromCharCode(...data.subarray(versionEnd + 1, cookieEnd));
  return host.cookies.check(addressKey(from), cookie, now);
}

/**
 * HELLO, PING without a token or ROOMS (`first`: answered from the datagram alone), or CONNECT (`connect`: its cookie is checked before the global bucket);
 * null for anything else.
 */
function sessionlessKind(data: Uint8Array): 'first' | 'connect' | null {
  switch (data[0]) {
    case 0x48: // H
      return startsWith(data, HELLO_) ? 'first' : null;
    case 0x43: // C
      return startsWith(data, CONNECT_) ? 'connect' : null;
    case 0x50: // P
      return startsWith(data, PING_SESSIONLESS) ? 'first' : null;
    case 0x52: // R
      return startsWith(data, ROOMS_) ? 'first' : null;
    default:
      return null;
  }
}

type SessionMessage =
  | MessageOf<'PING'>
  | MessageOf<'MAPREQ'>
  | MessageOf<'INPUT'>
  | MessageOf<'DISCONNECT'>;

function withSession(
  host: EndpointHost,
  msg: SessionMessage,
  token: string,
  size: number,
  from: Address,
  key: string,
  now: number,
): void {
  const session = host.sessions.get(key);
  if (!session || session.token !== token) {
    host.stats.drop('no-session');
    // A repeated DISCONNECT whose session is already gone is still confirmed.
    if (msg.type === 'DISCONNECT') {
      replySmall(host, size, from, { type: 'DISCONNECTED' });
      return;
    }
    replySmall(host, size, from, { type: 'NOSESSION', token: token.slice(0, 8) });
    return;
  }
  if (msg.type !== 'DISCONNECT' && !allowSessionDatagram(session, now, host.tickRate)) {
    host.stats.drop('rate');
    return;
  }
  session.lastHeard = now;
  switch (msg.type) {
    case 'PING':
      host.send(
        { type: 'PONG', stamp: msg.stamp, tick: session.room.state.tick, info: null },
        from,
      );
      return;
    case 'MAPREQ':
      session.room.mapRequest(session.id, msg.chunk);
      return;
    case 'DISCONNECT':
      host.endSession(session);
      host.logger.event('disconnect', { room: session.room.name, name: session.name, addr: key });
      host.send({ type: 'DISCONNECTED' }, from);
      return;
    case 'INPUT':
      session.room.input(session.id, msg);
      return;
  }
}
