/**
 * One player's part of a tick, written once on structural types: the server's tick (rules.ts,
 * on its Players) and the client's prediction (src/client/prediction.ts, on what it knows of
 * its own player) run these same functions, so the rules of a player's step cannot drift apart.
 * - `isLiving`: who takes part in the game (moves, collides, sees, can be seen).
 * - `actOn`: what a one-shot action does to a player's team and readiness.
 * - `walk`: one tick of movement with the keys held.
 */
import type { GameMap } from './map.ts';
import { type Box, movePlayer } from './movement.ts';
import { SPEED, stepDistance, type Team } from './units.ts';

/** The one-shot inputs, with the original's names: join seekers, join hiders, unassigned, ready. */
export const ACTIONS = ['RED', 'BLUE', 'NEUTRAL', 'READY'] as const;
export type Action = (typeof ACTIONS)[number];

/** The phases of a game, as the rules name them. */
export type PhaseKind = 'lobby' | 'countdown' | 'game' | 'end';

/** Whether a player takes part in the game: it moves, collides, sees and can be seen. */
export function isLiving(p: { readonly caught: boolean; readonly spectator: boolean }): boolean {
  return !p.caught && !p.spectator;
}

/** Whether a player of `team` stands still at tick `tick` when the head start ends at `end`. */
export function heldAt(team: Team, tick: number, end: number): boolean {
  return team === 'R' && tick < end;
}

/** A player's team and readiness, as an action changes them. */
export interface Seat {
  team: Team;
  ready: boolean;
  readonly spectator: boolean;
}

/**
 * Applies a one-shot action to `seat` during a phase `phase`: teams and READY are lobby-only
 * (lobby and countdown), spectators take none, teams change only while not ready, READY toggles
 * (and makes ready only a player on a team). Returns what changed that cancels a countdown
 * (`unready`, `team`), or null.
 */
export function actOn(phase: PhaseKind, seat: Seat, action: Action): 'unready' | 'team' | null {
  if ((phase !== 'lobby' && phase !== 'countdown') || seat.spectator) return null;
  if (action === 'READY') {
    if (seat.ready) {
      seat.ready = false;
      return 'unready';
    }
    if (seat.team !== 'N') seat.ready = true;
    return null;
  }
  if (seat.ready) return null;
  const team: Team = action === 'RED' ? 'R' : action === 'BLUE' ? 'B' : 'N';
  if (team === seat.team) return null;
  seat.team = team;
  return 'team';
}

/** A player as one tick of movement sees it. */
export interface Walker {
  x: number;
  y: number;
  readonly team: Team;
  readonly keys: number;
  readonly caught: boolean;
  readonly spectator: boolean;
}

/** Where a tick happens: the map, the tick simulated and the rate, and the head start's end. */
export interface WalkWorld {
  readonly map: GameMap;
  /** The tick being simulated (movement during tick t: `stepDistance(speed, t, tickRate)`). */
  readonly tick: number;
  readonly tickRate: number;
  /** The tick the seekers' head start ends (0: none, or not in a game). */
  readonly headStartEnd: number;
}

/**
 * One tick of `p`'s movement with the keys it holds (PROTOCOL.md §3, "Movement"): nothing for a
 * player not living, holding no key, or a seeker held by the head start; otherwise
 * `stepDistance` of its team's speed through `movePlayer`, against `others` (`self`, its own
 * box among them, is skipped). Moves `p` in place; returns whether it tried to move.
 */
export function walk(world: WalkWorld, p: Walker, others: readonly Box[], self?: Box): boolean {
  if (p.keys === 0 || !isLiving(p) || heldAt(p.team, world.tick, world.headStartEnd)) return false;
  const dist = stepDistance(SPEED[p.team], world.tick, world.tickRate);
  const moved = movePlayer(world.map, p.x, p.y, p.keys, dist, others, self);
  p.x = moved.x;
  p.y = moved.y;
  return true;
}
