import { describe, expect, test } from 'bun:test';
import { standsInLight } from '../../src/game/exposure.ts';
import { clearBetween } from '../../src/game/line.ts';
import {
  createOccupancy,
  createVisibility,
  setOccupants,
  visibleOthers,
} from '../../src/game/visibility.ts';
import { randomFloorCells, seeded } from './support/visibility-reference.ts';
import { gridMap, scene } from './support/visibility-scene.ts';

// `@` the hider asked about, `p` other living players, `*` a light, `#` walls.
describe('standsInLight: is a hider where a seeker could see it?', () => {
  test('in the open in a lit room: yes', () => {
    const s = scene(`
      ##########
      #.*......#
      #.....@..#
      ##########
    `);
    expect(standsInLight(s.vis, s.occ, s.viewer)).toBe(true);
  });

  test('behind a wall from the only light: no', () => {
    const s = scene(`
      ##########
      #.*..#...#
      #....#.@.#
      ##########
    `);
    expect(standsInLight(s.vis, s.occ, s.viewer)).toBe(false);
  });

  test("in another player's shadow: no; when that player steps away: yes", () => {
    const s = scene(`
      ##########
      #*.p.@...#
      ##########
    `);
    expect(standsInLight(s.vis, s.occ, s.viewer)).toBe(false);
    setOccupants(s.vis, s.occ, [s.viewer, s.viewer - 1]); // p right beside @: still in the way
    expect(standsInLight(s.vis, s.occ, s.viewer)).toBe(false);
    setOccupants(s.vis, s.occ, [s.viewer]);
    expect(standsInLight(s.vis, s.occ, s.viewer)).toBe(true);
  });

  test('a cell outside the map is never lit (no throw)', () => {
    const s = scene(`
      #####
      #*@.#
      #####
    `);
    for (const bad of [-1, 15, 1.5, Number.NaN])
      expect(standsInLight(s.vis, s.occ, bad)).toBe(false);
  });

  test('agrees with the culling: a seeker out of the proximity zone with a clear line sees the hider exactly when it stands in the light', () => {
    const map = gridMap([
      '####################',
      '#*.......#.........#',
      '#........#....#....#',
      '#...##.......##....#',
      '#........#.........#',
      '#....#...#......*..#',
      '####################',
    ]);
    const next = seeded(12);
    const vis = createVisibility(map);
    const occ = createOccupancy(vis);
    let checked = 0;
    for (let round = 0; round < 400; round++) {
      const cells = randomFloorCells(map, 4, next);
      const [hider, seeker] = cells as [number, number];
      if (new Set(cells).size < cells.length) continue;
      const dx = Math.abs((hider % map.width) - (seeker % map.width));
      const dy = Math.abs(Math.floor(hider / map.width) - Math.floor(seeker / map.width));
      if (dx <= 2 && dy <= 1) continue; // the proximity zone sees in the dark
      setOccupants(vis, occ, cells);
      const seen = visibleOthers(vis, occ, 1).includes(0);
      const lit = standsInLight(vis, occ, hider);
      // Seen from afar only when lit; lit and unseen only when the seeker's line is blocked.
      const w = map.width;
      const clear = clearBetween(
        occ.blockers,
        w,
        seeker % w,
        (seeker / w) | 0,
        hider % w,
        (hider / w) | 0,
      );
      expect(seen).toBe(lit && clear);
      if (clear) checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });
});
