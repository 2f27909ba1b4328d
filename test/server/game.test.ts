import { describe, expect, test } from 'bun:test';
import { KEY } from '../../src/game/movement.ts';
import { cellSpawnPoint, findPlayer } from '../../src/game/state.ts';
import { LATENESS_SHIFT_MS } from '../../src/server/stats.ts';
import { ScriptedPlayer } from '../support/scripted-player.ts';
import { type Harness, QUICK_RULES, startServer } from '../support/server-harness.ts';

/** ann (seeker) and bob (hider) join, pick teams, ready up, and the game starts. */
function startGame(h: Harness): { ann: ScriptedPlayer; bob: ScriptedPlayer } {
  const ann = new ScriptedPlayer(h, 5001, 'ann');
  const bob = new ScriptedPlayer(h, 5002, 'bob');
  ann.join();
  bob.join();
  h.run(100);
  ann.press('RED');
  bob.press('BLUE');
  h.run(100);
  ann.press('READY');
  bob.press('READY');
  h.run(QUICK_RULES.countdown * 1000 + 300);
  return { ann, bob };
}

/** Puts a player on a cell (x, y) of the map, as an admin would: tests only. */
function place(h: Harness, id: number, x: number, y: number): void {
  Object.assign(
    findPlayer(h.server.state, id)!,
    cellSpawnPoint(h.server.state.map, y * h.server.state.map.width + x),
  );
}

describe('a whole game played by scripted clients', () => {
  test('connect, teams, ready, countdown, game; a catch; seekers win; back to the lobby', () => {
    const h = startServer();
    const { ann, bob } = startGame(h);
    expect(h.server.state.phase.kind).toBe('game');
    expect(ann.phase?.kind).toBe('GAME');
    expect(h.log.lines.map((l) => l.name)).toContain('game-start');
    // bob three cells to ann's right in the lit top-left room; ann walks right into him.
    place(h, ann.id, 8, 6);
    place(h, bob.id, 11, 6);
    ann.hold(KEY.right);
    h.run(1000);
    const caught = h.log.lines.find((l) => l.name === 'catch');
    expect(caught?.fields).toEqual({ room: 'default', seeker: 'ann', hider: 'bob' });
    expect(h.log.lines.find((l) => l.name === 'game-end')?.fields).toMatchObject({
      winner: 'R',
      reason: 'all-caught',
    });
    expect(ann.phase).toMatchObject({ kind: 'END', winner: 'R' });
    h.run(QUICK_RULES.endTime * 1000 + 200);
    expect(ann.phase?.kind).toBe('LOBBY');
    expect(h.server.state.players.every((p) => !p.ready && !p.caught)).toBe(true);
  });

  test('time runs out: hiders win', () => {
    const h = startServer();
    startGame(h);
    h.run(QUICK_RULES.seekTime * 1000 + 100);
    expect(h.log.lines.find((l) => l.name === 'game-end')?.fields).toMatchObject({
      winner: 'B',
      reason: 'time',
    });
  });

  test('held keys move a player at its team speed, applied from the tick they are stamped with', () => {
    const h = startServer();
    const { ann } = startGame(h);
    place(h, ann.id, 20, 12);
    const x0 = findPlayer(h.server.state, ann.id)!.x;
    ann.hold(KEY.left);
    h.run(1000);
    ann.hold(0);
    h.run(200);
    const moved = x0 - findPlayer(h.server.state, ann.id)!.x;
    // Seekers move 128 units a second; between the key going down and up, about one second.
    expect(moved).toBeGreaterThan(128 * 0.9);
    expect(moved).toBeLessThan(128 * 1.1);
    expect(ann.seen.get(ann.id)?.x).toBe(findPlayer(h.server.state, ann.id)!.x);
  });

  test('a player joining during a game watches as a spectator, sent every living player', () => {
    const h = startServer();
    const { ann, bob } = startGame(h);
    place(h, ann.id, 3, 3);
    place(h, bob.id, 100, 28); // far apart: ann cannot see bob
    const cid = new ScriptedPlayer(h, 5003, 'cid');
    cid.join();
    h.run(200);
    expect(findPlayer(h.server.state, cid.id)?.spectator).toBe(true);
    expect([...cid.seen.keys()].sort()).toEqual([ann.id, bob.id, cid.id].sort());
    expect(ann.seen.has(bob.id)).toBe(false);
    expect(ann.seen.has(cid.id)).toBe(false); // nobody living sees a spectator
  });
});

