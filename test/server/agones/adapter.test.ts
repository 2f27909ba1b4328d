/**
 * The Agones adapter with the real SDK client (`@google-cloud/agones-sdk`) against a fake
 * sidecar built from the SDK's own service definitions, over gRPC on 127.0.0.1: the order and
 * timing of calls, a late sidecar, a sidecar that dies mid-game, the watch stream, counters and
 * the names List following joins and leaves, Shutdown.
 */
import { afterAll, afterEach, describe, expect, test } from 'bun:test';
import { type FleetCounts, startAgones } from '../../../src/server/agones/adapter.ts';
import { createAgonesSdk } from '../../../src/server/agones/sdk.ts';
import { createLogger } from '../../../src/server/log.ts';
import { FakeSidecar, freeTcpPort, until } from '../../support/fake-agones.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanups.splice(0)) f();
});
// The SDK reads its port from the environment: set by these tests only, and put back, so that
// no later test's `haunted serve` believes it runs under Agones.
const portBefore = process.env.AGONES_SDK_GRPC_PORT;
afterAll(() => {
  if (portBefore === undefined) delete process.env.AGONES_SDK_GRPC_PORT;
  else process.env.AGONES_SDK_GRPC_PORT = portBefore;
});

function logged() {
  const lines: string[] = [];
  const logger = createLogger({
    format: 'json',
    sinks: [(l) => lines.push(l)],
    wallClock: Date.now,
  });
  const events = () => lines.map((l) => JSON.parse(l) as { event: string; [k: string]: unknown });
  return { logger, events, has: (name: string) => events().some((e) => e.event === name) };
}

function start(
  port: number,
  counts: () => FleetCounts,
  extra: Partial<Parameters<typeof startAgones>[0]> = {},
) {
  const log = logged();
  const adapter = startAgones({
    createSdk: () => {
      process.env.AGONES_SDK_GRPC_PORT = String(port);
      return createAgonesSdk();
    },
    logger: log.logger,
    counts,
    labels: { map: 'classic', version: '0.1.0' },
    healthMs: 100,
    syncMs: 50,
    retryMs: [100, 400],
    ...extra,
  });
  cleanups.push(() => adapter.close());
  return { adapter, ...log };
}

function sidecarFor(s: FakeSidecar): FakeSidecar {
  cleanups.push(() => s.kill());
  return s;
}

