/**
 * The seekers' head start (`rules.headStart`, 5 s by default): for its first seconds a game runs
 * without them. They stand still (their held keys are ignored, by the server's tick and the
 * client's prediction alike), see nobody but themselves (sight.ts), and catch nobody.
 */
import type { GameState, Player } from './state.ts';
import type { Team } from './units.ts';

/** Ticks of the head start left at this tick (0 outside a game, or once it is over). */
export function headStartLeft(state: GameState): number {
  const { phase } = state;
  return phase.kind === 'game' ? Math.max(0, phase.headStartEnd - state.tick) : 0;
}

/** Whether a player of `team` stands still at tick `tick` when the head start ends at `end`. */
export function heldAt(team: Team, tick: number, end: number): boolean {
  return team === 'R' && tick < end;
}

/** Whether `p` is held still (and blind) by the head start now. */
export function heldByHeadStart(state: GameState, p: Player): boolean {
  const { phase } = state;
  return phase.kind === 'game' && heldAt(p.team, state.tick, phase.headStartEnd);
}
