/**
 * The terminal client's game loop (GameClient) against the real server in simulated time: keys
 * in, screens and map frames out. Two players join, pick teams, ready up, play; one quits; a
 * name refusal is fixed by typing another name; a silent server gives the "unreachable" and
 * "lost" screens.
 */
import { describe, expect, test } from 'bun:test';
import { GameClient } from '../../src/client/game-client.ts';
import type { KeyEvent, KeyFlags } from '../../src/client/keys.ts';
import { rowsToText } from '../../src/client/render/map-view-model.ts';
import type { AppModel } from '../../src/client/ui/model.ts';
import { CELL_H, CELL_W } from '../../src/game/units.ts';
import { type Harness, SERVER_ADDRESS, startServer } from '../support/server-harness.ts';

const FRAME_MS = 33;

function key(input: string, flags: KeyFlags = {}): KeyEvent {
  return { input, key: flags };
}

class Player {
  readonly client: GameClient;
  frames = 0;
  lastRows: string[] = [];
  constructor(
    readonly h: Harness,
    name: string,
    port: number,
    size = { columns: 120, rows: 40 },
  ) {
    this.client = new GameClient({
      transport: h.net.bind({ address: '127.0.0.1', port }),
      server: SERVER_ADDRESS,
      address: 'localhost:9998',
      name,
      now: h.net.now,
      columns: size.columns,
      rows: size.rows,
      level: 'none',
    });
    h.each((now) => {
      if (now % FRAME_MS !== 0) return;
      const rows = this.client.frame(now);
      if (rows !== null) {
        this.frames++;
        this.lastRows = rowsToText(rows);
      }
    });
  }
  press(input: string, flags: KeyFlags = {}): void {
    this.client.onKey(key(input, flags), this.h.net.now);
  }
  model(): AppModel {
    return this.client.model(this.h.net.now);
  }
  get screen() {
    return this.model().screen;
  }
}

function play(p: Player) {
  const s = p.screen;
  if (s.kind !== 'play') throw new Error(`not playing: ${s.kind}`);
  return s;
}

