/**
 * Fair spawns when a game starts: the seekers appear together around a random spot (a few
 * cells apart), and every hider at least SPAWN_GAP of walking (paths.ts: a step across 1, up or
 * down 2) from every seeker. Spots come from the team's spawn cells when the map has free ones, else its `+` cells,
 * else any floor cell, as in the lobby (state.ts `spawnPlayer`). A map too small for the gap
 * gets the largest one it allows: up to ANCHOR_TRIES spots for the seekers are tried (every
 * other one at an end of the map), and the one whose nearest hider stands farthest is kept.
 * Seeded randomness only (the state's rng).
 */
import type { GameMap } from './map.ts';
import { NO_PATH, walkingDistances } from './paths.ts';
import { rngInt } from './rng.ts';
import { cellSpawnPoint, type GameState, isFreeCell, type Player } from './state.ts';
import { playerCellX, playerCellY } from './units.ts';

/**
 * The least walking distance between a seeker and a hider at a game's start, in cell widths
 * (a cell down counts two): 48 is 6 s of a seeker's run (8 cell widths a second) and 8 s of
 * a hider's. It holds on both built-in maps with up to 10 players (test/game/spawn.test.ts);
 * with the 5 s head start a seeker needs at least 11 s to reach a hider that stood still (at
 * 40, one bot game in 40 had a catch at 9.1 s: a hider walking towards the seekers).
 */
export const SPAWN_GAP = 48;

/** Spots tried for the seekers when the first one leaves no room for the gap. */
const ANCHOR_TRIES = 8;

const floorCache = new WeakMap<GameMap, readonly number[]>();

/** Every floor cell of `map` (cached per map object: the list is asked for at every game start). */
function floorCells(map: GameMap): readonly number[] {
  let cells = floorCache.get(map);
  if (cells === undefined) {
    const list: number[] = [];
    for (let c = 0; c < map.walls.length; c++) if (!map.walls[c]) list.push(c);
    cells = list;
    floorCache.set(map, cells);
  }
  return cells;
}

/** The cells `player` may spawn on now: the first of its team's, `+` and floor with a free one. */
function spots(state: GameState, player: Player): readonly number[] {
  const { map } = state;
  const team = player.team === 'N' ? [] : map.spawns[player.team];
  for (const list of [team, map.spawns.any]) {
    if (list.some((c) => isFreeCell(state, player, c))) return list;
  }
  return floorCells(map);
}

function place(state: GameState, player: Player, cell: number): void {
  const { x, y } = cellSpawnPoint(state.map, cell);
  player.x = x;
  player.y = y;
}

/** The cell holding a player's centre. */
export function playerCell(map: GameMap, p: Player): number {
  return playerCellY(p.y) * map.width + playerCellX(p.x);
}

/** A random free cell of `cells` (scanning from a random one), or -1. */
function randomFree(state: GameState, player: Player, cells: readonly number[]): number {
  if (cells.length === 0) return -1;
  const first = rngInt(state.rng, cells.length);
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[(first + i) % cells.length]!;
    if (isFreeCell(state, player, cell)) return cell;
  }
  return -1;
}

/**
 * How far apart (cell widths, a row counting two, as the crow flies) the seekers stand at a
 * start: released together from touching spots, they walked into each other and their
 * predictions were corrected (a visible correction a minute more per bot at 150 ms).
 */
const SEEKER_SPACING = 4;

function apart(map: GameMap, a: number, b: number): boolean {
  const dx = Math.abs((a % map.width) - (b % map.width));
  const dy = Math.abs(Math.floor(a / map.width) - Math.floor(b / map.width));
  return dx + 2 * dy >= SEEKER_SPACING;
}

/**
 * The seekers on the free spots nearest to `anchor`, each SEEKER_SPACING from the others where
 * the spots allow (else the nearest free one); returns their cells.
 */
