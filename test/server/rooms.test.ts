/**
 * Rooms on one endpoint (PROTOCOL.md §15), in simulated time: each player in one room, seeing
 * only its room's players; a CONNECT that names a room, or makes one, and its refusals; old
 * clients (no room field) in the default room; the room list within its query's size; idle
 * rooms closing, their players told; the default room never closing.
 */
import { describe, expect, test } from 'bun:test';
import { parseMap } from '../../src/game/map.ts';
import { BUILTIN_MAPS } from '../../src/game/maps/index.ts';
import { KEY } from '../../src/game/movement.ts';
import { cellSpawnPoint, cloneGame, findPlayer } from '../../src/game/state.ts';
import {
  decode,
  encodeBytes,
  type Message,
  makeHello,
  makeRooms,
  PROTOCOL_VERSION,
  type RefusalReason,
  type RoomListMessage,
  type RoomRequest,
} from '../../src/protocol/index.ts';
import type { ServerOptions } from '../../src/server/server.ts';
import { ScriptedPlayer } from '../support/scripted-player.ts';
import { type Harness, RawClient, SERVER_ADDRESS, startServer } from '../support/server-harness.ts';

const grandMap = (() => {
  const parsed = parseMap(BUILTIN_MAPS.grand!);
  if (!parsed.ok) throw new Error('grand map');
  return parsed.map;
})();

const MAPS = new Map([['grand', grandMap]]);

function roomsServer(overrides: Partial<ServerOptions> = {}): Harness {
  return startServer({
    maps: MAPS,
    rooms: [{ name: 'attic' }, { name: 'Cellar', map: 'grand' }],
    // Every test client is on 127.0.0.1: the handshake's per-IP bucket would hold them back.
    handshakeLimits: { perIpRate: 10_000, perIpBurst: 10_000 },
    ...overrides,
  });
}

/** A handshake by hand: HELLO, then CONNECT with `room`; returns the answer to the CONNECT. */
function connect(h: Harness, port: number, name: string, room?: RoomRequest): Message {
  const c = new RawClient(h.net, port);
  c.send(makeHello());
  h.run(5);
  const challenge = c.last('CHALLENGE');
  if (!challenge) throw new Error('no CHALLENGE');
  c.send({
    type: 'CONNECT',
    version: PROTOCOL_VERSION,
    cookie: challenge.cookie,
    name,
    ...(room ? { room } : {}),
  });
  h.run(5);
  const answer = c.received.at(-1)?.msg;
  if (!answer) throw new Error('no answer to CONNECT');
  return answer;
}

const join = (name: string): RoomRequest => ({ kind: 'join', name });
const make = (name: string | null, map: string | null = null): RoomRequest => ({
  kind: 'new',
  map,
  name,
});

function refusal(answer: Message): RefusalReason | null {
  return answer.type === 'REFUSED' ? answer.reason : null;
}

/** Every page of the room list, asked with `size`-byte ROOMS, from 0 until `total`. */
function listRooms(h: Harness, port: number, size: number): RoomListMessage[] {
  const c = new RawClient(h.net, port);
  const pages: RoomListMessage[] = [];
  let from = 0;
  for (let i = 0; i < 100; i++) {
    const query = encodeBytes(makeRooms(i, from, size));
    expect(query.length).toBe(size);
    c.send(query);
    h.run(5);
    const page = c.last('ROOMLIST');
    if (!page || page.stamp !== i) throw new Error(`no ROOMLIST for ${from}`);
    const got = c.received.at(-1)!;
    expect(got.size).toBeLessThanOrEqual(size);
    pages.push(page);
    from += page.rooms.length;
    if (from >= page.total || page.rooms.length === 0) break;
  }
  return pages;
}

