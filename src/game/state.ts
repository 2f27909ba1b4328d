/**
 * The whole game state: what the server's tick advances and what the client's prediction copies.
 * Plain data (no classes, no clock): positions in units, timers in ticks, randomness in `rng`.
 */

import type { GameMap } from './map.ts';
import { boxHitsWall } from './movement.ts';
import { isLiving } from './player-step.ts';
import { type RngState, rngInt, seedRng } from './rng.ts';
import { CELL_H, CELL_W, PLAYER_H, PLAYER_W, type Team } from './units.ts';

/** Durations in seconds and the tick rate; the original's values are the defaults. */
export interface Rules {
  /** Simulation ticks per second. @default 30 */
  readonly tickRate: number;
  /** Lobby → game countdown, seconds. @default 5 */
  readonly countdown: number;
  /**
   * Seeking time, seconds. @default 65 (the original's 200 s let the seekers win 39 of 40 bot
   * games; 65 s, 21 of 40: `bun run bench balance`)
   */
  readonly seekTime: number;
  /** End banner before the lobby, seconds. @default 5 */
  readonly endTime: number;
  /** How long a cancelled countdown's reason is shown in the lobby, seconds. @default 4 */
  readonly noticeTime: number;
  /**
   * The seekers' head start, seconds: for this long after a game starts the seekers stand still,
   * see nothing and catch nobody (0: the original rule). Counted inside the seek time. @default 5
   */
  readonly headStart: number;
  /**
   * The lobby timer, seconds: once each team has a ready player, the countdown starts after
   * this long even if others are not ready (they watch that round). 0: no timer, everybody
   * must be ready (the original rule). @default 30
   */
  readonly lobbyWait: number;
}

export const DEFAULT_RULES: Rules = {
  tickRate: 30,
  countdown: 5,
  seekTime: 65,
  endTime: 5,
  noticeTime: 4,
  headStart: 5,
  lobbyWait: 30,
};

/** Number of player colours (the protocol's colour field is 0–15). */
export const COLOURS = 12;

export interface Player {
  readonly id: number;
  readonly name: string;
  /** Palette index, 0 ≤ colour < COLOURS. */
  readonly colour: number;
  team: Team;
  ready: boolean;
  /** Caught during this game: frozen, not colliding, watching as a spectator. */
  caught: boolean;
  /** Joined while a game ran, or was not ready when it started: watches until the next lobby. */
  spectator: boolean;
  /** Top-left corner of the box, in units. */
  x: number;
  y: number;
  /** Held movement keys (KEY bits), kept until the next input changes them. */
  keys: number;
}

export type CancelWhy = 'unready' | 'left' | 'joined' | 'team' | 'teams';
export interface CountdownNotice {
  readonly why: CancelWhy;
  /** The player whose action broke the countdown ('' for `teams`). */
  readonly name: string;
}

export type Winner = 'R' | 'B' | null;
export type EndReason = 'time' | 'all-caught' | 'seekers-left' | 'hiders-left' | 'everybody-left';

export type Phase =
  | {
      readonly kind: 'lobby';
      readonly notice: CountdownNotice | null;
      readonly noticeUntil: number;
      /** The tick the lobby timer starts the countdown at; null while it does not run. */
      readonly timerEnd: number | null;
    }
  | {
      readonly kind: 'countdown';
      readonly endTick: number;
      /**
       * Started by the lobby timer rather than by everybody being ready: then only a team left
       * without a ready player stops it (lobby.ts).
       */
      readonly forced: boolean;
      /** The lobby timer's end, kept through the countdown (a cancelled one resumes it). */
      readonly timerEnd: number | null;
    }
  | {
      readonly kind: 'game';
      readonly startTick: number;
      readonly endTick: number;
      /** The hiders of this game still on the server (one who leaves counts no more). */
      readonly hidersTotal: number;
      /** The tick the seekers' head start ends (startTick when there is none). */
      readonly headStartEnd: number;
    }
  | {
      readonly kind: 'end';
      readonly winner: Winner;
      readonly reason: EndReason;
      readonly endTick: number;
    };

