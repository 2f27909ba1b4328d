/**
 * What the server does with each datagram (PROTOCOL.md §6–§8), in the order of checks of the
 * spec: decode (size, UTF-8, framing, type, fields, direction), then the session (token of that
 * address), then per type. Nothing here changes the game: joins, leaves and inputs are queued
 * for the tick. Every datagram dropped is counted by reason. Before a session exists, no reply
 * is larger than the datagram that caused it.
 */
import { type Address, addressKey } from '../net/transport.ts';
import {
  checkName,
  decode,
  encodeBytes,
  type Message,
  type MessageOf,
  type NameCheck,
  PROTOCOL_VERSION,
  type RefusalReason,
  replyWithin,
} from '../protocol/index.ts';
import { readInput } from '../protocol/input-reader.ts';
import type { GameServer } from './server.ts';
import { allowSessionDatagram, createSession, receiveInputs, type Session } from './session.ts';

/**
 * checkName's verdicts as refusals. A CONNECT's name is 1–64 bytes (decode's grammar: an empty
 * token is malformed), so `empty` never reaches here; were it to, it is a name without a single
 * allowed character.
 */
const NAME_REFUSAL = {
  empty: 'name-bad-char',
  'too-long': 'name-too-long',
  'bad-char': 'name-bad-char',
} as const satisfies Record<Exclude<NameCheck, 'ok'>, RefusalReason>;

export function handleDatagram(
  server: GameServer,
  data: Uint8Array,
  from: Address,
  now: number,
): void {
  const log = server.options.logger;
  // The common INPUT is read straight from its bytes; anything else, valid or not, is decoded
  // the general way (readInput takes exactly the INPUTs decode would).
  let msg: Message | null = readInput(data);
  if (msg === null) {
    // Sessionless datagrams pass the handshake's buckets before they are even decoded, so a
    // flood of them costs little more than its delivery.
    const sessionless = sessionlessKind(data);
    if (sessionless !== null && !server.handshakeLimiter.allow(from.address, now, sessionless)) {
      server.stats.drop('rate');
      return;
    }
    // A CONNECT's cookie is read from its bytes and checked before it is decoded: a spoofed one
    // (an invalid cookie) needs a global token for its answer, or it goes no further.
    if (sessionless === 'connect' && !validCookieIn(server, data, from, now)) {
      if (!server.handshakeLimiter.allowGlobal(now)) {
        server.stats.drop('rate');
        return;
      }
    }
  }
  const key = addressKey(from);
  if (msg === null) {
    const decoded = decode(data, 'server');
    if (!decoded.ok) {
      server.stats.drop(decoded.reason);
      if (log.debugEnabled) log.debug(`drop ${key} ${decoded.reason}: ${decoded.detail}`);
      return;
    }
    msg = decoded.msg;
  }
  if (log.debugEnabled) log.debug(`in ${key} ${new TextDecoder().decode(data)}`);
  switch (msg.type) {
    case 'HELLO':
      hello(server, msg, data.length, from, key, now);
      return;
    case 'CONNECT':
      connect(server, msg, data.length, from, key, now);
      return;
    case 'PING':
      if (msg.token === null) {
        sessionlessPing(server, msg, data.length, from);
        return;
      }
      withSession(server, msg, msg.token, data.length, from, key, now);
      return;
    case 'MAPREQ':
    case 'INPUT':
    case 'DISCONNECT':
      withSession(server, msg, msg.token, data.length, from, key, now);
      return;
    default:
      // decode(…, 'server') lets only server-bound types through.
      server.stats.drop('unexpected');
  }
}

const HELLO_ = bytesOf('HELLO ');
const CONNECT_ = bytesOf('CONNECT ');
const PING_SESSIONLESS = bytesOf('PING - ');

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
function validCookieIn(server: GameServer, data: Uint8Array, from: Address, now: number): boolean {
  const versionEnd = data.indexOf(0x20, CONNECT_.length);
  if (versionEnd < 0) return false;
  const cookieEnd = data.indexOf(0x20, versionEnd + 1);
  const length = cookieEnd - versionEnd - 1;
  if (cookieEnd < 0 || length < 16 || length > 32) return false;
  const cookie = String.fromCharCode(...data.subarray(versionEnd + 1, cookieEnd));
  return server.cookies.check(addressKey(from), cookie, now);
}

/**
 * HELLO or PING without a token (`first`: the handshake's first step, answered from the
 * datagram alone), or CONNECT (`connect`: its cookie is checked before the global bucket);
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
    default:
      return null;
  }
}

/** Sends the first reply that fits in `limit` bytes, or counts the suppressed one. */
function replySmall(
  server: GameServer,
  limit: number,
  to: Address,
  ...candidates: Message[]
): void {
  const bytes = replyWithin(limit, ...candidates);
  if (bytes) server.send(bytes, to);
  else server.stats.drop('amplification');
}

function refuse(
  server: GameServer,
  reason: RefusalReason,
  limit: number,
  to: Address,
  name: string | null,
): void {
  server.options.logger.event('refuse', { reason, addr: addressKey(to), name });
  replySmall(server, limit, to, { type: 'REFUSED', reason });
}

function hello(
  server: GameServer,
  msg: MessageOf<'HELLO'>,
  size: number,
  from: Address,
  key: string,
  now: number,
): void {
  if (msg.version !== PROTOCOL_VERSION) {
    refuse(server, 'version', size, from, null);
    return;
  }
  if (server.deaf) {
    refuse(server, 'closed', size, from, null);
    return;
  }
  if (server.playerCount >= server.options.maxPlayers && !server.sessions.has(key)) {
    refuse(server, 'full', size, from, null);
    return;
  }
  replySmall(server, size, from, {
    type: 'CHALLENGE',
    cookie: server.cookies.make(key, now),
  });
}

