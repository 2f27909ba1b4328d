/** Hand-picked valid messages of every type, at the ends of every range. */
import {
  CLOSING_REASONS,
  type InputEntry,
  MAX_EVENTS,
  type Message,
  makeHello,
  makePing,
  makeRooms,
  PONG_PHASES,
  REFUSAL_REASONS,
  type RosterEntry,
  type SnapEntry,
  U32_MAX,
} from '../../../src/protocol/index.ts';

export const TOKEN = '0123456789abcdef';
const COOKIE16 = 'fedcba9876543210';
const COOKIE32 = '00112233445566778899aabbccddeeff';
/** 40 characters with spaces, `%`, non-ASCII and an astral code point. */
const TEXT_BASE = 'Manoir hanté % 100 «Dark» 🕯 — the end!';
export const LONG_TEXT = TEXT_BASE + 'x'.repeat(40 - [...TEXT_BASE].length);

function rosterPlayer(id: number, flags: string, extra: Partial<RosterEntry> = {}): RosterEntry {
  return {
    id,
    name: `p${id}`,
    colour: id % 16,
    team: 'N',
    ready: flags.includes('r'),
    caught: flags.includes('c'),
    spectator: flags.includes('s'),
    ...extra,
  };
}

const ALL_KEYS: InputEntry[] = Array.from({ length: 16 }, (_, k) => ({
  seq: k + 1,
  tick: 1000 + k,
  keys: k,
  action: null,
}));

const MAX_INPUTS: InputEntry[] = Array.from({ length: 32 }, (_, i) => ({
  seq: U32_MAX - 31 + i,
  tick: U32_MAX,
  keys: 15,
  action: 'NEUTRAL',
}));

const SNAP_HEADER = {
  type: 'SNAP',
  tick: 100,
  baseTick: 90,
  ackSeq: 7,
  lead: 2,
  rosterVersion: 3,
} as const;

const MANY_GONE: SnapEntry[] = Array.from({ length: 255 }, (_, i) => ({ op: 'gone', id: i + 1 }));

/** The longest event, 43 bytes with its space: 27 fit a datagram after `EVENTS 4294967232`. */
const MAX_EVENT_LIST = Array.from({ length: MAX_EVENTS }, () => ({
  kind: 'end' as const,
  tick: U32_MAX,
  winner: null,
  reason: 'everybody-left' as const,
  ticks: U32_MAX,
}));

