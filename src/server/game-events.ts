/**
 * The rules' events as EVENTS for each session (docs/PROTOCOL.md §11). A round's start, its
 * summary (one `hider` per hider) and its end go to every session. A catch goes to the two
 * involved and to every session whose player could see it: the seeker is among the players sent
 * to it this tick, or the hider was in the snapshot it was sent at the catch's tick (the last
 * before the catch). Spectators are sent every living player, so they see every catch; a catch
 * that ends the round goes to everybody (the lights come up at the end).
 */

import { RoundLog } from '../game/round-summary.ts';
import type { GameEvent } from '../game/rules.ts';
import type { GameState, Player } from '../game/state.ts';
import type { GameEventWire } from '../protocol/index.ts';
import type { RoomMember } from './session.ts';

export class GameEventsOut {
  readonly rounds = new RoundLog();
  /** This tick's events, in order, until every session has had its share. */
  readonly pending: GameEventWire[] = [];

  /** Takes the rules' events that happened at `tick` (before `step`'s increment). */
  note(events: readonly GameEvent[], tick: number, state: GameState): void {
    for (const e of events) {
      const note = this.rounds.note(e, tick, state);
      if (e.type === 'caught') {
        this.pending.push({ kind: 'catch', tick, seeker: e.seekerId, hider: e.hiderId });
      } else if (note?.kind === 'start') {
        const { round, seekers, hiders } = note;
        this.pending.push({ kind: 'start', tick, round, seekers, hiders });
      } else if (note?.kind === 'end' && e.type === 'game-end') {
        for (const f of note.fates) this.pending.push({ kind: 'hider', ...f });
        this.pending.push({
          kind: 'end',
          tick,
          winner: e.winner,
          reason: e.reason,
          ticks: note.ticks,
        });
      }
    }
  }

  /**
   * Queues this tick's events for `session`; `seen` is what its snapshot of this tick holds
   * (null when it was sent none: only the catches it is part of reach it). Returns how many
   * unacknowledged events its full queue dropped.
   */
  deliver(session: RoomMember, seen: readonly Player[] | null): number {
    let dropped = 0;
    for (const e of this.pending) {
      if ((e.kind !== 'catch' || sees(session, seen, e)) && !session.events.push(e)) dropped++;
    }
    return dropped;
  }

  clear(): void {
    this.pending.length = 0;
  }
}

function sees(
  session: RoomMember,
  seen: readonly Player[] | null,
  e: Extract<GameEventWire, { kind: 'catch' }>,
): boolean {
  if (session.id === e.seeker || session.id === e.hider) return true;
  if (seen === null) return false;
  for (const p of seen) if (p.id === e.seeker) return true;
  return session.sent.has(e.tick, e.hider);
}
