/**
 * The headless player (PlayerView) against the real server in simulated time: intents in,
 * frame models out. Two players join, pick teams, ready up and play: each frame draws you
 * predicted and the others interpolated with their roster facts; the fog is sight.ts's for the
 * players the view knows of, all dark for a seeker held by the head start, all light for a
 * spectator; it is not recomputed while nobody changes cell. A taken name is fixed by renaming;
 * quitting leaves the server.
 */
import { describe, expect, test } from 'bun:test';
import { type PlayerFrame, PlayerView } from '../../src/client/player-view.ts';
import { KEY } from '../../src/game/movement.ts';
import { createSight, fogOf, type Seer, updateSight } from '../../src/game/sight.ts';
import { findPlayer } from '../../src/game/state.ts';
import {
  type Harness,
  QUICK_RULES,
  SERVER_ADDRESS,
  startServer,
} from '../support/server-harness.ts';

const FRAME_MS = 33;

/** A view driven like a front-end: `update` every ms, a frame every 33 ms. */
class Viewer {
  readonly view: PlayerView;
  last: PlayerFrame | null = null;
  frames = 0;
  fogChanges = 0;
  constructor(
    readonly h: Harness,
    name: string,
    port: number,
  ) {
    this.view = new PlayerView({
      transport: h.net.bind({ address: '127.0.0.1', port }),
      server: SERVER_ADDRESS,
      name,
      now: h.net.now,
    });
    h.each((now) => {
      this.view.update(now);
      if (now % FRAME_MS !== 0) return;
      this.last = this.view.frame(now);
      this.frames++;
      if (this.last.fogChanged) this.fogChanges++;
    });
  }
  get frame(): PlayerFrame {
    if (this.last === null) throw new Error('no frame yet');
    return this.last;
  }
  get id(): number {
    return this.view.conn.welcome!.playerId;
  }
  now(): number {
    return this.h.net.now;
  }
}

/** Two players on teams, ready, until the game runs. */
function toGame(h: Harness, seeker: Viewer, hider: Viewer): void {
  h.run(500);
  seeker.view.press('RED', seeker.now());
  hider.view.press('BLUE', hider.now());
  h.run(300);
  seeker.view.press('READY', seeker.now());
  hider.view.press('READY', hider.now());
  h.run(1600);
}

/** The fog sight.ts gives `frame.you` among the players `frame` draws, computed afresh. */
function expectedFog(frame: PlayerFrame): Uint8Array {
  const map = frame.map!;
  const snapshot = frame.snapshot!;
  const seers: Seer[] = frame.players.map((p) => ({
    ...p,
    x: Math.round(p.x),
    y: Math.round(p.y),
  }));
  const phase = snapshot.phase;
  const world = {
    tick: snapshot.tick,
    phase: {
      kind: phase.kind === 'GAME' ? ('game' as const) : ('lobby' as const),
      headStartEnd: phase.kind === 'GAME' ? snapshot.tick + phase.headStart : 0,
    },
    players: seers,
  };
  const sight = createSight<Seer>(map);
  updateSight(sight, world);
  const out = new Uint8Array(map.width * map.height);
  fogOf(sight, world, seers.find((p) => p.id === frame.you!.id)!, out);
  return out;
}

const seenCells = (fog: Uint8Array | null) => fog!.reduce((n, c) => n + c, 0);

