/** Random valid messages (seeded), for round trips and as seeds of the fuzz test's mutations. */
import { TEAMS } from '../../../src/game/units.ts';
import {
  ACTIONS,
  CLOSING_REASONS,
  END_REASONS,
  type GameEventWire,
  HIDER_OUTCOMES,
  type InputEntry,
  MESSAGE_TYPES,
  type Message,
  type MessageType,
  NOTICE_WHY,
  type Phase,
  PONG_ACCESS,
  PONG_PHASES,
  REFUSAL_REASONS,
  type RoomInfo,
  type RoomRequest,
  type RosterEntry,
  type SnapEntry,
  U32_MAX,
} from '../../../src/protocol/index.ts';
import type { Rng } from './prng.ts';

const NAME_CHARS =
  '!"#$&\'*+-./0123456789;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~';
const TEXT_CHARS = ['a', 'Z', ' ', '%', '~', 'é', '€', '🕯', '-', '=', '#'];

export function randomName(rng: Rng): string {
  let s = '';
  const n = rng.int(1, 10);
  for (let i = 0; i < n; i++) s += NAME_CHARS.charAt(rng.int(0, NAME_CHARS.length - 1));
  return s;
}

function randomText(rng: Rng): string {
  let s = '';
  const n = rng.int(1, 40);
  for (let i = 0; i < n; i++) s += rng.pick(TEXT_CHARS);
  return s;
}

export function randomPhase(rng: Rng): Phase {
  switch (rng.int(0, 3)) {
    case 0: {
      const roll = rng.int(0, 2);
      if (roll === 0) return { kind: 'LOBBY', notice: null, startIn: null };
      if (roll === 1) return { kind: 'LOBBY', notice: { why: 'teams' }, startIn: null };
      return {
        kind: 'LOBBY',
        notice: { why: rng.pick(NOTICE_WHY), name: randomName(rng) },
        startIn: rng.int(0, 1) === 0 ? null : rng.edgy(0, 65535),
      };
    }
    case 1:
      return { kind: 'COUNTDOWN', ticksLeft: rng.edgy(0, 65535) };
    case 2: {
      const hidersTotal = rng.edgy(0, 255);
      return {
        kind: 'GAME',
        ticksLeft: rng.edgy(0, U32_MAX),
        hidersLeft: rng.int(0, hidersTotal),
        hidersTotal,
        headStart: rng.edgy(0, 65535),
        endTicks: rng.edgy(0, 65535),
      };
    }
    default:
      return {
        kind: 'END',
        winner: rng.pick(['R', 'B', null] as const),
        ticksLeft: rng.edgy(0, 65535),
      };
  }
}

function randomSnapEntries(rng: Rng, withBase: boolean): SnapEntry[] {
  const ids = new Set<number>();
  const n = rng.int(0, 40);
  while (ids.size < n) ids.add(rng.edgy(1, 65535));
  return [...ids].map((id): SnapEntry => {
    const op = withBase ? rng.int(0, 2) : 0;
    if (op === 0) return { op: 'set', id, x: rng.edgy(0, 65535), y: rng.edgy(0, 65535) };
    if (op === 1)
      return { op: 'move', id, dx: rng.edgy(-65535, 65535), dy: rng.edgy(-65535, 65535) };
    return { op: 'gone', id };
  });
}

function randomInputs(rng: Rng): InputEntry[] {
  const n = rng.int(1, 32);
  let seq = rng.edgy(1, U32_MAX - 200);
  return Array.from({ length: n }, () => {
    seq += rng.int(1, 3);
    return {
      seq,
      tick: rng.edgy(0, U32_MAX),
      keys: rng.int(0, 15),
      action: rng.bool(0.7) ? null : rng.pick(ACTIONS),
    };
  });
}

