/**
 * The lobby timer (src/game/lobby.ts): an idle player (unassigned, or in a team but not ready)
 * no longer holds a round back. Once each team has a ready player the timer runs; when it runs
 * out the countdown starts, and whoever is not ready when the game starts watches it.
 */
import { describe, expect, test } from 'bun:test';
import { lobbyTimerLeft } from '../../src/game/lobby.ts';
import { parseMap } from '../../src/game/map.ts';
import { BUILTIN_MAPS } from '../../src/game/maps/index.ts';
import {
  type Action,
  addPlayer,
  type GameEvent,
  type PlayerInput,
  removePlayer,
  step,
} from '../../src/game/rules.ts';
import { createGame, DEFAULT_RULES, findPlayer, type GameState } from '../../src/game/state.ts';
import { wirePhase } from '../../src/server/snapshots.ts';

const classic = (() => {
  const r = parseMap(BUILTIN_MAPS.classic!);
  if (!r.ok) throw new Error('classic');
  return r.map;
})();

/** 10 ticks a second: a 3 s lobby timer is 30 ticks, the 1 s countdown 10. */
const RULES = { ...DEFAULT_RULES, tickRate: 10, countdown: 1, seekTime: 20, lobbyWait: 3 };

function lobby(names: string[], rules = RULES): GameState {
  const state = createGame(classic, rules, 3);
  for (const [i, n] of names.entries()) addPlayer(state, i + 1, n);
  return state;
}

function act(state: GameState, actions: Record<string, Action[]>): GameEvent[] {
  const inputs = new Map<number, PlayerInput[]>();
  for (const [name, list] of Object.entries(actions)) {
    const p = state.players.find((q) => q.name === name)!;
    inputs.set(
      p.id,
      list.map((action) => ({ keys: 0, action })),
    );
  }
  return step(state, inputs);
}

function run(state: GameState, n: number): GameEvent[] {
  const events: GameEvent[] = [];
  for (let i = 0; i < n; i++) events.push(...step(state, new Map()));
  return events;
}

describe('lobby timer', () => {
  test.each([
    ['unassigned', [] as Action[]],
    ['in a team, not ready', ['BLUE'] as Action[]],
  ])('an idle player (%s) no longer blocks a round: it watches it', (_, idle) => {
    const state = lobby(['ann', 'bob', 'idl']);
    act(state, { ann: ['RED', 'READY'], bob: ['BLUE', 'READY'], idl: idle });
    expect(state.phase.kind).toBe('lobby');
    expect(lobbyTimerLeft(state)).toBe(29);
    expect(wirePhase(state)).toMatchObject({ kind: 'LOBBY', startIn: 29 });
    expect(run(state, 29).some((e) => e.type === 'countdown-start')).toBe(false);
    expect(run(state, 1)).toContainEqual({ type: 'countdown-start' });
    const events = run(state, 10);
    expect(events).toContainEqual({ type: 'game-start', seekers: 1, hiders: 1 });
    expect(state.phase).toMatchObject({ kind: 'game', hidersTotal: 1 });
    const idl = findPlayer(state, 3)!;
    expect([idl.spectator, findPlayer(state, 1)!.spectator]).toEqual([true, false]);
    expect(wirePhase(state)).toMatchObject({ hidersLeft: 1, hidersTotal: 1 });
  });

  test('without a ready player in each team the timer does not run, and stops when one goes', () => {
    const state = lobby(['ann', 'bob', 'cid']);
    act(state, { ann: ['RED', 'READY'], bob: ['BLUE'] });
    expect(lobbyTimerLeft(state)).toBeNull();
    expect(wirePhase(state)).toMatchObject({ kind: 'LOBBY', startIn: null });
    act(state, { bob: ['READY'] });
    run(state, 10);
    expect(lobbyTimerLeft(state)).toBe(19);
    act(state, { bob: ['READY'] }); // un-ready: no hider ready any more
    expect(lobbyTimerLeft(state)).toBeNull();
    act(state, { bob: ['READY'] }); // the full wait again
    expect(lobbyTimerLeft(state)).toBe(29);
  });

  test('everybody ready starts the countdown at once, timer or not', () => {
    const state = lobby(['ann', 'bob']);
    expect(act(state, { ann: ['RED', 'READY'], bob: ['BLUE', 'READY'] })).toContainEqual({
      type: 'countdown-start',
    });
  });

  test('a countdown the timer started is not stopped by players who are not ready', () => {
    const state = lobby(['ann', 'bob', 'idl']);
    act(state, { ann: ['RED', 'READY'], bob: ['BLUE', 'READY'] });
    run(state, 30);
    expect(state.phase).toMatchObject({ kind: 'countdown', forced: true });
    addPlayer(state, 4, 'new'); // somebody joins
    act(state, { idl: ['RED'] }); // the idle one picks a team
    expect(state.phase.kind).toBe('countdown');
    // …and may still join in by getting ready before the game starts.
    act(state, { idl: ['READY'] });
    run(state, 10);
    expect(state.phase.kind).toBe('game');
    expect(state.players.filter((p) => p.spectator).map((p) => p.name)).toEqual(['new']);
  });

  test('it stops when a team is left without a ready player, saying who', () => {
    const state = lobby(['ann', 'bob', 'idl']);
    act(state, { ann: ['RED', 'READY'], bob: ['BLUE', 'READY'] });
    run(state, 30);
    const events = act(state, { bob: ['READY'] });
    expect(events).toContainEqual({ type: 'countdown-cancel', why: 'unready', name: 'bob' });
    expect(state.phase).toMatchObject({ kind: 'lobby', timerEnd: null });
  });

  test('an everybody-ready countdown stopped by a newcomer leaves the timer running', () => {
    const state = lobby(['ann', 'bob']);
    act(state, { ann: ['RED', 'READY'], bob: ['BLUE', 'READY'] });
    addPlayer(state, 3, 'new');
    expect(run(state, 1)).toContainEqual({ type: 'countdown-cancel', why: 'joined', name: 'new' });
    expect(lobbyTimerLeft(state)).toBe(28);
    removePlayer(state, 3);
    expect(run(state, 1)).toContainEqual({ type: 'countdown-start' });
  });

  test('0: no timer, everybody must be ready (the original rule)', () => {
    const state = lobby(['ann', 'bob', 'idl'], { ...RULES, lobbyWait: 0 });
    act(state, { ann: ['RED', 'READY'], bob: ['BLUE', 'READY'] });
    expect(lobbyTimerLeft(state)).toBeNull();
    expect(run(state, 600).some((e) => e.type === 'countdown-start')).toBe(false);
  });
});

describe('hiders left', () => {
  test('a hider who leaves counts neither as left nor in the total (bug 5)', () => {
    const state = lobby(['ann', 'bob', 'cid', 'dee']);
    act(state, {
      ann: ['RED', 'READY'],
      bob: ['BLUE', 'READY'],
      cid: ['BLUE', 'READY'],
      dee: ['BLUE', 'READY'],
    });
    run(state, 10);
    expect(wirePhase(state)).toMatchObject({ kind: 'GAME', hidersLeft: 3, hidersTotal: 3 });
    removePlayer(state, 3); // cid, not caught, leaves
    expect(wirePhase(state)).toMatchObject({ hidersLeft: 2, hidersTotal: 2 });
    findPlayer(state, 4)!.caught = true;
    removePlayer(state, 4); // dee, caught, leaves
    expect(wirePhase(state)).toMatchObject({ hidersLeft: 1, hidersTotal: 1 });
  });
});
