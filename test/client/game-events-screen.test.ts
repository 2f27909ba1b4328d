/**
 * Game events on the players' screens (GameClient against the real server, simulated time): a
 * catch is told over the map and in the feed to the seeker, the hider and a third player who
 * sees it, not to one in the dark; the end banner over the map says who won and whether you
 * did, with the round's summary; a lossy link changes none of it, and nothing shows twice.
 */
import { describe, expect, test } from 'bun:test';
import { GameClient } from '../../src/client/game-client.ts';
import { rowsToText } from '../../src/client/render/map-view-model.ts';
import { findPlayer } from '../../src/game/state.ts';
import { type Harness, SERVER_ADDRESS, startServer } from '../support/server-harness.ts';
import { drawWorld } from '../support/world.ts';

const FRAME_MS = 33;

// A lit room (the light at the top left) where a, b and c stand, and a dark one where d hides.
const WORLD = drawWorld(
  [
    '#'.repeat(40),
    `#..*${'.'.repeat(18)}#${'.'.repeat(16)}#`,
    `#.a..b${'.'.repeat(16)}#${'.'.repeat(16)}#`,
    `#...c${'.'.repeat(17)}#.......d${'.'.repeat(8)}#`,
    ...Array.from({ length: 7 }, () => `#${'.'.repeat(21)}#${'.'.repeat(16)}#`),
    '#'.repeat(40),
  ].join('\n'),
);

class Player {
  readonly client: GameClient;
  rows: string[] = [];
  constructor(
    readonly h: Harness,
    readonly name: string,
    port: number,
  ) {
    this.client = new GameClient({
      transport: h.net.bind({ address: '127.0.0.1', port }),
      server: SERVER_ADDRESS,
      address: 'localhost:9998',
      name,
      now: h.net.now,
      columns: 120,
      rows: 40,
      level: 'none',
    });
    h.each((now) => {
      if (now % FRAME_MS !== 0) return;
      const rows = this.client.frame(now);
      if (rows !== null) this.rows = rowsToText(rows);
    });
  }
  press(input: string): void {
    this.client.onKey({ input, key: {} }, this.h.net.now);
  }
  get id(): number {
    return this.client.conn.welcome!.playerId;
  }
  get map(): string {
    return this.rows.join('\n');
  }
  get screen() {
    const s = this.client.model(this.h.net.now).screen;
    if (s.kind !== 'play') throw new Error(`${this.name} is not playing: ${s.kind}`);
    return s;
  }
  feed(): string[] {
    return (this.screen.feed ?? []).map((l) => l.text);
  }
}

function game(lossPct = 0) {
  const h = startServer({ map: WORLD.map, maxPlayers: 4 });
  h.net.setConditions({ latencyMs: 25, jitterMs: 5, lossPct, dupPct: lossPct > 0 ? 5 : 0 });
  const [ana, bo, cy, di] = ['Ana', 'Bo', 'Cy', 'Di'].map((n, i) => new Player(h, n, 5001 + i)) as [
    Player,
    Player,
    Player,
    Player,
  ];
  h.run(1500);
  ana.press('r');
  bo.press('b');
  cy.press('r');
  di.press('b');
  h.run(300);
  for (const p of [ana, bo, cy, di]) p.press(' ');
  for (let t = 0; t < 100 && h.server.state.phase.kind !== 'game'; t++) h.run(100);
  expect(h.server.state.phase.kind).toBe('game');
  const place = (p: Player, letter: string) =>
    Object.assign(findPlayer(h.server.state, p.id)!, WORLD.at[letter]);
  place(ana, 'a');
  place(bo, 'b');
  place(cy, 'c');
  place(di, 'd');
  // Long enough for an event to get through a lossy link (resent every 250 ms).
  h.run(lossPct > 0 ? 1500 : 500);
  /** `seeker` steps against `hider`: caught at the next tick. */
  const touch = (seeker: Player, hider: Player) => {
    const at = findPlayer(h.server.state, hider.id)!;
    Object.assign(findPlayer(h.server.state, seeker.id)!, { x: at.x - 12, y: at.y });
  };
  return { h, ana, bo, cy, di, touch };
}

describe('game events on screen', () => {
  for (const lossPct of [0, 20]) {
    test(`a catch and the round's end, on every screen that should tell them (${lossPct} % loss)`, () => {
      const { h, ana, bo, cy, di, touch } = game(lossPct);
      for (const p of [ana, bo, cy, di]) expect(p.feed()).toEqual(['Round 1: 2 seekers, 2 hiders']);

      touch(ana, bo);
      h.run(lossPct > 0 ? 1000 : 300);
      expect(ana.map).toContain('You caught Bo');
      expect(bo.map).toContain('You were caught by Ana');
      expect(cy.map).toContain('Ana caught Bo');
      expect(di.map).not.toContain('caught');
      expect(ana.feed().at(-1)).toMatch(/^0:0\d You caught Bo$/);
      expect(cy.feed().at(-1)).toMatch(/^0:0\d Ana caught Bo$/);
      expect(di.feed()).toHaveLength(1);
      // The caught hider's panel: watching, not "You hide".
      expect(bo.screen.caughtBy).toBe('Ana');
      // The message goes after a few seconds; the feed keeps the line.
      h.run(3500);
      expect(ana.map).not.toContain('You caught Bo');
      expect(ana.feed().filter((l) => l.includes('caught'))).toHaveLength(1);

      touch(cy, di);
      h.run(lossPct > 0 ? 1000 : 300);
      expect(h.server.state.phase.kind).toBe('end');
      for (const [p, verdict] of [
        [ana, 'Seekers win: you won!'],
        [cy, 'Seekers win: you won!'],
        [bo, 'Seekers win: you lost'],
        [di, 'Seekers win: you lost'],
      ] as const) {
        expect(p.map).toContain(verdict);
        expect(p.map).toContain('Every hider caught in 0:0');
        expect(p.map).toMatch(/Bo: caught by Ana at 0:0\d/);
        expect(p.map).toMatch(/Di: caught by Cy at 0:0\d/);
        expect(p.map).toContain('Catches: Ana 1, Cy 1');
        // Each event taken once: one line per catch and one end in the feed.
        expect(p.feed().filter((l) => l.startsWith('Seekers win'))).toHaveLength(1);
      }
      // Back to the lobby: the banner goes.
      h.run(1500);
      expect(h.server.state.phase.kind).toBe('lobby');
      expect(ana.map).not.toContain('Seekers win');
    });
  }
});