function randomRosterPlayers(rng: Rng): RosterEntry[] {
  const ids = new Set<number>();
  const n = rng.int(0, 40);
  while (ids.size < n) ids.add(rng.edgy(1, 65535));
  return [...ids].map((id) => ({
    id,
    name: randomName(rng),
    colour: rng.int(0, 15),
    team: rng.pick(TEAMS),
    ready: rng.bool(),
    caught: rng.bool(),
    spectator: rng.bool(),
  }));
}

function randomEvent(rng: Rng): GameEventWire {
  const id = () => rng.edgy(1, 65535);
  switch (rng.int(0, 3)) {
    case 0:
      return {
        kind: 'start',
        tick: rng.edgy(0, U32_MAX),
        round: rng.edgy(1, U32_MAX),
        seekers: rng.edgy(0, 255),
        hiders: rng.edgy(0, 255),
      };
    case 1:
      return { kind: 'catch', tick: rng.edgy(0, U32_MAX), seeker: id(), hider: id() };
    case 2:
      return {
        kind: 'hider',
        hider: id(),
        by: rng.bool(0.3) ? rng.pick(HIDER_OUTCOMES) : id(),
        ticks: rng.edgy(0, U32_MAX),
      };
    default:
      return {
        kind: 'end',
        tick: rng.edgy(0, U32_MAX),
        winner: rng.pick(['R', 'B', null] as const),
        reason: rng.pick(END_REASONS),
        ticks: rng.edgy(0, U32_MAX),
      };
  }
}

/** 1–26 events: even 26 of the longest (43 bytes each) fit a datagram. */
function randomEvents(rng: Rng): GameEventWire[] {
  return Array.from({ length: rng.int(1, 26) }, () => randomEvent(rng));
}

function randomRow(rng: Rng, width: number): string {
  let s = '';
  for (let i = 0; i < width; i++) s += '#.*+RB'.charAt(rng.int(0, 5));
  return s;
}

