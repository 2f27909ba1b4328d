import { describe, expect, test } from 'bun:test';
import {
  ASSIST_X,
  ASSIST_Y,
  boxesOverlap,
  boxHitsWall,
  KEY,
  movePlayer,
} from '../../src/game/movement.ts';
import { rngInt, seedRng } from '../../src/game/rng.ts';
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

describe('corner assistance (one key held against a corner)', () => {
  test('coming up through a gap, Left slides up off the corner and goes on left', () => {
    const { map } = drawWorld(`
########
#......#
###.####
#......#
########`);
    // Flush with the gap's left side, its bottom 10 units into the gap's row: Left is blocked.
    const start = { x: 3 * CELL_W, y: 2 * CELL_H + 10 - PLAYER_H };
    expect(movePlayer(map, start.x, start.y, KEY.left, 4, [])).toEqual({
      x: start.x,
      y: start.y - 4, // slid up by the whole step
    });
    let pos = start;
    for (let i = 0; i < 8; i++) pos = movePlayer(map, pos.x, pos.y, KEY.left, 4, []);
    expect(pos.y + PLAYER_H).toBe(2 * CELL_H); // just clear of the gap's row, no higher
    expect(pos.x).toBe(start.x - (32 - 10)); // then left with the rest of the 32 units
  });

  test('the slide uses what the move left of the step, then goes on through', () => {
    const { map } = drawWorld(`
########
#......#
###.####
#......#
########`);
    // 2 units above the wall, 3 units left of the door's line: 2 down, 3 right, 1 down.
    const y = 2 * CELL_H - PLAYER_H - 2;
    expect(movePlayer(map, 3 * CELL_W - 3, y, KEY.down, 6, [])).toEqual({
      x: 3 * CELL_W,
      y: y + 3,
    });
  });

  test('toward the nearer opening, and only within half a cell', () => {
    // On a grid of whole cells two openings on either side of a wall are 28 units apart across
    // (56 down): never both within reach, so the tie rule (left, up first) never decides.
    const { map } = drawWorld(`
########
#......#
#.#.#..#
#......#
########`);
    const y = 2 * CELL_H - PLAYER_H; // flush on the wall row
    // 2 units right of where it clears column 1's opening, 26 left of column 3's.
    const x = CELL_W + (CELL_W - PLAYER_W) + 2;
    expect(movePlayer(map, x, y, KEY.down, 1, [])).toEqual({ x: x - 1, y });
    expect(movePlayer(map, x + 26 - ASSIST_X, y, KEY.down, 2, [])).toEqual({
      x: x + 28 - ASSIST_X,
      y,
    });
    // Over the middle of the wall cell: 14 units to either opening.
    const middle = 2 * CELL_W + 2;
    expect(movePlayer(map, middle, y, KEY.down, 4, [])).toEqual({ x: middle, y });
  });

  test('another player in the way gets no slide; a player beside stops the slide', () => {
    const { map } = drawWorld(`
########
#......#
#......#
###.####
#......#
########`);
    const flush = 3 * CELL_H - PLAYER_H;
    const x = 3 * CELL_W - 5; // 5 units left of the door's line
    // A player in front of it, flush on the wall: it blocks first, so no slide.
    const front = { x, y: flush, w: PLAYER_W, h: PLAYER_H };
    expect(movePlayer(map, x, flush - PLAYER_H - 2, KEY.down, 8, [front])).toEqual({
      x,
      y: flush - PLAYER_H,
    });
    // A player 2 units to its right: the slide toward the door stops against it.
    const side = { x: x + PLAYER_W + 2, y: flush, w: PLAYER_W, h: PLAYER_H };
    expect(movePlayer(map, x, flush, KEY.down, 8, [side])).toEqual({ x: x + 2, y: flush });
  });

  test('never into a wall or another player, never more than the step, the slide bounded', () => {
    const { map } = drawWorld(`
################
#..#....#......#
#..#.##.#.####.#
#......#.......#
##.###.###.#.###
#....#.....#...#
#.##...###...#.#
#....#...#.#...#
################`);
    const rng = seedRng(12);
    const free = () => {
      for (;;) {
        const x = rngInt(rng, map.width * CELL_W - PLAYER_W);
        const y = rngInt(rng, map.height * CELL_H - PLAYER_H);
        if (!boxHitsWall(map, x, y)) return { x, y, w: PLAYER_W, h: PLAYER_H };
      }
    };
    const one = [KEY.up, KEY.down, KEY.left, KEY.right];
    let slides = 0;
    for (let i = 0; i < 20_000; i++) {
      const me = free();
      const others = Array.from({ length: rngInt(rng, 4) }, free).filter(
        (o) => !boxesOverlap(o, me),
      );
      const keys = one[rngInt(rng, 4)]!;
      const dist = 1 + rngInt(rng, 20);
      const to = movePlayer(map, me.x, me.y, keys, dist, others);
      const box = { ...to, w: PLAYER_W, h: PLAYER_H };
      expect(boxHitsWall(map, to.x, to.y)).toBe(false);
      for (const o of others) expect(boxesOverlap(box, o)).toBe(false);
      const dx = Math.abs(to.x - me.x);
      const dy = Math.abs(to.y - me.y);
      expect(dx + dy).toBeLessThanOrEqual(dist);
      const sideways = keys === KEY.up || keys === KEY.down ? dx : dy;
      expect(sideways).toBeLessThanOrEqual(
        keys === KEY.up || keys === KEY.down ? ASSIST_X : ASSIST_Y,
      );
      if (sideways > 0) slides++;
    }
    expect(slides).toBeGreaterThan(100); // the corners were met
  });

  test('holding a key against a wall with no opening in reach: no creeping sideways', () => {
    const { map } = drawWorld(`
#########
#.......#
#.......#
####.####
#.......#
#########`);
    // 9 units left of where the box would clear the door: one unit out of reach.
    const start = { x: 4 * CELL_W - ASSIST_X - 1, y: 3 * CELL_H - PLAYER_H };
    let pos = start;
    for (let i = 0; i < 60; i++) pos = movePlayer(map, pos.x, pos.y, KEY.down, 4, []);
    expect(pos).toEqual(start);
  });

  test('in an open room it changes nothing: every move is the plain sweep', () => {
    const { map } = drawWorld(`
############
#..........#
#..........#
#..........#
#..........#
############`);
    const rng = seedRng(3);
    for (let i = 0; i < 5000; i++) {
      const x = CELL_W + rngInt(rng, 10 * CELL_W - PLAYER_W);
      const y = CELL_H + rngInt(rng, 4 * CELL_H - PLAYER_H);
      const keys = [KEY.up, KEY.down, KEY.left, KEY.right][rngInt(rng, 4)]!;
      const dist = 1 + rngInt(rng, 40);
      const dx = keys === KEY.left ? -1 : keys === KEY.right ? 1 : 0;
      const dy = keys === KEY.up ? -1 : keys === KEY.down ? 1 : 0;
      // The plain sweep: as far as the room allows along the one axis, nothing across.
      const maxX = 11 * CELL_W - PLAYER_W;
      const maxY = 5 * CELL_H - PLAYER_H;
      const want = {
        x: Math.min(maxX, Math.max(CELL_W, x + dx * dist)),
        y: Math.min(maxY, Math.max(CELL_H, y + dy * dist)),
      };
      expect(movePlayer(map, x, y, keys, dist, [])).toEqual(want);
    }
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
