/**
 * The rules of the original game as a state machine advanced one tick at a time:
 * lobby → countdown → game → end → lobby. `step` is the server's whole tick; the client's
 * prediction runs the same movement through `movePlayer`.
 */
import { canStart, countdownHolds, lobbyTimer } from './lobby.ts';
import { type Action, actOn, walk } from './player-step.ts';
import { spawnTeams } from './spawn.ts';
import {
  type CancelWhy,
  type EndReason,
  type GameState,
  isLiving,
  type Player,
  pickColour,
  spawnPlayer,
  ticks,
  type Winner,
} from './state.ts';
import { PLAYER_H, PLAYER_W } from './units.ts';

export { ACTIONS, type Action } from './player-step.ts';

/** What one input carries: the keys held from now on, and at most one one-shot action. */
export interface PlayerInput {
  readonly keys: number;
  readonly action: Action | null;
}

export type GameEvent =
  | { readonly type: 'join'; readonly name: string; readonly spectator: boolean }
  | { readonly type: 'leave'; readonly name: string; readonly id: number }
  | { readonly type: 'countdown-start' }
  | { readonly type: 'countdown-cancel'; readonly why: CancelWhy; readonly name: string }
  | { readonly type: 'game-start'; readonly seekers: number; readonly hiders: number }
  | {
      readonly type: 'caught';
      readonly seeker: string;
      readonly hider: string;
      readonly seekerId: number;
      readonly hiderId: number;
    }
  | {
      readonly type: 'game-end';
      readonly winner: Winner;
      readonly reason: EndReason;
      readonly seconds: number;
    }
  | { readonly type: 'lobby' };

/**
 * Adds a player (the caller has checked the name and the player count). In the lobby it arrives
 * unassigned; while a game or its end banner runs it watches as a spectator until the next lobby.
 * Returns null when the map has no free spot left.
 */
export function addPlayer(
  state: GameState,
  id: number,
  name: string,
): { player: Player; events: GameEvent[] } | null {
  const playing = state.phase.kind === 'game' || state.phase.kind === 'end';
  const player: Player = {
    id,
    name,
    colour: pickColour(state),
    team: 'N',
    ready: false,
    caught: false,
    spectator: playing,
    x: 0,
    y: 0,
    keys: 0,
  };
  if (!spawnPlayer(state, player, false)) return null;
  const at = state.players.findIndex((p) => p.id > id);
  state.players.splice(at < 0 ? state.players.length : at, 0, player);
  breakCountdown(state, 'joined', name);
  return { player, events: [{ type: 'join', name, spectator: playing }] };
}

export function removePlayer(state: GameState, id: number): GameEvent[] {
  const index = state.players.findIndex((p) => p.id === id);
  if (index < 0) return [];
  const [player] = state.players.splice(index, 1);
  const { phase } = state;
  // A hider who leaves is no longer one of this game's hiders, caught or not: "2 of 3 hiders
  // left" must not count it, neither as left nor in the total.
  if (phase.kind === 'game' && player!.team === 'B' && !player!.spectator) {
    state.phase = { ...phase, hidersTotal: Math.max(0, phase.hidersTotal - 1) };
  }
  breakCountdown(state, 'left', player!.name);
  return [{ type: 'leave', name: player!.name, id }];
}

function breakCountdown(state: GameState, why: CancelWhy, name: string): void {
  if (state.phase.kind === 'countdown') state.pendingCancel ??= { why, name };
}

/** Applies a one-shot action; teams and READY are lobby-only, teams only while not ready. */
export function applyAction(state: GameState, player: Player, action: Action): void {
  const change = actOn(state.phase.kind, player, action);
  if (change !== null) breakCountdown(state, change, player.name);
}

export { canStart };

/** Ticks until the current phase's timer runs out (0 in the lobby). */
export function ticksLeft(state: GameState): number {
  return state.phase.kind === 'lobby' ? 0 : Math.max(0, state.phase.endTick - state.tick);
}

