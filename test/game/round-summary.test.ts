/** The round's summary (round-summary.ts): fed with the rules' events, it says each hider's fate. */
import { describe, expect, test } from 'bun:test';
import { RoundLog } from '../../src/game/round-summary.ts';
import { addPlayer } from '../../src/game/rules.ts';
import { createGame, DEFAULT_RULES, findPlayer } from '../../src/game/state.ts';
import { classicMap } from '../support/server-harness.ts';

function game() {
  const state = createGame(classicMap, DEFAULT_RULES, 1);
  for (const [id, name, team] of [
    [1, 'ana', 'R'],
    [2, 'bo', 'B'],
    [3, 'cy', 'B'],
    [4, 'di', 'B'],
    [5, 'eve', 'N'],
  ] as const) {
    addPlayer(state, id, name);
    findPlayer(state, id)!.team = team;
  }
  return state;
}

const caught = (seekerId: number, hiderId: number) =>
  ({ type: 'caught', seeker: '', hider: '', seekerId, hiderId }) as const;

describe('RoundLog', () => {
  test('caught, left and safe hiders, in id order, with their ticks from the start', () => {
    const state = game();
    const log = new RoundLog();
    expect(log.note({ type: 'game-start', seekers: 1, hiders: 3 }, 100, state)).toEqual({
      kind: 'start',
      round: 1,
      seekers: 1,
      hiders: 3,
    });
    expect(log.note(caught(1, 3), 160, state)).toBeNull();
    log.note({ type: 'leave', name: 'di', id: 4 }, 190, state);
    log.note(caught(1, 3), 200, state); // a fate is decided once
    log.note({ type: 'leave', name: 'eve', id: 5 }, 210, state); // not a hider of the round
    const end = log.note(
      { type: 'game-end', winner: 'B', reason: 'time', seconds: 10 },
      400,
      state,
    );
    expect(end).toEqual({
      kind: 'end',
      ticks: 300,
      fates: [
        { hider: 2, by: 'safe', ticks: 300 },
        { hider: 3, by: 1, ticks: 60 },
        { hider: 4, by: 'left', ticks: 90 },
      ],
    });
  });

  test('rounds are numbered; an end without a start, or twice, says nothing', () => {
    const state = game();
    const log = new RoundLog();
    const end = { type: 'game-end', winner: 'R', reason: 'all-caught', seconds: 1 } as const;
    expect(log.note(end, 5, state)).toBeNull();
    log.note({ type: 'game-start', seekers: 1, hiders: 3 }, 10, state);
    expect(log.note(end, 20, state)?.kind).toBe('end');
    expect(log.note(end, 21, state)).toBeNull();
    expect(log.note({ type: 'game-start', seekers: 1, hiders: 3 }, 30, state)).toMatchObject({
      round: 2,
    });
  });
});
