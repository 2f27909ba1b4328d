/**
 * Walking distances on a map's cell grid: the floor cells with their 4 neighbours, a step across
 * costing 1 and a step up or down 2 (a cell is twice as tall as wide and every team moves as
 * many units a second on both axes, so a distance is a travel time, in the time it takes to
 * cross one cell's width). The game's rules use it for fair spawns, and the bots' NavMap
 * (src/bots/nav.ts) for every walk. Pure; one field costs a pass over the grid.
 */
import type { GameMap } from './map.ts';
import { CELL_H, CELL_W } from './units.ts';

/** A distance field's value for a wall, or a cell no source leads to. */
export const NO_PATH = -1;

/** Cost of a step across (one cell's width) and of a step down or up (a cell is twice as tall). */
export const STEP_ACROSS = 1;
export const STEP_DOWN = CELL_H / CELL_W;

/**
 * Walking distances from the nearest of `sources` (cell indices) to every cell, into `out`
 * (NO_PATH where none leads). Dial's algorithm: steps cost 1 or 2, so three buckets in a ring
 * (`buckets`, given to reuse them: they are left empty). With `allow`, a cell other than a source
 * is entered only if allow(cell, distance) says so (a bot's flight keeps to cells it reaches
 * before the seekers).
 */
export function walkingDistances(
  map: GameMap,
  sources: readonly number[],
  out: Int32Array = new Int32Array(map.width * map.height),
  allow?: (cell: number, distance: number) => boolean,
  buckets: number[][] = [[], [], []],
): Int32Array {
  const { width, walls } = map;
  const size = width * map.height;
  out.fill(NO_PATH);
  let pending = 0;
  for (const s of sources) {
    if (s < 0 || s >= size || walls[s] === 1 || out[s] === 0) continue;
    out[s] = 0;
    buckets[0]!.push(s);
    pending++;
  }
  const relax = (n: number, d: number) => {
    if (walls[n] === 1) return;
    const old = out[n]!;
    if (old !== NO_PATH && old <= d) return;
    if (allow !== undefined && !allow(n, d)) return;
    out[n] = d;
    buckets[d % 3]!.push(n);
    pending++;
  };
  for (let d = 0; pending > 0; d++) {
    const bucket = buckets[d % 3]!;
    for (let i = 0; i < bucket.length; i++) {
      const c = bucket[i]!;
      pending--;
      if (out[c] !== d) continue; // reached sooner since it was queued
      const x = c % width;
      if (x > 0) relax(c - 1, d + STEP_ACROSS);
      if (x < width - 1) relax(c + 1, d + STEP_ACROSS);
      if (c >= width) relax(c - width, d + STEP_DOWN);
      if (c + width < size) relax(c + width, d + STEP_DOWN);
    }
    bucket.length = 0;
  }
  return out;
}
