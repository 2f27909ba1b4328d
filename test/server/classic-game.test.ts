/**
 * The classic listener (PROTOCOL.md, "Classic") in simulated time: original-client look-alikes
 * (test/support/classic-client.ts, every reply through a strict parser of the classic grammar)
 * play a whole game beside a native player in the same room: connect, refusals, teams, ready,
 * countdown, game, sight both ways, catches, end banner, back to the lobby, a late joiner,
 * disconnect.
 */
import { describe, expect, test } from 'bun:test';
import { createSight, playersSeenBy, updateSight } from '../../src/game/sight.ts';
import { cellSpawnPoint, findPlayer, type GameState, type Player } from '../../src/game/state.ts';
import { playerCellX, playerCellY } from '../../src/game/units.ts';
import { CLASSIC_ADDRESS, ClassicClient } from '../support/classic-client.ts';
import { ScriptedPlayer } from '../support/scripted-player.ts';
import { type Harness, QUICK_RULES, startServer } from '../support/server-harness.ts';

function withClassic(overrides = {}): Harness {
  return startServer((net) => ({
    classic: { transport: net.bind(CLASSIC_ADDRESS) },
    ...overrides,
  }));
}

function classic(h: Harness, port: number, name: string): ClassicClient {
  const c = new ClassicClient(h.net, port, name);
  h.each((now) => c.step(now));
  return c;
}

function player(state: GameState, name: string): Player {
  const p = state.players.find((q) => q.name === name);
  if (!p) throw new Error(`no player ${name}`);
  return p;
}

/** Puts `p` on the floor cell next to `to`'s (one cell across: near, not touching). */
function besideOf(state: GameState, p: Player, to: Player): void {
  const cx = playerCellX(to.x);
  const cy = playerCellY(to.y);
  for (const dx of [1, -1, 2, -2]) {
    const x = cx + dx;
    if (state.map.walls[cy * state.map.width + x]) continue;
    const at = cellSpawnPoint(state.map, cy * state.map.width + x);
    p.x = at.x;
    p.y = at.y;
    return;
  }
  throw new Error('no floor beside');
}

/** The names the room's own culling gives `viewer` now (a fresh sight on the same state). */
function namesSeenBy(state: GameState, viewer: Player): string[] {
  const sight = createSight(state.map);
  updateSight(sight, state);
  return playersSeenBy(sight, state, viewer)
    .map((p) => p.name)
    .sort();
}

function lastState(c: ClassicClient) {
  const s = c.states().at(-1);
  if (!s) throw new Error(`${c.name}: no state yet`);
  return s;
}

const names = (r: { players: readonly { name: string }[] }) => r.players.map((p) => p.name).sort();

