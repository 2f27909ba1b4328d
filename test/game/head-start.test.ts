/**
 * The seekers' head start (src/game/head-start.ts): for its first ticks a game runs without the
 * seekers: they stand still whatever keys they hold, see nobody but themselves, and catch nobody,
 * even a hider they stand against. Then everything is as before. The client's prediction holds a
 * seeker at the same ticks as the server's tick (test/client/prediction-rules.test.ts too).
 */
import { describe, expect, test } from 'bun:test';
import { Prediction, type PredictionSource } from '../../src/client/prediction.ts';
import type { Snapshot } from '../../src/client/snapshots.ts';
import { headStartLeft } from '../../src/game/head-start.ts';
import { KEY } from '../../src/game/movement.ts';
import { addPlayer, type GameEvent, type PlayerInput, step } from '../../src/game/rules.ts';
import { createSight, fogOf, playersSeenBy, updateSight } from '../../src/game/sight.ts';
import { createGame, DEFAULT_RULES, findPlayer, type GameState } from '../../src/game/state.ts';
import type { InputEntry, RosterEntry, WelcomeMessage } from '../../src/protocol/index.ts';
import { wirePhase } from '../../src/server/snapshots.ts';
import { drawWorld } from '../support/world.ts';

/** 10 ticks a second, a 1 s countdown, a 2 s head start. */
const RULES = { ...DEFAULT_RULES, tickRate: 10, countdown: 1, seekTime: 30, headStart: 2 };

/** Ann seeks, Bob hides, placed as drawn once the game has started (the head start running). */
function started(picture: string, rules = RULES): GameState {
  const { map, at } = drawWorld(picture);
  const state = createGame(map, rules, 5);
  addPlayer(state, 1, 'ann');
  addPlayer(state, 2, 'bob');
  step(
    state,
    new Map([
      [
        1,
        [
          { keys: 0, action: 'RED' },
          { keys: 0, action: 'READY' },
        ],
      ],
      [
        2,
        [
          { keys: 0, action: 'BLUE' },
          { keys: 0, action: 'READY' },
        ],
      ],
    ]),
  );
  while (state.phase.kind !== 'game') step(state, new Map());
  Object.assign(findPlayer(state, 1)!, at.a);
  Object.assign(findPlayer(state, 2)!, at.b);
  return state;
}

function hold(state: GameState, id: number, keys: number, ticks: number): GameEvent[] {
  const events: GameEvent[] = [];
  for (let i = 0; i < ticks; i++) {
    const inputs = new Map<number, PlayerInput[]>();
    if (i === 0) inputs.set(id, [{ keys, action: null }]);
    events.push(...step(state, inputs));
  }
  return events;
}

const ROOM = `
##############
#..a.........#
#..b.........#
#............#
##############`;

describe('head start', () => {
  test('a seeker spawned touching a hider catches nobody until it ends, then at once', () => {
    const state = started(ROOM);
    expect(headStartLeft(state)).toBe(20);
    // Ann pushes down against Bob for the whole head start: no catch.
    const during = hold(state, 1, KEY.down, 19);
    expect(during.filter((e) => e.type === 'caught')).toEqual([]);
    expect(findPlayer(state, 2)!.caught).toBe(false);
    const after = hold(state, 1, KEY.down, 2);
    expect(after).toContainEqual({
      type: 'caught',
      seeker: 'ann',
      hider: 'bob',
      seekerId: 1,
      hiderId: 2,
    });
  });

  test("the seekers' keys do nothing during it; the hiders' do", () => {
    const state = started(ROOM);
    const ann = findPlayer(state, 1)!;
    const bob = findPlayer(state, 2)!;
    const [ax, bx] = [ann.x, bob.x];
    step(
      state,
      new Map([
        [1, [{ keys: KEY.right, action: null }]],
        [2, [{ keys: KEY.right, action: null }]],
      ]),
    );
    for (let i = 0; i < 18; i++) step(state, new Map());
    expect(ann.x).toBe(ax);
    expect(bob.x).toBeGreaterThan(bx);
    step(state, new Map()); // the head start's last tick
    expect(ann.x).toBe(ax);
    step(state, new Map()); // released: the keys still held move it
    expect(ann.x).toBeGreaterThan(ax);
  });

  test('a seeker sees nobody (it is sent itself alone, its fog is dark); then sees again', () => {
    const state = started(ROOM);
    const sight = createSight(state.map);
    updateSight(sight, state);
    const ann = findPlayer(state, 1)!;
    const bob = findPlayer(state, 2)!;
    expect(playersSeenBy(sight, state, ann).map((p) => p.name)).toEqual(['ann']);
    expect(playersSeenBy(sight, state, bob).map((p) => p.name)).toEqual(['ann', 'bob']);
    const fog = new Uint8Array(state.map.width * state.map.height);
    fogOf(sight, state, ann, fog);
    expect(fog.every((v) => v === 0)).toBe(true);
    hold(state, 1, 0, 20);
    updateSight(sight, state);
    expect(playersSeenBy(sight, state, ann).map((p) => p.name)).toEqual(['ann', 'bob']);
    fogOf(sight, state, ann, fog);
    expect(fog.some((v) => v === 1)).toBe(true);
  });

  test('the GAME phase says the ticks left, counting down to 0; the seek time counts from the start', () => {
    const state = started(ROOM);
    expect(wirePhase(state)).toMatchObject({ kind: 'GAME', ticksLeft: 299, headStart: 20 });
    hold(state, 1, 0, 5);
    expect(wirePhase(state)).toMatchObject({ ticksLeft: 294, headStart: 15, endTicks: 50 });
    hold(state, 1, 0, 20);
    expect(wirePhase(state)).toMatchObject({ headStart: 0 });
  });

  test('0 is the original rule: a seeker moves and catches from the first tick', () => {
    const state = started(ROOM, { ...RULES, headStart: 0 });
    expect(headStartLeft(state)).toBe(0);
    expect(hold(state, 1, KEY.down, 1)).toContainEqual({
      type: 'caught',
      seeker: 'ann',
      hider: 'bob',
      seekerId: 1,
      hiderId: 2,
    });
  });

  test('the prediction holds a seeker at the same ticks as the server', () => {
    // The server: Ann holds Right from the game's first tick.
    const state = started(ROOM);
    const ann = findPlayer(state, 1)!;
    const first = state.tick;
    const from = { x: ann.x, y: ann.y };
    const phase = wirePhase(state);
    hold(state, 1, KEY.right, 30);
    // The client: the snapshot of the game's first tick, and the same key stamped with it.
    const roster = new Map<number, RosterEntry>([
      [
        1,
        { id: 1, name: 'ann', colour: 0, team: 'R', ready: true, caught: false, spectator: false },
      ],
    ]);
    const input: InputEntry = { seq: 1, tick: first, keys: KEY.right, action: null };
    const snapshot: Snapshot = {
      tick: first,
      arrivedAt: 0,
      phase,
      ackSeq: null,
      lead: 0,
      rosterVersion: 1,
      positions: new Map([[1, from]]),
    };
    const source: PredictionSource = {
      welcome: { token: 't', playerId: 1, tickRate: RULES.tickRate } as WelcomeMessage,
      map: state.map,
      roster,
      latestSnapshot: snapshot,
      pendingInputs: [input],
      recentInputs: [input],
      keys: KEY.right,
      inputTick: () => first + 29,
    };
    const predicted = new Prediction(source).position(0)!;
    expect(predicted.tick).toBe(state.tick);
    expect(predicted.predictedX).toBe(ann.x);
    expect(ann.x).toBeGreaterThan(from.x);
  });
});