describe('rooms on one endpoint', () => {
  test('the host opens rooms at start; ROOMS lists them, the default first', () => {
    const h = roomsServer();
    const [page] = listRooms(h, 6000, 1200);
    expect(page!.total).toBe(3);
    expect(page!.maps).toEqual(['classic', 'grand']);
    expect(
      page!.rooms.map(
        (r) => `${r.name}:${r.map}:${r.phase}:${r.players}:${r.maxPlayers}:${r.access}`,
      ),
    ).toEqual([
      'default:classic:lobby:0:10:open',
      'attic:classic:lobby:0:10:open',
      'Cellar:grand:lobby:0:10:open',
    ]);
  });

  test('players in different rooms never see each other: SNAP entries and ROSTER', () => {
    const h = roomsServer();
    const ann = new ScriptedPlayer(h, 5001, 'ann');
    const bob = new ScriptedPlayer(h, 5002, 'bob', join('attic'));
    const cat = new ScriptedPlayer(h, 5003, 'cat', join('ATTIC'));
    const old = new ScriptedPlayer(h, 5004, 'dan');
    ann.join();
    expect(bob.join().room).toBe('attic');
    expect(cat.join().room).toBe('attic');
    // A client of before rooms: the default room, and no room field in its WELCOME.
    expect(old.join().room).toBeUndefined();
    h.run(500);
    const rosterNames = (p: ScriptedPlayer) =>
      new Set(p.all('ROSTER').flatMap((r) => r.players.map((e) => e.name)));
    expect(rosterNames(ann)).toEqual(new Set(['ann', 'dan']));
    expect(rosterNames(bob)).toEqual(new Set(['bob', 'cat']));
    const attic = h.server.directory.find('attic')!;
    expect(attic.state.players.map((p) => p.name).sort()).toEqual(['bob', 'cat']);
    expect(h.server.state.players.map((p) => p.name).sort()).toEqual(['ann', 'dan']);
    // Ids are per room: every id a SNAP names is one of that room's players.
    const ids = (room: typeof attic) => new Set(room.state.players.map((p) => p.id));
    for (const snap of bob.all('SNAP'))
      for (const e of snap.entries) expect(ids(attic).has(e.id)).toBe(true);
    for (const snap of ann.all('SNAP'))
      for (const e of snap.entries) expect(ids(h.server.room).has(e.id)).toBe(true);
    // One tick counter for all rooms.
    expect(attic.state.tick).toBe(h.server.state.tick);
  });

  test('the same name in two rooms is allowed; twice in one room it is name-taken', () => {
    const h = roomsServer();
    expect(connect(h, 5001, 'ann').type).toBe('WELCOME');
    expect(connect(h, 5002, 'ann', join('attic')).type).toBe('WELCOME');
    expect(refusal(connect(h, 5003, 'ANN', join('attic')))).toBe('name-taken');
    expect(refusal(connect(h, 5004, 'ann'))).toBe('name-taken');
  });

  test('a tick in one room with a catch does not change another room', () => {
    // Two servers, the same attic; one of them also has a game with a catch in its default room.
    const run = (withCatch: boolean) => {
      const h = roomsServer();
      const bob = new ScriptedPlayer(h, 5002, 'bob', join('attic'));
      bob.join();
      bob.hold(KEY.right);
      if (withCatch) {
        const ann = new ScriptedPlayer(h, 5003, 'ann');
        const cid = new ScriptedPlayer(h, 5004, 'cid');
        ann.join();
        cid.join();
        h.run(100);
        ann.press('RED');
        cid.press('BLUE');
        h.run(100);
        ann.press('READY');
        cid.press('READY');
        h.run(1500); // countdown of 1 s: the game runs
        // The seeker three cells left of the hider in the lit top-left room, walking into it.
        const state = h.server.state;
        const at = (x: number, y: number) => cellSpawnPoint(state.map, y * state.map.width + x);
        Object.assign(findPlayer(state, ann.id)!, at(8, 6));
        Object.assign(findPlayer(state, cid.id)!, at(11, 6));
        ann.hold(KEY.right);
      }
      h.run(3000 - (withCatch ? 1700 : 0));
      if (withCatch)
        expect(h.log.lines.some((l) => l.name === 'catch' && l.fields.room === 'default')).toBe(
          true,
        );
      return cloneGame(h.server.directory.find('attic')!.state);
    };
    const quiet = run(false);
    const busy = run(true);
    expect(busy.tick).toBe(quiet.tick);
    expect(busy.players).toEqual(quiet.players);
    expect(busy.phase).toEqual(quiet.phase);
    expect(busy.rng).toEqual(quiet.rng);
  });
});