/**
 * Advances the game by one tick: actions and held keys of each player's due inputs (in order),
 * movement, catching, then the phase's timers and conditions. Returns what happened, for logs.
 */
export function step(
  state: GameState,
  inputs: ReadonlyMap<number, readonly PlayerInput[]>,
): GameEvent[] {
  const events: GameEvent[] = [];
  for (const p of state.players) {
    const due = inputs.get(p.id);
    if (due === undefined) continue;
    for (const input of due) {
      if (input.action) applyAction(state, p, input.action);
      p.keys = input.keys;
    }
  }
  moveAll(state);
  const { phase } = state;
  if (phase.kind === 'game' && state.tick >= phase.headStartEnd) catchHiders(state, events);
  advancePhase(state, events);
  state.tick++;
  return events;
}

/** A living player's box during `moveAll`: moved in place, so it stays the mover's own `self`. */
interface MovingBox {
  readonly player: Player;
  x: number;
  y: number;
  readonly w: number;
  readonly h: number;
}

/**
 * Moves the living players in id order, each against the others' boxes as they stand (those
 * before it already moved). Written as plain loops: the server runs it every tick, and a
 * filtered copy, a mapped copy and a new box per mover were garbage every tick.
 */
function moveAll(state: GameState): void {
  const boxes: MovingBox[] = [];
  for (const p of state.players) {
    if (isLiving(p)) boxes.push({ player: p, x: p.x, y: p.y, w: PLAYER_W, h: PLAYER_H });
  }
  const { phase } = state;
  const world = {
    map: state.map,
    tick: state.tick,
    tickRate: state.rules.tickRate,
    headStartEnd: phase.kind === 'game' ? phase.headStartEnd : 0,
  };
  for (const box of boxes) {
    const p = box.player;
    if (!walk(world, p, boxes, box)) continue;
    box.x = p.x;
    box.y = p.y;
  }
}

/** Every living hider touching a living seeker is caught (by the first such seeker, by id). */
function catchHiders(state: GameState, events: GameEvent[]): void {
  const { players } = state;
  for (const hider of players) {
    if (hider.team !== 'B' || !isLiving(hider)) continue;
    for (const seeker of players) {
      if (seeker.team !== 'R' || !isLiving(seeker) || !touching(hider, seeker)) continue;
      hider.caught = true;
      hider.keys = 0;
      events.push({
        type: 'caught',
        seeker: seeker.name,
        hider: hider.name,
        seekerId: seeker.id,
        hiderId: hider.id,
      });
      break;
    }
  }
}

/** `boxesTouch` (movement.ts) of two players' boxes, without making the boxes. */
function touching(a: Player, b: Player): boolean {
  return (
    a.x <= b.x + PLAYER_W && b.x <= a.x + PLAYER_W && a.y <= b.y + PLAYER_H && b.y <= a.y + PLAYER_H
  );
}

function advancePhase(state: GameState, events: GameEvent[]): void {
  const { phase, tick } = state;
  switch (phase.kind) {
    case 'lobby': {
      const timerEnd = lobbyTimer(state, phase.timerEnd);
      const ready = canStart(state);
      if (ready || (timerEnd !== null && tick >= timerEnd)) {
        state.phase = {
          kind: 'countdown',
          endTick: tick + ticks(state, state.rules.countdown),
          forced: !ready,
          timerEnd: ready ? timerEnd : null,
        };
        state.pendingCancel = null;
        events.push({ type: 'countdown-start' });
      } else if (timerEnd !== phase.timerEnd) {
        state.phase = { ...phase, timerEnd };
      }
      return;
    }
    case 'countdown':
      if (!countdownHolds(state)) {
        const notice = state.pendingCancel ?? { why: 'teams' as const, name: '' };
        state.phase = {
          kind: 'lobby',
          notice,
          noticeUntil: tick + ticks(state, state.rules.noticeTime),
          timerEnd: lobbyTimer(state, phase.timerEnd),
        };
        state.pendingCancel = null;
        events.push({ type: 'countdown-cancel', why: notice.why, name: notice.name });
      } else {
        // Whatever happened this tick did not break the condition: forget it.
        state.pendingCancel = null;
        if (tick >= phase.endTick) startGame(state, events);
        else if (!phase.forced) {
          const timerEnd = lobbyTimer(state, phase.timerEnd);
          if (timerEnd !== phase.timerEnd) state.phase = { ...phase, timerEnd };
        }
      }
      return;
    case 'game': {
      const end = gameOver(state, tick >= phase.endTick);
      if (end) finishGame(state, events, end.winner, end.reason, tick - phase.startTick);
      return;
    }
    case 'end':
      if (tick >= phase.endTick) backToLobby(state, events);
      return;
  }
}