describe('GameClient', () => {
  test('connecting → lobby → teams, ready, countdown → game with fog → quit', () => {
    const h = startServer();
    const ana = new Player(h, 'Ana', 5001);
    const bob = new Player(h, 'Bob', 5002);
    expect(ana.screen.kind).toBe('connecting');
    h.run(500);
    expect(play(ana).phase.kind).toBe('lobby');
    expect(ana.frames).toBeGreaterThan(5);
    // The whole classic map (110 × 32) fits 120 × 40: a row per map row.
    expect(ana.lastRows).toHaveLength(32);
    expect(play(ana).teams.unassigned.map((m) => m.name)).toEqual(['Ana', 'Bob']);
    expect(play(ana).keys.map((k) => k.key)).toContain('R');
    const blanks = (rows: string[]) => rows.join('').split(' ').length - 1;
    const lobbyBlanks = blanks(ana.lastRows);

    ana.press('r');
    bob.press('b');
    h.run(300);
    expect(play(ana).teams.seekers.map((m) => m.name)).toEqual(['Ana']);
    expect(play(bob).teams.hiders.map((m) => m.name)).toEqual(['Bob']);
    expect(play(ana).you.team).toBe('R');
    ana.press(' ');
    bob.press(' ');
    h.run(300);
    expect(play(ana).phase.kind).toBe('countdown');
    h.run(1200);
    const game = play(ana).phase;
    expect(game.kind).toBe('game');
    if (game.kind === 'game') expect(game.hidersTotal).toBe(1);
    // In the dark most of the floor has never been seen: blank, where the lobby showed it all.
    expect(blanks(ana.lastRows)).toBeGreaterThan(lobbyBlanks + 1000);

    // Holding right (kitty protocol: press … release) moves Ana on the next frame.
    const before = ana.model();
    expect(before.screen.kind).toBe('play');
    const x0 = ana.client.conn.latestSnapshot?.positions.get(ana.client.conn.welcome!.playerId)?.x;
    ana.press('', { rightArrow: true, eventType: 'press' });
    h.run(500);
    ana.press('', { rightArrow: true, eventType: 'release' });
    h.run(300);
    const x1 = ana.client.conn.latestSnapshot?.positions.get(ana.client.conn.welcome!.playerId)?.x;
    expect(x1).toBeGreaterThan(x0!);

    // Quit: DISCONNECT, confirmed, finished with exit 0; the server has one player left.
    ana.press('', { escape: true });
    expect(ana.screen.kind).toBe('leaving');
    h.run(200);
    expect(ana.client.finished(h.net.now)).toBe(true);
    expect(ana.client.exitCode).toBe(0);
    expect(h.server.state.players).toHaveLength(1);
  });

  test('a taken name: the refused screen asks for another, Enter retries without restarting', () => {
    const h = startServer();
    const first = new Player(h, 'Ana', 5001);
    h.run(300);
    const second = new Player(h, 'Ana', 5002);
    h.run(300);
    const refused = second.screen;
    expect(refused.kind).toBe('refused');
    if (refused.kind !== 'refused') return;
    expect(refused.reason).toBe('name-taken');
    expect(refused.rename?.draft).toBe('Ana');
    second.press('', { backspace: true } as KeyFlags);
    second.press('ya');
    expect(second.screen.kind === 'refused' && second.screen.rename?.draft).toBe('Anya');
    second.press('\r', { return: true } as KeyFlags);
    h.run(500);
    expect(play(second).you.name).toBe('Anya');
    expect(play(first).teams.unassigned.map((m) => m.name)).toEqual(['Ana', 'Anya']);
  });

  test('the rename prompt: Backspace to empty stays empty, so "Carol" after a taken "Alice" joins as Carol', () => {
    const h = startServer();
    new Player(h, 'Alice', 5001);
    h.run(300);
    const second = new Player(h, 'Alice', 5002);
    h.run(300);
    const draft = () => {
      const s = second.screen;
      return s.kind === 'refused' ? s.rename?.draft : undefined;
    };
    expect(draft()).toBe('Alice');
    for (let i = 0; i < 5; i++) second.press('', { backspace: true } as KeyFlags);
    expect(draft()).toBe('');
    h.run(100); // frames and models go on: the empty draft is not refilled
    expect(draft()).toBe('');
    second.press('Carol');
    expect(draft()).toBe('Carol');
    second.press('\r', { return: true } as KeyFlags);
    h.run(500);
    expect(play(second).you.name).toBe('Carol');
  });

  test("the rename prompt takes the protocol's 10 characters, and words its own checks as the client's", () => {
    const h = startServer();
    new Player(h, 'Alice', 5001);
    h.run(300);
    const second = new Player(h, 'Alice', 5002);
    h.run(300);
    const rename = () => {
      const s = second.screen;
      return s.kind === 'refused' ? s.rename : null;
    };
    second.press('Bartholomew'); // 5 + 11 characters: the draft stops at 10
    expect(rename()?.draft).toBe('AliceBarth');
    expect(rename()?.error).toBe('Names have at most 10 characters');
    for (let i = 0; i < 10; i++) second.press('', { backspace: true } as KeyFlags);
    second.press('Bo b');
    expect(rename()?.draft).toBe('Bob');
    expect(rename()?.error).toBe('Names cannot contain spaces');
    second.press('(');
    expect(rename()?.error).toBe('Names cannot contain "("');
    second.press('y');
    expect(rename()?.error).toBeNull();
    second.press('\r', { return: true } as KeyFlags);
    h.run(500);
    expect(play(second).you.name).toBe('Boby');
  });

  test('a name the client itself cannot send: refused in the client\'s words, not "the server says"', () => {
    const h = startServer();
    const p = new Player(h, 'two words', 5001);
    const s = p.screen;
    expect(s.kind).toBe('refused');
    if (s.kind !== 'refused') return;
    expect(s.by).toBe('client');
    expect(s.message).toBe('Names cannot contain spaces or control characters');
    expect(s.rename?.draft).toBe('twowords');
  });

  test('a full server is refused in words; any key then ends with exit 1', () => {
    const h = startServer({ maxPlayers: 1 });
    new Player(h, 'Ana', 5001);
    h.run(300);
    const late = new Player(h, 'Bob', 5002);
    h.run(300);
    const s = late.screen;
    expect(s.kind === 'refused' && s.message).toBe('the server is full');
    expect(s.kind === 'refused' && s.rename).toBeNull();
    late.press('x');
    expect(late.client.finished(h.net.now)).toBe(true);
    expect(late.client.exitCode).toBe(1);
  });

  test('nobody answers: connecting counts the seconds, then "server unreachable"', () => {
    const h = startServer();
    const lonely = new GameClient({
      transport: h.net.bind({ address: '127.0.0.1', port: 5009 }),
      server: { address: '127.0.0.1', port: 4444 }, // nothing listens there
      address: 'localhost:4444',
      name: 'Ana',
      now: h.net.now,
      columns: 100,
      rows: 30,
      level: 'none',
    });
    h.each((now) => {
      if (now % FRAME_MS === 0) lonely.frame(now);
    });
    h.run(2100);
    const connecting = lonely.model(h.net.now).screen;
    expect(connecting).toMatchObject({ kind: 'connecting', elapsedSeconds: 2, giveUpSeconds: 5 });
    h.run(20_000);
    const failed = lonely.model(h.net.now).screen;
    expect(failed.kind).toBe('failed');
    expect(failed.kind === 'failed' && failed.title).toBe('Server unreachable');
  });

  test('the server goes silent: "lost" with the seconds, then it answers again and play resumes', () => {
    const h = startServer();
    const ana = new Player(h, 'Ana', 5001);
    h.run(500);
    expect(play(ana).phase.kind).toBe('lobby');
    h.net.setConditions({ latencyMs: 0, jitterMs: 0, lossPct: 100, dupPct: 0 });
    h.run(7000);
    const lost = ana.screen;
    expect(lost.kind).toBe('lost');
    expect(lost.kind === 'lost' && lost.elapsedSeconds).toBeGreaterThanOrEqual(1);
    // No round trip while nothing answers: how long it has been silent instead.
    expect(ana.model().status.pingMs).toBeNull();
    expect(ana.model().status.silentSeconds).toBeGreaterThanOrEqual(6);
    h.net.setConditions({ latencyMs: 0, jitterMs: 0, lossPct: 0, dupPct: 0 });
    h.run(2000);
    expect(ana.screen.kind).toBe('play');
    expect(ana.model().status.pingMs).not.toBeNull();
    expect(ana.model().status.silentSeconds).toBeUndefined();
  });

  test('lost for good: the "Connection lost" screen shows no round trip either', () => {
    const h = startServer();
    const ana = new Player(h, 'Ana', 5001);
    h.run(500);
    expect(ana.model().status.pingMs).not.toBeNull();
    h.net.setConditions({ latencyMs: 0, jitterMs: 0, lossPct: 100, dupPct: 0 });
    h.run(36_000);
    const s = ana.screen;
    expect(s.kind === 'failed' && s.title).toBe('Connection lost');
    expect(ana.model().status.pingMs).toBeNull();
    expect(ana.model().status.silentSeconds).toBeGreaterThanOrEqual(35);
  });

  test('F2 toggles the network panel over the map; the status line always has ping, loss and fps', () => {
    const h = startServer();
    const ana = new Player(h, 'Ana', 5001);
    h.run(1500);
    const m = ana.model();
    expect(m.netstats).toBeNull();
    expect(m.status.fps).toBeGreaterThanOrEqual(29);
    expect(m.status.pingMs).not.toBeNull();
    expect(m.status.lossPct).toBe(0);
    ana.client.onKey({ input: '', key: {}, sequence: '\x1bOQ' }, h.net.now);
    const stats = ana.model().netstats;
    expect(stats).not.toBeNull();
    expect(stats?.snapshotsPerSec).toBeGreaterThan(25);
    expect(stats?.tickRate).toBe(30);
    h.run(100);
    // Drawn into the map rows, top right; the map rows keep their size.
    expect(ana.lastRows.join('\n')).toContain('Round trip');
    expect(ana.lastRows).toHaveLength(32);
    ana.client.onKey({ input: '', key: {}, sequence: '\x1bOQ' }, h.net.now);
    expect(ana.model().netstats).toBeNull();
    h.run(100);
    expect(ana.lastRows.join('\n')).not.toContain('Round trip');
  });

  test('80×24, F2 open: the camera keeps you beside the panel, not under it', () => {
    const h = startServer();
    const ana = new Player(h, 'Ana', 5001, { columns: 80, rows: 24 });
    h.run(1500);
    // Ana in the middle of the manor (floor), far from its edges: the camera follows her.
    const p = h.server.state.players[0]!;
    p.x = 40 * CELL_W;
    p.y = 11 * CELL_H;
    h.run(500);
    const at = () => ana.lastRows.findIndex((row) => row.includes('@'));
    // Without the panel, the camera centres her: where the box would stand.
    expect(ana.lastRows[at()]?.indexOf('@')).toBe(27);
    ana.client.onKey({ input: '', key: {}, sequence: '\x1bOQ' }, h.net.now);
    h.run(100);
    expect(ana.lastRows.join('\n')).toContain('Round trip');
    expect(at()).toBeGreaterThanOrEqual(0);
    const row = ana.lastRows[at()] ?? '';
    expect(row.indexOf('|')).toBeGreaterThan(row.indexOf('@'));
  });

  test('? opens the help and ? or Esc closes it; Esc quits only once it is closed', () => {
    const h = startServer();
    const ana = new Player(h, 'Ana', 5001);
    h.run(1500);
    expect(ana.model().help).toBe(false);
    ana.press('?');
    expect(ana.model().help).toBe(true);
    expect(ana.model().netstats).toBeNull();
    ana.press('?');
    expect(ana.model().help).toBe(false);
    ana.press('?');
    ana.press('', { escape: true });
    expect(ana.model().help).toBe(false);
    expect(ana.screen.kind).toBe('play');
    h.run(500);
    expect(ana.client.finished(h.net.now)).toBe(false);
    ana.press('', { escape: true });
    expect(ana.screen.kind).toBe('leaving');
  });
});

test('a key that only moves asks for no new model; a key that changes the screen does', () => {
  const h = startServer();
  const ana = new Player(h, 'Ana', 5001);
  h.run(500);
  expect(play(ana).phase.kind).toBe('lobby');
  const now = () => h.net.now;
  ana.model(); // the model is taken: nothing due until something changes or 250 ms pass
  expect(ana.client.modelDue(now())).toBe(false);
  ana.press('', { rightArrow: true });
  expect(ana.client.modelDue(now())).toBe(false);
  // ? opens the help: that is on the screen model.
  ana.press('?');
  expect(ana.client.modelDue(now())).toBe(true);
  ana.model();
  ana.press('r');
  expect(ana.client.modelDue(now())).toBe(true);
});
