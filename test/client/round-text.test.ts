/**
 * The round's timers in words (src/client/ui/round-text.ts) and in the phase view the screens
 * get from a SNAP phase (build-model.ts): the lobby timer, the seekers' head start for each side,
 * and "next round in about N s" for a player who watches.
 */
import { describe, expect, test } from 'bun:test';
import { phaseView } from '../../src/client/ui/build-model.ts';
import type { YouView } from '../../src/client/ui/model.ts';
import { watchingBanner } from '../../src/client/ui/phase-news.ts';
import { headStartText, lobbyTimerText, nextRoundText } from '../../src/client/ui/round-text.ts';

function you(over: Partial<YouView> = {}): YouView {
  return {
    name: 'Ana',
    team: 'B',
    colour: 1,
    ready: false,
    caught: false,
    spectator: false,
    ...over,
  };
}

const game = (ticksLeft: number, headStart: number, endTicks = 150) =>
  phaseView({ kind: 'GAME', ticksLeft, hidersLeft: 2, hidersTotal: 3, headStart, endTicks }, 30);

describe('round timers in words', () => {
  test('the lobby timer, from LOBBY startIn', () => {
    const running = phaseView({ kind: 'LOBBY', notice: null, startIn: 715 }, 30);
    expect(running).toMatchObject({ kind: 'lobby', startsInSeconds: 23.9 });
    expect(lobbyTimerText(running, you({ ready: true }))).toBe(
      'Game starts in 24 s unless everyone is ready sooner',
    );
    expect(lobbyTimerText(running, you())).toBe(
      'Game starts in 24 s: be ready by then or watch that round',
    );
    const idle = phaseView({ kind: 'LOBBY', notice: null, startIn: null }, 30);
    expect(lobbyTimerText(idle, you())).toBeNull();
  });

  test('the head start: hiders and spectators see the seekers released, seekers when they move', () => {
    const phase = game(5900, 96);
    expect(phase).toMatchObject({ headStartSeconds: 3.2 });
    expect(headStartText(phase, you())).toBe('Seekers released in 3.2 s');
    expect(headStartText(phase, you({ team: 'R' }))).toBe('You can move in 3.2 s');
    expect(headStartText(phase, you({ team: 'N', spectator: true }))).toBe(
      'Seekers released in 3.2 s',
    );
    expect(headStartText(game(5800, 0), you({ team: 'R' }))).toBeNull();
  });

  test('a late joiner: next round in about the time left plus the end banner', () => {
    const phase = game(5610, 0, 150); // 187 s left, a 5 s banner
    expect(phase).toMatchObject({ nextRoundSeconds: 192 });
    expect(nextRoundText(phase)).toBe('next round in about 192 s');
    expect(watchingBanner(you({ team: 'N', spectator: true }), null, phase)).toBe(
      'Watching this round: next round in about 192 s',
    );
    const end = phaseView({ kind: 'END', winner: 'R', ticksLeft: 90 }, 30);
    expect(nextRoundText(end)).toBe('next round in about 3 s');
  });
});
