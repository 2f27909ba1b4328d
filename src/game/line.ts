/**
 * The digital line between two cells: the one definition that both light and sight use.
 *
 * line(a, b) has n + 1 cells, n = max(|dx|, |dy|) with dx = b.x − a.x, dy = b.y − a.y. The major
 * axis is x when |dx| ≥ |dy|, else y. Cell k (0 ≤ k ≤ n) is k steps from a along the major axis,
 * and on the minor axis it is the integer nearest to the exact point a + k·d/n, a tie (exactly
 * half-way) going to the smaller coordinate. For an x-major line:
 *
 *   x_k = a.x + k·sign(dx)        y_k = a.y + floor((2·k·dy + n − 1) / (2n))
 *
 * and the same with x and y swapped for a y-major line. Integers only: the same cells on every
 * machine. Properties the rules rely on (tested in test/game/visibility-line.test.ts):
 * - symmetric: line(b, a) is line(a, b) reversed. Cell k of one and cell n − k of the other
 *   round the same exact point, and the tie rule looks at the coordinate, not at the direction
 *   of travel, so "I see you" and "you see me" always agree;
 * - 8-connected and monotone on both axes, so it takes every column and every row between its
 *   ends: it cannot slip through a one-cell-thick horizontal or vertical wall that spans its way.
 *   (Like any thin line it can pass between two walls that only touch at a corner.)
 */

import type { Cell } from './map.ts';

/**
 * floor(a / b) for integers a, b with b > 0 and |a| < 2^53: exact, and the same on every machine.
 * IEEE division is correctly rounded, so the quotient is off by at most |a/b|·2^-53 < 1/b, while
 * a non-integer a/b is at least 1/b away from the next integer: the floor never changes. (Twice
 * as fast as going through `%` in JavaScriptCore.)
 */
export function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

/** ceil(a / b) for integers, b > 0. */
export function ceilDiv(a: number, b: number): number {
  return floorDiv(a + b - 1, b);
}

/** The cells of line(a, b), from a to b inclusive: the reference form of the definition. */
export function line(a: Cell, b: Cell): Cell[] {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const xMajor = Math.abs(dx) >= Math.abs(dy);
  const n = xMajor ? Math.abs(dx) : Math.abs(dy);
  const cells: Cell[] = [{ x: a.x, y: a.y }];
  for (let k = 1; k <= n; k++) {
    cells.push(
      xMajor
        ? { x: a.x + k * Math.sign(dx), y: a.y + floorDiv(2 * k * dy + n - 1, 2 * n) }
        : { x: a.x + floorDiv(2 * k * dx + n - 1, 2 * n), y: a.y + k * Math.sign(dy) },
    );
  }
  return cells;
}

/**
 * True when every cell strictly between the two ends of line(a, b) is 0 in `grid` (indexed
 * y·width + x); the ends themselves are not looked at. Walks the line with integer steps (the
 * minor offset of cell k is floor((2k·|d_minor| + bias) / 2n), bias n − 1 going up and n going
 * down, which is the tie rule above seen from a) and stops at the first blocking cell.
 */
export function clearBetween(
  grid: Uint8Array,
  width: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): boolean {
  const dx = bx - ax;
  const dy = by - ay;
  const adx = dx < 0 ? -dx : dx;
  const ady = dy < 0 ? -dy : dy;
  let n: number;
  let s: number;
  let majorStep: number;
  let minorStep: number;
  let err: number;
  if (adx >= ady) {
    n = adx;
    s = ady;
    majorStep = dx < 0 ? -1 : 1;
    minorStep = dy < 0 ? -width : width;
    err = dy < 0 ? n : n - 1;
  } else {
    n = ady;
    s = adx;
    majorStep = dy < 0 ? -width : width;
    minorStep = dx < 0 ? -1 : 1;
    err = dx < 0 ? n : n - 1;
  }
  const n2 = 2 * n;
  const s2 = 2 * s;
  let index = ay * width + ax;
  for (let k = 1; k < n; k++) {
    index += majorStep;
    err += s2;
    if (err >= n2) {
      err -= n2;
      index += minorStep;
    }
    if (grid[index] !== 0) return false;
  }
  return true;
}

/** True when cell p lies on line(a, b) strictly between its ends. O(1), integers only. */
export function onLineBetween(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  px: number,
  py: number,
): boolean {
  const dx = bx - ax;
  const dy = by - ay;
  const adx = dx < 0 ? -dx : dx;
  const ady = dy < 0 ? -dy : dy;
  let n: number;
  let k: number;
  let d: number;
  let j: number;
  if (adx >= ady) {
    n = adx;
    k = dx < 0 ? ax - px : px - ax;
    d = dy;
    j = py - ay;
  } else {
    n = ady;
    k = dy < 0 ? ay - py : py - ay;
    d = dx;
    j = px - ax;
  }
  if (k <= 0 || k >= n) return false;
  // Cell k's minor offset is floor(t / 2n): it equals j iff 2n·j ≤ t < 2n·(j + 1).
  const t = 2 * k * d + n - 1;
  const low = 2 * n * j;
  return t >= low && t < low + 2 * n;
}

/**
 * Sets grid[c] = 0 for every cell c of the width × height grid such that p lies on line(a, c)
 * strictly between its ends: the shadow p casts from a. The inverse of `onLineBetween`, one
 * column (or row) at a time: with p at step i and minor offset j from a, the cells n steps away
 * (n > i) whose line passes through p have minor offsets m with
 * (2j − 1)·n + 1 ≤ 2i·m ≤ (2j + 1)·n, an interval. x-major lines (|m| ≤ n) and y-major lines
 * (|m| < n) are two wedges; cells near the diagonal can be in either.
 */
export function castShadow(
  grid: Uint8Array,
  width: number,
  height: number,
  ax: number,
  ay: number,
  px: number,
  py: number,
): void {
  const rx = px - ax;
  const ry = py - ay;
  const arx = rx < 0 ? -rx : rx;
  const ary = ry < 0 ? -ry : ry;
  if (arx >= ary && arx > 0) {
    // Lines that step along x and pass column px at row py.
    const step = rx < 0 ? -1 : 1;
    for (let n = arx + 1; ; n++) {
      const x = ax + step * n;
      if (x < 0 || x >= width) break;
      let low = ceilDiv((2 * ry - 1) * n + 1, 2 * arx);
      let high = floorDiv((2 * ry + 1) * n, 2 * arx);
      // Both bounds move away from row ay as n grows: once off the grid, the wedge stays off.
      if (low > height - 1 - ay || high < -ay) break;
      low = Math.max(low, -n, -ay);
      high = Math.min(high, n, height - 1 - ay);
      for (let index = (ay + low) * width + x; low <= high; low++, index += width) grid[index] = 0;
    }
  }
  if (ary >= arx && ary > 0) {
    // Lines that step along y and pass row py at column px.
    const step = ry < 0 ? -1 : 1;
    for (let n = ary + 1; ; n++) {
      const y = ay + step * n;
      if (y < 0 || y >= height) break;
      let low = ceilDiv((2 * rx - 1) * n + 1, 2 * ary);
      let high = floorDiv((2 * rx + 1) * n, 2 * ary);
      if (low > width - 1 - ax || high < -ax) break;
      // |m| < n: a cell exactly on the diagonal belongs to the x-major wedge.
      low = Math.max(low, 1 - n, -ax);
      high = Math.min(high, n - 1, width - 1 - ax);
      for (let index = y * width + ax + low; low <= high; low++, index++) grid[index] = 0;
    }
  }
}