describe('making rooms', () => {
  test('new:<map>:<name> makes a room and joins it; new:-:- gets a code', () => {
    const h = roomsServer();
    const named = connect(h, 5001, 'ann', make('fridays', 'grand'));
    expect(named.type === 'WELCOME' && named.room).toBe('fridays');
    const room = h.server.directory.find('FRIDAYS')!;
    expect(room.mapId).toBe('grand');
    expect(room.kept).toBe(false);
    const coded = connect(h, 5002, 'bob', make(null));
    expect(coded.type).toBe('WELCOME');
    const code = coded.type === 'WELCOME' ? coded.room! : '';
    expect(code).toMatch(/^[ABCDEFGHJKLMNPQRSTUVWXYZ2-9]{4}$/);
    expect(h.server.directory.find(code)!.mapId).toBe('classic');
    h.run(100);
    expect(h.log.lines.some((l) => l.name === 'room-open' && l.fields.room === code)).toBe(true);
  });

  test('a repeated CONNECT new:… (its WELCOME lost) gets the same WELCOME, no second room', () => {
    const h = roomsServer();
    const c = new RawClient(h.net, 5001);
    c.send(makeHello());
    h.run(5);
    const cookie = c.last('CHALLENGE')!.cookie;
    const msg: Message = { type: 'CONNECT', version: 2, cookie, name: 'ann', room: make(null) };
    c.send(msg);
    h.run(5);
    c.send(msg);
    h.run(5);
    const welcomes = c.all('WELCOME');
    expect(welcomes.length).toBe(2);
    expect(welcomes[1]).toEqual(welcomes[0]!);
    expect(h.server.directory.size).toBe(4);
  });

  test('refusals, each for its reason', () => {
    const h = roomsServer({ maxRooms: 4, maxPlayers: 2 });
    expect(refusal(connect(h, 5001, 'ann', join('nowhere')))).toBe('room-unknown');
    expect(refusal(connect(h, 5002, 'ann', make('x', 'moon')))).toBe('map-unknown');
    expect(refusal(connect(h, 5003, 'ann', make('attic')))).toBe('room-taken');
    expect(refusal(connect(h, 5004, 'ann', make('DEFAULT')))).toBe('room-taken');
    expect(connect(h, 5005, 'ann', make('x1')).type).toBe('WELCOME');
    expect(refusal(connect(h, 5006, 'bob', make('x2')))).toBe('room-limit');
    // Full: the room named, or the default room for an old client.
    expect(connect(h, 5007, 'bob', join('attic')).type).toBe('WELCOME');
    expect(connect(h, 5008, 'cat', join('attic')).type).toBe('WELCOME');
    expect(refusal(connect(h, 5009, 'dan', join('attic')))).toBe('room-full');
    expect(connect(h, 5010, 'bob').type).toBe('WELCOME');
    expect(connect(h, 5011, 'cat').type).toBe('WELCOME');
    expect(refusal(connect(h, 5012, 'dan'))).toBe('full');
    // Closed by the console: room-closed for a minute, then unknown.
    expect(h.server.closeRoom('x1', h.net.now)).toBe(true);
    expect(refusal(connect(h, 5013, 'eve', join('x1')))).toBe('room-closed');
    expect(refusal(connect(h, 5014, 'eve', make('X1')))).toBe('room-taken');
    h.run(60_000);
    expect(refusal(connect(h, 5015, 'eve', join('x1')))).toBe('room-unknown');
  });

  test('--create none: no-create, and ROOMLIST offers no maps', () => {
    const h = roomsServer({ create: 'none' });
    expect(refusal(connect(h, 5001, 'ann', make(null)))).toBe('no-create');
    expect(listRooms(h, 6000, 1200)[0]!.maps).toBeNull();
  });

  test('a flood of creations from one address is held: 3, then one every 20 s', () => {
    const h = roomsServer();
    const answers: (RefusalReason | null)[] = [];
    // One IP, many ports (the limit is per IP).
    for (let i = 0; i < 6; i++) answers.push(refusal(connect(h, 5001 + i, `p${i}`, make(null))));
    expect(answers).toEqual([null, null, null, 'room-rate', 'room-rate', 'room-rate']);
    h.run(20_000);
    expect(refusal(connect(h, 5100, 'q', make(null)))).toBeNull();
    expect(refusal(connect(h, 5101, 'r', make(null)))).toBe('room-rate');
    expect(h.server.directory.size).toBe(3 + 4);
  });

  test('a flood of creations from many addresses is held by --max-rooms, then by idle expiry', () => {
    const h = roomsServer({ maxRooms: 8, roomIdleMs: 5000 });
    let made = 0;
    const refusals = new Map<string, number>();
    for (let i = 0; i < 100; i++) {
      // A proven address each (it answers the CHALLENGE), asking for a room of a code.
      const c = h.net.bind({ address: `10.0.${i >> 8}.${i & 255}`, port: 4000 });
      const got: Message[] = [];
      c.onDatagram((data) => {
        const d = decode(data, 'client');
        if (d.ok) got.push(d.msg);
      });
      c.send(encodeBytes(makeHello()), SERVER_ADDRESS);
      h.run(3);
      const challenge = got.find((m) => m.type === 'CHALLENGE');
      if (challenge?.type !== 'CHALLENGE') throw new Error('no CHALLENGE');
      const connect: Message = {
        type: 'CONNECT',
        version: PROTOCOL_VERSION,
        cookie: challenge.cookie,
        name: 'p',
        room: make(null),
      };
      c.send(encodeBytes(connect), SERVER_ADDRESS);
      h.run(3);
      const answer = got.at(-1)!;
      if (answer.type === 'WELCOME') made++;
      else if (answer.type === 'REFUSED')
        refusals.set(answer.reason, (refusals.get(answer.reason) ?? 0) + 1);
      c.close();
    }
    expect(made).toBe(5);
    expect(refusals).toEqual(new Map([['room-limit', 95]]));
    expect(h.server.directory.size).toBe(8);
    // Nobody plays in them (the players have gone quiet, too): they close, the host's stay.
    h.run(6000);
    expect(h.server.directory.size).toBe(3);
  });
});