describe('PlayerView', () => {
  test('joins: you predicted, the others interpolated, with their roster facts; lights up in the lobby', () => {
    const h = startServer();
    const ana = new Viewer(h, 'Ana', 5001);
    const bob = new Viewer(h, 'Bob', 5002);
    h.run(1100);
    const f = ana.frame;
    expect(f.state).toBe('playing');
    expect(f.phase?.kind).toBe('LOBBY');
    expect(f.you?.name).toBe('Ana');
    expect(f.players.map((p) => [p.name, p.isYou])).toEqual([
      ['Bob', false],
      ['Ana', true],
    ]);
    // You where the prediction says; Bob where the server has him (standing still).
    const server = findPlayer(h.server.state, bob.id)!;
    const drawnBob = f.players.find((p) => p.name === 'Bob')!;
    expect([drawnBob.x, drawnBob.y]).toEqual([server.x, server.y]);
    const own = ana.view.own(ana.now())!;
    expect([f.you!.predictedX, f.you!.predictedY]).toEqual([own.predictedX, own.predictedY]);
    expect(f.fog!.every((c) => c === 1)).toBe(true);
    expect(f.rates.fps).toBe(Math.ceil(1000 / FRAME_MS)); // the frames of the last second
    expect(f.rates.snapshotsPerSec).toBeGreaterThan(0);
    expect(ana.view.netFigures().tickRate).toBe(30);

    // Held keys move you at once in the frame (prediction), and the server follows.
    const x0 = f.you!.x;
    ana.view.setKeys(KEY.right, ana.now());
    h.run(300);
    expect(ana.frame.you!.x).toBeGreaterThan(x0);
    ana.view.setKeys(0, ana.now());
    h.run(300);
    expect(findPlayer(h.server.state, ana.id)!.x).toBe(ana.frame.you!.predictedX);
  });

  test('in a game: the fog is sight.ts for the players it knows of; still players cost no fog', () => {
    const h = startServer();
    const ana = new Viewer(h, 'Ana', 5001);
    const bob = new Viewer(h, 'Bob', 5002);
    toGame(h, ana, bob);
    for (const v of [ana, bob]) {
      const f = v.frame;
      expect(f.phase?.kind).toBe('GAME');
      expect(f.you?.team).toBe(v === ana ? 'R' : 'B');
      const seen = seenCells(f.fog);
      expect(seen).toBeGreaterThan(0);
      expect(seen).toBeLessThan(f.fog!.length / 2);
      expect(f.fog).toEqual(expectedFog(f));
      // What the fog remembers holds what it sees now.
      for (let c = 0; c < f.fog!.length; c++) if (f.fog![c] === 1) expect(f.remembered![c]).toBe(1);
    }
    // Nobody moves: frame after frame, the fog is not computed again.
    const before = ana.fogChanges;
    const frames = ana.frames;
    h.run(1000);
    expect(ana.frames - frames).toBeGreaterThan(25);
    expect(ana.fogChanges).toBe(before);
    // Ana walks: the fog follows her cell by cell, and stays sight.ts's.
    ana.view.setKeys(KEY.down, ana.now());
    h.run(600);
    expect(ana.fogChanges).toBeGreaterThan(before);
    ana.view.setKeys(0, ana.now());
    h.run(400);
    expect(ana.frame.fog).toEqual(expectedFog(ana.frame));
  });

  test('a seeker held by the head start sees nothing; a late joiner watches with the lights up', () => {
    const h = startServer({ rules: { ...QUICK_RULES, headStart: 2 } });
    const ana = new Viewer(h, 'Ana', 5001);
    const bob = new Viewer(h, 'Bob', 5002);
    toGame(h, ana, bob);
    const held = ana.frame;
    expect(held.phase?.kind === 'GAME' && held.phase.headStart > 0).toBe(true);
    expect(seenCells(held.fog)).toBe(0);
    expect(held.players.map((p) => p.name)).toEqual(['Ana']); // sent itself alone
    expect(seenCells(bob.frame.fog)).toBeGreaterThan(0);
    const cleo = new Viewer(h, 'Cleo', 5003);
    h.run(500);
    const watching = cleo.frame;
    expect(watching.you?.spectator).toBe(true);
    expect(watching.fog!.every((c) => c === 1)).toBe(true);
    h.run(2000); // the head start is over: Ana sees again
    expect(seenCells(ana.frame.fog)).toBeGreaterThan(0);
    expect(ana.frame.fog).toEqual(expectedFog(ana.frame));
  });

  test('a taken name: refused, then rename joins under the new name on a new session', () => {
    const h = startServer();
    new Viewer(h, 'Ana', 5001);
    const twin = new Viewer(h, 'Ana', 5002);
    h.run(600);
    expect(twin.frame.state).toBe('refused');
    expect(twin.frame.refusal).toBe('name-taken');
    const first = twin.view.conn;
    twin.view.rename('Anabel', twin.now());
    h.run(600);
    expect(twin.view.conn).not.toBe(first);
    expect(twin.frame.state).toBe('playing');
    expect(twin.frame.you?.name).toBe('Anabel');
    expect(twin.frame.name).toBe('Anabel');
    expect(h.server.state.players.map((p) => p.name).sort()).toEqual(['Ana', 'Anabel']);
  });

  test('quit: the server lets it go, and the view is finished', () => {
    const h = startServer();
    const ana = new Viewer(h, 'Ana', 5001);
    new Viewer(h, 'Bob', 5002);
    h.run(600);
    ana.view.setKeys(KEY.left, ana.now());
    ana.view.quit(ana.now());
    expect(ana.view.finished(ana.now())).toBe(false);
    h.run(300);
    expect(ana.view.finished(ana.now())).toBe(true);
    expect(ana.frame.state).toBe('closed');
    expect(ana.frame.players).toEqual([]);
    expect(h.server.state.players.map((p) => p.name)).toEqual(['Bob']);
  });
});
