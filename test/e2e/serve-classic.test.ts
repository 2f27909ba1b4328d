/**
 * `haunted serve --classic-port` on 127.0.0.1, the built binary, real UDP: a classic client (the
 * original's datagrams) and a native one in the same room; the grand map refused at start.
 */
import { afterAll, expect, test } from 'bun:test';
import type { Address } from '../../src/net/transport.ts';
import { createUdpTransport } from '../../src/net/udp.ts';
import {
  decode,
  encodeBytes,
  type Message,
  makeHello,
  PROTOCOL_VERSION,
} from '../../src/protocol/index.ts';
import { haunted } from '../support/binary.ts';
import { parseClassicReply } from '../support/classic-grammar.ts';

const clock = () => performance.now();
const cleanup: (() => void)[] = [];
afterAll(() => {
  for (const f of cleanup) f();
});

async function until<T>(pick: () => T | undefined, ms = 3000): Promise<T> {
  const end = clock() + ms;
  while (clock() < end) {
    const found = pick();
    if (found !== undefined) return found;
    await Bun.sleep(5);
  }
  throw new Error('timed out');
}

test('a classic client and a native one play in the same room over UDP', async () => {
  const bin = await haunted();
  const proc = Bun.spawn(
    [bin, 'serve', '--host', '127.0.0.1', '--port', '0', '--classic-port', '0'],
    { stdout: 'pipe', stderr: 'pipe', stdin: 'ignore' },
  );
  cleanup.push(() => proc.kill('SIGKILL'));
  const reader = proc.stdout.getReader();
  let banner = '';
  const classicLine =
    /classic clients on 127\.0\.0\.1:(\d+) \(UDP\): python3 client\.py 127\.0\.0\.1 (\d+)/;
  while (!classicLine.test(banner) || !/listening on 127\.0\.0\.1:(\d+)/.test(banner)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`server exited: ${banner}`);
    banner += new TextDecoder().decode(value);
  }
  const classicPort = Number(classicLine.exec(banner)![1]);
  const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(banner)![1]);

  // The classic side: stop-and-wait, as the original client.
  const old = await createUdpTransport({ host: '127.0.0.1', port: 0, clock });
  cleanup.push(() => old.close());
  const replies: Uint8Array[] = [];
  old.onDatagram((d) => replies.push(d));
  const classicServer: Address = { address: '127.0.0.1', port: classicPort };
  const ask = async (text: string) => {
    const n = replies.length;
    old.send(new TextEncoder().encode(text), classicServer);
    return until(() => replies[n]);
  };
  const connected = parseClassicReply(await ask('CONNECT alice END'));
  expect(connected).toMatchObject({ kind: 'connected', port: classicPort, name: 'alice' });
  const first = parseClassicReply(await ask('INPUT alice RED END'));
  if (first.kind !== 'state') throw new Error('not a state');
  expect(first.walls!.length).toBe(29);
  expect(first.phase).toEqual({ kind: 'lobby', ready: [] });
  expect(new TextDecoder().decode(await ask('PING 1796604444.5182054 END'))).toBe(
    'PING 1796604444.5182054 END',
  );

  // The native side sees alice in its room's roster, on the seeker team.
  const native = await createUdpTransport({ host: '127.0.0.1', port: 0, clock });
  cleanup.push(() => native.close());
  const inbox: Message[] = [];
  native.onDatagram((data) => {
    const d = decode(data, 'client');
    if (d.ok) inbox.push(d.msg);
  });
  const server: Address = { address: '127.0.0.1', port };
  native.send(encodeBytes(makeHello()), server);
  const cookie = await until(() => inbox.find((m) => m.type === 'CHALLENGE')?.cookie);
  native.send(
    encodeBytes({ type: 'CONNECT', version: PROTOCOL_VERSION, cookie, name: 'bob' }),
    server,
  );
  const welcome = await until(() => inbox.find((m) => m.type === 'WELCOME'));
  if (welcome.type !== 'WELCOME') throw new Error();
  native.send(
    encodeBytes({
      type: 'INPUT',
      token: welcome.token,
      ackTick: null,
      rosterVersion: 0,
      eventAck: 0,
      inputs: [],
    }),
    server,
  );
  const alice = await until(() => {
    for (const m of inbox)
      if (m.type === 'ROSTER') return m.players.find((p) => p.name === 'alice');
    return undefined;
  });
  expect(alice.team).toBe('R');
  const lobby = parseClassicReply(await ask('INPUT alice . END'));
  if (lobby.kind !== 'state') throw new Error('not a state');
  expect(lobby.players.map((p) => p.name).sort()).toEqual(['alice', 'bob']);

  expect(new TextDecoder().decode(await ask('DISCONNECTION alice END'))).toBe(
    'DISCONNECTED alice END',
  );
  proc.kill('SIGTERM');
  expect(await proc.exited).toBe(0);
  const log = await new Response(proc.stderr).text();
  expect(log).toContain('connect name=alice');
  expect(log).toContain('classic=true');
}, 20_000);

test('--classic-port with a map too big for the classic client: one clear line, exit 1', async () => {
  const bin = await haunted();
  const proc = Bun.spawn(
    [bin, 'serve', '--host', '127.0.0.1', '--port', '0', '--classic-port', '0', '--map', 'grand'],
    { stdout: 'pipe', stderr: 'pipe', stdin: 'ignore' },
  );
  expect(await proc.exited).toBe(1);
  expect(await new Response(proc.stderr).text()).toMatch(
    /^haunted serve: the map .* is too big for the classic client: its walls take \d+ bytes/,
  );
}, 20_000);