describe('inputs', () => {
  test('a one-shot action that arrives three times is applied once', () => {
    const h = startServer();
    const ann = new ScriptedPlayer(h, 5001, 'ann');
    const welcome = ann.join();
    h.run(100);
    ann.press('RED');
    h.run(100);
    const tick = h.server.state.tick;
    const ready = { seq: 2, tick, keys: 0, action: 'READY' as const };
    for (let i = 0; i < 3; i++) {
      ann.send({
        type: 'INPUT',
        token: welcome.token,
        ackTick: null,
        rosterVersion: 0,
        eventAck: 0,
        inputs: [ready],
      });
    }
    h.run(200);
    expect(findPlayer(h.server.state, ann.id)?.ready).toBe(true); // toggled once, not three times
    expect(h.server.stats.repeatedInputs).toBeGreaterThanOrEqual(2);
  });

  test('inputs faster than twice the tick rate are dropped and counted', () => {
    const h = startServer();
    const ann = new ScriptedPlayer(h, 5001, 'ann');
    const welcome = ann.join();
    for (let i = 0; i < 200; i++) {
      ann.send({
        type: 'INPUT',
        token: welcome.token,
        ackTick: null,
        rosterVersion: 0,
        eventAck: 0,
        inputs: [],
      });
    }
    h.run(10);
    expect(h.server.stats.drops.get('rate')).toBeGreaterThan(150);
    expect(h.server.sessions.size).toBe(1);
  });
});

describe('fog culling', () => {
  test("a hider in the dark is absent from the seeker's snapshots, present once lit and in sight", () => {
    const h = startServer();
    const { ann, bob } = startGame(h);
    // The top-left room is lit by the light at (13, 7); the far right strip is dark.
    place(h, ann.id, 10, 6);
    place(h, bob.id, 105, 3);
    h.run(200);
    expect(ann.seen.has(bob.id)).toBe(false);
    expect(bob.seen.has(ann.id)).toBe(false);
    place(h, bob.id, 16, 6); // lit, in the same room
    h.run(200);
    expect(ann.seen.get(bob.id)).toEqual({
      x: findPlayer(h.server.state, bob.id)!.x,
      y: findPlayer(h.server.state, bob.id)!.y,
    });
  });
});

describe('over a bad network', () => {
  test('150 ms round trip, 5 % loss, 5 % duplicates, 20 ms jitter, reordering: the game still runs', () => {
    const h = startServer({}, 11);
    h.net.setConditions({ latencyMs: 75, jitterMs: 10, lossPct: 5, dupPct: 5, reorder: true });
    const { ann, bob } = startGame(h);
    expect(h.server.state.phase.kind).toBe('game');
    place(h, ann.id, 8, 6);
    place(h, bob.id, 11, 6);
    ann.hold(KEY.right);
    h.run(800); // the catch, and the end banner (1 s) still showing
    expect(h.log.lines.filter((l) => l.name === 'catch').length).toBe(1);
    expect(ann.phase).toMatchObject({ kind: 'END', winner: 'R' });
    expect(bob.ackSeq).toBe(2); // BLUE and READY, each applied once
  });
});

test('snapshots are small: deltas against the acknowledged snapshot', () => {
  const h = startServer();
  const players = Array.from({ length: 10 }, (_, i) => new ScriptedPlayer(h, 5001 + i, `p${i}`));
  for (const p of players) p.join();
  h.run(500);
  for (const [i, p] of players.entries()) p.hold([KEY.left, KEY.right, KEY.up, KEY.down][i % 4]!);
  const before = h.server.stats.traffic.bytesOut;
  const datagrams = h.server.stats.traffic.datagramsOut;
  h.run(3000);
  const perSnapshot =
    (h.server.stats.traffic.bytesOut - before) / (h.server.stats.traffic.datagramsOut - datagrams);
  // Ten players all walking in the lobby, everybody seeing everybody.
  expect(perSnapshot).toBeLessThan(136); // 4 KB/s at 30 snapshots a second
  expect(players[0]!.seen.size).toBe(10);
});

test('a tick runs up to tickEarlyMs before its time, the period unchanged; counted by lateness', () => {
  const h = startServer({ tickEarlyMs: 0.5 });
  const period = 1000 / QUICK_RULES.tickRate;
  const { server } = h;
  server.update(0); // tick 0, due at 0
  expect(server.state.tick).toBe(1);
  expect(server.nextTickTime).toBeCloseTo(period - 0.5, 9);
  server.update(period - 0.6); // too early
  expect(server.state.tick).toBe(1);
  server.update(period - 0.4); // within half a millisecond: runs
  expect(server.state.tick).toBe(2);
  server.update(2 * period - 0.45); // the next one is due at 2 periods, not 2 periods − 0.4
  expect(server.state.tick).toBe(3);
  expect(server.nextTickTime).toBeCloseTo(3 * period - 0.5, 9);
  // Lateness counted: 0, −0.4 and −0.45 ms (shifted by a millisecond into the histogram).
  expect(server.stats.lateness.count).toBe(3);
  const lateness = (p: number) => server.stats.lateness.percentile(p) - LATENESS_SHIFT_MS;
  expect(lateness(1)).toBeCloseTo(-0.45, 1); // within a 10 µs bucket
  expect(lateness(100)).toBeCloseTo(0, 1);
});

test('without tickEarlyMs a tick never runs before its time', () => {
  const h = startServer();
  const period = 1000 / QUICK_RULES.tickRate;
  h.server.update(0);
  h.server.update(period - 0.01);
  expect(h.server.state.tick).toBe(1);
  expect(h.server.nextTickTime).toBeCloseTo(period, 9);
});
