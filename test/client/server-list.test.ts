/**
 * ServerList (src/client/server-list.ts) in simulated time: a list server, three game servers
 * announcing themselves to it at different distances (one of before rooms), and a player who
 * asks the list and then every server for its rooms: every room of every server, by ping.
 */
import { describe, expect, test } from 'bun:test';
import type { KeyEvent } from '../../src/client/keys.ts';
import { ServerList } from '../../src/client/server-list.ts';
import { ServerRoomPicker } from '../../src/client/server-room-picker.ts';
import { roomHeader, roomRow } from '../../src/client/ui/screens/RoomList.tsx';
import { ListServer } from '../../src/list/list-server.ts';
import { PERFECT_LINK } from '../../src/net/link-conditions.ts';
import { SimNetwork } from '../../src/net/sim.ts';
import type { Address } from '../../src/net/transport.ts';
import { NO_FILTERS } from '../../src/protocol/codec-list.ts';
import { Announcer, withAnnouncer } from '../../src/server/announcer.ts';
import { createLogger } from '../../src/server/log.ts';
import { FakeRoomsServer, room } from '../support/fake-rooms-server.ts';

const logger = createLogger({ format: 'text', sinks: [], wallClock: () => 0 });
const LIST: Address = { address: '10.0.0.1', port: 27950 };
const PLAYER: Address = { address: '10.0.9.9', port: 40000 };

function world() {
  const net = new SimNetwork({ seed: 5 });
  net.setConditions({ ...PERFECT_LINK, latencyMs: 1 });
  new ListServer({
    transport: net.bind(LIST),
    secret: new Uint8Array(32).fill(9),
    logger,
    now: net.now,
    intervalSeconds: 10,
  });
  const servers = [
    {
      at: { address: '10.0.0.2', port: 9998 },
      ms: 40,
      rooms: ['default:classic:game:4:10', 'attic:grand:lobby:1:10'],
    },
    { at: { address: '10.0.0.3', port: 9998 }, ms: 5, rooms: ['default:classic:lobby:0:10'] },
    { at: { address: '10.0.0.4', port: 7777 }, ms: 20, rooms: [] as string[] },
  ].map(({ at, ms, rooms }) => {
    net.setConditions({ ...PERFECT_LINK, latencyMs: ms }, PLAYER, at);
    net.setConditions({ ...PERFECT_LINK, latencyMs: ms }, at, PLAYER);
    const info = {
      name: `srv ${at.address}`,
      map: 'classic',
      players: 1,
      maxPlayers: 10,
      rooms: 1,
    };
    const announcer = new Announcer({ targets: [LIST], logger, info: () => info }, net.now);
    const fake = new FakeRoomsServer(withAnnouncer(net.bind(at), announcer), rooms.map(room));
    fake.silent = rooms.length === 0; // a server of before rooms
    announcer.update(net.now);
    return { at, fake };
  });
  net.advance(20);
  return { net, servers };
}

describe('ServerList', () => {
  test('every room of every listed server, sorted by ping; a server of before rooms last', () => {
    const { net } = world();
    const client = net.bind(PLAYER);
    const list = new ServerList({ transport: client, list: LIST, now: net.now, giveUpMs: 1000 });
    client.onDatagram((d, from, now) => list.receive(d, from, now));
    for (let i = 0; i < 1000 && list.state !== 'done'; i++) {
      net.advance(5);
      list.update(net.now);
    }
    expect(list.state).toBe('done');
    expect(list.servers.length).toBe(3);
    const rows = list
      .rows()
      .map((r) => `${r.server.address}:${r.server.port} ${r.room?.name ?? '-'}`);
    expect(rows).toEqual([
      '10.0.0.3:9998 default',
      '10.0.0.2:9998 default',
      '10.0.0.2:9998 attic',
      '10.0.0.4:7777 -',
    ]);
    const pings = list.rows().map((r) => r.pingMs);
    expect(pings[0]).toBeCloseTo(10, -1);
    expect(pings[1]).toBeCloseTo(80, -1);
    expect(pings[3]).toBeNull();
  });

  test('no list server: no-list after giveUpMs; an empty list: done with no rows', () => {
    const { net } = world();
    const client = net.bind(PLAYER);
    const nowhere = new ServerList({
      transport: client,
      list: { address: '10.0.0.77', port: 1 },
      now: net.now,
      giveUpMs: 500,
    });
    client.onDatagram((d, from, now) => nowhere.receive(d, from, now));
    net.advance(600);
    nowhere.update(net.now);
    expect(nowhere.state).toBe('no-list');
    const filtered = new ServerList({
      transport: client,
      list: LIST,
      now: net.now,
      filters: { ...NO_FILTERS, map: 'nowhere' },
    });
    client.onDatagram((d, from, now) => filtered.receive(d, from, now));
    for (let i = 0; i < 100 && filtered.state === 'listing'; i++) {
      net.advance(5);
      filtered.update(net.now);
    }
    expect(filtered.state).toBe('done');
    expect(filtered.rows()).toEqual([]);
  });
});

