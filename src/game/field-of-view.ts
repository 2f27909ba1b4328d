/**
 * Field of view: every cell c of the grid such that no blocking cell lies on line(o, c) strictly
 * between o and c (line.ts), for one origin o, in one pass over the grid instead of one line walk
 * per cell. Exactly `clearBetween` for every cell (test/game/visibility-fov.test.ts).
 *
 * Why it is exact: take an x-major line going east, a target c = (n, m) and a blocker
 * p = (k, j) relative to o, 0 < k < n. Cell k of line(o, c) is at minor offset
 * floor((2k·m + n − 1) / 2n), which equals j iff (2j − 1)·n < 2k·m ≤ (2j + 1)·n, that is iff the
 * slope m/n lies in the half-open interval ((2j − 1)/2k, (2j + 1)/2k]. So c is hidden iff its
 * slope lies in the union of the intervals of the blockers in the columns before it: shadow
 * casting with exact rational slopes (compared by integer cross-multiplication), column by
 * column. The same holds for
 * west, north and south with the axes renamed; east and west take the targets with
 * |dy| ≤ |dx| (x-major lines), north and south those with |dx| < |dy|.
 */

import { floorDiv } from './line.ts';

/** Reusable work space: the shadow intervals as numerator/denominator pairs, two buffers. */
export interface FovWork {
  loN: number[];
  loD: number[];
  hiN: number[];
  hiD: number[];
  nextLoN: number[];
  nextLoD: number[];
  nextHiN: number[];
  nextHiD: number[];
  /** Blocker runs of the current column, as [first m, last m] pairs. */
  runs: number[];
}

export function createFovWork(): FovWork {
  return {
    loN: [],
    loD: [],
    hiN: [],
    hiD: [],
    nextLoN: [],
    nextLoD: [],
    nextHiN: [],
    nextHiD: [],
    runs: [],
  };
}

/**
 * Fills out[c] = 1 where no non-zero cell of `grid` lies strictly between (ox, oy) and c on
 * line((ox, oy), c), 0 elsewhere; the origin itself is 1.
 */
export function fieldOfView(
  grid: Uint8Array,
  width: number,
  height: number,
  ox: number,
  oy: number,
  out: Uint8Array,
  work: FovWork,
): void {
  const origin = oy * width + ox;
  out[origin] = 1;
  // East and west: x-major, the minor axis is y. North and south: y-major, the minor axis is x.
  sweep(grid, out, work, origin, 1, width, width - 1 - ox, -oy, height - 1 - oy, true);
  sweep(grid, out, work, origin, -1, width, ox, -oy, height - 1 - oy, true);
  sweep(grid, out, work, origin, width, 1, height - 1 - oy, -ox, width - 1 - ox, false);
  sweep(grid, out, work, origin, -width, 1, oy, -ox, width - 1 - ox, false);
}

/**
 * One direction: columns n = 1..nMax along `majorStride`, cells m = −n..n (clipped to
 * mMin..mMax) along `minorStride`. `diagonals`: whether the cells with |m| = n are targets here
 * (they are always blockers).
 */
function sweep(
  grid: Uint8Array,
  out: Uint8Array,
  work: FovWork,
  origin: number,
  majorStride: number,
  minorStride: number,
  nMax: number,
  mMin: number,
  mMax: number,
  diagonals: boolean,
): void {
  let count = 0;
  const { runs } = work;
  for (let n = 1; n <= nMax; n++) {
    const low = Math.max(-n, mMin);
    const high = Math.min(n, mMax);
    const base = origin + n * majorStride;
    // Targets: each shadow interval (lo, hi] hides the m with lo·n < m ≤ hi·n.
    const { loN, loD, hiN, hiD } = work;
    const last = diagonals || high < n ? high : n - 1;
    let m = diagonals || low > -n ? low : 1 - n;
    for (let i = 0; i < count && m <= last; i++) {
      const hiddenFrom = floorDiv(loN[i]! * n, loD[i]!) + 1;
      let hiddenTo = floorDiv(hiN[i]! * n, hiD[i]!);
      if (hiddenTo > last) hiddenTo = last;
      for (; m < hiddenFrom && m <= last; m++) out[base + m * minorStride] = 1;
      for (; m <= hiddenTo; m++) out[base + m * minorStride] = 0;
    }
    for (; m <= last; m++) out[base + m * minorStride] = 1;
    // Blockers of this column, in runs, for the columns after it.
    let runCount = 0;
    for (let b = low, c = base + low * minorStride; b <= high; b++, c += minorStride) {
      if (grid[c] === 0) continue;
      runs[runCount++] = b;
      while (b < high && grid[c + minorStride] !== 0) {
        b++;
        c += minorStride;
      }
      runs[runCount++] = b;
    }
    if (runCount > 0) count = addShadows(work, count, runs, runCount, n);
  }
}

/**
 * Merges the column-n blocker runs [a, b] (intervals ((2a − 1)/2n, (2b + 1)/2n]) into the sorted,
 * disjoint shadow intervals; returns their new count.
 */
function addShadows(
  work: FovWork,
  count: number,
  runs: readonly number[],
  runCount: number,
  n: number,
): number {
  const { loN, loD, hiN, hiD, nextLoN, nextLoD, nextHiN, nextHiD } = work;
  const d = 2 * n;
  let out = 0;
  let i = 0;
  let r = 0;
  // The interval being built, extended while the next one (by lower end) overlaps or touches it.
  let curLoN = 0;
  let curLoD = 1;
  let curHiN = 0;
  let curHiD = 1;
  let open = false;
  while (i < count || r < runCount) {
    let aN: number;
    let aD: number;
    let bN: number;
    let bD: number;
    const runLo = r < runCount ? 2 * runs[r]! - 1 : 0;
    if (r >= runCount || (i < count && loN[i]! * d <= runLo * loD[i]!)) {
      aN = loN[i]!;
      aD = loD[i]!;
      bN = hiN[i]!;
      bD = hiD[i]!;
      i++;
    } else {
      aN = runLo;
      aD = d;
      bN = 2 * runs[r + 1]! + 1;
      bD = d;
      r += 2;
    }
    if (open && aN * curHiD <= curHiN * aD) {
      if (bN * curHiD > curHiN * bD) {
        curHiN = bN;
        curHiD = bD;
      }
    } else {
      if (open) {
        nextLoN[out] = curLoN;
        nextLoD[out] = curLoD;
        nextHiN[out] = curHiN;
        nextHiD[out] = curHiD;
        out++;
      }
      open = true;
      curLoN = aN;
      curLoD = aD;
      curHiN = bN;
      curHiD = bD;
    }
  }
  if (open) {
    nextLoN[out] = curLoN;
    nextLoD[out] = curLoD;
    nextHiN[out] = curHiN;
    nextHiD[out] = curHiD;
    out++;
  }
  work.loN = nextLoN;
  work.loD = nextLoD;
  work.hiN = nextHiN;
  work.hiD = nextHiD;
  work.nextLoN = loN;
  work.nextLoD = loD;
  work.nextHiN = hiN;
  work.nextHiD = hiD;
  return out;
}