export function randomMessage(rng: Rng, type: MessageType = rng.pick(MESSAGE_TYPES)): Message {
  const token = rng.hex(16);
  switch (type) {
    case 'HELLO': {
      const version = rng.edgy(1, 65535);
      return { type, version, pad: rng.int(60 - String(version).length, 300) };
    }
    case 'CHALLENGE':
      return { type, cookie: rng.hex(rng.int(16, 32)) };
    case 'CONNECT':
      return {
        type,
        version: rng.edgy(1, 65535),
        cookie: rng.hex(rng.int(16, 32)),
        name: randomName(rng),
        ...(rng.bool() ? {} : { room: randomRoomRequest(rng) }),
      };
    case 'WELCOME':
      return {
        type,
        token,
        playerId: rng.edgy(1, 65535),
        tickRate: rng.edgy(1, 120),
        tick: rng.edgy(0, U32_MAX),
        mapName: randomText(rng),
        mapWidth: rng.edgy(8, 250),
        mapHeight: rng.edgy(4, 120),
        mapChunks: rng.edgy(1, 255),
        mapChecksum: rng.hex(8),
        ...(rng.bool() ? {} : { room: randomRoomName(rng) }),
      };
    case 'REFUSED':
      return { type, reason: rng.pick(REFUSAL_REASONS) };
    case 'MAPREQ':
      return { type, token, chunk: rng.edgy(0, 254) };
    case 'MAP': {
      const chunks = rng.edgy(1, 255);
      const width = rng.edgy(8, 100);
      const firstRow = rng.edgy(0, 110);
      const rows = Array.from({ length: rng.int(1, Math.min(10, 120 - firstRow)) }, () =>
        randomRow(rng, width),
      );
      return { type, chunk: rng.int(0, chunks - 1), chunks, firstRow, rows };
    }
    case 'INPUT':
      return {
        type,
        token,
        ackTick: rng.bool(0.2) ? null : rng.edgy(0, U32_MAX),
        rosterVersion: rng.edgy(0, U32_MAX),
        eventAck: rng.edgy(0, U32_MAX),
        inputs: randomInputs(rng),
      };
    case 'SNAP': {
      const tick = rng.edgy(1, U32_MAX);
      const baseTick = rng.bool(0.3) ? null : rng.int(0, tick - 1);
      return {
        type,
        tick,
        baseTick,
        ackSeq: rng.bool(0.2) ? null : rng.edgy(1, U32_MAX),
        lead: rng.bool(0.2) ? null : rng.edgy(-999, 999),
        rosterVersion: rng.edgy(1, U32_MAX),
        phase: randomPhase(rng),
        entries: randomSnapEntries(rng, baseTick !== null),
      };
    }
    case 'EVENTS': {
      const events = randomEvents(rng);
      return { type, first: rng.edgy(1, U32_MAX - events.length + 1), events };
    }
    case 'ROSTER': {
      const parts = rng.edgy(1, 16);
      return {
        type,
        version: rng.edgy(1, U32_MAX),
        part: rng.int(0, parts - 1),
        parts,
        players: randomRosterPlayers(rng),
      };
    }
    case 'PING':
      return {
        type,
        token: rng.bool() ? null : token,
        stamp: rng.edgy(0, U32_MAX),
        pad: rng.edgy(0, 300),
      };
    case 'PONG':
      return {
        type,
        stamp: rng.edgy(0, U32_MAX),
        tick: rng.edgy(0, U32_MAX),
        info: rng.bool()
          ? null
          : {
              version: rng.edgy(1, 65535),
              phase: rng.pick(PONG_PHASES),
              players: rng.edgy(0, 255),
              maxPlayers: rng.edgy(0, 255),
              ...(rng.bool() ? {} : { access: rng.pick(PONG_ACCESS) }),
              serverName: randomText(rng),
            },
      };
    case 'DISCONNECT':
      return { type, token };
    case 'DISCONNECTED':
      return { type };
    case 'CLOSING':
      return { type, reason: rng.pick(CLOSING_REASONS) };
    case 'NOSESSION':
      return { type, token: token.slice(0, 8) };
    case 'ROOMS':
      return { type, stamp: rng.edgy(0, U32_MAX), from: rng.edgy(0, 65535), pad: rng.int(1, 900) };
    case 'ROOMLIST': {
      const rooms = Array.from({ length: rng.int(0, 20) }, () => randomRoomInfo(rng));
      const from = rng.int(0, 65535 - rooms.length);
      return {
        type,
        stamp: rng.edgy(0, U32_MAX),
        from,
        total: rng.int(from + rooms.length, 65535),
        maps: rng.bool(0.2)
          ? null
          : [...new Set(Array.from({ length: rng.int(1, 5) }, () => randomMapId(rng)))],
        rooms,
      };
    }
  }
}

const ROOM_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const MAP_ID_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789-';

function randomFrom(rng: Rng, chars: string, min: number, max: number): string {
  return Array.from({ length: rng.int(min, max) }, () => chars[rng.int(0, chars.length - 1)]).join(
    '',
  );
}

export function randomRoomName(rng: Rng): string {
  return randomFrom(rng, ROOM_CHARS, 1, 16);
}

function randomMapId(rng: Rng): string {
  return randomFrom(rng, MAP_ID_CHARS, 1, 16);
}

function randomRoomRequest(rng: Rng): RoomRequest {
  if (rng.bool()) return { kind: 'join', name: randomRoomName(rng) };
  return {
    kind: 'new',
    map: rng.bool() ? null : randomMapId(rng),
    name: rng.bool() ? null : randomRoomName(rng),
  };
}

function randomRoomInfo(rng: Rng): RoomInfo {
  return {
    name: randomRoomName(rng),
    map: randomMapId(rng),
    phase: rng.pick(PONG_PHASES),
    players: rng.edgy(0, 255),
    maxPlayers: rng.edgy(1, 255),
    access: rng.pick(PONG_ACCESS),
  };
}