function connect(
  server: GameServer,
  msg: MessageOf<'CONNECT'>,
  size: number,
  from: Address,
  key: string,
  now: number,
): void {
  if (msg.version !== PROTOCOL_VERSION) {
    refuse(server, 'version', size, from, null);
    return;
  }
  if (!server.cookies.check(key, msg.cookie, now)) {
    // Spoofed CONNECTs land here, with a global token taken before decoding (handleDatagram).
    server.stats.drop('cookie');
    replySmall(server, size, from, { type: 'REFUSED', reason: 'cookie' });
    return;
  }
  // From here the sender has shown it receives at its address: replies may be larger.
  const existing = server.sessions.get(key);
  if (existing) {
    if (existing.name === msg.name) {
      existing.lastHeard = now;
      server.send(welcome(server, existing), from); // CONNECT repeated: WELCOME lost
      return;
    }
    server.endSession(existing); // the same address comes back as somebody else
    server.options.logger.event('disconnect', { name: existing.name, addr: key, why: 'replaced' });
  }
  if (server.deaf) {
    refuse(server, 'closed', Number.POSITIVE_INFINITY, from, msg.name);
    return;
  }
  const nameCheck = checkName(msg.name);
  if (nameCheck !== 'ok') {
    refuse(server, NAME_REFUSAL[nameCheck], Number.POSITIVE_INFINITY, from, null);
    return;
  }
  if (server.findSession(msg.name)) {
    refuse(server, 'name-taken', Number.POSITIVE_INFINITY, from, msg.name);
    return;
  }
  if (server.playerCount >= server.options.maxPlayers) {
    refuse(server, 'full', Number.POSITIVE_INFINITY, from, msg.name);
    return;
  }
  const session = createSession(
    server.options.randomToken(),
    server.allocateId(),
    from,
    key,
    msg.name,
    now,
    server.tickRate,
  );
  server.sessions.set(key, session);
  server.pendingJoins.push(session);
  const phase = server.state.phase.kind;
  server.options.logger.event('connect', {
    name: session.name,
    addr: key,
    id: session.id,
    spectator: phase === 'game' || phase === 'end',
  });
  server.send(welcome(server, session), from);
}

function welcome(server: GameServer, session: Session): Uint8Array {
  const { map } = server.options;
  return encodeBytes({
    type: 'WELCOME',
    token: session.token,
    playerId: session.id,
    tickRate: server.tickRate,
    tick: server.state.tick,
    mapName: map.name,
    mapWidth: map.width,
    mapHeight: map.height,
    mapChunks: server.mapChunks.length,
    mapChecksum: server.mapChecksum,
  });
}

function sessionlessPing(
  server: GameServer,
  msg: MessageOf<'PING'>,
  size: number,
  from: Address,
): void {
  const phase = server.state.phase.kind;
  const info = {
    version: PROTOCOL_VERSION,
    phase,
    players: Math.min(255, server.playerCount),
    maxPlayers: Math.min(255, server.options.maxPlayers),
    access: server.deaf ? ('closed' as const) : ('open' as const),
    serverName: server.options.name,
  };
  const short: Message = { type: 'PONG', stamp: msg.stamp, tick: server.state.tick, info: null };
  replySmall(server, size, from, { ...short, info }, short);
}

type SessionMessage =
  | MessageOf<'PING'>
  | MessageOf<'MAPREQ'>
  | MessageOf<'INPUT'>
  | MessageOf<'DISCONNECT'>;

function withSession(
  server: GameServer,
  msg: SessionMessage,
  token: string,
  size: number,
  from: Address,
  key: string,
  now: number,
): void {
  const session = server.sessions.get(key);
  if (!session || session.token !== token) {
    server.stats.drop('no-session');
    // A repeated DISCONNECT whose session is already gone is still confirmed.
    if (msg.type === 'DISCONNECT') {
      replySmall(server, size, from, { type: 'DISCONNECTED' });
      return;
    }
    replySmall(server, size, from, { type: 'NOSESSION', token: token.slice(0, 8) });
    return;
  }
  if (msg.type !== 'DISCONNECT' && !allowSessionDatagram(session, now, server.tickRate)) {
    server.stats.drop('rate');
    return;
  }
  session.lastHeard = now;
  switch (msg.type) {
    case 'PING':
      server.send({ type: 'PONG', stamp: msg.stamp, tick: server.state.tick, info: null }, from);
      return;
    case 'MAPREQ': {
      const chunk = server.mapChunks[msg.chunk];
      if (chunk) server.send(chunk, from);
      else server.stats.drop('unexpected');
      return;
    }
    case 'DISCONNECT':
      server.endSession(session);
      server.options.logger.event('disconnect', { name: session.name, addr: key });
      server.send({ type: 'DISCONNECTED' }, from);
      return;
    case 'INPUT':
      input(server, session, msg);
      return;
  }
}

function input(server: GameServer, session: Session, msg: MessageOf<'INPUT'>): void {
  const tick = server.state.tick;
  session.playing = true;
  session.rosterVersion = msg.rosterVersion;
  session.events.ack(msg.eventAck);
  if (
    msg.ackTick !== null &&
    msg.ackTick <= tick &&
    (session.ackTick === null || msg.ackTick > session.ackTick)
  ) {
    session.ackTick = msg.ackTick;
  }
  server.stats.repeatedInputs += receiveInputs(session, msg.inputs, tick, server.tickRate);
}
