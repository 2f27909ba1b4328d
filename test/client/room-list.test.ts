/**
 * The room-list fetcher (src/client/room-list.ts) against a stand-in server with rooms on the
 * simulated network: one page, many pages within the question's size, a server of before rooms
 * (silent after 1 s), lost answers, a page that never comes, refreshes. Simulated time only.
 */
import { describe, expect, test } from 'bun:test';
import { RoomList, type RoomListOptions } from '../../src/client/room-list.ts';
import { SimNetwork } from '../../src/net/sim.ts';
import { MAX_DATAGRAM, type RoomInfo } from '../../src/protocol/index.ts';
import { FAKE_SERVER, FakeRoomsServer, room } from '../support/fake-rooms-server.ts';

const CLIENT = { address: '127.0.0.1', port: 50000 };

function setup(rooms: RoomInfo[], latencyMs = 10, over: Partial<RoomListOptions> = {}) {
  const net = new SimNetwork({ seed: 3 });
  net.setConditions({ latencyMs, jitterMs: 0, lossPct: 0, dupPct: 0 });
  const server = new FakeRoomsServer(net, rooms);
  const list = new RoomList({ transport: net.bind(CLIENT), server: FAKE_SERVER, now: 0, ...over });
  const run = (ms: number) => {
    const end = net.now + ms;
    while (net.now < end) {
      net.advanceTo(net.now + 1);
      list.update(net.now);
    }
  };
  return { net, server, list, run };
}

const THREE = [
  room('default:classic:game:7:10:open'),
  room('K7QX:classic:lobby:2:10:open'),
  room('fridays:grand:lobby:0:10:closed'),
];

/** `n` rooms with 16-character names: about 37 bytes each, so ~30 to a 1200-byte page. */
function many(n: number): RoomInfo[] {
  return Array.from({ length: n }, (_, i) =>
    room(`room-${String(i).padStart(11, '0')}:classic:lobby:${i % 11}:10:open`),
  );
}

describe('RoomList', () => {
  test('three rooms: one 1200-byte ROOMS, one page, the round trip as each row ping', () => {
    const { server, list, run } = setup(THREE);
    expect(list.state).toBe('asking');
    run(30);
    expect(list.state).toBe('listed');
    expect(list.rooms.map((r) => r.name)).toEqual(['default', 'K7QX', 'fridays']);
    expect(list.rooms[2]).toEqual({ ...THREE[2]!, pingMs: 20 });
    expect(list.maps).toEqual(['classic', 'grand']);
    expect(list.total).toBe(3);
    expect(list.pingMs).toBe(20);
    expect(list.partial).toBe(false);
    expect(list.busy).toBe(false);
    const sizes = server.received.map((r) => r.size);
    expect(sizes).toEqual([MAX_DATAGRAM]);
    run(1000); // nothing more is asked until a refresh
    expect(server.questions()).toHaveLength(1);
  });

  test('100 rooms: pages from where the last ended, each answer within its question', () => {
    const { net, server, list, run } = setup(many(100));
    run(200);
    expect(list.state).toBe('listed');
    expect(list.rooms.map((r) => r.name)).toEqual(many(100).map((r) => r.name));
    const froms = server.questions().map((q) => q.from);
    expect(froms.length).toBeGreaterThan(3);
    expect(froms[0]).toBe(0);
    for (let i = 1; i < froms.length; i++) expect(froms[i]!).toBeGreaterThan(froms[i - 1]!);
    const down = net.linkStats(FAKE_SERVER, CLIENT);
    expect(down.delivered).toBe(froms.length);
    expect(down.bytesDelivered).toBeLessThanOrEqual(froms.length * MAX_DATAGRAM);
  });

  test('a smaller question gets smaller pages, and never a larger answer', () => {
    const { net, server, list, run } = setup(many(20), 10, { size: 200 });
    run(2000);
    expect(list.rooms).toHaveLength(20);
    const asked = server.questions().length;
    expect(asked).toBeGreaterThanOrEqual(5); // about 4 rooms a page
    const down = net.linkStats(FAKE_SERVER, CLIENT);
    expect(down.bytesDelivered).toBeLessThanOrEqual(asked * 200);
  });

  test('a server of before rooms: ROOMS every 250 ms, then silent at 1 s', () => {
    const { server, list, run } = setup(THREE);
    server.silent = true;
    run(999);
    expect(list.state).toBe('asking');
    expect(server.questions().map((q) => q.from)).toEqual([0, 0, 0, 0]);
    run(1);
    expect(list.state).toBe('silent');
    expect(list.busy).toBe(false);
    run(1000);
    expect(server.questions()).toHaveLength(4);
  });

  test('lost answers: asked again until answered', () => {
    const { server, list, run } = setup(THREE);
    server.dropAnswers = 2;
    run(600);
    expect(list.state).toBe('listed');
    expect(server.questions()).toHaveLength(3);
    // The answer to the third question: its own round trip, not the first question's.
    expect(list.pingMs).toBe(20);
  });

  test('a later page that never comes: the round ends after 2 s with what came (partial)', () => {
    const { server, list, run } = setup(many(100));
    run(25); // the first page is in, the second asked
    expect(list.state).toBe('asking');
    server.silent = true;
    run(2100);
    expect(list.state).toBe('listed');
    expect(list.partial).toBe(true);
    expect(list.rooms.length).toBeGreaterThan(10);
    expect(list.rooms.length).toBeLessThan(100);
  });

  test('a refresh keeps the list shown until its round ends, then shows the new one', () => {
    const { server, list, run } = setup(THREE);
    run(30);
    server.rooms = [...THREE, room('late:grand:game:4:8:open')];
    list.refresh(30);
    expect(list.busy).toBe(true);
    expect(list.rooms).toHaveLength(3);
    list.refresh(30); // one round at a time
    run(30);
    expect(server.questions()).toHaveLength(2);
    expect(list.rooms.map((r) => r.name)).toEqual(['default', 'K7QX', 'fridays', 'late']);
    expect(list.rounds).toBe(2);
  });

  test('answers from another address, or to no question, are not taken', () => {
    const { net, list } = setup(THREE);
    const other = net.bind({ address: '127.0.0.9', port: 9998 });
    const text = `ROOMLIST ${1} 0 1 classic default:classic:lobby:0:10:open END`;
    expect(list.receive(new TextEncoder().encode(text), other.local, 5)).toBe(false);
    expect(list.receive(new TextEncoder().encode(text), FAKE_SERVER, 5)).toBe(false);
    expect(list.state).toBe('asking');
  });

  test('a name seen twice across pages (a room made between two pages) is kept once', () => {
    const { list } = setup([]);
    const round = (list as unknown as { sentAt: Map<number, { at: number; from: number }> }).sentAt;
    const [stamp] = [...round.keys()];
    const a = room('a:classic:lobby:0:10:open');
    const b = room('B:classic:lobby:0:10:open');
    expect(
      list.take(
        { type: 'ROOMLIST', stamp: stamp!, from: 0, total: 3, maps: null, rooms: [a, b] },
        10,
      ),
    ).toBe(true);
    const next = [...round.keys()].at(-1);
    const bAgain = room('b:grand:game:1:10:open');
    list.take(
      { type: 'ROOMLIST', stamp: next!, from: 2, total: 3, maps: null, rooms: [bAgain] },
      20,
    );
    expect(list.rooms.map((r) => r.name)).toEqual(['a', 'B']);
    expect(list.maps).toBeNull();
  });
});