export interface GameState {
  /** Ticks simulated so far; `step` simulates tick number `tick` and then increments it. */
  tick: number;
  readonly rules: Rules;
  readonly map: GameMap;
  /** Sorted by id: every loop over players runs in the same order on every machine. */
  players: Player[];
  phase: Phase;
  rng: RngState;
  /** Set when something breaks a running countdown, read when the tick cancels it. */
  pendingCancel: CountdownNotice | null;
}

export function createGame(map: GameMap, rules: Rules = DEFAULT_RULES, seed = 1): GameState {
  return {
    tick: 0,
    rules,
    map,
    players: [],
    phase: { kind: 'lobby', notice: null, noticeUntil: 0, timerEnd: null },
    rng: seedRng(seed),
    pendingCancel: null,
  };
}

/** A deep copy, for prediction and for tests that compare two runs. */
export function cloneGame(state: GameState): GameState {
  return {
    ...state,
    players: state.players.map((p) => ({ ...p })),
    rng: [...state.rng],
  };
}

export function ticks(state: GameState, seconds: number): number {
  return Math.round(seconds * state.rules.tickRate);
}

export { isLiving };

export function findPlayer(state: GameState, id: number): Player | undefined {
  // A loop, not `find` with a closure: the server asks once per client per tick.
  for (const p of state.players) if (p.id === id) return p;
  return undefined;
}

/**
 * Puts `player` on a random free spot: a spawn cell for its team (R or B spawn cells in a game,
 * when the map has them), else a `+` cell, else any floor cell; free means its box, centred in
 * the cell, overlaps no living player. Returns false when the map is full.
 */
export function spawnPlayer(state: GameState, player: Player, forGame: boolean): boolean {
  const { map } = state;
  const teamCells = forGame && player.team !== 'N' ? map.spawns[player.team] : [];
  const lists = [teamCells, map.spawns.any];
  const candidates = lists.find((l) => l.some((c) => isFreeCell(state, player, c)));
  if (candidates) return placeAt(player, candidates, state, rngInt(state.rng, candidates.length));
  // No spawn cell is free: any floor cell, scanning from a random one.
  const all = map.width * map.height;
  const start = rngInt(state.rng, all);
  for (let i = 0; i < all; i++) {
    const cell = (start + i) % all;
    if (!map.walls[cell] && isFreeCell(state, player, cell))
      return placeAt(player, [cell], state, 0);
  }
  return false;
}

function placeAt(
  player: Player,
  cells: readonly number[],
  state: GameState,
  first: number,
): boolean {
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[(first + i) % cells.length]!;
    if (isFreeCell(state, player, cell)) {
      const { x, y } = cellSpawnPoint(state.map, cell);
      player.x = x;
      player.y = y;
      return true;
    }
  }
  return false;
}

/** The box position centred in a cell. */
export function cellSpawnPoint(map: GameMap, cell: number): { x: number; y: number } {
  const cx = cell % map.width;
  const cy = Math.floor(cell / map.width);
  return {
    x: cx * CELL_W + (CELL_W - PLAYER_W) / 2,
    y: cy * CELL_H + (CELL_H - PLAYER_H) / 2,
  };
}

/** Whether `self`'s box, centred in `cell`, hits no wall and overlaps no other living player. */
export function isFreeCell(state: GameState, self: Player, cell: number): boolean {
  const { x, y } = cellSpawnPoint(state.map, cell);
  if (boxHitsWall(state.map, x, y)) return false;
  // A loop without a box per player: a game's start asks this of many cells (spawn.ts).
  for (const p of state.players) {
    if (p === self || !isLiving(p)) continue;
    // boxesOverlap of the two players' boxes (both PLAYER_W × PLAYER_H).
    if (x < p.x + PLAYER_W && p.x < x + PLAYER_W && y < p.y + PLAYER_H && p.y < y + PLAYER_H) {
      return false;
    }
  }
  return true;
}

/** The least used colour, ties broken by the seeded generator. */
export function pickColour(state: GameState): number {
  const used = new Array<number>(COLOURS).fill(0);
  for (const p of state.players) used[p.colour] = (used[p.colour] ?? 0) + 1;
  const least = Math.min(...used);
  const choices = used.flatMap((n, i) => (n === least ? [i] : []));
  return choices[rngInt(state.rng, choices.length)] ?? 0;
}
