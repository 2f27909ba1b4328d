/**
 * The fog (shadow wedges over the whole grid), the point test (O(1) membership per light and
 * player) and the rule read literally (support/visibility-reference.ts, walking `line()`) must
 * agree on every cell, for every state tried.
 */

import { describe, expect, test } from 'bun:test';
import { createLightMaps } from '../../src/game/light.ts';
import { type GameMap, parseMap } from '../../src/game/map.ts';
import classicText from '../../src/game/maps/classic.map' with { type: 'text' };
import {
  cellVisible,
  computeFog,
  createOccupancy,
  createVisibility,
  litMap,
  setOccupants,
} from '../../src/game/visibility.ts';
import {
  randomFloorCells,
  referenceClear,
  referenceVisible,
  seeded,
} from './support/visibility-reference.ts';
import { gridMap } from './support/visibility-scene.ts';

function classic(): GameMap {
  const parsed = parseMap(classicText);
  if (!parsed.ok) throw new Error('classic map does not parse');
  return parsed.map;
}

const SMALL_MAPS: Record<string, readonly string[]> = {
  'two rooms and a doorway': [
    '############',
    '#....#..*..#',
    '#.*..#.....#',
    '#..........#',
    '#....#.##..#',
    '############',
  ],
  pillars: [
    '###########',
    '#*.......*#',
    '#..#...#..#',
    '#....#....#',
    '#..#...#..#',
    '#*.......*#',
    '###########',
  ],
  'open, no border, dark corner': [
    '..........',
    '.*.....#..',
    '.......#..',
    '..####.#..',
    '.......#..',
  ],
  'no light at all': ['#########', '#...#...#', '#.......#', '#...#...#', '#########'],
};

/** Every cell where fog, point test and reference disagree, as readable strings. */
function disagreements(map: GameMap, living: readonly number[], viewer: number): string[] {
  const vis = createVisibility(map);
  const occ = createOccupancy(vis);
  setOccupants(vis, occ, living);
  const fog = new Uint8Array(map.width * map.height);
  computeFog(vis, occ, viewer, fog);
  const wrong: string[] = [];
  for (let c = 0; c < fog.length; c++) {
    const point = cellVisible(vis, occ, viewer, c);
    const reference = referenceVisible(map, living, viewer, c);
    if ((fog[c] === 1) !== point || point !== reference) {
      wrong.push(
        `viewer ${viewer} players ${living} cell ${c}: fog ${fog[c]} point ${point} ref ${reference}`,
      );
    }
  }
  return wrong;
}

describe('fog == point test == the rule, exhaustively on small maps', () => {
  for (const [name, rows] of Object.entries(SMALL_MAPS)) {
    test(name, () => {
      const map = gridMap(rows);
      const next = seeded(name.length);
      const wrong: string[] = [];
      for (let viewer = 0; viewer < map.walls.length; viewer++) {
        if (map.walls[viewer] === 1) continue;
        // Alone, then 1 to 6 other living players at random (sometimes sharing cells), 3 times.
        for (let others = 0; others <= 18; others++) {
          const living = [viewer, ...randomFloorCells(map, others % 7, next)];
          wrong.push(...disagreements(map, living, viewer));
        }
      }
      expect(wrong).toEqual([]);
    });
  }
});

describe('on the classic map', () => {
  const map = classic();
  const vis = createVisibility(map);
  const occ = createOccupancy(vis);
  const fog = new Uint8Array(map.width * map.height);

  test('fog == point test for every viewer of 40 random states of 10 players', () => {
    const next = seeded(2024);
    let mismatches = 0;
    for (let state = 0; state < 40; state++) {
      const living = randomFloorCells(map, 10, next);
      setOccupants(vis, occ, living);
      for (const viewer of living) {
        computeFog(vis, occ, viewer, fog);
        for (let c = 0; c < fog.length; c++) {
          if ((fog[c] === 1) !== cellVisible(vis, occ, viewer, c)) mismatches++;
        }
      }
    }
    expect(mismatches).toBe(0);
  });

  test('fog == the rule read literally, a few states', () => {
    const next = seeded(7);
    const wrong: string[] = [];
    for (let state = 0; state < 4; state++) {
      const living = randomFloorCells(map, 10, next);
      for (const viewer of living) wrong.push(...disagreements(map, living, viewer));
    }
    expect(wrong).toEqual([]);
  });

  test('sight is mutual: two players both standing in light see each other or neither', () => {
    const next = seeded(99);
    for (let state = 0; state < 200; state++) {
      const living = randomFloorCells(map, 10, next);
      setOccupants(vis, occ, living);
      const lit = litMap(vis, occ);
      for (const a of living) {
        for (const b of living) {
          if (lit[a] === 1 && lit[b] === 1) {
            expect(cellVisible(vis, occ, a, b)).toBe(cellVisible(vis, occ, b, a));
          }
        }
      }
    }
  });
});

describe('static light maps', () => {
  const maps = [classic(), ...Object.values(SMALL_MAPS).map(gridMap)];
  test('equal a brute-force recomputation with line()', () => {
    for (const map of maps) {
      const light = createLightMaps(map);
      const none = new Set<number>();
      const any = new Uint8Array(map.width * map.height);
      map.lights.forEach((l, i) => {
        const expected = new Uint8Array(map.width * map.height);
        for (let c = 0; c < expected.length; c++) {
          const cell = { x: c % map.width, y: Math.floor(c / map.width) };
          if (referenceClear(map, none, l, cell)) expected[c] = 1;
        }
        expected.forEach((v, c) => {
          any[c]! |= v;
        });
        expect(light.perLight[i]).toEqual(expected);
      });
      expect(light.any).toEqual(any);
    }
  });
});
