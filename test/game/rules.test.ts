import { describe, expect, test } from 'bun:test';
import { parseMap } from '../../src/game/map.ts';
import { BUILTIN_MAPS } from '../../src/game/maps/index.ts';
import { boxesOverlap, KEY } from '../../src/game/movement.ts';
import {
  type Action,
  addPlayer,
  canStart,
  type GameEvent,
  type PlayerInput,
  removePlayer,
  step,
  ticksLeft,
} from '../../src/game/rules.ts';
import {
  cloneGame,
  createGame,
  DEFAULT_RULES,
  findPlayer,
  type GameState,
} from '../../src/game/state.ts';
import { PLAYER_H, PLAYER_W } from '../../src/game/units.ts';
import { drawWorld } from '../support/world.ts';

const classic = (() => {
  const r = parseMap(BUILTIN_MAPS.classic!);
  if (!r.ok) throw new Error('classic');
  return r.map;
})();

/** The original rules (no head start, no lobby timer), quick: head-start and lobby tests set their own. */
const FAST = {
  ...DEFAULT_RULES,
  tickRate: 10,
  countdown: 1,
  seekTime: 3,
  endTime: 1,
  headStart: 0,
  lobbyWait: 0,
};

function game(names: string[], seed = 7, rules = FAST, map = classic): GameState {
  const state = createGame(map, rules, seed);
  for (const [i, n] of names.entries()) addPlayer(state, i + 1, n);
  return state;
}

const id = (state: GameState, name: string) => state.players.find((p) => p.name === name)!.id;

/** One tick with one-shot actions for some players. */
function act(state: GameState, actions: Record<string, Action[]>): GameEvent[] {
  const inputs = new Map<number, PlayerInput[]>();
  for (const [name, list] of Object.entries(actions)) {
    inputs.set(
      id(state, name),
      list.map((action) => ({ keys: 0, action })),
    );
  }
  return step(state, inputs);
}

function run(state: GameState, n: number, inputs = new Map<number, PlayerInput[]>()): GameEvent[] {
  const events: GameEvent[] = [];
  for (let i = 0; i < n; i++) events.push(...step(state, i === 0 ? inputs : new Map()));
  return events;
}

/** Seekers ann, hiders bob and cid, all ready: the countdown has started. */
function readyGame(seed = 7): GameState {
  const state = game(['ann', 'bob', 'cid'], seed);
  act(state, { ann: ['RED', 'READY'], bob: ['BLUE', 'READY'], cid: ['BLUE', 'READY'] });
  return state;
}

