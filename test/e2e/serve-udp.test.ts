/**
 * The built binary over real UDP on 127.0.0.1: start `haunted serve`, join with the protocol,
 * play a few ticks, SIGTERM: every client is told, the process exits 0.
 */
import { afterAll, expect, test } from 'bun:test';
import type { Address } from '../../src/net/transport.ts';
import { createUdpTransport, type UdpTransport } from '../../src/net/udp.ts';
import {
  decode,
  encodeBytes,
  type Message,
  makeHello,
  PROTOCOL_VERSION,
} from '../../src/protocol/index.ts';
import { haunted } from '../support/binary.ts';
import { waitForMessage } from '../support/inbox.ts';

const clock = () => performance.now();
const cleanup: (() => void)[] = [];
afterAll(() => {
  for (const f of cleanup) f();
});

test('haunted serve over UDP: connect, play, SIGTERM', async () => {
  const bin = await haunted();
  const proc = Bun.spawn([bin, 'serve', '--host', '127.0.0.1', '--port', '0', '--tick', '30'], {
    stdout: 'pipe',
    stderr: 'pipe',
    stdin: 'ignore',
  });
  cleanup.push(() => proc.kill('SIGKILL'));
  // The banner says where it listens.
  const reader = proc.stdout.getReader();
  let banner = '';
  while (!/listening on 127\.0\.0\.1:(\d+)/.test(banner)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`server exited: ${banner}`);
    banner += new TextDecoder().decode(value);
  }
  const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(banner)![1]);
  expect(banner).toContain(`join with:  haunted play 127.0.0.1:${port}`);
  const server: Address = { address: '127.0.0.1', port };

  const client: UdpTransport = await createUdpTransport({ host: '127.0.0.1', port: 0, clock });
  cleanup.push(() => client.close());
  const inbox: Message[] = [];
  client.onDatagram((data) => {
    const d = decode(data, 'client');
    if (d.ok) inbox.push(d.msg);
  });
  const send = (m: Message) => client.send(encodeBytes(m), server);

  send(makeHello());
  const cookie = await waitForMessage(inbox, (m) =>
    m.type === 'CHALLENGE' ? m.cookie : undefined,
  );
  send({ type: 'CONNECT', version: PROTOCOL_VERSION, cookie, name: 'udp' });
  const welcome = await waitForMessage(inbox, (m) => (m.type === 'WELCOME' ? m : undefined));
  expect(welcome.mapWidth).toBe(110);
  send({ type: 'MAPREQ', token: welcome.token, chunk: 0 });
  await waitForMessage(inbox, (m) => (m.type === 'MAP' ? m : undefined));

  // Hold "right" from the next tick on, and watch our x grow in the snapshots.
  const start = welcome.tick + 2;
  send({
    type: 'INPUT',
    token: welcome.token,
    ackTick: null,
    rosterVersion: 0,
    eventAck: 0,
    inputs: [{ seq: 1, tick: start, keys: 8, action: null }],
  });
  const first = await waitForMessage(inbox, (m) =>
    m.type === 'SNAP' && m.baseTick === null ? m : undefined,
  );
  const me = first.entries.find((e) => e.id === welcome.playerId);
  expect(me?.op).toBe('set');
  await Bun.sleep(300);
  const snaps = inbox.filter((m): m is Extract<Message, { type: 'SNAP' }> => m.type === 'SNAP');
  expect(snaps.length).toBeGreaterThan(5); // about 30 a second
  expect(snaps.at(-1)!.ackSeq).toBe(1);
  expect(inbox.some((m) => m.type === 'ROSTER')).toBe(true);

  proc.kill('SIGTERM');
  await waitForMessage(inbox, (m) =>
    m.type === 'CLOSING' && m.reason === 'shutdown' ? true : undefined,
  );
  expect(await proc.exited).toBe(0);
  const log = await new Response(proc.stderr).text();
  expect(log).toContain('connect room=default name=udp');
  expect(log).toContain('shutdown');
}, 20_000);

test('haunted serve on a taken port: one line, exit 1', async () => {
  const bin = await haunted();
  const holder = await createUdpTransport({ host: '127.0.0.1', port: 0, clock });
  cleanup.push(() => holder.close());
  const proc = Bun.spawn(
    [bin, 'serve', '--host', '127.0.0.1', '--port', String(holder.local.port)],
    {
      stdout: 'pipe',
      stderr: 'pipe',
      stdin: 'ignore',
    },
  );
  expect(await proc.exited).toBe(1);
  expect((await new Response(proc.stderr).text()).trim()).toBe(
    `haunted serve: port ${holder.local.port} is already in use`,
  );
}, 20_000);

test('haunted serve with a bad map or bad option: a clear message', async () => {
  const bin = await haunted();
  const badMap = Bun.spawn([bin, 'serve', '--map', '/nonexistent.map'], {
    stdout: 'pipe',
    stderr: 'pipe',
  });
  expect(await badMap.exited).toBe(1);
  expect(await new Response(badMap.stderr).text()).toContain('cannot read "/nonexistent.map"');
  const badTick = Bun.spawn([bin, 'serve', '--tick', '0'], { stdout: 'pipe', stderr: 'pipe' });
  expect(await badTick.exited).toBe(2);
  expect(await new Response(badTick.stderr).text()).toContain(
    "option '--tick <hz>' argument '0' is invalid",
  );
}, 20_000);
