/**
 * The single deterministic movement step, run identically by the server's tick and the client's
 * prediction: a player box moves along x then along y, each axis swept against walls, the map's
 * edges and other players' boxes. A blocked move stops flush against what blocks it (the
 * original halved its step until it fit; an exact sweep gets there in one go, to the unit).
 *
 * Corner assistance: a move along one axis that a wall corner blocks, where a short slide
 * sideways (at most ASSIST_X / ASSIST_Y) would line the box up with an opening, slides toward the
 * nearest such opening with what is left of the step, then goes on through it (docs/PROTOCOL.md
 * §3, "Movement"). Without it a 12-unit box had to be within 4 units of a one-cell door's column
 * to get through, and a person holding one key cannot aim that finely.
 */
import type { GameMap } from './map.ts';
import { CELL_H, CELL_W, PLAYER_H, PLAYER_W } from './units.ts';

/**
 * The longest slide of corner assistance, units: half a cell across for a move up or down, half
 * a cell down for a move left or right. Both are less than the box's size, which is what lets a
 * slide between two wall-free spots be taken as wall-free all the way.
 */
export const ASSIST_X = CELL_W / 2;
export const ASSIST_Y = CELL_H / 2;

/** No other boxes: a sweep against walls and edges only. */
const NO_BOXES: readonly Box[] = [];

/** Held movement keys as bits: what an input carries and what a player holds between inputs. */
export const KEY = { up: 1, down: 2, left: 4, right: 8 } as const;
export const NO_KEYS = 0;

/** An axis-aligned box in units: top-left corner and size. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** Direction of held keys on one axis: -1, 0 or 1 (opposite keys cancel). */
export function axisX(keys: number): number {
  return ((keys & KEY.right) !== 0 ? 1 : 0) - ((keys & KEY.left) !== 0 ? 1 : 0);
}

export function axisY(keys: number): number {
  return ((keys & KEY.down) !== 0 ? 1 : 0) - ((keys & KEY.up) !== 0 ? 1 : 0);
}

function wallAt(map: GameMap, col: number, row: number): boolean {
  return map.walls[row * map.width + col] === 1;
}

/** Whether a box overlaps a wall cell or leaves the map. */
export function boxHitsWall(
  map: GameMap,
  x: number,
  y: number,
  w = PLAYER_W,
  h = PLAYER_H,
): boolean {
  if (x < 0 || y < 0 || x + w > map.width * CELL_W || y + h > map.height * CELL_H) return true;
  const c1 = Math.floor((x + w - 1) / CELL_W);
  const r1 = Math.floor((y + h - 1) / CELL_H);
  for (let r = Math.floor(y / CELL_H); r <= r1; r++) {
    for (let c = Math.floor(x / CELL_W); c <= c1; c++) if (wallAt(map, c, r)) return true;
  }
  return false;
}

/** Whether two boxes overlap (sharing an edge is not overlapping). */
export function boxesOverlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** Whether two boxes touch: overlapping, or flush along an edge or at a corner. */
export function boxesTouch(a: Box, b: Box): boolean {
  return a.x <= b.x + b.w && b.x <= a.x + a.w && a.y <= b.y + b.h && b.y <= a.y + a.h;
}

/**
 * How far (≥ 0, ≤ dist) a box at (x, y) can travel along x in direction dir (±1) before it would
 * overlap a wall, the map's edge or one of `others`. Boxes it already overlaps do not block, so
 * two players stuck together can always walk apart.
 */
export function sweepX(
  map: GameMap,
  x: number,
  y: number,
  dir: number,
  dist: number,
  others: readonly Box[],
  self?: Box,
): number {
  const r0 = Math.floor(y / CELL_H);
  const r1 = Math.floor((y + PLAYER_H - 1) / CELL_H);
  let allowed = dist;
  if (dir > 0) {
    const edge = x + PLAYER_W; // exclusive right edge
    allowed = Math.min(allowed, map.width * CELL_W - edge);
    for (let c = Math.floor((edge - 1) / CELL_W) + 1; c * CELL_W < edge + allowed; c++) {
      if (rowSpanHasWall(map, c, r0, r1)) {
        allowed = c * CELL_W - edge;
        break;
      }
    }
    for (const o of others) {
      if (o !== self && o.y < y + PLAYER_H && o.y + o.h > y && o.x >= edge)
        allowed = Math.min(allowed, o.x - edge);
    }
  } else {
    allowed = Math.min(allowed, x);
    for (let c = Math.floor(x / CELL_W) - 1; (c + 1) * CELL_W > x - allowed; c--) {
      if (rowSpanHasWall(map, c, r0, r1)) {
        allowed = x - (c + 1) * CELL_W;
        break;
      }
    }
    for (const o of others) {
      if (o !== self && o.y < y + PLAYER_H && o.y + o.h > y && o.x + o.w <= x)
        allowed = Math.min(allowed, x - (o.x + o.w));
    }
  }
  return Math.max(0, allowed);
}

