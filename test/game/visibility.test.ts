import { describe, expect, test } from 'bun:test';
import { CELL_H, CELL_W } from '../../src/game/units.ts';
import {
  cellVisible,
  litMap,
  playerCellIndex,
  setOccupants,
  visibleOthers,
} from '../../src/game/visibility.ts';
import {
  fogPicture,
  picture,
  pointPicture,
  type Scene,
  scene,
} from './support/visibility-scene.ts';

/** Both ways of computing what `@` sees must draw the expected picture. */
function expectSeen(s: Scene): void {
  expect(fogPicture(s)).toBe(s.expected);
  expect(pointPicture(s)).toBe(s.expected);
}

// Each scene: the map (`@` viewer, `p` other living players, `*` light, `#` wall) and, beside it,
// what the viewer sees (`o`) and does not see (`.`).
describe('what a living player sees', () => {
  test('a dark room: only the proximity zone (2 columns, 1 row each side)', () => {
    expectSeen(
      scene(`
        ##########  ..........
        #........#  ..ooooo...
        #...@....#  ..ooooo...
        #........#  ..ooooo...
        #........#  ..........
        ##########  ..........
      `),
    );
  });

  test('the proximity zone is not seen through a wall, even lit on the other side', () => {
    expectSeen(
      scene(`
        ##########  ..........
        #.#......#  ..oooo....
        #*#@.....#  ..oooo....
        #.#......#  ..oooo....
        ##########  ..........
      `),
    );
  });

  test('a lit room is seen whole; walls grazed by the light stay dark; next room unseen', () => {
    expectSeen(
      scene(`
        ##############  oooooo........
        #......#.....#  oooooooo......
        #.*....#.....#  oooooooo......
        #......#.....#  oooooooo......
        #....@.#.....#  oooooooo......
        ##############  ...ooooo......
      `),
    );
  });

  test('a wall casts a shadow from the light, and hides what is behind it from the viewer', () => {
    expectSeen(
      scene(`
        ################  ...ooo..........
        #..............#  oo...oooo.......
        #.*..#.........#  oooo.o..........
        #..............#  oooooooo........
        #..............#  oooooooooooooo..
        #.........@....#  oooooooooooooooo
        ################  ........ooooo...
      `),
    );
  });

  test('a player casts a shadow from the light and blocks the line of sight', () => {
    const s = scene(`
      ################  ...ooo..........
      #..............#  ....ooooo.......
      #.*..p.........#  oooo.o..........
      #..............#  ooooooooooooo...
      #.........@....#  oooooooooooooo..
      ################  ........ooooo...
    `);
    expectSeen(s);
    // Without that player, its cell's shadow and the cells it hid are back.
    const alone = scene(`
      ################
      #..............#
      #.*............#
      #..............#
      #.........@....#
      ################
    `);
    expect(fogPicture(alone)).toBe(
      [
        '...ooo..........',
        'oooooooooooooooo',
        'oooooooooooooooo',
        'oooooooooooooooo',
        'oooooooooooooooo',
        '........ooooo...',
      ].join('\n'),
    );
  });

  test('a player hides another player standing behind it', () => {
    const s = scene(`
      ################  oo...ooo........
      #..............#  ooo...oooooo..oo
      #..............#  ooooo.ooooo.....
      #.@...p...p....#  ooooooo.........
      #..............#  oooooooooo......
      #.......*......#  oooooooooooooooo
      ################  ......ooo.......
    `);
    expectSeen(s);
    // The players are [@, first p, second p]: @ sees the first only, and the second sees the
    // first only.
    expect(visibleOthers(s.vis, s.occ, 0)).toEqual([1]);
    expect(visibleOthers(s.vis, s.occ, 2)).toEqual([1]);
    expect(visibleOthers(s.vis, s.occ, 1)).toEqual([0, 2]);
  });

  test("the viewer's own shadow: dark behind it, except in its proximity zone", () => {
    const s = scene(`
      ################  ..oooo..........
      #..............#  ooooooooo.......
      #.*..@.........#  oooooooo........
      #..............#  oooooooo........
      ################  .oooooo.........
    `);
    expectSeen(s);
    expect(picture(litMap(s.vis, s.occ), s.map.width)).toBe(
      [
        'oooooo..........',
        'ooooooooo.......',
        'oooooo..........',
        'oooooooo........',
        'ooooooo.........',
      ].join('\n'),
    );
  });

  test('a lit cell far away is seen through a doorway', () => {
    const s = scene(`
      #######################  .......................
      #..........#..........#  ...........o...........
      #..........#..........#  ooooo......o.........oo
      #.@.................*.#  ooooooooooooooooooooooo
      #..........#..........#  ooooo......o........ooo
      #..........#..........#  ...........o...........
      #######################  .......................
    `);
    expectSeen(s);
    const at = (x: number, y: number) => y * s.map.width + x;
    expect(cellVisible(s.vis, s.occ, s.viewer, at(21, 2))).toBe(true);
    expect(cellVisible(s.vis, s.occ, s.viewer, at(15, 2))).toBe(false);
  });

  test('in the dark, players see each other only inside their proximity zones', () => {
    // Players: [@ (2,2), p (5,1), p (3,2), p (7,2)]. The picture is what p (3,2) sees: its zone,
    // less the two cells @ hides from it.
    const s = scene(`
      ##############  ..............
      #....p.......#  .ooooo........
      #.@p...p.....#  ..oooo........
      #............#  ..oooo........
      ##############  ..............
    `);
    expectSeen({ ...s, viewer: s.players[2]! });
    expect(visibleOthers(s.vis, s.occ, 0)).toEqual([2]);
    expect(visibleOthers(s.vis, s.occ, 2)).toEqual([0, 1]);
    expect(visibleOthers(s.vis, s.occ, 3)).toEqual([1]);
    expect(cellVisible(s.vis, s.occ, s.viewer, s.viewer)).toBe(true);
  });

  test('players are placed by the cell holding their centre; moving them moves the shadows', () => {
    const s = scene(`
      ##########
      #*.....@.#
      #........#
      ##########
    `);
    // A player box whose top-left is at column 3, row 1 plus a few units: its centre is there too.
    const p = playerCellIndex(s.vis, 3 * CELL_W + 2, 1 * CELL_H + 5);
    expect(p).toBe(1 * s.map.width + 3);
    expect(cellVisible(s.vis, s.occ, s.viewer, 1 * s.map.width + 2)).toBe(true);
    setOccupants(s.vis, s.occ, [s.viewer, p]);
    // (2,1) is now hidden behind the player, which is lit and seen itself.
    expect(cellVisible(s.vis, s.occ, s.viewer, 1 * s.map.width + 2)).toBe(false);
    expect(visibleOthers(s.vis, s.occ, 0)).toEqual([1]);
    setOccupants(s.vis, s.occ, s.occ.cells);
    expect(s.occ.cells).toEqual([s.viewer, p]);
  });
});
