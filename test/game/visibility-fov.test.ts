import { describe, expect, test } from 'bun:test';
import { createFovWork, fieldOfView } from '../../src/game/field-of-view.ts';
import { clearBetween } from '../../src/game/line.ts';
import { seeded } from './support/visibility-reference.ts';
import { gridMap, picture } from './support/visibility-scene.ts';

/** Cells where fieldOfView and a clearBetween walk per cell disagree. */
function mismatches(grid: Uint8Array, w: number, h: number, ox: number, oy: number): string[] {
  const out = new Uint8Array(w * h).fill(7);
  fieldOfView(grid, w, h, ox, oy, out, createFovWork());
  const wrong: string[] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const expected = clearBetween(grid, w, ox, oy, x, y) ? 1 : 0;
      if (out[y * w + x] !== expected) wrong.push(`from ${ox},${oy} to ${x},${y}`);
    }
  }
  return wrong;
}

describe('fieldOfView', () => {
  test('drawn: a pillar and a wall, seen from @', () => {
    const rows = [
      '..............',
      '......#.......',
      '..@...........',
      '..........###.',
      '..............',
    ];
    const map = gridMap(rows);
    const out = new Uint8Array(map.width * map.height);
    fieldOfView(map.walls, map.width, map.height, 2, 2, out, createFovWork());
    expect(picture(out, map.width)).toBe(
      [
        'oooooooo......',
        'ooooooo....ooo',
        'oooooooooooooo',
        'ooooooooooo...',
        'ooooooooooooo.',
      ].join('\n'),
    );
  });

  test('equals clearBetween for every origin and cell of random grids', () => {
    const next = seeded(11);
    const wrong: string[] = [];
    for (let trial = 0; trial < 60; trial++) {
      const w = 3 + next(22);
      const h = 3 + next(14);
      const grid = new Uint8Array(w * h);
      const density = next(5); // 0 to 40% blockers
      for (let c = 0; c < grid.length; c++) if (next(10) < density * 2) grid[c] = 1;
      for (let o = 0; o < grid.length; o++) {
        wrong.push(...mismatches(grid, w, h, o % w, Math.floor(o / w)));
      }
    }
    expect(wrong).toEqual([]);
  });

  test('equals clearBetween on long thin grids (wide and tall)', () => {
    const next = seeded(12);
    const wrong: string[] = [];
    for (const [w, h] of [
      [120, 4],
      [4, 60],
      [1, 9],
      [9, 1],
    ] as const) {
      const grid = new Uint8Array(w * h);
      for (let c = 0; c < grid.length; c++) if (next(8) === 0) grid[c] = 1;
      for (let o = 0; o < grid.length; o++) {
        wrong.push(...mismatches(grid, w, h, o % w, Math.floor(o / w)));
      }
    }
    expect(wrong).toEqual([]);
  });
});
