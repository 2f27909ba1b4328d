/**
 * Every one-cell door of the built-in maps lets a player through: from the cell before it, at
 * every unit offset across it that corner assistance reaches (half a cell each side) and where
 * the box fits, holding the one key toward it, a hider (the slowest) is through within a
 * second. Before corner assistance, only the offsets within 4 units (across) or 8 (down) of
 * the door's line passed.
 */
import { describe, expect, test } from 'bun:test';
import { type GameMap, parseMap } from '../../src/game/map.ts';
import { BUILTIN_MAPS } from '../../src/game/maps/index.ts';
import { ASSIST_X, ASSIST_Y, boxHitsWall, KEY, movePlayer } from '../../src/game/movement.ts';
import { CELL_H, CELL_W, PLAYER_H, PLAYER_W, SPEED, stepDistance } from '../../src/game/units.ts';

const TICK_RATE = 30;

function wall(map: GameMap, c: number, r: number): boolean {
  return c < 0 || r < 0 || c >= map.width || r >= map.height || map.walls[r * map.width + c] === 1;
}

interface Door {
  readonly col: number;
  readonly row: number;
  /** 'y': walls left and right, passed up or down; 'x': walls above and below. */
  readonly axis: 'x' | 'y';
}

/** Floor cells between two walls with floor on both sides the other way: one-cell doors. */
function doors(map: GameMap): Door[] {
  const out: Door[] = [];
  for (let r = 0; r < map.height; r++) {
    for (let c = 0; c < map.width; c++) {
      if (wall(map, c, r)) continue;
      const sides = wall(map, c - 1, r) && wall(map, c + 1, r);
      const ends = wall(map, c, r - 1) && wall(map, c, r + 1);
      if (sides && !wall(map, c, r - 1) && !wall(map, c, r + 1))
        out.push({ col: c, row: r, axis: 'y' });
      if (ends && !wall(map, c - 1, r) && !wall(map, c + 1, r))
        out.push({ col: c, row: r, axis: 'x' });
    }
  }
  return out;
}

/** Holds `keys` from (x, y) for up to a second; the tick it got through, or -1. */
function pass(
  map: GameMap,
  x: number,
  y: number,
  keys: number,
  through: (x: number, y: number) => boolean,
) {
  for (let t = 0; t < TICK_RATE; t++) {
    ({ x, y } = movePlayer(map, x, y, keys, stepDistance(SPEED.B, t, TICK_RATE), []));
    if (through(x, y)) return t;
  }
  return -1;
}

describe('the built-in maps’ one-cell doors', () => {
  for (const [name, source] of Object.entries(BUILTIN_MAPS)) {
    test(`${name}: every door, both ways, every offset within reach`, () => {
      const parsed = parseMap(source);
      if (!parsed.ok) throw new Error(name);
      const { map } = parsed;
      const found = doors(map);
      expect(found.length).toBeGreaterThan(0);
      const failures: string[] = [];
      let cases = 0;
      for (const { col, row, axis } of found) {
        for (const dir of [-1, 1]) {
          if (axis === 'y') {
            // Standing in the cell above (below), centred in it, at every x within reach.
            const y = (row - dir) * CELL_H + (CELL_H - PLAYER_H) / 2;
            for (
              let x = col * CELL_W - ASSIST_X;
              x <= col * CELL_W + CELL_W - PLAYER_W + ASSIST_X;
              x++
            ) {
              if (boxHitsWall(map, x, y)) continue;
              cases++;
              const keys = dir > 0 ? KEY.down : KEY.up;
              const t = pass(map, x, y, keys, (_, py) =>
                dir > 0 ? py >= (row + 1) * CELL_H : py + PLAYER_H <= row * CELL_H,
              );
              if (t < 0) failures.push(`(${col},${row}) ${dir > 0 ? 'down' : 'up'} from x ${x}`);
            }
          } else {
            const x = (col - dir) * CELL_W + (CELL_W - PLAYER_W) / 2;
            for (
              let y = row * CELL_H - ASSIST_Y;
              y <= row * CELL_H + CELL_H - PLAYER_H + ASSIST_Y;
              y++
            ) {
              if (boxHitsWall(map, x, y)) continue;
              cases++;
              const keys = dir > 0 ? KEY.right : KEY.left;
              const t = pass(map, x, y, keys, (px) =>
                dir > 0 ? px >= (col + 1) * CELL_W : px + PLAYER_W <= col * CELL_W,
              );
              if (t < 0) failures.push(`(${col},${row}) ${dir > 0 ? 'right' : 'left'} from y ${y}`);
            }
          }
        }
      }
      expect(failures).toEqual([]);
      expect(cases).toBeGreaterThan(found.length * 2 * 5);
    });
  }
});
