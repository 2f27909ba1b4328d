/**
 * The handshake's answers (PROTOCOL.md §6): HELLO → CHALLENGE, CONNECT → WELCOME (a session, its
 * player seated in the default room), the sessionless PING, and the refusals. Until a CONNECT
 * shows its cookie, no reply is larger than the datagram that caused it.
 */
import { type Address, addressKey } from '../net/transport.ts';
import {
  checkName,
  encodeBytes,
  type Message,
  type MessageOf,
  type NameCheck,
  PROTOCOL_VERSION,
  type RefusalReason,
  replyWithin,
} from '../protocol/index.ts';
import type { Connection, EndpointHost } from './endpoint-host.ts';
import { roomHasName } from './room-names.ts';

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

/** Sends the first reply that fits in `limit` bytes, or counts the suppressed one. */
export function replySmall(
  host: EndpointHost,
  limit: number,
  to: Address,
  ...candidates: Message[]
): void {
  const bytes = replyWithin(limit, ...candidates);
  if (bytes) host.send(bytes, to);
  else host.stats.drop('amplification');
}

function refuse(
  host: EndpointHost,
  reason: RefusalReason,
  limit: number,
  to: Address,
  name: string | null,
): void {
  host.logger.event('refuse', { reason, addr: addressKey(to), name });
  replySmall(host, limit, to, { type: 'REFUSED', reason });
}

export function hello(
  host: EndpointHost,
  msg: MessageOf<'HELLO'>,
  size: number,
  from: Address,
  key: string,
  now: number,
): void {
  if (msg.version !== PROTOCOL_VERSION) {
    refuse(host, 'version', size, from, null);
    return;
  }
  if (host.deaf) {
    refuse(host, 'closed', size, from, null);
    return;
  }
  if (host.directory.defaultRoom.full && !host.sessions.has(key)) {
    refuse(host, 'full', size, from, null);
    return;
  }
  replySmall(host, size, from, { type: 'CHALLENGE', cookie: host.cookies.make(key, now) });
}

export function connect(
  host: EndpointHost,
  msg: MessageOf<'CONNECT'>,
  size: number,
  from: Address,
  key: string,
  now: number,
): void {
  if (msg.version !== PROTOCOL_VERSION) {
    refuse(host, 'version', size, from, null);
    return;
  }
  if (!host.cookies.check(key, msg.cookie, now)) {
    // Spoofed CONNECTs land here, with a global token taken before decoding (handleDatagram).
    host.stats.drop('cookie');
    replySmall(host, size, from, { type: 'REFUSED', reason: 'cookie' });
    return;
  }
  // From here the sender has shown it receives at its address: replies may be larger.
  const existing = host.sessions.get(key);
  if (existing) {
    if (existing.name === msg.name) {
      existing.lastHeard = now;
      host.send(welcome(host, existing), from); // CONNECT repeated: WELCOME lost
      return;
    }
    host.endSession(existing); // the same address comes back as somebody else
    host.logger.event('disconnect', { name: existing.name, addr: key, why: 'replaced' });
  }
  if (host.deaf) {
    refuse(host, 'closed', Number.POSITIVE_INFINITY, from, msg.name);
    return;
  }
  const nameCheck = checkName(msg.name);
  if (nameCheck !== 'ok') {
    refuse(host, NAME_REFUSAL[nameCheck], Number.POSITIVE_INFINITY, from, null);
    return;
  }
  // The room's own members too: the classic listener's players have no session here.
  if (host.findSession(msg.name) || roomHasName(host.directory.defaultRoom, msg.name)) {
    refuse(host, 'name-taken', Number.POSITIVE_INFINITY, from, msg.name);
    return;
  }
  const room = host.directory.defaultRoom;
  if (room.full) {
    refuse(host, 'full', Number.POSITIVE_INFINITY, from, msg.name);
    return;
  }
  const session = host.openSession(room, from, key, msg.name, now);
  const phase = room.state.phase.kind;
  host.logger.event('connect', {
    name: session.name,
    addr: key,
    id: session.id,
    spectator: phase === 'game' || phase === 'end',
  });
  host.send(welcome(host, session), from);
}

function welcome(host: EndpointHost, session: Connection): Uint8Array {
  const { room } = session;
  return encodeBytes({
    type: 'WELCOME',
    token: session.token,
    playerId: session.id,
    tickRate: host.tickRate,
    tick: room.state.tick,
    mapName: room.map.name,
    mapWidth: room.map.width,
    mapHeight: room.map.height,
    mapChunks: room.mapChunks.length,
    mapChecksum: room.mapChecksum,
  });
}

/** `haunted ping`'s answer: the default room's phase and players, within the PING's size. */
export function sessionlessPing(
  host: EndpointHost,
  msg: MessageOf<'PING'>,
  size: number,
  from: Address,
): void {
  const room = host.directory.defaultRoom;
  const info = {
    version: PROTOCOL_VERSION,
    phase: room.state.phase.kind,
    players: Math.min(255, room.playerCount),
    maxPlayers: Math.min(255, room.maxPlayers),
    access: host.deaf ? ('closed' as const) : ('open' as const),
    serverName: host.serverName,
  };
  const short: Message = { type: 'PONG', stamp: msg.stamp, tick: room.state.tick, info: null };
  replySmall(host, size, from, { ...short, info }, short);
}
