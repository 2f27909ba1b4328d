/**
 * How the manor looks: a glyph and a style per cell, at any colour level. `haunted map` prints
 * the static view (lit areas as the lights alone make them); the game screen builds on the same
 * theme. At colour level `none` the glyphs alone tell walls, lit floor, dark floor and lights apart.
 */
import { type GameMap, mapGlyph } from '../game/map.ts';
import { type ColorLevel, RESET, type Rgb, type Style, sgr } from './palette.ts';

export const THEME = {
  wall: { fg: [150, 140, 160], bg: [58, 52, 66] } as Style,
  floorLit: { fg: [120, 104, 60], bg: [46, 40, 24] } as Style,
  floorDark: { fg: [44, 44, 56], bg: [10, 10, 14] } as Style,
  light: { fg: [255, 224, 110], bg: [46, 40, 24], bold: true } as Style,
  spawnSeekers: { fg: [230, 80, 80] } as Style,
  spawnHiders: { fg: [90, 140, 250] } as Style,
} as const;

/** Glyphs with colour, and the plain ASCII set used when there is none. */
export const GLYPHS = {
  color: {
    wall: '█',
    // ASCII, not the middle dot '·': one byte instead of two in UTF-8, and the floor is most
    // of what a frame rewrites when the fog moves (a fifth of an SSH player's bytes).
    floorLit: '.',
    floorDark: ' ',
    light: '☼',
    spawnAny: '+',
    spawnR: 'R',
    spawnB: 'B',
  },
  plain: {
    wall: '#',
    floorLit: '.',
    floorDark: ' ',
    light: '*',
    spawnAny: '+',
    spawnR: 'R',
    spawnB: 'B',
  },
} as const;

export interface StyledCell {
  readonly ch: string;
  readonly style: Style;
}

/** The cell as `haunted map` shows it: `lit` is 1 where some light reaches it. */
export function staticCell(
  map: GameMap,
  lit: Uint8Array,
  x: number,
  y: number,
  level: ColorLevel,
): StyledCell {
  const g = level === 'none' ? GLYPHS.plain : GLYPHS.color;
  const index = y * map.width + x;
  const floor = lit[index] ? THEME.floorLit : THEME.floorDark;
  switch (mapGlyph(map, x, y)) {
    case '#':
      return { ch: g.wall, style: THEME.wall };
    case '*':
      return { ch: g.light, style: THEME.light };
    case '+':
      return { ch: g.spawnAny, style: { ...floor, fg: THEME.floorLit.fg as Rgb } };
    case 'R':
      return { ch: g.spawnR, style: { ...floor, ...THEME.spawnSeekers } };
    case 'B':
      return { ch: g.spawnB, style: { ...floor, ...THEME.spawnHiders } };
    default:
      return { ch: lit[index] ? g.floorLit : g.floorDark, style: floor };
  }
}

/** A row of styled cells as one string: one escape sequence per run of equal style. */
export function rowToAnsi(cells: readonly StyledCell[], level: ColorLevel): string {
  let out = '';
  let last: Style | null = null;
  for (const cell of cells) {
    if (cell.style !== last) {
      out += sgr(level, cell.style);
      last = cell.style;
    }
    out += cell.ch;
  }
  return level === 'none' ? out : out + RESET;
}

/** Every row of the static view. */
export function staticMapRows(map: GameMap, lit: Uint8Array, level: ColorLevel): string[] {
  const rows: string[] = [];
  for (let y = 0; y < map.height; y++) {
    const cells: StyledCell[] = [];
    for (let x = 0; x < map.width; x++) cells.push(staticCell(map, lit, x, y, level));
    rows.push(rowToAnsi(cells, level));
  }
  return rows;
}
