/**
 * Seeing (GAME.md, "the haunted part"), on the grid. A living viewer V on cell v sees cell c iff
 * - line of sight: no wall and no cell where another living player stands lies on line(v, c)
 *   strictly between the two (line.ts; the ends never block: a wall or a player is itself seen);
 * - and c is in V's proximity zone (|c.x − v.x| ≤ 2 and |c.y − v.y| ≤ 1, the original's box
 *   grown by 10 units on each side, seen even in the dark), or c is lit (light.ts: light is
 *   stopped by walls and by every living player, the viewer included: players cast shadows).
 * Only living players count: give `setOccupants` the living players' cells alone, since caught
 * players (ghosts) neither see as living players nor block anything. Spectators see everything:
 * no fog (fill with 1), every living player.
 *
 * `cellVisible` and `computeFog` reach the same answer by two roads: the point test walks
 * line(v, c) and checks each (light, player) pair in O(1); the fog casts exact shadows over the
 * whole grid (field-of-view.ts for sight, one wedge per light and player for light). The tests
 * check that both agree cell for cell, and with the rule read literally.
 */

import { createFovWork, type FovWork, fieldOfView } from './field-of-view.ts';
import { computeLit, createLightMaps, type LightMaps, litAt } from './light.ts';
import { clearBetween } from './line.ts';
import type { GameMap } from './map.ts';
import { playerCellX, playerCellY } from './units.ts';

/** Proximity zone, always seen (not through walls): 2 columns and 1 row on each side, in cells. */
export const NEAR_X = 2;
export const NEAR_Y = 1;

/** Static visibility data of one map, computed once at map load. */
export interface Visibility {
  readonly width: number;
  readonly height: number;
  readonly walls: Uint8Array;
  readonly light: LightMaps;
}

/** The living players' cells for one tick or frame, and what follows from them. */
export interface Occupancy {
  /** Cell index (y·width + x) of each living player, in the order given to `setOccupants`. */
  readonly cells: number[];
  /** The walls, plus 1 on every cell where a living player stands. */
  readonly blockers: Uint8Array;
  /** The lit map for these players, valid when `litFresh` (filled lazily by `computeFog`). */
  readonly lit: Uint8Array;
  litFresh: boolean;
  /**
   * Per occupant (index into `cells`): whether its cell is lit (`litAt`), 1 or 0, or -1 until
   * `visibleOthers` first asks. Lit or not depends on the occupants, not on who looks: the
   * server's culling asks it of every pair of players, and O(lights × players) each time made
   * the culling cubic in the number of players.
   */
  readonly occupantLit: number[];
  /**
   * Per pair of occupants (i·n + j): whether the line between their cells is clear, 1 or 0, or
   * -1 until asked. line(a, b) is line(b, a) reversed (line.ts), so the answer serves both
   * directions and `visibleOthers` walks each line once per tick instead of twice.
   */
  pairClear: Int8Array;
  /** Work space for `computeLit` and `computeFog`. */
  readonly scratch: Uint8Array;
  readonly fov: FovWork;
}

export function createVisibility(map: GameMap): Visibility {
  return {
    width: map.width,
    height: map.height,
    walls: map.walls,
    light: createLightMaps(map),
  };
}

/** An empty occupancy (no living player) for `vis`'s map, to be reused tick after tick. */
export function createOccupancy(vis: Visibility): Occupancy {
  const size = vis.width * vis.height;
  return {
    cells: [],
    blockers: Uint8Array.from(vis.walls),
    lit: new Uint8Array(size),
    litFresh: false,
    occupantLit: [],
    pairClear: new Int8Array(0),
    scratch: new Uint8Array(size),
    fov: createFovWork(),
  };
}

/**
 * Sets the living players' cells (indices y·width + x, duplicates allowed). A viewer must be
 * among them: it casts its own shadow.
 */
export function setOccupants(vis: Visibility, occ: Occupancy, cells: readonly number[]): void {
  const next = cells === occ.cells ? cells.slice() : cells;
  for (const cell of occ.cells) occ.blockers[cell] = vis.walls[cell]!;
  occ.cells.length = 0;
  occ.occupantLit.length = 0;
  for (const cell of next) {
    occ.cells.push(cell);
    occ.occupantLit.push(-1);
    occ.blockers[cell] = 1;
  }
  occ.litFresh = false;
  const pairs = occ.cells.length * occ.cells.length;
  if (occ.pairClear.length < pairs) occ.pairClear = new Int8Array(pairs);
  occ.pairClear.fill(-1, 0, pairs);
}

