/**
 * The client's protocol engine against the real game server, on the simulated network: joins,
 * walks, is acknowledged and leaves, on a clean link and on a bad one.
 */
import { describe, expect, test } from 'bun:test';
import { ClientConnection } from '../../src/client/connection.ts';
import { KEY } from '../../src/game/movement.ts';
import { SERVER_ADDRESS, startServer } from '../support/server-harness.ts';

function setup(conditions?: Parameters<ReturnType<typeof startServer>['net']['setConditions']>[0]) {
  const h = startServer();
  if (conditions !== undefined) h.net.setConditions(conditions);
  const conn = new ClientConnection({
    transport: h.net.bind({ address: '127.0.0.1', port: 5001 }),
    server: SERVER_ADDRESS,
    name: 'Casper',
    now: h.net.now,
  });
  h.each((now) => conn.update(now));
  return { h, conn };
}

const CLEAN = { latencyMs: 10, jitterMs: 0, lossPct: 0, dupPct: 0 };
const CUT = { latencyMs: 10, jitterMs: 0, lossPct: 100, dupPct: 0 };

/** The client's own position in its newest snapshot. */
function ownPosition(conn: ClientConnection): { x: number; y: number } | undefined {
  const id = conn.welcome?.playerId ?? -1;
  return conn.latestSnapshot?.positions.get(id);
}

describe('ClientConnection and GameServer', () => {
  test('clean link (20 ms each way): joins, walks right, is acknowledged, leaves', () => {
    const { h, conn } = setup({ latencyMs: 20, jitterMs: 0, lossPct: 0, dupPct: 0 });
    h.run(500);
    expect(conn.state).toBe('playing');
    expect(conn.map?.width).toBe(110);
    h.run(500);
    expect([...conn.roster.values()].map((p) => p.name)).toEqual(['Casper']);
    const start = ownPosition(conn);
    expect(start).toBeDefined();

    conn.setInput(KEY.right, h.net.now);
    h.run(1000);
    expect(ownPosition(conn)?.x).toBeGreaterThan(start?.x ?? 0);
    expect(conn.pendingInputs).toEqual([]);
    // The estimate is the server's tick now, within a tick.
    expect(Math.abs(conn.serverTickEstimate(h.net.now) - h.server.state.tick)).toBeLessThan(1.5);
    expect(conn.latestSnapshot?.lead).toBeGreaterThanOrEqual(0); // inputs arrive in time
    expect(conn.latestSnapshot?.lead).toBeLessThanOrEqual(3);
    expect(conn.rtt).toBeGreaterThanOrEqual(40);
    expect(conn.rtt).toBeLessThan(80);
    expect(conn.downstreamLoss).toBe(0);
    expect(conn.stats.drops.unexpected).toBe(0);

    conn.disconnect(h.net.now);
    h.run(200);
    expect(conn.state).toBe('closed');
    expect(h.server.sessions.size).toBe(0);
  });

  test('bad link (60 ± 20 ms, 10% loss, 5% duplicates): still joins, walks and keeps up', () => {
    const { h, conn } = setup({ latencyMs: 60, jitterMs: 20, lossPct: 10, dupPct: 5 });
    h.run(3000);
    expect(conn.state).toBe('playing');
    const start = ownPosition(conn);
    expect(start).toBeDefined();
    conn.setInput(KEY.down, h.net.now);
    h.run(300);
    conn.setInput(KEY.right, h.net.now);
    h.run(2000);
    const end = ownPosition(conn);
    expect(end?.x).toBeGreaterThan(start?.x ?? 0);
    expect(conn.pendingInputs).toEqual([]);
    expect(conn.rosterVersion).toBeGreaterThan(0);
    expect(Math.abs(conn.serverTickEstimate(h.net.now) - h.server.state.tick)).toBeLessThan(3);
    expect(conn.downstreamLoss).toBeGreaterThan(0.02);
    expect(conn.downstreamLoss).toBeLessThan(0.25);
    expect(conn.state).toBe('playing');
  });

  test('both ways cut for 6 s: lost, the server times the session out, a new session after', () => {
    const { h, conn } = setup(CLEAN);
    h.run(500);
    const firstToken = conn.welcome?.token;
    h.net.setConditions(CUT);
    h.run(6000);
    expect(conn.state).toBe('lost');
    expect(h.server.sessions.size).toBe(0);
    h.net.setConditions(CLEAN);
    h.run(1000);
    expect(conn.state).toBe('playing');
    expect(conn.welcome?.token).not.toBe(firstToken);
    expect(conn.pendingInputs).toEqual([]);
  });

  test('server-to-client cut for 6 s: lost, but the session lives on and resumes', () => {
    const { h, conn } = setup(CLEAN);
    h.run(500);
    const firstToken = conn.welcome?.token;
    const client = { address: '127.0.0.1', port: 5001 };
    h.net.setConditions(CUT, SERVER_ADDRESS, client);
    h.run(6000);
    expect(conn.state).toBe('lost');
    expect(h.server.sessions.size).toBe(1);
    h.net.setConditions(CLEAN, SERVER_ADDRESS, client);
    h.run(1000);
    expect(conn.state).toBe('playing');
    expect(conn.welcome?.token).toBe(firstToken);
  });

  test('the server forgets the session: NOSESSION, then a fresh session', () => {
    const { h, conn } = setup(CLEAN);
    h.run(500);
    const firstToken = conn.welcome?.token;
    // Ended without a word to the client (as by a restart): its next INPUT meets NOSESSION.
    for (const s of [...h.server.sessions.values()]) h.server.endpoint.endSession(s);
    h.run(1000);
    expect(conn.state).toBe('playing');
    expect(conn.welcome?.token).not.toBe(firstToken);
  });
});