describe('the room list', () => {
  test('pages stay within the query size and cover every room exactly once', () => {
    const h = roomsServer({ maxRooms: 64, creationLimits: { burst: 100 } });
    for (let i = 0; i < 40; i++) {
      expect(connect(h, 5001 + i, `p${i}`, make(`room-number-${i}`)).type).toBe('WELCOME');
    }
    for (const size of [120, 300, 1200]) {
      const pages = listRooms(h, 6000 + size, size);
      const names = pages.flatMap((p) => p.rooms.map((r) => r.name));
      expect(names.length).toBe(43);
      expect(new Set(names).size).toBe(43);
      expect(names.slice(0, 3)).toEqual(['default', 'attic', 'Cellar']);
      if (size < 1200) expect(pages.length).toBeGreaterThan(1);
    }
  });

  test('deaf: every room closed; a page from beyond the end has no rooms', () => {
    const h = roomsServer();
    h.server.deaf = true;
    const [page] = listRooms(h, 6000, 1200);
    expect(page!.rooms.map((r) => r.access)).toEqual(['closed', 'closed', 'closed']);
    const c = new RawClient(h.net, 6001);
    c.send(encodeBytes(makeRooms(9, 7, 200)));
    h.run(5);
    expect(c.last('ROOMLIST')).toEqual({
      type: 'ROOMLIST',
      stamp: 9,
      from: 7,
      total: 3,
      maps: ['classic', 'grand'],
      rooms: [],
    });
  });

  test('a ROOMS from a spoofed address gets no more bytes than it carried, or nothing', () => {
    const h = roomsServer();
    const victim = new RawClient(h.net, 7000);
    const sizes: number[] = [];
    victim.transport.onDatagram((data) => sizes.push(data.length));
    for (const size of [15, 40, 60, 90, 400]) {
      const bytes = encodeBytes(makeRooms(1, 0, size));
      h.server.receive(bytes, victim.transport.local, h.net.now);
      h.run(2);
      const last = sizes.at(-1);
      if (last !== undefined) expect(last).toBeLessThanOrEqual(bytes.length);
    }
    // The smallest queries cannot hold even the list's head: dropped, counted.
    expect(h.server.stats.drops.get('amplification')).toBeGreaterThan(0);
    expect(sizes.length).toBeGreaterThan(0);
  });

  test('ROOMS is rate-limited before decoding, like PING -', () => {
    const h = roomsServer({ handshakeLimits: {} });
    const c = new RawClient(h.net, 6000);
    for (let i = 0; i < 40; i++) c.send(encodeBytes(makeRooms(i, 0, 200)));
    h.run(5);
    expect(c.all('ROOMLIST').length).toBe(20);
    expect(h.server.stats.drops.get('rate')).toBe(20);
  });
});