/** The cell index of a player at world position (x, y) in units (top-left of its box). */
export function playerCellIndex(vis: Visibility, x: number, y: number): number {
  return playerCellY(y) * vis.width + playerCellX(x);
}

/** Does the living viewer standing on `viewerCell` see `targetCell`? (cell indices) */
export function cellVisible(
  vis: Visibility,
  occ: Occupancy,
  viewerCell: number,
  targetCell: number,
): boolean {
  const { width } = vis;
  const vx = viewerCell % width;
  const vy = (viewerCell - vx) / width;
  const tx = targetCell % width;
  const ty = (targetCell - tx) / width;
  const near = Math.abs(tx - vx) <= NEAR_X && Math.abs(ty - vy) <= NEAR_Y;
  if (!near && vis.light.any[targetCell] !== 1) return false;
  if (!clearBetween(occ.blockers, width, vx, vy, tx, ty)) return false;
  return near || litAt(vis.light, occ.cells, tx, ty);
}

/**
 * Indices (into `occ.cells`) of the living players that the living player `viewerIndex` sees,
 * in order: the server's culling. A player on the viewer's own cell is always seen. Written
 * into `out` (emptied first) when given: the server reuses one array for every viewer.
 *
 * Exactly `cellVisible(vis, occ, cells[viewerIndex], cells[i])` for each other i, the same tests
 * in the same order, but remembered in `occ` for the next viewers: whether the line between two
 * players is clear (once per pair, not twice), whether the target's cell is lit (once per
 * occupant, not once per pair).
 */
export function visibleOthers(
  vis: Visibility,
  occ: Occupancy,
  viewerIndex: number,
  out: number[] = [],
): number[] {
  const { width } = vis;
  const { cells, blockers, occupantLit, pairClear } = occ;
  const n = cells.length;
  const any = vis.light.any;
  const viewerCell = cells[viewerIndex]!;
  const vx = viewerCell % width;
  const vy = (viewerCell - vx) / width;
  out.length = 0;
  for (let i = 0; i < n; i++) {
    if (i === viewerIndex) continue;
    const targetCell = cells[i]!;
    const tx = targetCell % width;
    const ty = (targetCell - tx) / width;
    const near = Math.abs(tx - vx) <= NEAR_X && Math.abs(ty - vy) <= NEAR_Y;
    if (!near && any[targetCell] !== 1) continue;
    const pair = viewerIndex * n + i;
    if (pairClear[pair] === -1) {
      pairClear[pair] = pairClear[i * n + viewerIndex] = clearBetween(
        blockers,
        width,
        vx,
        vy,
        tx,
        ty,
      )
        ? 1
        : 0;
    }
    if (pairClear[pair] !== 1) continue;
    if (!near) {
      if (occupantLit[i] === -1) occupantLit[i] = litAt(vis.light, cells, tx, ty) ? 1 : 0;
      if (occupantLit[i] !== 1) continue;
    }
    out.push(i);
  }
  return out;
}

/** The lit map of `occ` (computed on first use after `setOccupants`, shared by all viewers). */
export function litMap(vis: Visibility, occ: Occupancy): Uint8Array {
  if (!occ.litFresh) {
    computeLit(vis.light, occ.cells, occ.lit, occ.scratch);
    occ.litFresh = true;
  }
  return occ.lit;
}

/**
 * Fills out[c] = 1 for every cell c the living viewer on `viewerCell` sees, 0 elsewhere (the
 * client draws it every frame). Exactly { c : cellVisible(vis, occ, viewerCell, c) }, computed
 * for the whole grid at once: the field of view through walls and players (field-of-view.ts),
 * masked by the lit map except in the proximity zone.
 */
export function computeFog(
  vis: Visibility,
  occ: Occupancy,
  viewerCell: number,
  out: Uint8Array,
): void {
  const { width, height } = vis;
  const { blockers } = occ;
  const lit = litMap(vis, occ);
  const vx = viewerCell % width;
  const vy = (viewerCell - vx) / width;
  fieldOfView(blockers, width, height, vx, vy, out, occ.fov);
  const size = width * height;
  for (let c = 0; c < size; c++) if (lit[c] === 0) out[c] = 0;
  for (let y = Math.max(0, vy - NEAR_Y); y <= Math.min(height - 1, vy + NEAR_Y); y++) {
    for (let x = Math.max(0, vx - NEAR_X); x <= Math.min(width - 1, vx + NEAR_X); x++) {
      if (clearBetween(blockers, width, vx, vy, x, y)) out[y * width + x] = 1;
    }
  }
}
