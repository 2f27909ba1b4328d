/**
 * Building each client's SNAP (PROTOCOL.md §10): the phase as the wire says it, and the players
 * that client may see, as a delta against the newest snapshot it acknowledged that we still have.
 */
import { ticksLeft } from '../game/rules.ts';
import { type GameState, isLiving, type Player } from '../game/state.ts';
import type { Phase, Position, SnapMessage } from '../protocol/index.ts';
import { snapEntries } from '../protocol/index.ts';
import { type Session, SNAPSHOT_HISTORY } from './session.ts';

const U16 = 65535;

/** The game's phase in SNAP's words. */
export function wirePhase(state: GameState): Phase {
  const { phase } = state;
  switch (phase.kind) {
    case 'lobby': {
      const notice = phase.notice && state.tick < phase.noticeUntil ? phase.notice : null;
      if (!notice) return { kind: 'LOBBY', notice: null };
      return {
        kind: 'LOBBY',
        notice: notice.why === 'teams' ? { why: 'teams' } : { why: notice.why, name: notice.name },
      };
    }
    case 'countdown':
      return { kind: 'COUNTDOWN', ticksLeft: Math.min(U16, ticksLeft(state)) };
    case 'game':
      return {
        kind: 'GAME',
        ticksLeft: ticksLeft(state),
        hidersLeft: state.players.filter((p) => p.team === 'B' && isLiving(p)).length,
        hidersTotal: Math.max(phase.hidersTotal, 0),
      };
    case 'end':
      return { kind: 'END', winner: phase.winner, ticksLeft: Math.min(U16, ticksLeft(state)) };
  }
}

/**
 * The SNAP for `session` at the current tick, with `seen` the players it may see. Remembers the
 * set sent, so the next snapshots can be deltas against it once the client acknowledges it.
 */
export function buildSnapshot(
  session: Session,
  state: GameState,
  phase: Phase,
  seen: readonly Player[],
  rosterVersion: number,
): SnapMessage {
  const target = new Map<number, Position>();
  for (const p of seen) target.set(p.id, { x: p.x, y: p.y });
  const ack = session.ackTick;
  const base = ack !== null && ack < state.tick ? session.sent.get(ack) : undefined;
  const snap: SnapMessage = {
    type: 'SNAP',
    tick: state.tick,
    baseTick: base ? ack : null,
    ackSeq: session.appliedSeq > 0 ? session.appliedSeq : null,
    lead: session.lead,
    rosterVersion,
    phase,
    entries: snapEntries(target, base ?? null),
  };
  session.sent.set(state.tick, target);
  session.sent.delete(state.tick - SNAPSHOT_HISTORY);
  return snap;
}
