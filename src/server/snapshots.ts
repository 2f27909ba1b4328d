/**
 * Building each client's SNAP (PROTOCOL.md §10): the phase as the wire says it, and the players
 * that client may see, as a delta against the newest snapshot it acknowledged that we still have.
 * Twice: `buildSnapshot`, the reference, as a message; `writeSnapshot`, what the tick runs, as
 * the same bytes written directly.
 */
import { headStartLeft } from '../game/head-start.ts';
import { lobbyTimerLeft } from '../game/lobby.ts';
import { ticksLeft } from '../game/rules.ts';
import { type GameState, isLiving, type Player } from '../game/state.ts';
import type { Phase, Position, Positions, SnapMessage } from '../protocol/index.ts';
import { snapEntries } from '../protocol/index.ts';
import type { SnapWriter } from '../protocol/snap-writer.ts';
import { SNAPSHOT_HISTORY } from './sent-sets.ts';
import type { RoomMember } from './session.ts';

const U16 = 65535;

/** The game's phase in SNAP's words. */
export function wirePhase(state: GameState): Phase {
  const { phase } = state;
  switch (phase.kind) {
    case 'lobby': {
      const notice = phase.notice && state.tick < phase.noticeUntil ? phase.notice : null;
      const left = lobbyTimerLeft(state);
      const startIn = left === null ? null : Math.min(U16, left);
      if (!notice) return { kind: 'LOBBY', notice: null, startIn };
      return {
        kind: 'LOBBY',
        notice: notice.why === 'teams' ? { why: 'teams' } : { why: notice.why, name: notice.name },
        startIn,
      };
    }
    case 'countdown':
      return { kind: 'COUNTDOWN', ticksLeft: Math.min(U16, ticksLeft(state)) };
    case 'game':
      return {
        kind: 'GAME',
        ticksLeft: ticksLeft(state),
        hidersLeft: hidersLeft(state.players),
        hidersTotal: Math.max(phase.hidersTotal, 0),
        headStart: Math.min(U16, headStartLeft(state)),
        endTicks: Math.min(U16, Math.round(state.rules.endTime * state.rules.tickRate)),
      };
    case 'end':
      return { kind: 'END', winner: phase.winner, ticksLeft: Math.min(U16, ticksLeft(state)) };
  }
}

/** Hiders not caught (a loop, not a filtered copy: this runs every tick of a game). */
function hidersLeft(players: readonly Player[]): number {
  let n = 0;
  for (const p of players) if (p.team === 'B' && isLiving(p)) n++;
  return n;
}

/** What the reference `buildSnapshot` needs of a session: its acks, and a Map of the sets sent. */
export interface SnapshotSession {
  readonly ackTick: number | null;
  readonly appliedSeq: number;
  readonly lead: number | null;
  readonly sent: Map<number, Positions>;
}

/**
 * The SNAP for `session` at the current tick, with `seen` the players it may see. Remembers the
 * set sent, so the next snapshots can be deltas against it once the client acknowledges it.
 *
 * The reference form, plain and readable: the server runs `writeSnapshot` below, which gives the
 * same bytes without the objects (test/server/sent-sets.test.ts holds the two to each other).
 */
export function buildSnapshot(
  session: SnapshotSession,
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

/**
 * The datagram `encodeBytes(buildSnapshot(…))` would be, written by `w` (after its `beginTick`
 * for this tick) from the session's compact history (sent-sets.ts), which it then updates.
 */
export function writeSnapshot(
  w: SnapWriter,
  session: RoomMember,
  tick: number,
  seen: readonly Player[],
): Uint8Array {
  const players = inIdOrder(seen);
  const ack = session.ackTick;
  const base = ack !== null && ack < tick ? session.sent.find(ack) : null;
  const ackSeq = session.appliedSeq > 0 ? session.appliedSeq : null;
  const bytes = w.snapshot(base ? ack : null, ackSeq, session.lead, players, base);
  // Only now: the slot replaced may be the base itself (acknowledged 32 ticks ago).
  session.sent.store(tick, players);
  return bytes;
}

/**
 * `players` by increasing id, one entry per id (the last one given, as a Map keeps it). The
 * culling already gives them so (sight.ts): then this is the same array, checked in one pass.
 */
function inIdOrder(players: readonly Player[]): readonly Player[] {
  for (let i = 1; i < players.length; i++) {
    if (players[i]!.id <= players[i - 1]!.id) {
      const byId = new Map<number, Player>();
      for (const p of players) byId.set(p.id, p);
      return [...byId.values()].sort((a, b) => a.id - b.id);
    }
  }
  return players;
}