describe('a whole game: classic players beside a native one', () => {
  test('connect, refusals, teams, ready, countdown, game, sight, catches, end, lobby, quit', () => {
    const h = withClassic();
    const room = h.server.room;
    const alice = classic(h, 23500, 'alice');
    alice.connect();
    h.run(300);
    // CONNECTED in its LOBBY form, the name the client sent, the map in units.
    const connected = alice.received[0]!.reply;
    expect(connected?.kind).toBe('connected');
    if (connected?.kind !== 'connected') throw new Error();
    expect(connected).toMatchObject({ port: 9999, name: 'alice', size: [1760, 1024], ready: [] });
    expect(connected.players.map((p) => p.name)).toEqual(['alice']);
    expect(alice.connected).toBe(true);
    // The walls come with the first replies, until the client is seen to have them.
    expect(alice.walls.length).toBeGreaterThan(20);
    const withWalls = alice.states().filter((s) => s.walls !== null).length;
    expect(withWalls).toBeGreaterThanOrEqual(1);
    expect(withWalls).toBeLessThanOrEqual(2);

    const bob = new ScriptedPlayer(h, 5001, 'bob');
    bob.join();
    // Refusals, each on a new socket as the client does, with the original's texts.
    const carol = classic(h, 23580, 'alice');
    for (const name of [
      'alice',
      'BOB',
      'carol_is_too_long',
      'ca,rol',
      'ca rol',
      'ca:rol',
      'carolé',
    ]) {
      carol.connect(name);
      h.run(200);
    }
    expect(carol.refusals).toEqual([
      'This pseudo already exists.',
      'This pseudo already exists.',
      'Your pseudo is too big !',
      "Don't use ' ' or ',' or '(' or ')' in your pseudo !",
      "Don't use ' ' or ',' or '(' or ')' in your pseudo !",
      "Don't use ' ' or ',' or '(' or ')' in your pseudo !",
      "Don't use ' ' or ',' or '(' or ')' in your pseudo !",
    ]);
    carol.connect('carol');
    h.run(300);
    expect(carol.connected).toBe(true);
    // A native player cannot take a classic player's name either.
    const alias = new ScriptedPlayer(h, 5002, 'ALICE');
    expect(() => alias.join()).toThrow('refused (name-taken)');

    // In the lobby everybody sees everybody, both ways.
    h.run(200);
    expect(names(lastState(alice))).toEqual(['alice', 'bob', 'carol']);
    expect(bob.seen.has(player(room.state, 'alice').id)).toBe(true);

    // Teams: a held team key repeats (idempotent); READY is one press.
    alice.word = 'RED';
    carol.word = 'BLUE';
    bob.press('BLUE');
    h.run(300);
    alice.word = '.';
    carol.word = '.';
    h.run(100);
    expect(
      lastState(alice)
        .players.map((p) => [p.name, p.team])
        .sort(),
    ).toEqual([
      ['alice', 1],
      ['bob', 2],
      ['carol', 2],
    ]);
    alice.press('READY');
    carol.press('READY');
    h.run(200);
    const lobby = lastState(alice).phase;
    expect(lobby).toEqual({ kind: 'lobby', ready: expect.arrayContaining(['alice', 'carol']) });
    bob.press('READY');
    h.run(300);
    const countdown = lastState(alice).phase;
    expect(countdown.kind).toBe('countdown');
    expect(alice.inTransition).toBe(true);
    expect(alice.transitionText).toMatch(/^Entering game in \d\.\ds$/);
    h.run(1200);
    expect(room.state.phase.kind).toBe('game');
    h.run(200);
    const game = lastState(alice);
    expect(game.phase.kind).toBe('game');
    expect(alice.lobby).toBe(false);
    expect(game.shades!.length).toBeGreaterThan(5);

    // Sight: what each is sent is what the room's culling says, for the classic and the native.
    const state = room.state;
    const a = player(state, 'alice');
    const b = player(state, 'bob');
    const c = player(state, 'carol');
    h.run(100);
    expect(names(lastState(alice))).toEqual(namesSeenBy(state, a));
    expect(bob.seen.has(a.id)).toBe(namesSeenBy(state, b).includes('alice'));
    // Bob one cell beside alice: near, so they see each other, both ways.
    besideOf(state, b, a);
    h.run(150);
    expect(names(lastState(alice))).toContain('bob');
    expect(bob.seen.has(a.id)).toBe(true);
    // Carol far from both is not sent to alice unless the rules say so.
    expect(names(lastState(alice)).includes('carol')).toBe(namesSeenBy(state, a).includes('carol'));

    // Alice catches carol: a caught classic player watches, SHADES [] and every living player.
    c.x = a.x;
    c.y = a.y + 24;
    h.run(150);
    expect(c.caught).toBe(true);
    const watching = lastState(carol);
    expect(watching.shades).toEqual([]);
    expect(names(watching)).toEqual(['alice', 'bob', 'carol']);

    // A late joiner gets CONNECTED in its LOBBY form, then watches the game.
    const dave = classic(h, 23620, 'dave');
    dave.connect();
    h.run(300);
    expect(dave.received[0]!.reply?.kind).toBe('connected');
    const late = lastState(dave);
    expect(late.phase.kind).toBe('game');
    expect(late.shades).toEqual([]);

    // Alice catches bob: the seekers win; the banner, then the lobby.
    b.x = a.x;
    b.y = a.y - 24;
    h.run(150);
    const banner = alice.states().find((s) => s.phase.kind === 'end');
    expect(banner?.phase).toMatchObject({ kind: 'end', text: 'The_seekers_won_the_game!' });
    expect(alice.transitionText).toMatch(
      /^The seekers won the game! Going back to lobby in \d\.\ds$/,
    );
    h.run(1300);
    expect(lastState(alice).phase).toEqual({ kind: 'lobby', ready: [] });
    expect(alice.lobby).toBe(true);

    // Quit: DISCONNECTION answered exactly; the player leaves the room at the next tick.
    alice.quit();
    h.run(100);
    expect(alice.mode).toEqual({ kind: 'gone', why: 'quit' });
    expect(findPlayer(room.state, a.id)).toBeUndefined();
    expect(h.server.classic!.sessions.size).toBe(2);
    // Every datagram any classic client got parsed, and fitted the client's buffer.
    for (const cl of [alice, carol, dave]) {
      expect(cl.received.filter((r) => r.error !== null)).toEqual([]);
      expect(Math.max(...cl.received.map((r) => r.size))).toBeLessThanOrEqual(3072);
      expect(cl.failures).toBe(0);
      expect(cl.pingsMatched).toBeGreaterThan(0);
    }
  });
});

test('ten classic players through a game on the classic map: every reply parses and fits 3072 bytes', () => {
  const h = withClassic({ rules: { ...QUICK_RULES, seekTime: 15 } });
  const words = ['LEFT', 'RIGHT', 'UP', 'DOWN', '.'];
  let seed = 12345;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const players = Array.from({ length: 10 }, (_, i) => classic(h, 23500 + i, `p${i}`));
  players.forEach((p, i) => {
    p.connect();
    p.word = i % 3 === 0 ? 'RED' : 'BLUE';
  });
  h.run(1000);
  for (const p of players) p.press('READY');
  h.each(() => {
    for (const p of players) if (random(400) === 0) p.word = words[random(words.length)]!;
  });
  h.run(14_000);
  expect(h.server.room.state.phase.kind).not.toBe('lobby');
  let game = 0;
  for (const p of players) {
    expect(p.received.filter((r) => r.error !== null)).toEqual([]);
    expect(Math.max(...p.received.map((r) => r.size))).toBeLessThanOrEqual(3072);
    game += p.states().filter((s) => s.phase.kind === 'game').length;
  }
  expect(game).toBeGreaterThan(1000);
});
