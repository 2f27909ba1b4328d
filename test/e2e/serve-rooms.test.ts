/**
 * `haunted serve --rooms` over real UDP on 127.0.0.1 (from the sources, not the binary): the
 * server hosts three rooms, answers ROOMS with them, and a CONNECT into `b` gets WELCOME … b.
 */
import { afterAll, expect, test } from 'bun:test';
import type { Address } from '../../src/net/transport.ts';
import { createUdpTransport } from '../../src/net/udp.ts';
import {
  decode,
  encodeBytes,
  type Message,
  makeHello,
  makeRooms,
  PROTOCOL_VERSION,
} from '../../src/protocol/index.ts';
import { waitForMessage } from '../support/inbox.ts';

const clock = () => performance.now();
const cleanup: (() => void)[] = [];
afterAll(() => {
  for (const f of cleanup) f();
});

test('haunted serve --rooms a,b:grand --bots-per-room 1: ROOMS lists three rooms with a bot each, CONNECT joins b', async () => {
  const proc = Bun.spawn(
    [
      'bun',
      'src/cli/main.ts',
      'serve',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--rooms',
      'a,b:grand',
      '--bots-per-room',
      '1',
    ],
    { stdout: 'pipe', stderr: 'pipe', stdin: 'ignore' },
  );
  cleanup.push(() => proc.kill('SIGKILL'));
  const reader = proc.stdout.getReader();
  let banner = '';
  const listening = /listening on 127\.0\.0\.1:(\d+)/;
  while (!/a room: /.test(banner)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`server exited: ${banner}${await new Response(proc.stderr).text()}`);
    banner += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  const port = Number(listening.exec(banner)![1]);
  expect(banner).toContain('3 rooms: default (classic), a (classic), b (grand)');
  expect(banner).toContain(`haunted play 127.0.0.1:${port}/ROOM`);
  const server: Address = { address: '127.0.0.1', port };
  const client = await createUdpTransport({ host: '127.0.0.1', port: 0, clock });
  cleanup.push(() => client.close());
  const inbox: Message[] = [];
  const sizes: number[] = [];
  client.onDatagram((data) => {
    const d = decode(data, 'client');
    if (d.ok) {
      inbox.push(d.msg);
      sizes.push(data.length);
    }
  });
  const send = (m: Message) => client.send(encodeBytes(m), server);

  send(makeRooms(77, 0, 200));
  const list = await waitForMessage(inbox, (m) => (m.type === 'ROOMLIST' ? m : undefined), 5000);
  expect(sizes[0]).toBeLessThanOrEqual(200);
  expect(list.stamp).toBe(77);
  expect(list.total).toBe(3);
  expect(list.maps).toEqual(['classic', 'grand']);
  expect(list.rooms.map((r) => `${r.name}:${r.map}`)).toEqual([
    'default:classic',
    'a:classic',
    'b:grand',
  ]);

  send(makeHello());
  const cookie = await waitForMessage(
    inbox,
    (m) => (m.type === 'CHALLENGE' ? m.cookie : undefined),
    5000,
  );
  send({
    type: 'CONNECT',
    version: PROTOCOL_VERSION,
    cookie,
    name: 'udp',
    room: { kind: 'join', name: 'B' },
  });
  const welcome = await waitForMessage(inbox, (m) => (m.type === 'WELCOME' ? m : undefined), 5000);
  expect(welcome.room).toBe('b');
  expect(welcome.mapWidth).toBe(219);
  // A bot in every room (they join over UDP like anyone), and us in b.
  const full = async () => {
    for (let i = 0; i < 40; i++) {
      inbox.length = 0;
      send(makeRooms(1000 + i, 0, 200));
      const page = await waitForMessage(
        inbox,
        (m) => (m.type === 'ROOMLIST' ? m : undefined),
        5000,
      );
      const players = page.rooms.map((r) => r.players);
      if (players.join() === '1,1,2') return players;
      await Bun.sleep(100);
    }
    return null;
  };
  expect(await full()).toEqual([1, 1, 2]);
  proc.kill('SIGTERM');
  const closing = await waitForMessage(
    inbox,
    (m) => (m.type === 'CLOSING' ? m.reason : undefined),
    5000,
  );
  expect(closing).toBe('shutdown');
  expect(await proc.exited).toBe(0);
}, 20_000);