/** The same as sweepX, down (dir 1) or up (dir -1). */
export function sweepY(
  map: GameMap,
  x: number,
  y: number,
  dir: number,
  dist: number,
  others: readonly Box[],
  self?: Box,
): number {
  const c0 = Math.floor(x / CELL_W);
  const c1 = Math.floor((x + PLAYER_W - 1) / CELL_W);
  let allowed = dist;
  if (dir > 0) {
    const edge = y + PLAYER_H;
    allowed = Math.min(allowed, map.height * CELL_H - edge);
    for (let r = Math.floor((edge - 1) / CELL_H) + 1; r * CELL_H < edge + allowed; r++) {
      if (colSpanHasWall(map, r, c0, c1)) {
        allowed = r * CELL_H - edge;
        break;
      }
    }
    for (const o of others) {
      if (o !== self && o.x < x + PLAYER_W && o.x + o.w > x && o.y >= edge)
        allowed = Math.min(allowed, o.y - edge);
    }
  } else {
    allowed = Math.min(allowed, y);
    for (let r = Math.floor(y / CELL_H) - 1; (r + 1) * CELL_H > y - allowed; r--) {
      if (colSpanHasWall(map, r, c0, c1)) {
        allowed = y - (r + 1) * CELL_H;
        break;
      }
    }
    for (const o of others) {
      if (o !== self && o.x < x + PLAYER_W && o.x + o.w > x && o.y + o.h <= y)
        allowed = Math.min(allowed, y - (o.y + o.h));
    }
  }
  return Math.max(0, allowed);
}

function rowSpanHasWall(map: GameMap, col: number, r0: number, r1: number): boolean {
  if (col < 0 || col >= map.width) return true;
  for (let r = r0; r <= r1; r++) if (wallAt(map, col, r)) return true;
  return false;
}

function colSpanHasWall(map: GameMap, row: number, c0: number, c1: number): boolean {
  if (row < 0 || row >= map.height) return true;
  for (let c = c0; c <= c1; c++) if (wallAt(map, c, row)) return true;
  return false;
}

/**
 * Moves a player box by `dist` units along each held axis: x first, then y from the new x, so a
 * diagonal move slides along a wall. A move along one axis gets corner assistance (see the file
 * comment and `assistedX`/`assistedY`). `others` may contain the player's own box `self`, which
 * is skipped (saves the caller a filtered copy per player per tick). Returns the new corner.
 */
export function movePlayer(
  map: GameMap,
  x: number,
  y: number,
  keys: number,
  dist: number,
  others: readonly Box[],
  self?: Box,
): { x: number; y: number } {
  const dx = axisX(keys);
  const dy = axisY(keys);
  if (dist <= 0) return { x, y };
  if (dx !== 0 && dy === 0) return assistedX(map, x, y, dx, dist, others, self);
  if (dy !== 0 && dx === 0) return assistedY(map, x, y, dy, dist, others, self);
  if (dx !== 0) x += dx * sweepX(map, x, y, dx, dist, others, self);
  if (dy !== 0) y += dy * sweepY(map, x, y, dy, dist, others, self);
  return { x, y };
}

/**
 * A move up or down (dir ±1) with corner assistance. The box goes as far as it can; if a wall
 * or the map's edge (not another player) stopped it short, it looks for the nearest x within
 * ASSIST_X where it could go on (ties: left first), slides toward it with the rest of the step
 * (stopping at walls and players as any move does) and, once there, goes on with what is left.
 * Never more than `dist` units in all.
 */
function assistedY(
  map: GameMap,
  x: number,
  y: number,
  dir: number,
  dist: number,
  others: readonly Box[],
  self?: Box,
): { x: number; y: number } {
  const free = sweepY(map, x, y, dir, dist, others, self);
  y += dir * free;
  if (free === dist || sweepY(map, x, y - dir * free, dir, dist, NO_BOXES) > free) return { x, y };
  let left = dist - free;
  let side = 0;
  let reach = 0;
  for (let s = 1; s <= ASSIST_X && side === 0; s++) {
    for (const d of SIDES) {
      if (!boxHitsWall(map, x + d * s, y) && !boxHitsWall(map, x + d * s, y + dir)) {
        side = d;
        reach = s;
        break;
      }
    }
  }
  if (side === 0) return { x, y };
  const slid = sweepX(map, x, y, side, Math.min(left, reach), others, self);
  x += side * slid;
  left -= slid;
  if (slid === reach && left > 0) y += dir * sweepY(map, x, y, dir, left, others, self);
  return { x, y };
}

/** `assistedY` turned a quarter: a move left or right sliding up or down (up first on a tie). */
function assistedX(
  map: GameMap,
  x: number,
  y: number,
  dir: number,
  dist: number,
  others: readonly Box[],
  self?: Box,
): { x: number; y: number } {
  const free = sweepX(map, x, y, dir, dist, others, self);
  x += dir * free;
  if (free === dist || sweepX(map, x - dir * free, y, dir, dist, NO_BOXES) > free) return { x, y };
  let left = dist - free;
  let side = 0;
  let reach = 0;
  for (let s = 1; s <= ASSIST_Y && side === 0; s++) {
    for (const d of SIDES) {
      if (!boxHitsWall(map, x, y + d * s) && !boxHitsWall(map, x + dir, y + d * s)) {
        side = d;
        reach = s;
        break;
      }
    }
  }
  if (side === 0) return { x, y };
  const slid = sweepY(map, x, y, side, Math.min(left, reach), others, self);
  y += side * slid;
  left -= slid;
  if (slid === reach && left > 0) x += dir * sweepX(map, x, y, dir, left, others, self);
  return { x, y };
}

/** The two ways to slide, in the order ties are broken: toward lower coordinates first. */
const SIDES = [-1, 1] as const;
