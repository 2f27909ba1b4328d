/**
 * The game loop (GameClient) with a room, against a stand-in server in simulated time: the
 * CONNECT names the room, the status line names it (as asked, then as WELCOME spells it), each
 * room refusal is said in words on the refusal screen (no rename prompt), and a room's closing
 * is said on the final screen.
 */
import { describe, expect, test } from 'bun:test';
import { GameClient } from '../../src/client/game-client.ts';
import { SimNetwork } from '../../src/net/sim.ts';
import type { RoomRequest } from '../../src/protocol/index.ts';
import {
  CLOSING_TEXT,
  type ConnectMessage,
  type Message,
  mapChecksum,
  REFUSAL_TEXT,
  type RefusalReason,
} from '../../src/protocol/index.ts';
import { app, frame } from '../support/app-frame.tsx';
import { FAKE_SERVER, FakeRoomsServer } from '../support/fake-rooms-server.ts';

/** The tiny manor of PROTOCOL.md §12 (12×6, one chunk): only its size and checksum travel here. */
const TINY = [
  '############',
  '#R...#....B#',
  '#....#.*...#',
  '#.*.....+..#',
  '#....#.....#',
  '############',
];

function setup(room: RoomRequest | undefined, answer: (m: ConnectMessage) => Message | null) {
  const net = new SimNetwork({ seed: 9 });
  net.setConditions({ latencyMs: 5, jitterMs: 0, lossPct: 0, dupPct: 0 });
  const server = new FakeRoomsServer(net, []);
  server.onConnect = answer;
  const client = new GameClient({
    transport: net.bind({ address: '127.0.0.1', port: 50000 }),
    server: FAKE_SERVER,
    address: '127.0.0.1:9998',
    name: 'Ana',
    now: 0,
    columns: 120,
    rows: 40,
    level: 'none',
    ...(room === undefined ? {} : { room }),
  });
  const run = (ms: number) => {
    const end = net.now + ms;
    while (net.now < end) {
      net.advanceTo(net.now + 1);
      client.frame(net.now);
    }
  };
  return { net, server, client, run };
}

const welcome = (room?: string): Message => ({
  type: 'WELCOME',
  token: '0a1b2c3d4e5f6071',
  playerId: 1,
  tickRate: 30,
  tick: 100,
  mapName: 'Tiny',
  mapWidth: 12,
  mapHeight: 6,
  mapChunks: 1,
  mapChecksum: mapChecksum(TINY),
  ...(room === undefined ? {} : { room }),
});

describe('GameClient with a room', () => {
  test('the CONNECT names the room; the status line says it as asked, then as WELCOME spells it', () => {
    const { server, client, run, net } = setup({ kind: 'join', name: 'k7qx' }, () =>
      welcome('K7QX'),
    );
    expect(client.model(net.now).status.room).toBe('k7qx');
    run(50);
    const connect = server.received.find((r) => r.msg.type === 'CONNECT')?.msg as ConnectMessage;
    expect(connect.room).toEqual({ kind: 'join', name: 'k7qx' });
    expect(client.conn.state).toBe('loading');
    expect(client.model(net.now).status.room).toBe('K7QX');
  });

  test('a new room: nothing named until WELCOME names the code the server picked', () => {
    const { client, run, net } = setup({ kind: 'new', map: null, name: null }, () =>
      welcome('Q4ZP'),
    );
    expect(client.model(net.now).status.room).toBeUndefined();
    run(50);
    expect(client.model(net.now).status.room).toBe('Q4ZP');
  });

  test('without a room: a CONNECT without one, and no room on the status line', () => {
    const { server, client, run, net } = setup(undefined, () => welcome());
    run(50);
    const connect = server.received.find((r) => r.msg.type === 'CONNECT')?.msg as ConnectMessage;
    expect(connect.room).toBeUndefined();
    expect(client.conn.state).toBe('loading');
    expect(client.model(net.now).status.room).toBeUndefined();
  });

  const ROOM_REFUSALS: RefusalReason[] = [
    'room-unknown',
    'room-full',
    'room-closed',
    'room-taken',
    'room-limit',
    'room-rate',
    'no-create',
    'map-unknown',
  ];

  test.each(ROOM_REFUSALS)('REFUSED %s: said in words on the refusal screen', (reason) => {
    const { client, run, net } = setup({ kind: 'join', name: 'b' }, () => ({
      type: 'REFUSED',
      reason,
    }));
    run(50);
    const model = client.model(net.now);
    expect(model.screen).toEqual({
      kind: 'refused',
      reason,
      message: REFUSAL_TEXT[reason],
      rename: null,
    });
    const text = frame(app(model.screen, { status: model.status }))
      .join(' ')
      .replace(/\s+/g, ' ');
    expect(text).toContain('127.0.0.1:9998 refused to let you in');
    expect(text).toContain(`The server says: ${REFUSAL_TEXT[reason]}.`);
  });

  test.each(['room-closed', 'room-idle'] as const)(
    'CLOSING %s: the final screen says it',
    (reason) => {
      const { server, client, run, net } = setup({ kind: 'join', name: 'b' }, () => welcome('b'));
      run(50);
      server.send({ type: 'CLOSING', reason }, { address: '127.0.0.1', port: 50000 });
      run(20);
      expect(client.conn.state).toBe('closed-by-server');
      const model = client.model(net.now);
      expect(model.screen).toEqual({
        kind: 'failed',
        title: 'Disconnected',
        message: CLOSING_TEXT[reason],
      });
      const text = frame(app(model.screen)).join(' ').replace(/\s+/g, ' ');
      expect(text).toContain(CLOSING_TEXT[reason]);
    },
  );
});
