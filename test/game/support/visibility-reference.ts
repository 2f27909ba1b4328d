/**
 * The visibility rule evaluated the slow, obvious way, straight from its statement with the
 * reference `line()`: what the fast code in src/game is checked against. Plus a small seeded
 * generator (mulberry32) for random states.
 */

import { line } from '../../../src/game/line.ts';
import type { Cell, GameMap } from '../../../src/game/map.ts';
import { rngInt, seedRng } from '../../../src/game/rng.ts';

/** No wall and no living player on line(a, b) strictly between its ends. */
export function referenceClear(
  map: GameMap,
  living: ReadonlySet<number>,
  a: Cell,
  b: Cell,
): boolean {
  const cells = line(a, b);
  return cells.slice(1, -1).every((c) => {
    const index = c.y * map.width + c.x;
    return map.walls[index] !== 1 && !living.has(index);
  });
}

/** Does the living viewer on `viewer` see `target`, living players on `living` (cell indices)? */
export function referenceVisible(
  map: GameMap,
  living: readonly number[],
  viewer: number,
  target: number,
): boolean {
  const set = new Set(living);
  const v = { x: viewer % map.width, y: Math.floor(viewer / map.width) };
  const t = { x: target % map.width, y: Math.floor(target / map.width) };
  if (!referenceClear(map, set, v, t)) return false;
  if (Math.abs(t.x - v.x) <= 2 && Math.abs(t.y - v.y) <= 1) return true;
  return map.lights.some((l) => referenceClear(map, set, l, t));
}

/** Seeded uniform integers in [0, n), from the game's own generator. */
export function seeded(seed: number): (n: number) => number {
  const rng = seedRng(seed);
  return (n) => rngInt(rng, n);
}

/** `count` distinct-or-not random floor cells (indices) of `map`. */
export function randomFloorCells(
  map: GameMap,
  count: number,
  next: (n: number) => number,
): number[] {
  const floor: number[] = [];
  for (let c = 0; c < map.walls.length; c++) if (map.walls[c] !== 1) floor.push(c);
  return Array.from({ length: count }, () => floor[next(floor.length)]!);
}