function placeSeekers(state: GameState, seekers: readonly Player[], anchor: number): number[] {
  const { map } = state;
  const near = walkingDistances(map, [anchor]);
  const cells: number[] = [];
  for (const s of seekers) {
    let best = -1;
    let bestSpaced = -1;
    for (const c of spots(state, s)) {
      const d = near[c]!;
      if (d === NO_PATH) continue;
      // The cheap tests first: whether the cell is free (a test against every player) is asked
      // only of a cell that would be kept, and keeps the first of equals as before.
      const nearer = best < 0 || d < near[best]!;
      const spaced =
        (bestSpaced < 0 || d < near[bestSpaced]!) && cells.every((o) => apart(map, c, o));
      if ((!nearer && !spaced) || !isFreeCell(state, s, c)) continue;
      if (nearer) best = c;
      if (spaced) bestSpaced = c;
    }
    if (bestSpaced >= 0) best = bestSpaced;
    if (best < 0) best = randomFree(state, s, floorCells(state.map));
    if (best < 0) continue; // the map is full: it stays where it is
    place(state, s, best);
    cells.push(best);
  }
  return cells;
}

/**
 * Each hider on a random free spot at least SPAWN_GAP from every seeker, else on the farthest
 * free spot; returns the smallest distance given to a hider (Infinity without hiders).
 */
function placeHiders(state: GameState, hiders: readonly Player[], seekerCells: number[]): number {
  const dist = walkingDistances(state.map, seekerCells);
  const reach = (c: number) => (seekerCells.length === 0 || dist[c] === NO_PATH ? -1 : dist[c]!);
  let least = Number.POSITIVE_INFINITY;
  // The spots far enough, by list of spots: the hiders mostly share one, filtered once.
  const farOf = new Map<readonly number[], readonly number[]>();
  for (const h of hiders) {
    const cells = spots(state, h);
    let far = farOf.get(cells);
    if (far === undefined) {
      far = seekerCells.length === 0 ? cells : cells.filter((c) => reach(c) >= SPAWN_GAP);
      farOf.set(cells, far);
    }
    let cell = randomFree(state, h, far);
    if (cell < 0) {
      // Not enough room: the farthest free spot (a part no seeker can walk to counts last).
      for (const c of cells) {
        if ((cell < 0 || reach(c) > reach(cell)) && isFreeCell(state, h, c)) cell = c;
      }
    }
    if (cell < 0) continue;
    place(state, h, cell);
    if (seekerCells.length > 0) least = Math.min(least, Math.max(0, reach(cell)));
  }
  return least;
}

/** The cell of `cells` farthest from `from` on foot (`from` itself if none is reachable). */
function farthest(map: GameMap, cells: readonly number[], from: number): number {
  const dist = walkingDistances(map, [from]);
  let best = from;
  for (const c of cells) if (dist[c]! > dist[best]!) best = c;
  return best;
}

/**
 * Spawns the players of a starting game: `seekers` together, `hiders` away from them (see the
 * file comment). Every player given should stand off the map first (not blocking any spot).
 */
export function spawnTeams(
  state: GameState,
  seekers: readonly Player[],
  hiders: readonly Player[],
): void {
  const all = [...seekers, ...hiders];
  let best: { gap: number; at: { x: number; y: number }[] } | null = null;
  for (let attempt = 0; attempt < ANCHOR_TRIES; attempt++) {
    for (const p of all) p.x = p.y = -1_000_000;
    const anchors = seekers.length > 0 ? spots(state, seekers[0]!) : [];
    let anchor = anchors.length > 0 ? anchors[rngInt(state.rng, anchors.length)]! : -1;
    // Every other retry, the spot farthest from a random one: an end of the map, where a small
    // map leaves the most room for the hiders.
    if (attempt % 2 === 1 && anchor >= 0) anchor = farthest(state.map, anchors, anchor);
    const seekerCells = anchor < 0 ? [] : placeSeekers(state, seekers, anchor);
    const gap = placeHiders(state, hiders, seekerCells);
    if (gap >= SPAWN_GAP) return;
    if (best === null || gap > best.gap) {
      best = { gap, at: all.map((p) => ({ x: p.x, y: p.y })) };
    }
  }
  if (best !== null) {
    for (const [i, p] of all.entries()) {
      p.x = best.at[i]!.x;
      p.y = best.at[i]!.y;
    }
  }
}
