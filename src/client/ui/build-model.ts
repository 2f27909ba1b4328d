/**
 * Client state → what the screens show (model.ts): pure functions, table-tested. The game loop
 * (game-client.ts) gathers the state (the connection's view, the player's choices, the frame
 * rate) and calls `screenModel` and `netStatsModel` a few times a second.
 */
import type { Team } from '../../game/units.ts';
import type { LobbyNotice, Phase, RosterEntry } from '../../protocol/index.ts';
import type { ConnectionState, Refusal } from '../connection-types.ts';
import { type Layout, quitsWithQ } from '../keys.ts';
import type { KeyHint, PhaseView, ScreenModel, TeamMember, TeamsView, YouView } from './model.ts';

/** Refusals a new name can fix: the screen asks for one. */
export const NAME_REFUSALS: ReadonlySet<Refusal> = new Set<Refusal>([
  'name-taken',
  'name-empty',
  'name-too-long',
  'name-bad-char',
]);

/** Seconds, rounded up to tenths (so "0.0 s" shows only once time is up). */
export function secondsUp(ticks: number, tickRate: number): number {
  return Math.ceil((Math.max(0, ticks) * 10) / tickRate) / 10;
}

/** Why the countdown stopped, in words. */
export function noticeText(notice: LobbyNotice | null): string | null {
  if (notice === null) return null;
  switch (notice.why) {
    case 'teams':
      return 'Countdown stopped: a team is empty';
    case 'unready':
      return `Countdown stopped: ${notice.name} is not ready`;
    case 'left':
      return `Countdown stopped: ${notice.name} left`;
    case 'joined':
      return `Countdown stopped: ${notice.name} joined`;
    case 'team':
      return `Countdown stopped: ${notice.name} changed team`;
  }
}

export function phaseView(phase: Phase, tickRate: number): PhaseView {
  switch (phase.kind) {
    case 'LOBBY':
      return {
        kind: 'lobby',
        notice: noticeText(phase.notice),
        startsInSeconds: phase.startIn === null ? null : secondsUp(phase.startIn, tickRate),
      };
    case 'COUNTDOWN':
      return { kind: 'countdown', secondsLeft: secondsUp(phase.ticksLeft, tickRate) };
    case 'GAME':
      return {
        kind: 'game',
        secondsLeft: secondsUp(phase.ticksLeft, tickRate),
        hidersLeft: phase.hidersLeft,
        hidersTotal: phase.hidersTotal,
        headStartSeconds: secondsUp(phase.headStart, tickRate),
        nextRoundSeconds: secondsUp(phase.ticksLeft + phase.endTicks, tickRate),
      };
    case 'END':
      return {
        kind: 'end',
        winner: phase.winner,
        secondsLeft: secondsUp(phase.ticksLeft, tickRate),
      };
  }
}

/** The roster in three columns, each in id order (the order players joined). */
export function teamsView(roster: ReadonlyMap<number, RosterEntry>, youId: number): TeamsView {
  const columns: Record<Team, TeamMember[]> = { N: [], R: [], B: [] };
  const sorted = [...roster.values()].sort((a, b) => a.id - b.id);
  for (const p of sorted) {
    columns[p.team].push({
      id: p.id,
      name: p.name,
      colour: p.colour,
      ready: p.ready,
      caught: p.caught,
      spectator: p.spectator,
      isYou: p.id === youId,
    });
  }
  return { unassigned: columns.N, seekers: columns.R, hiders: columns.B };
}

/** The keys that do something now, in the order a newcomer needs them. */
export function keyHints(phase: PhaseView, you: YouView, layout: Layout): KeyHint[] {
  const quit: KeyHint = { key: quitsWithQ(layout) ? 'q/Esc' : 'Esc', does: 'quit' };
  const move: KeyHint = { key: '←↑↓→ WASD ZQSD', does: 'move' };
  const help: KeyHint = { key: '?', does: 'help' };
  const net: KeyHint = { key: 'F2', does: 'network' };
  const hints: KeyHint[] = [move];
  if ((phase.kind === 'lobby' || phase.kind === 'countdown') && !you.spectator) {
    if (!you.ready) {
      if (you.team !== 'R') hints.push({ key: 'R', does: 'seekers' });
      if (you.team !== 'B') hints.push({ key: 'B', does: 'hiders' });
      if (you.team !== 'N') hints.push({ key: 'N', does: 'no team' });
    }
    if (you.team !== 'N') hints.push({ key: 'Space', does: you.ready ? 'not ready' : 'ready' });
  }
  hints.push(help, net, quit);
  return hints;
}

