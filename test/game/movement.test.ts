import { describe, expect, test } from 'bun:test';
import { KEY, movePlayer } from '../../src/game/movement.ts';
import { CELL_H, CELL_W, PLAYER_H, PLAYER_W, SPEED, stepDistance } from '../../src/game/units.ts';
import { drawWorld } from '../support/world.ts';

const box = (p: { x: number; y: number }) => ({ ...p, w: PLAYER_W, h: PLAYER_H });

/** Moves `who` with `keys` for `n` steps of `dist` units, the others standing still. */
function walk(picture: string, who: string, keys: number, dist: number, n = 1) {
  const { map, at } = drawWorld(picture);
  const others = Object.entries(at)
    .filter(([k]) => k !== who)
    .map(([, p]) => box(p));
  let pos = at[who]!;
  for (let i = 0; i < n; i++) pos = movePlayer(map, pos.x, pos.y, keys, dist, others);
  return { pos, map, at };
}

describe('movement against walls ("sticking to walls")', () => {
  test('a move into a wall stops flush against it, not short of it', () => {
    const { pos } = walk(
      `
########
#a...#.#
########
########`,
      'a',
      KEY.right,
      1000,
    );
    expect(pos.x + PLAYER_W).toBe(5 * CELL_W); // right edge on the wall's left edge
  });

  test('a step smaller than the gap is taken whole; the next one closes the gap exactly', () => {
    const picture = `
########
#.a#...#
########
########`;
    const start = drawWorld(picture).at.a!;
    const gap = 3 * CELL_W - (start.x + PLAYER_W); // 2 units
    expect(walk(picture, 'a', KEY.right, 1).pos.x).toBe(start.x + 1);
    expect(walk(picture, 'a', KEY.right, 7, 3).pos.x).toBe(start.x + gap);
  });

  test('upwards and leftwards too', () => {
    const { pos } = walk(
      `
########
#......#
#..a...#
########`,
      'a',
      KEY.up | KEY.left,
      1000,
    );
    expect(pos).toEqual({ x: CELL_W, y: CELL_H });
  });

  test('a diagonal move slides along the wall it meets', () => {
    const picture = `
##########
#........#
#.a......#
##########`;
    const start = drawWorld(picture).at.a!;
    const { pos } = walk(picture, 'a', KEY.down | KEY.right, 20, 3);
    expect(pos.y + PLAYER_H).toBe(3 * CELL_H); // against the floor's bottom wall
    expect(pos.x).toBe(start.x + 60); // still went right the whole way
  });

  test('the map edge blocks like a wall, even without a border', () => {
    const { pos, map } = walk(
      `
........
......a.
........
........`,
      'a',
      KEY.right | KEY.down,
      10_000,
    );
    expect(pos).toEqual({ x: map.width * CELL_W - PLAYER_W, y: map.height * CELL_H - PLAYER_H });
  });

  test('a one-cell doorway can be walked through', () => {
    const { pos } = walk(
      `
#########
#a..#...#
#...#...#
#.......#
#########`,
      'a',
      KEY.down,
      CELL_H,
      2,
    );
    const through = walk(
      `
#########
#...#...#
#...#...#
#..a....#
#########`,
      'a',
      KEY.right,
      CELL_W,
      4,
    );
    expect(pos.y).toBe(3 * CELL_H + (CELL_H - PLAYER_H) / 2);
    expect(through.pos.x).toBe(7 * CELL_W + (CELL_W - PLAYER_W) / 2);
  });

  test('a thin diagonal of wall corners cannot be squeezed through', () => {
    const { pos, at } = walk(
      `
########
#..#...#
#a#....#
########`,
      'a',
      KEY.right | KEY.up,
      1000,
    );
    expect(pos.x + PLAYER_W).toBe(2 * CELL_W); // stopped by the wall to its right
    expect(pos.x).toBeLessThanOrEqual(at.a!.x + CELL_W);
  });
});

describe('movement against players', () => {
  test('players block each other and stop flush (touching)', () => {
    const { pos, at } = walk(
      `
##########
#a.....b.#
##########
##########`,
      'a',
      KEY.right,
      10_000,
    );
    expect(pos.x + PLAYER_W).toBe(at.b!.x);
  });

  test('a player off to the side does not block', () => {
    const { pos, at } = walk(
      `
##########
#a.......#
#......b.#
##########`,
      'a',
      KEY.right,
      10_000,
    );
    expect(pos.x).toBeGreaterThan(at.b!.x);
  });
});

describe('speeds', () => {
  test('the original ratio 10 : 4 : 3 (unassigned : seekers : hiders)', () => {
    expect(SPEED.N / 10).toBe(SPEED.R / 4);
    expect(SPEED.R / 4).toBe(SPEED.B / 3);
  });

  test('per second, whatever the tick rate: integer steps that add up exactly', () => {
    for (const rate of [7, 20, 30, 60, 120]) {
      for (const speed of Object.values(SPEED)) {
        let sum = 0;
        for (let t = 0; t < rate * 3; t++) {
          const d = stepDistance(speed, t, rate);
          expect(Number.isInteger(d)).toBe(true);
          sum += d;
        }
        expect(sum).toBe(speed * 3);
      }
    }
  });
});
