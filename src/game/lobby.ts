/**
 * When a game starts: the lobby's two ways to the countdown, and what stops a countdown.
 *
 * - Everybody ready (every player, and both teams manned): the countdown runs; anything that
 *   breaks that (somebody un-readies, leaves, joins or changes team) stops it, as in the
 *   original game.
 * - The lobby timer: while each team has at least one ready player, it runs for
 *   `rules.lobbyWait` seconds; when it runs out the countdown starts anyway ("forced"). Such a
 *   countdown only stops when a team is left without a ready player: players who are not ready
 *   (idle, just arrived) no longer hold a round back. They watch it as spectators.
 * The timer stops (and starts from the full wait next time) as soon as a team has no ready
 * player; a countdown stopped by somebody else leaves it running. `lobbyWait` 0: no timer.
 */
import type { GameState } from './state.ts';

/** Everyone ready and both teams manned: the condition for the countdown to run. */
export function canStart(state: GameState): boolean {
  const { players } = state;
  return (
    players.length > 0 &&
    players.every((p) => p.ready) &&
    players.some((p) => p.team === 'R') &&
    players.some((p) => p.team === 'B')
  );
}

/** Each team has a ready player: the lobby timer's condition, and a forced countdown's. */
export function readyInBothTeams(state: GameState): boolean {
  let seekers = false;
  let hiders = false;
  for (const p of state.players) {
    if (!p.ready || p.spectator) continue;
    if (p.team === 'R') seekers = true;
    else if (p.team === 'B') hiders = true;
  }
  return seekers && hiders;
}

/** The lobby timer's end tick after this tick: kept, started, or stopped (null). */
export function lobbyTimer(state: GameState, current: number | null): number | null {
  const { lobbyWait, tickRate } = state.rules;
  if (!(lobbyWait > 0) || !readyInBothTeams(state)) return null;
  return current ?? state.tick + Math.round(lobbyWait * tickRate);
}

/** Ticks until the lobby timer starts the countdown, or null when it does not run. */
export function lobbyTimerLeft(state: GameState): number | null {
  const { phase } = state;
  if (phase.kind !== 'lobby' || phase.timerEnd === null) return null;
  return Math.max(0, phase.timerEnd - state.tick);
}

/** Whether a running countdown may go on this tick. */
export function countdownHolds(state: GameState): boolean {
  const { phase } = state;
  if (phase.kind !== 'countdown') return false;
  return phase.forced ? readyInBothTeams(state) : canStart(state);
}
