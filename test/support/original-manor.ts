/**
 * The original game's classic map (GAME.md), in its own units: a 1728×972 field, walls as
 * (x, y, w, h) and three 10×10 lights. `convertOriginalManor` draws it on our grid: 16 units a
 * column, 32.4 a row (972 / 30), one-cell-thick walls on the wall's centre line, a wall border
 * around the field. The built-in map must equal this conversion (test/classic-map.test.ts).
 */
export const ORIGINAL_FIELD = { w: 1728, h: 972 };
export const ORIGINAL_WALLS: readonly (readonly [number, number, number, number])[] = [
  [350, 575, 225, 10],
  [150, 800, 200, 10],
  [350, 500, 10, 310],
  [250, 500, 100, 10],
  [850, 100, 10, 450],
  [450, 100, 400, 10],
  [75, 100, 275, 10],
  [75, 50, 10, 200],
  [325, 250, 150, 10],
  [850, 650, 10, 250],
  [650, 800, 550, 10],
  [1400, 800, 200, 10],
  [1600, 300, 10, 510],
  [1400, 225, 200, 10],
  [1400, 225, 10, 510],
  [1400, 625, 150, 10],
  [1450, 400, 150, 10],
  [1150, 0, 10, 350],
  [1000, 450, 310, 10],
];
export const ORIGINAL_LIGHTS: readonly (readonly [number, number])[] = [
  [200, 200],
  [500, 800],
  [1500, 500],
];

const COL = 16;
const ROW = 972 / 30;

/** Grid rows (with the border) of the original manor. */
export function convertOriginalManor(): string[] {
  const cols = ORIGINAL_FIELD.w / COL; // 108
  const rows = 30;
  const grid: string[][] = Array.from({ length: rows + 2 }, (_, y) =>
    Array.from({ length: cols + 2 }, (_, x) =>
      x === 0 || y === 0 || x === cols + 1 || y === rows + 1 ? '#' : '.',
    ),
  );
  const set = (x: number, y: number, ch: string) => {
    const row = grid[y + 1];
    if (row && x + 1 < row.length) row[x + 1] = ch;
  };
  for (const [x, y, w, h] of ORIGINAL_WALLS) {
    if (w >= h) {
      const row = Math.floor((y + h / 2) / ROW);
      for (let c = Math.floor(x / COL); c <= Math.floor((x + w - 1) / COL); c++) set(c, row, '#');
    } else {
      const col = Math.floor((x + w / 2) / COL);
      for (let r = Math.floor(y / ROW); r <= Math.floor((y + h - 1) / ROW); r++) set(col, r, '#');
    }
  }
  for (const [x, y] of ORIGINAL_LIGHTS) {
    set(Math.floor((x + 5) / COL), Math.floor((y + 5) / ROW), '*');
  }
  return grid.map((r) => r.join(''));
}