/** What a player needs to know about themselves; a stand-in until the roster names them. */
export function youView(
  roster: ReadonlyMap<number, RosterEntry>,
  id: number,
  name: string,
): YouView {
  const p = roster.get(id);
  if (p === undefined) {
    return { name, team: 'N', colour: 0, ready: false, caught: false, spectator: false };
  }
  return {
    name: p.name,
    team: p.team,
    colour: p.colour,
    ready: p.ready,
    caught: p.caught,
    spectator: p.spectator,
  };
}

/** The parts of the client's state the screen depends on. */
export interface ScreenInput {
  readonly state: ConnectionState;
  /** The connection's words for what it does or why it stopped. */
  readonly detail: string;
  readonly refusal: Refusal | null;
  /** Whether the session was ever playing (a failure then is a lost connection, not "unreachable"). */
  readonly everPlayed: boolean;
  /** The player quit and waits for the disconnect's confirmation. */
  readonly leaving: boolean;
  /** Whether the refusal is the client's own check of the name, not the server's answer. */
  readonly refusedByClient?: boolean;
  /** Typed so far on the rename prompt, and why the last one failed. */
  readonly draft: string;
  readonly draftError: string | null;
  /** ms since this connection attempt began, and since the connection was lost (or null). */
  readonly sinceStartMs: number;
  readonly lostForMs: number | null;
  readonly giveUpMs: number;
  readonly lostRetryMs: number;
  readonly playing: {
    readonly mapName: string;
    /** The map's size in cells (the layout sizes the map region from it). */
    readonly mapWidth: number;
    readonly mapHeight: number;
    readonly phase: Phase;
    readonly tickRate: number;
    readonly roster: ReadonlyMap<number, RosterEntry>;
    readonly youId: number;
    readonly name: string;
    /** You stand in the light (exposure.ts), alive in a game. @default false */
    readonly youLit?: boolean;
  } | null;
  readonly layout: Layout;
}

export function screenModel(s: ScreenInput): ScreenModel {
  if (s.leaving) return { kind: 'leaving' };
  switch (s.state) {
    case 'refused': {
      const reason = s.refusal ?? 'closed';
      return {
        kind: 'refused',
        reason,
        message: s.detail,
        ...(s.refusedByClient ? { by: 'client' as const } : {}),
        rename: NAME_REFUSALS.has(reason) ? { draft: s.draft, error: s.draftError } : null,
      };
    }
    case 'failed':
      return s.everPlayed
        ? { kind: 'failed', title: 'Connection lost', message: s.detail }
        : { kind: 'failed', title: 'Server unreachable', message: s.detail };
    case 'closed-by-server':
      return { kind: 'failed', title: 'Disconnected', message: s.detail };
    case 'closed':
      return { kind: 'leaving' };
    case 'lost':
      return {
        kind: 'lost',
        elapsedSeconds: Math.floor((s.lostForMs ?? 0) / 1000),
        giveUpSeconds: Math.round(s.lostRetryMs / 1000),
      };
    case 'disconnecting':
      return { kind: 'leaving' };
    default:
      break;
  }
  const p = s.playing;
  if (s.state !== 'playing' || p === null) {
    return {
      kind: 'connecting',
      detail: s.detail,
      elapsedSeconds: Math.floor(s.sinceStartMs / 1000),
      giveUpSeconds: Math.round(s.giveUpMs / 1000),
    };
  }
  const phase = phaseView(p.phase, p.tickRate);
  const you = { ...youView(p.roster, p.youId, p.name), lit: p.youLit === true };
  return {
    kind: 'play',
    mapName: p.mapName,
    mapWidth: p.mapWidth,
    mapHeight: p.mapHeight,
    phase,
    you,
    teams: teamsView(p.roster, p.youId),
    keys: keyHints(phase, you, s.layout),
  };
}
