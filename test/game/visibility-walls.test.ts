/**
 * A one-cell-thick horizontal or vertical wall is never seen through, nor lit through, whatever
 * the angle: every viewer on one side, every cell on the other, lights on both sides.
 */

import { describe, expect, test } from 'bun:test';
import { line } from '../../src/game/line.ts';
import {
  computeFog,
  createOccupancy,
  createVisibility,
  litMap,
  setOccupants,
} from '../../src/game/visibility.ts';
import { fogPicture, gridMap, scene } from './support/visibility-scene.ts';

/** Rows of a W × H field of floor with the given cells drawn over it. */
function field(w: number, h: number, draw: (x: number, y: number) => string): string[] {
  return Array.from({ length: h }, (_, y) =>
    Array.from({ length: w }, (_, x) => draw(x, y)).join(''),
  );
}

/**
 * For every viewer cell with side(viewer) = 'A', no cell with side = 'B' is seen, and the lights
 * on side A light nothing on side B.
 */
function expectSeparated(rows: string[], side: (x: number, y: number) => 'A' | 'B' | 'wall') {
  const map = gridMap(rows);
  const vis = createVisibility(map);
  const occ = createOccupancy(vis);
  const fog = new Uint8Array(map.width * map.height);
  const leaks: string[] = [];
  const at = (c: number) => side(c % map.width, Math.floor(c / map.width));
  for (let viewer = 0; viewer < fog.length; viewer++) {
    if (map.walls[viewer] === 1 || at(viewer) === 'wall') continue;
    setOccupants(vis, occ, [viewer]);
    computeFog(vis, occ, viewer, fog);
    for (let c = 0; c < fog.length; c++) {
      if (fog[c] === 1 && at(c) !== at(viewer) && at(c) !== 'wall') leaks.push(`${viewer}→${c}`);
    }
  }
  expect(leaks).toEqual([]);
  // Light from one side never reaches the other (no players: the static maps).
  map.lights.forEach((l, i) => {
    const lit = vis.light.perLight[i]!;
    for (let c = 0; c < lit.length; c++) {
      if (lit[c] === 1 && at(c) !== side(l.x, l.y) && at(c) !== 'wall') {
        leaks.push(`light ${i}→${c}`);
      }
    }
  });
  expect(leaks).toEqual([]);
}

describe('a one-cell-thick wall is never seen or lit through', () => {
  test('horizontal, across a 40 × 15 field, lights on both sides', () => {
    const rows = field(40, 15, (x, y) =>
      y === 7 ? '#' : (x === 3 && y === 1) || (x === 30 && y === 13) ? '*' : '.',
    );
    expectSeparated(rows, (_, y) => (y < 7 ? 'A' : y > 7 ? 'B' : 'wall'));
  });

  test('vertical, down a 40 × 15 field, lights on both sides', () => {
    const rows = field(40, 15, (x, y) =>
      x === 17 ? '#' : (x === 2 && y === 12) || (x === 38 && y === 0) ? '*' : '.',
    );
    expectSeparated(rows, (x) => (x < 17 ? 'A' : x > 17 ? 'B' : 'wall'));
  });

  test('a closed room in an open field, lights inside and outside', () => {
    const inside = (x: number, y: number) => x > 8 && x < 27 && y > 3 && y < 11;
    const ring = (x: number, y: number) => x >= 8 && x <= 27 && y >= 3 && y <= 11 && !inside(x, y);
    const rows = field(36, 15, (x, y) =>
      ring(x, y) ? '#' : (x === 12 && y === 5) || (x === 1 && y === 13) ? '*' : '.',
    );
    expectSeparated(rows, (x, y) => (ring(x, y) ? 'wall' : inside(x, y) ? 'A' : 'B'));
  });

  test('every line crossing a full row or column takes a cell of it', () => {
    for (let ax = 0; ax < 30; ax++) {
      for (let bx = 0; bx < 30; bx++) {
        for (const [ay, by] of [
          [0, 9],
          [2, 4],
          [3, 5],
        ] as const) {
          const cells = line({ x: ax, y: ay }, { x: bx, y: by });
          for (let row = ay + 1; row < by; row++) {
            expect(cells.some((c) => c.y === row)).toBe(true);
          }
          const flipped = line({ x: ay, y: ax }, { x: by, y: bx });
          for (let column = ay + 1; column < by; column++) {
            expect(flipped.some((c) => c.x === column)).toBe(true);
          }
        }
      }
    }
  });

  test('drawn: two lit halls; from one, the wall is seen only where the view does not graze it', () => {
    const s = scene(`
      ####################  ....................
      #.....*............#  oooooooooooooooooooo
      #.................@#  oooooooooooooooooooo
      ####################  ................oooo
      #..*...............#  ....................
      #..................#  ....................
      ####################  ....................
    `);
    expect(fogPicture(s)).toBe(s.expected);
    // The hall below is lit, but not one cell of it is seen.
    expect(litMap(s.vis, s.occ)[5 * s.map.width + 10]).toBe(1);
  });
});
