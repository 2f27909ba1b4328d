/**
 * Visibility tests as ASCII pictures. A scene is a map drawn with `#` wall, `.` floor, `*` light,
 * `@` the viewer and `p` other living players (both standing on floor), optionally followed on
 * each row, after spaces, by the expected picture: `o` for a cell the viewer sees, `.` for one
 * it does not.
 */

import type { Cell, GameMap } from '../../../src/game/map.ts';
import {
  cellVisible,
  computeFog,
  createOccupancy,
  createVisibility,
  type Occupancy,
  setOccupants,
  type Visibility,
} from '../../../src/game/visibility.ts';

export interface Scene {
  readonly map: GameMap;
  readonly vis: Visibility;
  readonly occ: Occupancy;
  /** Cell index of `@` (or -1 when the scene has none). */
  readonly viewer: number;
  /** Cells of all living players, the viewer first, then the `p`s in reading order. */
  readonly players: readonly number[];
  /** The expected picture (rows joined by newlines), '' when not drawn. */
  readonly expected: string;
}

/** A map from grid rows of `#`, `.` and `*` (other characters are floor). */
export function gridMap(rows: readonly string[]): GameMap {
  const height = rows.length;
  const width = Math.max(...rows.map((r) => r.length));
  const walls = new Uint8Array(width * height);
  const lights: Cell[] = [];
  rows.forEach((row, y) => {
    [...row].forEach((ch, x) => {
      if (ch === '#') walls[y * width + x] = 1;
      if (ch === '*') lights.push({ x, y });
    });
  });
  return {
    name: 'test',
    author: '',
    width,
    height,
    walls,
    lights,
    spawns: { any: [], R: [], B: [] },
  };
}

export function scene(picture: string): Scene {
  const lines = picture
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const rows = lines.map((l) => l.split(/\s+/)[0] ?? '');
  const expected = lines.map((l) => l.split(/\s+/)[1] ?? '').filter((r) => r !== '');
  const map = gridMap(rows);
  let viewer = -1;
  const others: number[] = [];
  rows.forEach((row, y) => {
    [...row].forEach((ch, x) => {
      if (ch === '@') viewer = y * map.width + x;
      if (ch === 'p') others.push(y * map.width + x);
    });
  });
  const players = viewer >= 0 ? [viewer, ...others] : others;
  const vis = createVisibility(map);
  const occ = createOccupancy(vis);
  setOccupants(vis, occ, players);
  return { map, vis, occ, viewer, players, expected: expected.join('\n') };
}

/** A 0/1 grid as rows of `o` (1) and `.` (0). */
export function picture(grid: Uint8Array, width: number): string {
  const rows: string[] = [];
  for (let i = 0; i < grid.length; i += width) {
    rows.push([...grid.subarray(i, i + width)].map((v) => (v ? 'o' : '.')).join(''));
  }
  return rows.join('\n');
}

/** What the scene's viewer sees, by `computeFog`. */
export function fogPicture(s: Scene): string {
  const out = new Uint8Array(s.map.width * s.map.height);
  computeFog(s.vis, s.occ, s.viewer, out);
  return picture(out, s.map.width);
}

/** What the scene's viewer sees, by `cellVisible` on every cell. */
export function pointPicture(s: Scene): string {
  const out = new Uint8Array(s.map.width * s.map.height);
  for (let c = 0; c < out.length; c++) out[c] = cellVisible(s.vis, s.occ, s.viewer, c) ? 1 : 0;
  return picture(out, s.map.width);
}
