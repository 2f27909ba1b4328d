/**
 * The words of the round's timers (the lobby timer, the seekers' head start, the next round for
 * those who watch), kept apart from Play.tsx's layout: pure functions of the model, table-tested.
 */
import type { PhaseView, YouView } from './model.ts';

/** Seconds rounded up to tenths: `4.2`. */
function tenths(seconds: number): string {
  return (Math.ceil(seconds * 10) / 10).toFixed(1);
}

/** The lobby timer in words, or null while it does not run. */
export function lobbyTimerText(phase: PhaseView, you: YouView): string | null {
  if (phase.kind !== 'lobby' || phase.startsInSeconds === null) return null;
  const s = Math.ceil(phase.startsInSeconds);
  if (you.ready) return `Game starts in ${s} s unless everyone is ready sooner`;
  return `Game starts in ${s} s: be ready by then or watch that round`;
}

/** The head start's countdown for you, or null once the seekers are free. */
export function headStartText(phase: PhaseView, you: YouView): string | null {
  if (phase.kind !== 'game' || phase.headStartSeconds <= 0) return null;
  const s = tenths(phase.headStartSeconds);
  const seeking = you.team === 'R' && !you.spectator && !you.caught;
  return seeking ? `You can move in ${s} s` : `Seekers released in ${s} s`;
}

/** "next round in about N s", for a player who watches the round in progress. */
export function nextRoundText(phase: PhaseView): string | null {
  if (phase.kind === 'game') return `next round in about ${Math.ceil(phase.nextRoundSeconds)} s`;
  if (phase.kind === 'end') return `next round in about ${Math.ceil(phase.secondsLeft)} s`;
  return null;
}