export const SAMPLES: readonly Message[] = [
  {
    type: 'EVENTS',
    first: 1,
    events: [
      { kind: 'start', tick: 0, round: 1, seekers: 0, hiders: 255 },
      { kind: 'catch', tick: U32_MAX, seeker: 65535, hider: 1 },
      { kind: 'hider', hider: 1, by: 65535, ticks: 0 },
      { kind: 'hider', hider: 2, by: 'safe', ticks: U32_MAX },
      { kind: 'hider', hider: 3, by: 'left', ticks: 7 },
      { kind: 'end', tick: 9, winner: 'R', reason: 'all-caught', ticks: 9 },
      { kind: 'end', tick: 9, winner: 'B', reason: 'time', ticks: 9 },
    ],
  },
  { type: 'EVENTS', first: U32_MAX - 63, events: MAX_EVENT_LIST.slice(0, 27) },
  { type: 'EVENTS', first: U32_MAX, events: [{ kind: 'catch', tick: 0, seeker: 1, hider: 2 }] },
  makeHello(),
  makeHello(65535),
  { type: 'HELLO', version: 1, pad: 1200 - 'HELLO 1  END'.length },
  { type: 'CHALLENGE', cookie: COOKIE16 },
  { type: 'CHALLENGE', cookie: COOKIE32 },
  { type: 'CONNECT', version: 1, cookie: COOKIE16, name: 'A' },
  { type: 'CONNECT', version: 65535, cookie: COOKIE32, name: 'é'.repeat(32) },
  { type: 'CONNECT', version: 1, cookie: COOKIE16, name: 'bad,name(too-long)%:' },
  { type: 'CONNECT', version: 2, cookie: COOKIE16, name: 'A', room: { kind: 'join', name: 'a' } },
  {
    type: 'CONNECT',
    version: 2,
    cookie: COOKIE32,
    name: 'Casper',
    room: { kind: 'join', name: 'Az09-_zzzzzzzzzz' },
  },
  {
    type: 'CONNECT',
    version: 2,
    cookie: COOKIE16,
    name: 'A',
    room: { kind: 'new', map: null, name: null },
  },
  {
    type: 'CONNECT',
    version: 2,
    cookie: COOKIE16,
    name: 'A',
    room: { kind: 'new', map: 'a-very-long-map1', name: 'new' },
  },
  {
    type: 'WELCOME',
    token: TOKEN,
    playerId: 1,
    tickRate: 1,
    tick: 0,
    mapName: 'a',
    mapWidth: 8,
    mapHeight: 4,
    mapChunks: 1,
    mapChecksum: '00000000',
  },
  {
    type: 'WELCOME',
    token: 'ffffffffffffffff',
    playerId: 65535,
    tickRate: 120,
    tick: U32_MAX,
    mapName: LONG_TEXT,
    mapWidth: 250,
    mapHeight: 120,
    mapChunks: 255,
    mapChecksum: 'ffffffff',
  },
  {
    type: 'WELCOME',
    token: TOKEN,
    playerId: 1,
    tickRate: 30,
    tick: 0,
    mapName: 'a',
    mapWidth: 8,
    mapHeight: 4,
    mapChunks: 1,
    mapChecksum: '00000000',
    room: 'K7QX',
  },
  ...REFUSAL_REASONS.map((reason) => ({ type: 'REFUSED', reason }) as const),
  { type: 'MAPREQ', token: TOKEN, chunk: 0 },
  { type: 'MAPREQ', token: TOKEN, chunk: 254 },
  { type: 'MAP', chunk: 0, chunks: 1, firstRow: 0, rows: ['########', '#.*+RB.#'] },
  { type: 'MAP', chunk: 254, chunks: 255, firstRow: 119, rows: ['#'.repeat(250)] },
  {
    type: 'INPUT',
    token: TOKEN,
    ackTick: null,
    rosterVersion: 0,
    eventAck: 0,
    inputs: [{ seq: 1, tick: 0, keys: 0, action: null }],
  },
  {
    type: 'INPUT',
    token: TOKEN,
    ackTick: 0,
    rosterVersion: U32_MAX,
    eventAck: 1,
    inputs: ALL_KEYS,
  },
  {
    type: 'INPUT',
    token: TOKEN,
    ackTick: U32_MAX,
    rosterVersion: 1,
    eventAck: U32_MAX,
    inputs: MAX_INPUTS,
  },
  {
    type: 'INPUT',
    token: TOKEN,
    ackTick: 5,
    rosterVersion: 2,
    eventAck: 3,
    inputs: (['RED', 'BLUE', 'NEUTRAL', 'READY'] as const).map((action, i) => ({
      seq: 10 + i * 3,
      tick: 20 + i,
      keys: 5,
      action,
    })),
  },
  {
    type: 'SNAP',
    tick: 0,
    baseTick: null,
    ackSeq: null,
    lead: null,
    rosterVersion: 1,
    phase: { kind: 'LOBBY', notice: null, startIn: null },
    entries: [],
  },
  {
    ...SNAP_HEADER,
    tick: U32_MAX,
    baseTick: 0,
    ackSeq: U32_MAX,
    lead: -999,
    rosterVersion: U32_MAX,
    phase: { kind: 'LOBBY', notice: { why: 'teams' }, startIn: null },
    entries: [
      { op: 'set', id: 1, x: 0, y: 0 },
      { op: 'set', id: 65535, x: 65535, y: 65535 },
      { op: 'move', id: 7, dx: -65535, dy: 65535 },
      { op: 'move', id: 8, dx: 0, dy: -1 },
      { op: 'gone', id: 3 },
    ],
  },
  ...(['unready', 'left', 'joined', 'team'] as const).map(
    (why) =>
      ({
        ...SNAP_HEADER,
        lead: 999,
        phase: { kind: 'LOBBY', notice: { why, name: '!Zed~-_9' }, startIn: null },
        entries: [{ op: 'set', id: 2, x: 16, y: 32 }],
      }) as const,
  ),
  { ...SNAP_HEADER, phase: { kind: 'COUNTDOWN', ticksLeft: 0 }, entries: [] },
  { ...SNAP_HEADER, phase: { kind: 'COUNTDOWN', ticksLeft: 65535 }, entries: [] },
  {
    ...SNAP_HEADER,
    phase: {
      kind: 'GAME',
      ticksLeft: 0,
      hidersLeft: 0,
      hidersTotal: 0,
      headStart: 0,
      endTicks: 150,
    },
    entries: [],
  },
  {
    ...SNAP_HEADER,
    lead: 0,
    phase: {
      kind: 'GAME',
      ticksLeft: U32_MAX,
      hidersLeft: 255,
      hidersTotal: 255,
      headStart: 0,
      endTicks: 150,
    },
    entries: [{ op: 'move', id: 4, dx: 3, dy: 0 }],
  },
  { ...SNAP_HEADER, phase: { kind: 'END', winner: 'R', ticksLeft: 0 }, entries: [] },
  { ...SNAP_HEADER, phase: { kind: 'END', winner: 'B', ticksLeft: 65535 }, entries: [] },
  { ...SNAP_HEADER, phase: { kind: 'END', winner: null, ticksLeft: 150 }, entries: [] },
  {
    ...SNAP_HEADER,
    tick: 1,
    baseTick: 0,
    phase: { kind: 'LOBBY', notice: null, startIn: null },
    entries: MANY_GONE,
  },
  { type: 'ROSTER', version: 1, part: 0, parts: 1, players: [] },
  {
    type: 'ROSTER',
    version: U32_MAX,
    part: 15,
    parts: 16,
    players: [
      rosterPlayer(1, ''),
      rosterPlayer(2, 'r', { team: 'R', colour: 0 }),
      rosterPlayer(3, 'c', { team: 'B', colour: 15 }),
      rosterPlayer(4, 's'),
      rosterPlayer(5, 'rc'),
      rosterPlayer(6, 'rs'),
      rosterPlayer(7, 'cs'),
      rosterPlayer(65535, 'rcs', { name: '!~-_.Zz09^' }),
    ],
  },
  makePing(null, 0),
  makePing(TOKEN, U32_MAX, 200),
  { type: 'PING', token: TOKEN, stamp: 12, pad: 1 },
  { type: 'PONG', stamp: 0, tick: 0, info: null },
  ...PONG_PHASES.map(
    (phase, i) =>
      ({
        type: 'PONG',
        stamp: U32_MAX,
        tick: U32_MAX,
        info: {
          version: i + 1,
          phase,
          players: i * 85,
          maxPlayers: 255,
          // Every form: said open or closed, or not said (a server of before the field).
          ...(i === 0 ? {} : { access: i % 2 === 0 ? ('open' as const) : ('closed' as const) }),
          serverName: LONG_TEXT,
        },
      }) as const,
  ),
  {
    type: 'PONG',
    stamp: 1,
    tick: 2,
    info: { version: 65535, phase: 'lobby', players: 0, maxPlayers: 0, serverName: '-' },
  },
  { type: 'DISCONNECT', token: TOKEN },
  { type: 'DISCONNECTED' },
  ...CLOSING_REASONS.map((reason) => ({ type: 'CLOSING', reason }) as const),
  { type: 'NOSESSION', token: '00000000' },
  { type: 'NOSESSION', token: 'ffffffff' },
  makeRooms(0, 0, 0),
  makeRooms(U32_MAX, 65535, 1200),
  { type: 'ROOMLIST', stamp: 0, from: 0, total: 0, maps: null, rooms: [] },
  { type: 'ROOMLIST', stamp: U32_MAX, from: 65535, total: 65535, maps: ['a'], rooms: [] },
  {
    type: 'ROOMLIST',
    stamp: 7,
    from: 65534,
    total: 65535,
    maps: Array.from({ length: 16 }, (_, i) => `map-${i}`),
    rooms: [
      {
        name: 'default',
        map: 'classic',
        phase: 'lobby',
        players: 0,
        maxPlayers: 1,
        access: 'open',
      },
    ],
  },
  {
    type: 'ROOMLIST',
    stamp: 1,
    from: 0,
    total: 3,
    maps: ['classic', 'grand'],
    rooms: PONG_PHASES.slice(0, 3).map((phase, i) => ({
      name: ['default', 'K7QX', 'Az09-_zzzzzzzzzz'][i] ?? 'x',
      map: 'grand',
      phase,
      players: 255,
      maxPlayers: 255,
      access: i === 1 ? ('closed' as const) : ('open' as const),
    })),
  },
];
