/**
 * Game events (EVENTS) from the real server to real client connections, in simulated time: who
 * gets a catch (the two involved and whoever sees it), the round's summary and end for all,
 * each event once and in order, also through a lossy link.
 */
import { describe, expect, test } from 'bun:test';
import { ClientConnection } from '../../src/client/connection.ts';
import type { Action } from '../../src/game/rules.ts';
import { playersSeenBy } from '../../src/game/sight.ts';
import { findPlayer } from '../../src/game/state.ts';
import type { GameEventWire } from '../../src/protocol/index.ts';
import { SERVER_ADDRESS, startServer } from '../support/server-harness.ts';
import { drawWorld } from '../support/world.ts';

// Left: a lit room where the seeker a, the hider b and the watcher c stand; right: a dark room
// where the hider d sees nothing of the others.
const WORLD = drawWorld(`
####################
#..*......#........#
#.a..b....#....d...#
#...c.....#........#
####################`);

interface Player {
  readonly name: string;
  readonly conn: ClientConnection;
  readonly events: GameEventWire[];
}

function setup(lossPct = 0) {
  const h = startServer({ map: WORLD.map, maxPlayers: 4 });
  h.net.setConditions({ latencyMs: 20, jitterMs: 5, lossPct, dupPct: lossPct > 0 ? 5 : 0 });
  const players: Player[] = ['Ana', 'Bo', 'Cy', 'Di'].map((name, i) => {
    const events: GameEventWire[] = [];
    const conn = new ClientConnection({
      transport: h.net.bind({ address: '127.0.0.1', port: 5001 + i }),
      server: SERVER_ADDRESS,
      name,
      now: h.net.now,
      onEvent: (e) => {
        if (e.type === 'game') events.push(e.event);
      },
    });
    return { name, conn, events };
  });
  h.each((now) => {
    for (const p of players) p.conn.update(now);
  });
  return { h, players };
}

/** Joins everybody, picks the teams (Ana seeks, Cy too, Bo and Di hide), plays until the game. */
function startGame(h: ReturnType<typeof setup>['h'], players: readonly Player[]): void {
  h.run(1500);
  const teams: Action[] = ['RED', 'BLUE', 'RED', 'BLUE'];
  players.forEach((p, i) => {
    expect(p.conn.state).toBe('playing');
    p.conn.pressAction(teams[i]!, h.net.now);
  });
  h.run(300);
  for (const p of players) p.conn.pressAction('READY', h.net.now);
  for (let t = 0; t < 100 && h.server.state.phase.kind !== 'game'; t++) h.run(100);
  expect(h.server.state.phase.kind).toBe('game');
}

/** The player's id on the server. */
function id(p: Player): number {
  return p.conn.welcome!.playerId;
}

/** Puts `p` at `letter`'s place in the picture. */
function place(h: ReturnType<typeof setup>['h'], p: Player, letter: string): void {
  Object.assign(findPlayer(h.server.state, id(p))!, WORLD.at[letter]);
}

/** Puts `seeker` right against `hider`'s left side: caught at the next tick. */
function touch(h: ReturnType<typeof setup>['h'], seeker: Player, hider: Player): void {
  const at = findPlayer(h.server.state, id(hider))!;
  Object.assign(findPlayer(h.server.state, id(seeker))!, { x: at.x - 12, y: at.y });
}

/** Which of the others `id` is sent this tick (as the culling decides it). */
function seenBy(h: ReturnType<typeof setup>['h'], p: Player): number[] {
  const { state } = h.server;
  const sight = (h.server.room as unknown as { sight: Parameters<typeof playersSeenBy>[0] }).sight;
  return playersSeenBy(sight, state, findPlayer(state, id(p))!).map((q) => q.id);
}

