/**
 * The classic WALLS of one of our maps: the wall cells merged into rectangles, and the lights as
 * the original showed them, small yellow squares (PROTOCOL-CLASSIC.md §6). Coordinates in our
 * units (a cell is CELL_W × CELL_H): the client scales the world size it is given to its window.
 */
import type { GameMap } from '../../game/map.ts';
import { CELL_H, CELL_W } from '../../game/units.ts';
import type { ClassicRect } from './replies.ts';

/** The prototype's wall grey and the original's light yellow. */
const WALL_RGB = [30, 30, 30] as const;
const LIGHT_RGB = [255, 255, 0] as const;
/** The original's light square, units. */
const LIGHT_SIZE = 10;

/**
 * Greedy merge in reading order: from each wall cell not yet covered, the widest run to the
 * right, then as many rows down as repeat that whole run: the classic manor in 26 rectangles.
 */
export function classicWalls(map: GameMap): ClassicRect[] {
  const { width, height, walls } = map;
  const used = new Uint8Array(width * height);
  const free = (x: number, y: number) => walls[y * width + x] === 1 && used[y * width + x] === 0;
  const out: ClassicRect[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!free(x, y)) continue;
      let w = 1;
      while (x + w < width && free(x + w, y)) w++;
      let h = 1;
      for (; y + h < height; h++) {
        let whole = true;
        for (let i = 0; i < w && whole; i++) whole = free(x + i, y + h);
        if (!whole) break;
      }
      for (let j = 0; j < h; j++) used.fill(1, (y + j) * width + x, (y + j) * width + x + w);
      out.push({ rgb: WALL_RGB, x: x * CELL_W, y: y * CELL_H, w: w * CELL_W, h: h * CELL_H });
    }
  }
  for (const l of map.lights) {
    out.push({
      rgb: LIGHT_RGB,
      x: l.x * CELL_W + (CELL_W - LIGHT_SIZE) / 2,
      y: l.y * CELL_H + (CELL_H - LIGHT_SIZE) / 2,
      w: LIGHT_SIZE,
      h: LIGHT_SIZE,
    });
  }
  return out;
}
