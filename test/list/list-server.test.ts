/**
 * The list server (src/list/list-server.ts) and the game server's announcer
 * (src/server/announcer.ts) in simulated time through the in-memory network: register after a
 * challenge, heartbeats, expiry after three missed, filters, spoofed registrations refused,
 * reply sizes, rate limits, a restart.
 */
import { describe, expect, test } from 'bun:test';
import { ListServer } from '../../src/list/list-server.ts';
import { PERFECT_LINK } from '../../src/net/link-conditions.ts';
import { SimNetwork } from '../../src/net/sim.ts';
import type { Address, Transport } from '../../src/net/transport.ts';
import {
  decodeList,
  encodeList,
  type ListMessage,
  NO_FILTERS,
  paddedHeartbeat,
  paddedList,
  type ServersMessage,
} from '../../src/protocol/codec-list.ts';
import { Announcer, withAnnouncer } from '../../src/server/announcer.ts';
import { createLogger } from '../../src/server/log.ts';

const LIST: Address = { address: '10.0.0.1', port: 27950 };
const logger = createLogger({ format: 'text', sinks: [], wallClock: () => 0 });
const ENC = new TextEncoder();

function inbox(t: Transport): { msgs: ListMessage[]; raw: Uint8Array[] } {
  const box = { msgs: [] as ListMessage[], raw: [] as Uint8Array[] };
  t.onDatagram((data) => {
    box.raw.push(data);
    const d = decodeList(data);
    if (d.ok) box.msgs.push(d.msg);
  });
  return box;
}

/** A network with 1 ms each way, so that each step of an exchange can be watched. */
function network(seed: number): SimNetwork {
  const net = new SimNetwork({ seed });
  net.setConditions({ ...PERFECT_LINK, latencyMs: 1 });
  return net;
}

function setup(seed = 1, options: Partial<ConstructorParameters<typeof ListServer>[0]> = {}) {
  const net = network(seed);
  const list = new ListServer({
    transport: net.bind(LIST),
    secret: new Uint8Array(32).fill(seed),
    logger,
    now: net.now,
    intervalSeconds: 2,
    ...options,
  });
  return { net, list };
}

/** A game server at `at` announcing itself to the list server, with a game behind it. */
function game(net: SimNetwork, at: Address, players = 0, map = 'classic', maxPlayers = 10) {
  const info = { name: `game ${at.address}:${at.port}`, map, players, maxPlayers, rooms: 1 };
  const announcer = new Announcer({ targets: [LIST], logger, info: () => info }, net.now);
  const gameSide: Uint8Array[] = [];
  const transport = withAnnouncer(net.bind(at), announcer);
  transport.onDatagram((d) => gameSide.push(d));
  return { announcer, info, gameSide, transport };
}

function query(net: SimNetwork, client: Transport, box: ReturnType<typeof inbox>, q: ListMessage) {
  box.msgs.length = 0;
  client.send(ENC.encode(encodeList(q)), LIST);
  net.advance(5);
  return box.msgs.find((m): m is ServersMessage => m.type === 'SERVERS');
}

describe('list protocol codec', () => {
  test('every type round-trips to the same bytes', () => {
    const msgs: ListMessage[] = [
      paddedHeartbeat({
        version: 1,
        port: null,
        cookie: null,
        name: 'Manoir hanté',
        map: 'classic',
        players: 3,
        maxPlayers: 10,
        rooms: 2,
      }),
      { type: 'LCHALLENGE', cookie: 'ab'.repeat(12) },
      { type: 'LISTED', interval: 10 },
      paddedList({ stamp: 7, from: 0, filters: { notFull: true, notEmpty: false, map: 'grand' } }),
      {
        type: 'SERVERS',
        stamp: 7,
        from: 0,
        total: 2,
        servers: [
          {
            address: '127.0.0.1',
            port: 9998,
            name: 'a, b',
            map: 'classic',
            players: 1,
            maxPlayers: 10,
            rooms: 1,
          },
          { address: '::1', port: 1, name: 'x', map: 'c', players: 0, maxPlayers: 1, rooms: 0 },
        ],
      },
    ];
    for (const m of msgs) {
      const text = encodeList(m);
      const d = decodeList(ENC.encode(text));
      expect(d).toEqual({ ok: true, msg: m });
    }
    expect(encodeList(msgs[0]!).length).toBe(96);
    expect(encodeList(msgs[3]!).length).toBe(1200);
  });

  test('bad datagrams are refused with a reason, never thrown', () => {
    const bad = [
      'HEARTBEAT 2 - - a classic 0 1 1 - END',
      'HEARTBEAT 1 - - a Classic 0 1 1 - END',
      'LIST 1 0 0 notempty,notfull - END',
      'LIST 1 0 0 map:classic,notfull - END',
      'LIST 1 0 0 - - extra END',
      'SERVERS 1 5 5 127.0.0.1,1,0,1,1,classic,x END',
      'LISTED 0 END',
      'LISTED  10 END',
      'NOPE END',
    ];
    for (const t of bad) expect(decodeList(ENC.encode(t)).ok).toBe(false);
    let seed = 42;
    for (let i = 0; i < 5000; i++) {
      const n = (i * 7) % 200;
      const b = new Uint8Array(n);
      for (let j = 0; j < n; j++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        b[j] = i % 2 ? seed >>> 24 : 0x20 + ((seed >>> 24) % 95);
      }
      expect(() => decodeList(b)).not.toThrow();
    }
  });
});