describe('closing rooms', () => {
  test('a room idle for --room-idle closes, its players told room-idle three times', () => {
    const h = roomsServer({ roomIdleMs: 2000 });
    const ann = new ScriptedPlayer(h, 5001, 'ann', make('fridays'));
    const bob = new ScriptedPlayer(h, 5002, 'bob', join('attic'));
    ann.join();
    bob.join();
    h.run(1500);
    expect(h.server.directory.find('fridays')).toBeDefined();
    h.run(700);
    expect(h.server.directory.find('fridays')).toBeUndefined();
    h.run(300);
    expect(ann.all('CLOSING').map((m) => m.reason)).toEqual([
      'room-idle',
      'room-idle',
      'room-idle',
    ]);
    expect(h.server.sessions.size).toBe(1);
    // The host's rooms and the default room stay, idle as they are.
    expect(h.server.directory.find('attic')).toBeDefined();
    expect(bob.all('CLOSING')).toEqual([]);
    h.run(10_000);
    expect(h.server.directory.size).toBe(3);
    expect(h.log.lines.some((l) => l.name === 'room-close' && l.fields.why === 'idle')).toBe(true);
  });

  test('a player playing keeps a room open', () => {
    const h = roomsServer({ roomIdleMs: 2000 });
    const ann = new ScriptedPlayer(h, 5001, 'ann', make('fridays'));
    ann.join();
    for (let i = 0; i < 5; i++) {
      ann.hold(i % 2 === 0 ? KEY.right : KEY.left);
      h.run(1000);
    }
    expect(h.server.directory.find('fridays')).toBeDefined();
    // One entry, a key held down for longer than --room-idle: still playing.
    ann.hold(KEY.down);
    h.run(5000);
    expect(h.server.directory.find('fridays')).toBeDefined();
    ann.hold(0);
    h.run(2100);
    expect(h.server.directory.find('fridays')).toBeUndefined();
  });

  test('console close: players told room-closed; the other rooms tick on', () => {
    const h = roomsServer();
    const ann = new ScriptedPlayer(h, 5001, 'ann', join('attic'));
    const bob = new ScriptedPlayer(h, 5002, 'bob', join('cellar'));
    ann.join();
    bob.join();
    h.run(200);
    const before = bob.all('SNAP').length;
    expect(h.server.closeRoom('attic', h.net.now)).toBe(true);
    expect(h.server.closeRoom('default', h.net.now)).toBe(false);
    h.run(300);
    expect(ann.all('CLOSING').map((m) => m.reason)).toEqual([
      'room-closed',
      'room-closed',
      'room-closed',
    ]);
    expect(bob.all('SNAP').length).toBeGreaterThanOrEqual(before + 8);
    expect(bob.all('CLOSING')).toEqual([]);
    expect([...h.server.sessions.values()].map((s) => s.name)).toEqual(['bob']);
  });
});

test('a HELLO is refused full only while the server hosts just the default room', () => {
  const one = startServer({ maxPlayers: 1 });
  expect(connect(one, 5001, 'ann').type).toBe('WELCOME');
  const c = new RawClient(one.net, 5002);
  c.send(makeHello());
  one.run(5);
  expect(c.last('REFUSED')?.reason).toBe('full');
  const many = roomsServer({ maxPlayers: 1 });
  expect(connect(many, 5001, 'ann').type).toBe('WELCOME');
  expect(connect(many, 5002, 'bob', join('attic')).type).toBe('WELCOME');
  // And the decoder agrees with what it got.
  expect(decode(encodeBytes(makeRooms(1, 0, 64)), 'server').ok).toBe(true);
});
