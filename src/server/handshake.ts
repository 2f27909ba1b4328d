/**
 * The handshake's answers (PROTOCOL.md §6, §15): HELLO → CHALLENGE, CONNECT → WELCOME (a session,
 * its player seated in the room it named, found or made, or the default room), the sessionless
 * PING and ROOMS, and the refusals. Until a CONNECT shows its cookie, no reply is larger than the
 * datagram that caused it.
 */
import { type Address, addressKey } from '../net/transport.ts';
import {
  checkName,
  DEFAULT_ROOM,
  encodeBytes,
  formatRoomInfo,
  formatRoomListHead,
  MAX_DATAGRAM,
  MAX_ROOMLIST_ENTRIES,
  type Message,
  type MessageOf,
  type NameCheck,
  PROTOCOL_VERSION,
  type RefusalReason,
  type RoomRequest,
  replyWithin,
  roomKey,
} from '../protocol/index.ts';
import type { Connection, EndpointHost } from './endpoint-host.ts';
import type { Room } from './room.ts';

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
  room: string | null = null,
): void {
  host.logger.event(
    'refuse',
    room === null
      ? { reason, addr: addressKey(to), name }
      : { room, reason, addr: addressKey(to), name },
  );
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
  // A server of several rooms judges the room at CONNECT (PROTOCOL.md §7).
  const { directory } = host;
  if (directory.size === 1 && directory.defaultRoom.full && !host.sessions.has(key)) {
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
  const request = msg.room;
  const existing = host.sessions.get(key);
  if (existing && existing.name === msg.name && isRoomAsked(existing.room, request)) {
    existing.lastHeard = now;
    host.send(welcome(host, existing, request !== undefined), from); // CONNECT repeated
    return;
  }
  // The room asked for, as the log names it (`new`: a room to be made, named or not).
  const asked =
    request === undefined ? DEFAULT_ROOM : request.kind === 'join' ? request.name : 'new';
  const never = Number.POSITIVE_INFINITY;
  if (host.deaf) {
    refuse(host, 'closed', never, from, msg.name, asked);
    return;
  }
  const nameCheck = checkName(msg.name);
  if (nameCheck !== 'ok') {
    refuse(host, NAME_REFUSAL[nameCheck], never, from, null, asked);
    return;
  }
  let room: Room;
  if (request?.kind === 'new') {
    if (!host.createRooms) {
      refuse(host, 'no-create', never, from, msg.name, asked);
      return;
    }
    const made = host.directory.open(
      {
        name: request.name,
        map: request.map,
        allow: () => host.creationLimiter.allow(from.address, now),
      },
      now,
    );
    if (typeof made === 'string') {
      refuse(host, made, never, from, msg.name, request.name ?? asked);
      return;
    }
    room = made;
    host.logger.event('room-open', { room: room.name, map: room.mapId, by: msg.name, addr: key });
  } else {
    const found = host.directory.find(asked);
    if (!found) {
      const reason = host.directory.closedLately(asked, now) ? 'room-closed' : 'room-unknown';
      refuse(host, reason, never, from, msg.name, asked);
      return;
    }
    room = found;
    const other = host.findSession(msg.name, room);
    if (other && other !== existing) {
      refuse(host, 'name-taken', never, from, msg.name, room.name);
      return;
    }
    // The address's own session in this room, under another name, makes way for the new one.
    const leaving = existing?.room === room ? 1 : 0;
    if (room.playerCount - leaving >= room.maxPlayers) {
      refuse(host, request ? 'room-full' : 'full', never, from, msg.name, room.name);
      return;
    }
  }
  if (existing) {
    host.endSession(existing); // the same address comes back as somebody else, or elsewhere
    host.logger.event('disconnect', {
      room: existing.room.name,
      name: existing.name,
      addr: key,
      why: 'replaced',
    });
  }
  const session = host.openSession(room, from, key, msg.name, now);
  const phase = room.state.phase.kind;
  host.logger.event('connect', {
    room: room.name,
    name: session.name,
    addr: key,
    id: session.id,
    spectator: phase === 'game' || phase === 'end',
  });
  host.send(welcome(host, session, request !== undefined), from);
}

/** Whether `room` is the one a CONNECT asks for: its name, the default room, or any for `new:`. */
function isRoomAsked(room: Room, request: RoomRequest | undefined): boolean {
  if (request === undefined) return room.key === DEFAULT_ROOM;
  return request.kind === 'new' || room.key === roomKey(request.name);
}

/** The WELCOME of `session`; it names the room exactly when the CONNECT named one (§5.4). */
function welcome(host: EndpointHost, session: Connection, named: boolean): Uint8Array {
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
    ...(named ? { room: room.name } : {}),
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

/**
 * The answer to a ROOMS (PROTOCOL.md §5.19): as many rooms from `from` on as fit in the
 * query's size, never more bytes than it carried; nothing (`amplification`) when not even the
 * list without rooms fits. Names and map ids are ASCII: a string's length is its size.
 */
export function roomList(
  host: EndpointHost,
  msg: MessageOf<'ROOMS'>,
  size: number,
  from: Address,
): void {
  const { directory } = host;
  const limit = Math.min(size, MAX_DATAGRAM);
  const total = directory.size;
  let text = formatRoomListHead({
    stamp: msg.stamp,
    from: msg.from,
    total,
    maps: host.createRooms ? directory.mapIds : null,
  });
  const END = ' END';
  if (text.length + END.length > limit) {
    host.stats.drop('amplification');
    return;
  }
  const access = host.deaf ? 'closed' : 'open';
  let index = 0;
  let count = 0;
  for (const room of directory.list()) {
    if (index++ < msg.from) continue;
    const token = ` ${formatRoomInfo({
      name: room.name,
      map: room.mapId,
      phase: room.state.phase.kind,
      players: Math.min(255, room.playerCount),
      maxPlayers: Math.min(255, room.maxPlayers),
      access,
    })}`;
    if (text.length + token.length + END.length > limit || count >= MAX_ROOMLIST_ENTRIES) break;
    text += token;
    count++;
  }
  host.send(new TextEncoder().encode(text + END), from);
}