describe('lobby', () => {
  test('teams only while not ready; READY only in a team, and it toggles', () => {
    const state = game(['ann']);
    const ann = findPlayer(state, 1)!;
    act(state, { ann: ['READY'] });
    expect(ann.ready).toBe(false); // unassigned cannot be ready
    act(state, { ann: ['RED', 'READY'] });
    expect([ann.team, ann.ready]).toEqual(['R', true]);
    act(state, { ann: ['BLUE'] });
    expect(ann.team).toBe('R'); // no team change while ready
    act(state, { ann: ['READY', 'NEUTRAL'] });
    expect([ann.team, ann.ready]).toEqual(['N', false]);
  });

  test('players arrive unassigned, on free spots, with distinct colours', () => {
    const state = game(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']);
    expect(state.players.every((p) => p.team === 'N' && !p.ready)).toBe(true);
    expect(new Set(state.players.map((p) => p.colour)).size).toBe(10);
    assertNoOverlap(state);
  });

  test('the countdown starts when everybody is ready and both teams have a player', () => {
    const state = game(['ann', 'bob']);
    act(state, { ann: ['RED', 'READY'] });
    expect(state.phase.kind).toBe('lobby');
    const events = act(state, { bob: ['BLUE', 'READY'] });
    expect(events).toContainEqual({ type: 'countdown-start' });
    expect(state.phase.kind).toBe('countdown');
    expect(ticksLeft(state)).toBe(FAST.countdown * FAST.tickRate - 1);
  });

  test('the default countdown is the original 5 s', () => {
    const state = game(['ann', 'bob'], 1, DEFAULT_RULES);
    act(state, { ann: ['RED', 'READY'], bob: ['BLUE', 'READY'] });
    expect(ticksLeft(state)).toBe(5 * 30 - 1);
  });
});

describe('the countdown is cancelled as soon as its condition breaks, and says why', () => {
  test('a player un-readies', () => {
    const state = readyGame();
    const events = act(state, { bob: ['READY'] });
    expect(events).toContainEqual({ type: 'countdown-cancel', why: 'unready', name: 'bob' });
    expect(state.phase).toMatchObject({ kind: 'lobby', notice: { why: 'unready', name: 'bob' } });
  });

  test('a player leaves and a team is left empty', () => {
    const state = readyGame();
    removePlayer(state, id(state, 'ann'));
    expect(run(state, 1)).toContainEqual({ type: 'countdown-cancel', why: 'left', name: 'ann' });
  });

  test('a player leaving without breaking the condition does not cancel, nor blame them later', () => {
    const state = readyGame();
    removePlayer(state, id(state, 'cid'));
    expect(run(state, 1)).toEqual([]);
    expect(state.phase.kind).toBe('countdown');
    expect(act(state, { bob: ['READY'] })).toContainEqual({
      type: 'countdown-cancel',
      why: 'unready',
      name: 'bob',
    });
  });

  test('a player joins (unassigned, so not ready)', () => {
    const state = readyGame();
    addPlayer(state, 9, 'dan');
    expect(run(state, 1)).toContainEqual({ type: 'countdown-cancel', why: 'joined', name: 'dan' });
  });

  test('the notice stays in the lobby for noticeTime', () => {
    const state = readyGame();
    act(state, { bob: ['READY'] });
    expect(state.phase.kind === 'lobby' && state.phase.noticeUntil).toBe(
      state.tick - 1 + 4 * FAST.tickRate,
    );
  });
});

describe('game', () => {
  test('starts after the countdown, with everybody respawned on free spots (seeded)', () => {
    const state = readyGame();
    const events = run(state, FAST.countdown * FAST.tickRate);
    expect(events).toContainEqual({ type: 'game-start', seekers: 1, hiders: 2 });
    expect(state.phase).toMatchObject({ kind: 'game', hidersTotal: 2 });
    assertNoOverlap(state);
    const again = readyGame();
    run(again, FAST.countdown * FAST.tickRate);
    expect(again.players).toEqual(state.players);
    const other = readyGame(8);
    run(other, FAST.countdown * FAST.tickRate);
    expect(other.players).not.toEqual(state.players);
  });

  test('time out: the hiders win, then the end banner, then the lobby with ready and caught reset', () => {
    const state = readyGame();
    run(state, FAST.countdown * FAST.tickRate);
    const events = run(state, FAST.seekTime * FAST.tickRate);
    expect(events).toContainEqual({
      type: 'game-end',
      winner: 'B',
      reason: 'time',
      seconds: FAST.seekTime,
    });
    expect(state.phase).toMatchObject({ kind: 'end', winner: 'B' });
    expect(run(state, FAST.endTime * FAST.tickRate)).toContainEqual({ type: 'lobby' });
    expect(state.players.every((p) => !p.ready && !p.caught && !p.spectator)).toBe(true);
    expect(state.players.map((p) => p.team)).toEqual(['R', 'B', 'B']); // teams are kept
  });

  test('a seeker touching a hider catches it: frozen, no longer colliding; all caught → seekers win', () => {
    const { map, at } = drawWorld(`
############
#.a.b......#
#......c...#
############`);
    const state = createGame(map, FAST, 3);
    for (const [i, name] of ['ann', 'bob', 'cid'].entries()) addPlayer(state, i + 1, name);
    act(state, { ann: ['RED', 'READY'], bob: ['BLUE', 'READY'], cid: ['BLUE', 'READY'] });
    run(state, FAST.countdown * FAST.tickRate);
    // Put them where the picture says (the respawn is random).
    for (const [letter, name] of [
      ['a', 'ann'],
      ['b', 'bob'],
      ['c', 'cid'],
    ] as const) {
      Object.assign(findPlayer(state, id(state, name))!, at[letter]);
    }
    const right = new Map([[1, [{ keys: KEY.right, action: null }]]]);
    const events = run(state, 3, right);
    expect(events).toContainEqual({
      type: 'caught',
      seeker: 'ann',
      hider: 'bob',
      seekerId: 1,
      hiderId: 2,
    });
    const bob = findPlayer(state, 2)!;
    expect(bob.caught).toBe(true);
    expect(state.phase).toMatchObject({ kind: 'game' });
    // bob no longer collides: ann walks through him; then down-right onto cid.
    const ann = findPlayer(state, 1)!;
    run(state, 2, new Map([[1, [{ keys: KEY.right, action: null }]]]));
    expect(ann.x).toBeGreaterThan(bob.x);
    const end = run(state, 20, new Map([[1, [{ keys: KEY.right | KEY.down, action: null }]]]));
    expect(end).toContainEqual({
      type: 'caught',
      seeker: 'ann',
      hider: 'cid',
      seekerId: 1,
      hiderId: 3,
    });
    expect(end.find((e) => e.type === 'game-end')).toMatchObject({
      winner: 'R',
      reason: 'all-caught',
    });
  });

  test('a caught hider cannot move', () => {
    const state = readyGame();
    run(state, FAST.countdown * FAST.tickRate);
    const bob = findPlayer(state, 2)!;
    bob.caught = true;
    const before = { x: bob.x, y: bob.y };
    run(state, 5, new Map([[2, [{ keys: KEY.left, action: null }]]]));
    expect({ x: bob.x, y: bob.y }).toEqual(before);
  });

  test('when all seekers leave, the hiders win; when everybody leaves, back to the lobby', () => {
    const state = readyGame();
    run(state, FAST.countdown * FAST.tickRate);
    removePlayer(state, 1);
    expect(run(state, 1)).toContainEqual(
      expect.objectContaining({ type: 'game-end', winner: 'B', reason: 'seekers-left' }),
    );
    const empty = readyGame();
    run(empty, FAST.countdown * FAST.tickRate);
    for (const p of [...empty.players]) removePlayer(empty, p.id);
    const events = run(empty, 1);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'game-end', reason: 'everybody-left' }),
    );
    expect(empty.phase.kind).toBe('lobby');
  });

  test('a player joining during a game watches as a spectator until the next lobby', () => {
    const state = readyGame();
    run(state, FAST.countdown * FAST.tickRate);
    const joined = addPlayer(state, 9, 'dan');
    expect(joined?.player.spectator).toBe(true);
    expect(joined?.events).toEqual([{ type: 'join', name: 'dan', spectator: true }]);
    expect(canStart(state)).toBe(false);
    run(state, (FAST.seekTime + FAST.endTime) * FAST.tickRate);
    expect(state.phase.kind).toBe('lobby');
    expect(findPlayer(state, 9)?.spectator).toBe(false);
  });
});

describe('determinism', () => {
  test('the same seed and inputs give the same game, tick for tick', () => {
    const play = () => {
      const state = readyGame(42);
      const trace: string[] = [];
      for (let t = 0; t < 80; t++) {
        const keys = [KEY.left, KEY.up | KEY.right, KEY.down, 0][(t >> 3) % 4]!;
        step(state, new Map(state.players.map((p) => [p.id, [{ keys, action: null }]])));
        trace.push(JSON.stringify(state.players.map((p) => [p.x, p.y, p.caught])));
      }
      return trace;
    };
    expect(play()).toEqual(play());
  });

  test('a clone runs on independently', () => {
    const state = readyGame();
    const copy = cloneGame(state);
    run(copy, 20, new Map([[1, [{ keys: KEY.right, action: null }]]]));
    expect(copy.tick).toBe(state.tick + 20);
    expect(findPlayer(state, 1)!.x).not.toBe(findPlayer(copy, 1)!.x);
  });
});

function assertNoOverlap(state: GameState): void {
  const boxes = state.players.map((p) => ({ x: p.x, y: p.y, w: PLAYER_W, h: PLAYER_H }));
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++)
      expect(boxesOverlap(boxes[i]!, boxes[j]!)).toBe(false);
  }
}