function gameOver(state: GameState, timeUp: boolean): { winner: Winner; reason: EndReason } | null {
  const { players } = state;
  if (players.length === 0) return { winner: null, reason: 'everybody-left' };
  // Counted in one loop: this runs every tick of a game.
  let hiders = 0;
  let hidersFree = 0;
  let seekers = 0;
  for (const p of players) {
    if (p.team === 'B' && !p.spectator) {
      hiders++;
      if (!p.caught) hidersFree++;
    } else if (p.team === 'R' && isLiving(p)) seekers++;
  }
  if (hidersFree === 0) return { winner: 'R', reason: hiders > 0 ? 'all-caught' : 'hiders-left' };
  if (seekers === 0) return { winner: 'B', reason: 'seekers-left' };
  if (timeUp) return { winner: 'B', reason: 'time' };
  return null;
}

/**
 * The ready players play; the others (not ready, or in no team: the lobby timer started the
 * game without them) watch it as spectators. Spawns keep the two teams apart (spawn.ts). The
 * seek time counts from here, head start included: the round lasts what `seekTime` says.
 */
function startGame(state: GameState, events: GameEvent[]): void {
  const seekers: Player[] = [];
  const hiders: Player[] = [];
  for (const p of state.players) {
    p.spectator = !p.ready || p.team === 'N';
    p.x = p.y = -1_000_000;
    if (!p.spectator) (p.team === 'R' ? seekers : hiders).push(p);
  }
  const start = state.tick;
  state.phase = {
    kind: 'game',
    startTick: start,
    endTick: start + ticks(state, state.rules.seekTime),
    hidersTotal: hiders.length,
    // The game's first tick is the next one: the head start holds the seekers for as many.
    headStartEnd: start + 1 + ticks(state, state.rules.headStart),
  };
  spawnTeams(state, seekers, hiders);
  // Spectators stand anywhere: they neither collide nor show.
  for (const p of state.players) if (p.spectator) spawnPlayer(state, p, false);
  events.push({ type: 'game-start', seekers: seekers.length, hiders: hiders.length });
}

function finishGame(
  state: GameState,
  events: GameEvent[],
  winner: Winner,
  reason: EndReason,
  played: number,
): void {
  events.push({ type: 'game-end', winner, reason, seconds: played / state.rules.tickRate });
  if (reason === 'everybody-left') {
    backToLobby(state, events);
    return;
  }
  state.phase = {
    kind: 'end',
    winner,
    reason,
    endTick: state.tick + ticks(state, state.rules.endTime),
  };
}

function backToLobby(state: GameState, events: GameEvent[]): void {
  state.phase = { kind: 'lobby', notice: null, noticeUntil: 0, timerEnd: null };
  for (const p of state.players) {
    p.ready = false;
    p.caught = false;
    p.spectator = false;
    p.x = p.y = -1_000_000;
  }
  for (const p of state.players) spawnPlayer(state, p, false);
  events.push({ type: 'lobby' });
}
