/**
 * ServerList (src/client/server-list.ts) in simulated time: a list server, three game servers
 * announcing themselves to it at different distances (one of before rooms), and a player who
 * asks the list and then every server for its rooms: every room of every server, by ping.
 */
import { describe, expect, test } from 'bun:test';
import { ServerList } from '../../src/client/server-list.ts';
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
