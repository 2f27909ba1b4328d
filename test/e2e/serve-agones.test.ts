/**
 * The built binary as an Agones game server, against a fake sidecar built from the SDK
 * package's own gRPC service definitions (test/support/fake-agones.ts): this proves the SDK in
 * the compiled executable too. Ready after the port is bound, Health on its timer, counts and
 * names following the players (bots), SIGTERM: players told, exit 0; with --agones-session:
 * one game, then Shutdown; a sidecar that dies mid-game: the game goes on.
 */
import { afterEach, describe, expect, test } from 'bun:test';
import { createUdpTransport } from '../../src/net/udp.ts';
import { decode, encodeBytes, makeHello } from '../../src/protocol/index.ts';
import { haunted } from '../support/binary.ts';
import { FakeSidecar, freeTcpPort, until } from '../support/fake-agones.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanups.splice(0)) f();
});

interface Served {
  proc: ReturnType<typeof Bun.spawn>;
  port: number;
  /** When the banner said where it listens (performance.now()). */
  listeningAt: number;
  events: () => { event: string; [k: string]: unknown }[];
  exited: Promise<number>;
}

async function serve(sidecarPort: number, args: string[]): Promise<Served> {
  const bin = await haunted();
  const proc = Bun.spawn(
    [bin, 'serve', '--host', '127.0.0.1', '--port', '0', '--log-format', 'json', ...args],
    {
      stdout: 'pipe',
      stderr: 'pipe',
      stdin: 'ignore',
      env: { ...process.env, AGONES_SDK_GRPC_PORT: String(sidecarPort) },
    },
  );
  cleanups.push(() => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  });
  let err = '';
  (async () => {
    for await (const chunk of proc.stderr) err += new TextDecoder().decode(chunk);
  })();
  const reader = proc.stdout.getReader();
  let banner = '';
  const listening = /listening on 127\.0\.0\.1:(\d+)/;
  while (!listening.test(banner)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`server exited: ${banner}${err}`);
    banner += new TextDecoder().decode(value);
  }
  const listeningAt = performance.now();
  reader.releaseLock();
  const events = () =>
    err
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { event: string });
  return {
    proc,
    port: Number(listening.exec(banner)![1]),
    listeningAt,
    events,
    exited: proc.exited,
  };
}

describe('haunted serve --agones (built binary, fake sidecar)', () => {
  test('Ready after the port is bound, Health, labels, counts and names of the players; SIGTERM exits 0', async () => {
    const sidecar = await FakeSidecar.start();
    cleanups.push(() => sidecar.kill());
    const s = await serve(sidecar.port, ['--agones', '--agones-health', '0.2', '--bots', '2']);
    await until(() => sidecar.count('Health') >= 3, 10_000, 'Health pings');
    const ready = sidecar.first('Ready')!;
    expect(ready).toBeDefined();
    expect(sidecar.calls[0]!.method).toBe('Ready');
    // The banner was read after the bind; Ready came after it (within a second of it).
    expect(ready.at).toBeLessThan(s.listeningAt + 5000);
    expect(sidecar.labels.get('map')).toBe('classic');
    expect(sidecar.labels.get('version')).toMatch(/^\d+\.\d+\.\d+/);
    await until(() => sidecar.counters.get('players') === 2, 10_000, 'players = 2 (the bots)');
    expect(sidecar.counters.get('rooms')).toBe(1);
    await until(() => (sidecar.lists.get('names') ?? []).length === 2, 5000, 'two names');
    s.proc.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(sidecar.count('Shutdown')).toBe(0); // the default mode: Kubernetes decides
    expect(s.events().some((e) => e.event === 'shutdown')).toBe(true);
  }, 30_000);

  test('Allocated with haunted/rooms: the rooms are opened (the rooms Counter follows), once', async () => {
    const sidecar = await FakeSidecar.start();
    cleanups.push(() => sidecar.kill());
    const s = await serve(sidecar.port, ['--agones', '--agones-health', '0.2']);
    await until(() => sidecar.counters.get('rooms') === 1, 10_000, 'rooms = 1');
    sidecar.setGameServer({
      state: 'Allocated',
      address: '127.0.0.1',
      port: s.port,
      annotations: { 'haunted/rooms': 'fridays,big:grand,bad name' },
    });
    await until(() => sidecar.counters.get('rooms') === 3, 10_000, 'rooms = 3');
    const events = s.events();
    expect(events.filter((e) => e.event === 'agones-allocated').length).toBe(1);
    expect(events.filter((e) => e.event === 'agones-room-opened').map((e) => e.room)).toEqual([
      'fridays',
      'big',
    ]);
    expect(events.some((e) => e.event === 'agones-room-refused')).toBe(true);
    s.proc.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  }, 30_000);

  test('--agones-session: one game, its end told, then Shutdown and exit 0', async () => {
    const sidecar = await FakeSidecar.start();
    cleanups.push(() => sidecar.kill());
    const s = await serve(sidecar.port, [
      '--agones',
      '--agones-session',
      '--bots',
      '2',
      '--countdown',
      '0',
      '--lobby-wait',
      '1',
      '--head-start',
      '0',
      '--seek-time',
      '2',
      '--end-time',
      '1',
    ]);
    const code = await Promise.race([s.exited, Bun.sleep(40_000).then(() => -1)]);
    expect(code).toBe(0);
    const events = s.events().map((e) => e.event);
    expect(events).toContain('agones-session-over');
    expect(events.indexOf('agones-session-over')).toBeLessThan(events.indexOf('shutdown'));
    expect(sidecar.count('Shutdown')).toBe(1);
  }, 50_000);

  test('a sidecar that dies mid-game: a warning, and the server still answers', async () => {
    const port = await freeTcpPort();
    const sidecar = await FakeSidecar.start(port);
    cleanups.push(() => sidecar.kill());
    const s = await serve(port, ['--agones', '--agones-health', '0.2']);
    await until(() => sidecar.count('Health') >= 2, 10_000, 'Health');
    sidecar.kill();
    await until(() => s.events().some((e) => e.event === 'agones-lost'), 10_000, 'agones-lost');
    const client = await createUdpTransport({ host: '127.0.0.1', clock: () => performance.now() });
    cleanups.push(() => client.close());
    let challenged = false;
    client.onDatagram((d) => {
      const m = decode(d, 'client');
      if (m.ok && m.msg.type === 'CHALLENGE') challenged = true;
    });
    client.send(encodeBytes(makeHello()), { address: '127.0.0.1', port: s.port });
    await until(() => challenged, 3000, 'a CHALLENGE');
    expect(s.proc.exitCode).toBeNull();
    s.proc.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  }, 30_000);
});