describe('game events from the server', () => {
  test('a catch reaches the seeker, the hider and the one who sees it, not the one in the dark; the end and its summary reach all', () => {
    const { h, players } = setup();
    startGame(h, players);
    const [ana, bo, cy, di] = players as [Player, Player, Player, Player];
    place(h, ana, 'a');
    place(h, bo, 'b');
    place(h, cy, 'c');
    place(h, di, 'd');
    h.run(300);
    const sorted = (ps: Player[]) => ps.map(id).sort((x, y) => x - y);
    expect(seenBy(h, cy)).toEqual(sorted([ana, bo, cy])); // Cy sees Ana and Bo
    expect(seenBy(h, di)).toEqual([id(di)]); // Di, in the dark, sees nobody
    for (const p of players) {
      expect(p.events.map((e) => e.kind)).toEqual(['start']);
      expect(p.events[0]).toMatchObject({ kind: 'start', round: 1, seekers: 2, hiders: 2 });
    }
    // Ana steps next to Bo: caught at the next tick.
    touch(h, ana, bo);
    const catchTick = h.server.state.tick;
    h.run(300);
    const caught: GameEventWire = {
      kind: 'catch',
      tick: catchTick,
      seeker: id(ana),
      hider: id(bo),
    };
    expect(ana.events.at(-1)).toEqual(caught);
    expect(bo.events.at(-1)).toEqual(caught);
    expect(cy.events.at(-1)).toEqual(caught);
    expect(di.events.map((e): string => e.kind)).toEqual(['start']);

    // Cy walks into Di's room and catches her: the last hider, so the round ends.
    touch(h, cy, di);
    const endTick = h.server.state.tick;
    h.run(300);
    const start = ana.events[0]!;
    if (start.kind !== 'start') throw new Error('no start');
    const length = endTick - start.tick;
    const summary: GameEventWire[] = [
      { kind: 'catch', tick: endTick, seeker: id(cy), hider: id(di) },
      ...[
        { kind: 'hider' as const, hider: id(bo), by: id(ana), ticks: catchTick - start.tick },
        { kind: 'hider' as const, hider: id(di), by: id(cy), ticks: length },
      ].sort((x, y) => x.hider - y.hider),
      { kind: 'end', tick: endTick, winner: 'R', reason: 'all-caught', ticks: length },
    ];
    // The last catch ends the round: everybody sees it (the lights come up for the banner).
    for (const p of players) expect(p.events.slice(-4)).toEqual(summary);
    expect(di.events).toHaveLength(5);
    // Every event acknowledged: nothing left to resend.
    for (const s of h.server.sessions.values()) expect(s.events.length).toBe(0);
  });

  test('a hider who leaves is in the summary as left; time running out leaves the others safe', () => {
    const { h, players } = setup();
    startGame(h, players);
    const start = players[0]!.events[0]!;
    if (start.kind !== 'start') throw new Error('no start');
    h.run(1000);
    const diId = id(players[3]!);
    players[3]!.conn.disconnect(h.net.now);
    h.run(500);
    const left = h.server.state.tick;
    for (let t = 0; t < 300 && h.server.state.phase.kind === 'game'; t++) h.run(100);
    h.run(300);
    const ana = players[0]!.events;
    const end = ana.at(-1);
    expect(end).toMatchObject({ kind: 'end', winner: 'B', reason: 'time', ticks: 20 * 30 });
    const bo = ana.find((e) => e.kind === 'hider' && e.hider === id(players[1]!));
    expect(bo).toEqual({ kind: 'hider', hider: id(players[1]!), by: 'safe', ticks: 600 });
    const di = ana.find((e) => e.kind === 'hider' && e.hider === diId);
    expect(di).toMatchObject({ kind: 'hider', hider: diId, by: 'left' });
    if (di?.kind !== 'hider') throw new Error('no summary for Di');
    expect(Math.abs(di.ticks - (left - start.tick))).toBeLessThan(20);
  });

  test('through 30 % loss and 5 % duplicates every event arrives once, in order', () => {
    const { h, players } = setup(30);
    startGame(h, players);
    const [ana, bo, cy, di] = players as [Player, Player, Player, Player];
    place(h, ana, 'a');
    place(h, bo, 'b');
    place(h, cy, 'c');
    place(h, di, 'd');
    h.run(500);
    touch(h, ana, bo);
    h.run(500);
    touch(h, cy, di);
    h.run(3000);
    // Exactly what a clean link gives: repeats (resends, duplicates) taken once, nothing lost.
    const all: string[] = ['start', 'catch', 'catch', 'hider', 'hider', 'end'];
    for (const p of [ana, bo, cy]) expect(p.events.map((e): string => e.kind)).toEqual(all);
    expect(di.events.map((e): string => e.kind)).toEqual([
      'start',
      'catch',
      'hider',
      'hider',
      'end',
    ]);
    for (const s of h.server.sessions.values()) expect(s.events.length).toBe(0);
  });
});