describe('list server', () => {
  test('a server is listed only after answering the challenge sent to its address', () => {
    const { net, list } = setup();
    const A: Address = { address: '10.0.0.2', port: 9998 };
    const g = game(net, A, 2);
    g.announcer.update(net.now); // first heartbeat: no cookie
    net.advance(1.5);
    expect(list.size).toBe(0);
    expect(list.stats.challenges).toBe(1);
    net.advance(5); // the challenge arrives; the announcer answers at once; LISTED comes back
    expect(list.size).toBe(1);
    expect(list.list()[0]).toMatchObject({ address: '10.0.0.2', port: 9998, info: { players: 2 } });
    expect(g.gameSide.length).toBe(0); // the game never saw the list server's datagrams
  });

  test('behind a port mapping (Agones): the public port is listed, the challenge reaches the game through it', () => {
    const { net, list } = setup();
    const inside: Address = { address: '10.0.0.2', port: 9998 };
    const g = game(net, inside, 1);
    // The node's port 7001 forwards to the game's socket, as Kubernetes' hostPort does.
    const mapped = net.bind({ address: '10.0.0.2', port: 7001 });
    mapped.onDatagram((d, from, now) => g.announcer.claim(d, from, now));
    g.announcer.setPublicPort(7001);
    g.announcer.update(net.now);
    net.advance(10);
    expect(list.list().map((e) => `${e.address}:${e.port}`)).toEqual(['10.0.0.2:7001']);
  });

  test('a forged heartbeat for another address never lists it', () => {
    const { net, list } = setup();
    // The attacker sends from its own address, claiming a port it does not receive at; and
    // with a spoofed source (the victim's address): the challenges go where it cannot read.
    const attacker = net.bind({ address: '10.0.0.66', port: 5000 });
    const spoofed = net.bind({ address: '10.0.0.7', port: 9998 }); // the victim's address, sending only
    const attackerBox = inbox(attacker);
    const hb = (port: number | null, cookie: string | null) =>
      ENC.encode(
        encodeList(
          paddedHeartbeat({
            version: 1,
            port,
            cookie,
            name: 'evil',
            map: 'classic',
            players: 0,
            maxPlayers: 10,
            rooms: 1,
          }),
        ),
      );
    attacker.send(hb(7777, null), LIST);
    spoofed.send(hb(null, null), LIST);
    net.advance(10);
    expect(attackerBox.msgs.length).toBe(0); // the challenge went to 10.0.0.66:7777, not here
    // Guessed cookies: refused (each is challenged again, nothing listed).
    for (let i = 0; i < 4; i++) spoofed.send(hb(null, `${i}`.repeat(24)), LIST);
    attacker.send(hb(7777, 'f'.repeat(24)), LIST);
    net.advance(10);
    expect(list.size).toBe(0);
    expect(list.stats.listed).toBe(0);
  });

  test('entries expire after three missed heartbeats; heartbeats keep them', () => {
    const { net, list } = setup();
    const a = game(net, { address: '10.0.0.2', port: 9998 });
    const b = game(net, { address: '10.0.0.3', port: 9998 });
    for (let t = 0; t < 20_000; t += 100) {
      a.announcer.update(net.now);
      if (t < 5000) b.announcer.update(net.now);
      net.advance(100);
      list.update(net.now);
    }
    // b went silent at 5 s (last heartbeat ≤ 5 s): gone 3 × 2 s later; a stays.
    expect(list.list().map((e) => e.address)).toEqual(['10.0.0.2']);
    expect(list.stats.expired).toBe(1);
  });

  test('filters: not full, not empty, map', () => {
    const { net, list } = setup();
    const games = [
      game(net, { address: '10.0.0.2', port: 1 }, 0),
      game(net, { address: '10.0.0.2', port: 2 }, 10),
      game(net, { address: '10.0.0.2', port: 3 }, 4, 'grand'),
    ];
    for (const g of games) g.announcer.update(net.now);
    net.advance(20);
    expect(list.size).toBe(3);
    const client = net.bind({ address: '10.0.0.9', port: 4000 });
    const box = inbox(client);
    const ports = (filters: typeof NO_FILTERS) =>
      query(net, client, box, paddedList({ stamp: 1, from: 0, filters }))!.servers.map(
        (s) => s.port,
      );
    expect(ports(NO_FILTERS)).toEqual([1, 2, 3]);
    expect(ports({ ...NO_FILTERS, notFull: true })).toEqual([1, 3]);
    expect(ports({ ...NO_FILTERS, notEmpty: true })).toEqual([2, 3]);
    expect(ports({ ...NO_FILTERS, map: 'grand' })).toEqual([3]);
    expect(ports({ notFull: true, notEmpty: true, map: 'classic' })).toEqual([]);
  });

  test('replies are never larger than the query; pages cover 1000 servers', () => {
    const { net, list } = setup(1, {
      maxPerIp: 1000,
      heartbeatLimits: { perIpRate: 5000, perIpBurst: 5000, globalRate: 5000, globalBurst: 5000 },
    });
    for (let i = 0; i < 1000; i++)
      game(net, { address: '10.0.1.1', port: 2000 + i }, i % 11).announcer.update(net.now);
    net.advance(20);
    expect(list.size).toBe(1000);
    const client = net.bind({ address: '10.0.0.9', port: 4000 });
    const box = inbox(client);
    const seen = new Set<number>();
    let from = 0;
    let pages = 0;
    while (from < 1000 && pages < 200) {
      const q = paddedList({ stamp: pages, from, filters: NO_FILTERS });
      const page = query(net, client, box, q)!;
      expect(box.raw.at(-1)!.length).toBeLessThanOrEqual(1200);
      expect(page.total).toBe(1000);
      expect(page.servers.length).toBeGreaterThan(0);
      for (const s of page.servers) seen.add(s.port);
      from += page.servers.length;
      pages++;
    }
    expect(seen.size).toBe(1000);
    // A bare query (no pad) is small: the answer has room for the total only, or none.
    for (const size of [40, 60, 100, 300]) {
      const q = paddedList({ stamp: 9, from: 0, filters: NO_FILTERS }, size);
      box.raw.length = 0;
      const bytes = ENC.encode(encodeList(q));
      client.send(bytes, LIST);
      net.advance(5);
      for (const r of box.raw) expect(r.length).toBeLessThanOrEqual(bytes.length);
    }
  });

  test('a flood of queries or heartbeats from one address is rate-limited, never amplified', () => {
    const { net, list } = setup();
    const flooder = net.bind({ address: '10.0.0.66', port: 5000 });
    const box = inbox(flooder);
    const q = ENC.encode(encodeList(paddedList({ stamp: 1, from: 0, filters: NO_FILTERS })));
    let sentBytes = 0;
    for (let i = 0; i < 1000; i++) {
      flooder.send(q, LIST);
      sentBytes += q.length;
      net.advance(1);
    }
    net.advance(10);
    // One second: a burst of 40 and 20 a second.
    expect(box.raw.length).toBeLessThanOrEqual(61);
    expect(box.raw.reduce((n, r) => n + r.length, 0)).toBeLessThan(sentBytes);
    expect(list.stats.limited).toBeGreaterThan(900);
    const hb = ENC.encode(
      encodeList(
        paddedHeartbeat({
          version: 1,
          port: null,
          cookie: null,
          name: 'x',
          map: 'classic',
          players: 0,
          maxPlayers: 1,
          rooms: 1,
        }),
      ),
    );
    box.raw.length = 0;
    for (let i = 0; i < 1000; i++) flooder.send(hb, LIST);
    net.advance(10);
    expect(box.raw.length).toBeLessThanOrEqual(8);
  });

  test('a restart loses nothing that the next heartbeats do not restore within one interval', () => {
    const net = network(3);
    let transport: Transport | null = null;
    const start = (secret: number) => {
      transport?.close();
      transport = net.bind(LIST);
      return new ListServer({
        transport,
        secret: new Uint8Array(32).fill(secret),
        logger,
        now: net.now,
        intervalSeconds: 10,
      });
    };
    let list = start(1);
    const games = [1, 2, 3].map((i) => game(net, { address: `10.0.0.${i + 1}`, port: 9998 }, i));
    const run = (ms: number) => {
      for (let t = 0; t < ms; t += 100) {
        for (const g of games) g.announcer.update(net.now);
        net.advance(100);
        list.update(net.now);
      }
    };
    run(15_000);
    expect(list.size).toBe(3);
    list = start(2); // a new process: nothing remembered, a new secret (old cookies refused)
    expect(list.size).toBe(0);
    run(10_100);
    expect(list.size).toBe(3);
  });
});

describe('docs/LIST-SERVER.md', () => {
  test('every example decodes, and re-encodes to the same text', async () => {
    const doc = await Bun.file(new URL('../../docs/LIST-SERVER.md', import.meta.url)).text();
    const block = /```\n([\s\S]*?)```/.exec(doc)![1]!;
    const lines = block.trim().split('\n');
    expect(lines.length).toBe(6);
    for (const line of lines) {
      const d = decodeList(ENC.encode(line));
      expect(d.ok).toBe(true);
      if (d.ok) expect(encodeList(d.msg)).toBe(line);
    }
  });
});