const k = (input: string, key: Record<string, unknown> = {}): KeyEvent => ({ input, key });
const DOWN = k('', { downArrow: true });
const ENTER = k('\r', { return: true });
const ESC = k('', { escape: true });

describe('ServerRoomPicker (haunted play --list)', () => {
  function picking() {
    const { net, servers } = world();
    const client = net.bind(PLAYER);
    const picker = new ServerRoomPicker({
      transport: client,
      list: LIST,
      now: net.now,
      giveUpMs: 1000,
    });
    const run = (ms: number) => {
      const end = net.now + ms;
      while (net.now < end) {
        net.advance(5);
        picker.update(net.now);
      }
    };
    return { net, servers, picker, run };
  }

  test('the rows of every server, nearest first, each naming its server; Enter joins the chosen one there', () => {
    const { picker, run, net } = picking();
    expect(picker.showing).toBe(true);
    expect(picker.screen().loading).toBe(true);
    run(3000);
    const screen = picker.screen();
    expect(screen.loading).toBe(false);
    expect(screen.canCreate).toBe(false);
    const rows = screen.rooms.map((r) => roomRow(r, false));
    expect(rows[0]).toMatch(
      /^ {2}default +classic +lobby +0\/10 +10 ms +srv 10\.0\.0\.3 \(10\.0\.0\.3:9998\)$/,
    );
    expect(rows[1]).toMatch(
      /^ {2}default +classic +game +4\/10 +80 ms +srv 10\.0\.0\.2 \(10\.0\.0\.2:9998\)$/,
    );
    expect(rows[2]).toMatch(/^ {2}attic +grand +lobby +1\/10 +80 ms/);
    // The server of before rooms: its default room from the list, no ping.
    expect(rows[3]).toMatch(
      /^ {2}default +classic +lobby +1\/10 +- +srv 10\.0\.0\.4 \(10\.0\.0\.4:7777\)$/,
    );
    expect(roomHeader(true)).toMatch(/Ping +Server$/);
    picker.onKey(DOWN, net.now);
    picker.onKey(DOWN, net.now);
    picker.onKey(ENTER, net.now);
    expect(picker.choice).toEqual({
      kind: 'room',
      request: { kind: 'join', name: 'attic' },
      server: { address: '10.0.0.2', port: 9998 },
      label: '10.0.0.2:9998',
    });
  });

  test('a server of before rooms is joined as before rooms; N says where rooms are made; Esc quits', () => {
    const { picker, run, net } = picking();
    run(3000);
    picker.onKey(k('n'), net.now);
    expect(picker.screen().message).toContain('haunted play HOST');
    for (let i = 0; i < 5; i++) picker.onKey(DOWN, net.now);
    picker.onKey(ENTER, net.now);
    expect(picker.choice).toEqual({
      kind: 'default',
      server: { address: '10.0.0.4', port: 7777 },
      label: '10.0.0.4:7777',
    });
    const again = picking();
    again.run(100);
    again.picker.onKey(ESC, again.net.now);
    expect(again.picker.choice).toEqual({ kind: 'quit' });
  });

  test('refused: back to the list with the reason, refreshed; the rows come again', () => {
    const { picker, run, net } = picking();
    run(3000);
    picker.onKey(ENTER, net.now);
    expect(picker.choice?.kind).toBe('room');
    picker.back('room-full', { kind: 'join', name: 'default' }, net.now);
    expect(picker.choice).toBeNull();
    expect(picker.screen().message).toContain('Room default:');
    expect(picker.screen().refreshing).toBe(true);
    run(3000);
    expect(picker.screen().rooms.length).toBe(4);
    expect(picker.screen().refreshing).toBe(false);
  });
});
