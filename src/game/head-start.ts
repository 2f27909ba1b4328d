/**
 * The seekers' head start (`rules.headStart`, 5 s by default): for its first seconds a game runs
 * without them. They stand still (their held keys are ignored, by the server's tick and the
 * client's prediction alike), see nobody but themselves (sight.ts), and catch nobody.
 */
import { heldAt } from './player-step.ts';
import type { GameState, Player } from './state.ts';

export { heldAt };

/** Ticks of the head start left at this tick (0 outside a game, or once it is over). */
export function headStartLeft(state: GameState): number {
  const { phase } = state;
  return phase.kind === 'game' ? Math.max(0, phase.headStartEnd - state.tick) : 0;
}

/** Whether `p` is held still (and blind) by the head start now. */
export function heldByHeadStart(state: GameState, p: Player): boolean {
  const { phase } = state;
  return phase.kind === 'game' && heldAt(p.team, state.tick, phase.headStartEnd);
}