describe('agones adapter', () => {
  test('Ready first, then labels, watch and Health on its timer; counts published', async () => {
    const sidecar = sidecarFor(await FakeSidecar.start());
    const t0 = performance.now();
    const { adapter } = start(sidecar.port, () => ({ players: 2, rooms: 1, names: ['ana', 'bo'] }));
    await until(() => sidecar.count('Health') >= 5, 5000, 'five Health pings');
    expect(adapter.connected).toBe(true);
    const methods = sidecar.calls.map((c) => c.method);
    expect(methods[0]).toBe('Ready');
    expect(sidecar.first('Ready')!.at - t0).toBeLessThan(2000);
    expect(sidecar.labels.get('map')).toBe('classic');
    expect(sidecar.labels.get('version')).toBe('0.1.0');
    expect(sidecar.count('WatchGameServer')).toBe(1);
    // Health every 100 ms: the gaps between pings stay well inside a 5 s health period.
    const healths = sidecar.calls.filter((c) => c.method === 'Health').map((c) => c.at);
    for (let i = 1; i < healths.length; i++)
      expect(healths[i]! - healths[i - 1]!).toBeLessThan(1000);
    await until(() => (sidecar.lists.get('names') ?? []).length === 2, 3000, 'names');
    expect(sidecar.counters.get('players')).toBe(2);
    expect(sidecar.counters.get('rooms')).toBe(1);
    expect(sidecar.count('Ready')).toBe(1);
  });

  test('counters and the names List follow joins and leaves, and nothing is sent when idle', async () => {
    const sidecar = sidecarFor(await FakeSidecar.start());
    let counts: FleetCounts = { players: 0, rooms: 1, names: [] };
    start(sidecar.port, () => counts);
    await until(() => sidecar.counters.get('players') === 0, 3000, 'first counts');
    counts = { players: 1, rooms: 1, names: ['ana'] };
    await until(() => sidecar.counters.get('players') === 1, 3000, 'a join');
    await until(() => sidecar.lists.get('names')?.join() === 'ana', 3000, 'a name');
    counts = { players: 2, rooms: 2, names: ['ana', 'bo'] };
    await until(() => sidecar.counters.get('rooms') === 2, 3000, 'a room');
    await until(() => (sidecar.lists.get('names') ?? []).length === 2, 3000, 'second name');
    counts = { players: 1, rooms: 2, names: ['bo'] };
    await until(() => sidecar.counters.get('players') === 1, 3000, 'a leave');
    await until(() => sidecar.lists.get('names')?.join() === 'bo', 3000, 'name removed');
    const updates = sidecar.count('UpdateCounter');
    await Bun.sleep(300); // six sync periods with nothing changed
    expect(sidecar.count('UpdateCounter')).toBe(updates);
  });

  test('a late sidecar: the connection is retried, Ready comes once it is up', async () => {
    const port = await freeTcpPort();
    const { adapter, has } = start(port, () => ({ players: 0, rooms: 1, names: [] }));
    await Bun.sleep(700);
    expect(adapter.connected).toBe(false);
    const sidecar = sidecarFor(await FakeSidecar.start(port));
    await until(() => has('agones-ready'), 8000, 'Ready from the late sidecar');
    expect(sidecar.count('Ready')).toBe(1);
    expect(adapter.connected).toBe(true);
  }, 15_000);

  test('a sidecar that dies mid-game: logged, the adapter retries, Ready is not called again', async () => {
    const port = await freeTcpPort();
    let sidecar = sidecarFor(await FakeSidecar.start(port));
    let players = 1;
    const { adapter, has } = start(port, () => ({ players, rooms: 1, names: [] }));
    await until(() => sidecar.count('Health') >= 2, 5000, 'health');
    sidecar.kill();
    await until(() => has('agones-lost'), 5000, 'the loss logged');
    expect(adapter.connected).toBe(false);
    players = 3; // the game went on
    sidecar = sidecarFor(await FakeSidecar.start(port));
    await until(
      () => adapter.connected && sidecar.counters.get('players') === 3,
      10_000,
      'reconnect',
    );
    expect(sidecar.count('Ready')).toBe(0);
  }, 20_000);

  test('the watch stream: Allocated once, with its labels and annotations; the public address', async () => {
    const sidecar = sidecarFor(await FakeSidecar.start());
    const allocations: { labels: Record<string, string>; annotations: Record<string, string> }[] =
      [];
    const addresses: string[] = [];
    const { adapter } = start(sidecar.port, () => ({ players: 0, rooms: 1, names: [] }), {
      onAllocated: (meta) => allocations.push(meta),
      onAddress: (a, p) => addresses.push(`${a}:${p}`),
    });
    await until(() => sidecar.count('Ready') === 1, 5000, 'ready');
    await until(() => sidecar.count('WatchGameServer') === 1, 5000, 'watch');
    sidecar.setGameServer({ state: 'Ready', address: '127.0.0.9', port: 7001 });
    await until(() => addresses.length === 1, 3000, 'address');
    expect(addresses).toEqual(['127.0.0.9:7001']);
    sidecar.setGameServer({
      state: 'Allocated',
      address: '127.0.0.9',
      port: 7001,
      labels: { 'haunted/map': 'classic' },
      annotations: { 'haunted/rooms': 'attic,cellar' },
    });
    await until(() => allocations.length === 1, 3000, 'allocated');
    expect(adapter.state).toBe('Allocated');
    expect(allocations[0]).toEqual({
      labels: { 'haunted/map': 'classic' },
      annotations: { 'haunted/rooms': 'attic,cellar' },
    });
    sidecar.setGameServer({ ...sidecar.gameServer });
    await Bun.sleep(150);
    expect(allocations.length).toBe(1);
    expect(addresses.length).toBe(1);
  });

  test('Shutdown reaches the sidecar; without one it returns false at once', async () => {
    const sidecar = sidecarFor(await FakeSidecar.start());
    const { adapter } = start(sidecar.port, () => ({ players: 0, rooms: 1, names: [] }));
    await until(() => adapter.connected, 5000, 'connected');
    expect(await adapter.shutdown()).toBe(true);
    expect(sidecar.count('Shutdown')).toBe(1);
    const alone = start(await freeTcpPort(), () => ({ players: 0, rooms: 1, names: [] }));
    const t = performance.now();
    expect(await alone.adapter.shutdown()).toBe(false);
    expect(performance.now() - t).toBeLessThan(100);
  });
});
