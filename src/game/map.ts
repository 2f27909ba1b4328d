/**
 * The ASCII map format (docs/MAPS.md): an optional header of `key: value` lines closed by a line
 * `---`, then the grid, one character a cell. Parsing is pure and never throws: a bad map gives
 * every problem found with its line and column (the header's and the grid's together); a good
 * one may come with warnings, in the same form (a floor split into parts nobody can walk between).
 */

/** A cell position in columns and rows. */
export interface Cell {
  readonly x: number;
  readonly y: number;
}

export interface GameMap {
  readonly name: string;
  readonly author: string;
  /** Size in cells. */
  readonly width: number;
  readonly height: number;
  /** 1 where a wall stands, by cell index `y * width + x`. */
  readonly walls: Uint8Array;
  /** Light sources, in file order (reading order). At most MAP_LIMITS.lights. */
  readonly lights: readonly Cell[];
  /** Spawn cells by who may use them: anyone, seekers (R), hiders (B). Cell indices. */
  readonly spawns: {
    readonly any: readonly number[];
    readonly R: readonly number[];
    readonly B: readonly number[];
  };
}

export const MAP_LIMITS = {
  minWidth: 8,
  maxWidth: 250,
  minHeight: 4,
  maxHeight: 120,
  lights: 32,
  nameLength: 40,
} as const;

/** Grid characters and what they mean. */
export const MAP_GLYPHS = {
  wall: '#',
  floor: '.',
  floorAlt: ' ',
  light: '*',
  spawnAny: '+',
  spawnSeekers: 'R',
  spawnHiders: 'B',
} as const;

export interface MapError {
  /** 1-based line and column in the map file. */
  readonly line: number;
  readonly column: number;
  readonly reason: string;
}

export type ParseMapResult =
  | { readonly ok: true; readonly map: GameMap; readonly warnings: readonly MapError[] }
  | { readonly ok: false; readonly errors: readonly MapError[] };

const HEADER_KEYS = new Set(['name', 'author']);
const MAX_ERRORS = 20;

export function parseMap(text: string): ParseMapResult {
  const errors: MapError[] = [];
  const fail = (line: number, column: number, reason: string) => {
    if (errors.length < MAX_ERRORS) errors.push({ line, column, reason });
  };
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const header: Record<string, string> = { name: 'Untitled', author: '' };

  let gridStart = 0;
  const separator = lines.findIndex((l) => l.trimEnd() === '---');
  if (separator >= 0) {
    for (let i = 0; i < separator; i++) {
      const raw = lines[i] ?? '';
      if (raw.trim() === '' || raw.trimStart().startsWith(';')) continue;
      const colon = raw.indexOf(':');
      if (colon < 0) {
        fail(i + 1, 1, 'a header line must be "key: value" (or a ";" comment)');
        continue;
      }
      const key = raw.slice(0, colon).trim().toLowerCase();
      const value = raw.slice(colon + 1).trim();
      if (!HEADER_KEYS.has(key)) {
        fail(i + 1, 1, `unknown header key "${key}" (known: name, author)`);
      } else if (value.length > MAP_LIMITS.nameLength) {
        fail(i + 1, colon + 2, `${key} is longer than ${MAP_LIMITS.nameLength} characters`);
      } else if (!/^[\x20-\x7e]*$/.test(value)) {
        fail(i + 1, colon + 2, `${key} must be printable ASCII`);
      } else {
        header[key] = value;
      }
    }
    gridStart = separator + 1;
  }

  const headerErrors = errors.length;
  // The grid: from the first non-empty line after the header to the last non-empty line.
  let first = gridStart;
  while (first < lines.length && (lines[first] ?? '').trimEnd() === '') first++;
  let last = lines.length - 1;
  while (last >= first && (lines[last] ?? '').trimEnd() === '') last--;
  if (first > last) {
    fail(Math.min(gridStart + 1, lines.length), 1, 'the map has no grid');
    return { ok: false, errors };
  }

  const rows = lines.slice(first, last + 1).map((l) => l.trimEnd());
  const width = Math.max(...rows.map((r) => r.length));
  const height = rows.length;
  if (height > MAP_LIMITS.maxHeight) {
    fail(
      first + MAP_LIMITS.maxHeight + 1,
      1,
      `the map is taller than ${MAP_LIMITS.maxHeight} rows`,
    );
  }
  if (height < MAP_LIMITS.minHeight) {
    fail(first + 1, 1, `the map must be at least ${MAP_LIMITS.minHeight} rows tall`);
  }
  if (width > MAP_LIMITS.maxWidth) {
    const row = rows.findIndex((r) => r.length > MAP_LIMITS.maxWidth);
    fail(
      first + row + 1,
      MAP_LIMITS.maxWidth + 1,
      `the map is wider than ${MAP_LIMITS.maxWidth} columns`,
    );
  }
  if (width < MAP_LIMITS.minWidth) {
    fail(first + 1, 1, `the map must be at least ${MAP_LIMITS.minWidth} columns wide`);
  }
  // A grid of the wrong size is not read further; header errors do not stop the grid's check.
  if (errors.length > headerErrors) return { ok: false, errors };

  const walls = new Uint8Array(width * height);
  const lights: Cell[] = [];
  const spawns = { any: [] as number[], R: [] as number[], B: [] as number[] };
  let floors = 0;
  for (let y = 0; y < height; y++) {
    const row = rows[y] ?? '';
    for (let x = 0; x < width; x++) {
      // Short rows are padded with floor: editors trim trailing spaces.
      const ch = x < row.length ? row[x] : MAP_GLYPHS.floor;
      const index = y * width + x;
      switch (ch) {
        case MAP_GLYPHS.wall:
          walls[index] = 1;
          break;
        case MAP_GLYPHS.floor:
        case MAP_GLYPHS.floorAlt:
          floors++;
          break;
        case MAP_GLYPHS.light:
          floors++;
          if (lights.length >= MAP_LIMITS.lights) {
            fail(first + y + 1, x + 1, `more than ${MAP_LIMITS.lights} lights`);
          }
          lights.push({ x, y });
          break;
        case MAP_GLYPHS.spawnAny:
          floors++;
          spawns.any.push(index);
          break;
        case MAP_GLYPHS.spawnSeekers:
          floors++;
          spawns.R.push(index);
          break;
        case MAP_GLYPHS.spawnHiders:
          floors++;
          spawns.B.push(index);
          break;
        case '\t':
          fail(first + y + 1, x + 1, 'a tab (use spaces or "." for floor)');
          break;
        default:
          fail(first + y + 1, x + 1, `unknown character ${JSON.stringify(ch)} (see docs/MAPS.md)`);
      }
    }
  }
  if (floors === 0 && errors.length === headerErrors)
    fail(first + 1, 1, 'the map has no floor to stand on');
  if (errors.length > 0) return { ok: false, errors };
  const warnings = sealedParts(walls, width, height).map((part) => ({
    line: first + part.y + 1,
    column: part.x + 1,
    reason: `this floor (${part.cells} cells) is sealed off from the largest floor (${part.largest} cells): nobody can walk from one to the other`,
  }));
  return {
    ok: true,
    map: {
      name: header.name ?? 'Untitled',
      author: header.author ?? '',
      width,
      height,
      walls,
      lights,
      spawns,
    },
    warnings: warnings.slice(0, MAX_ERRORS),
  };
}

/**
 * The floor's parts that nobody can walk between, but the largest: the first cell of each (in
 * reading order), its size and the largest part's. Cells join through their four sides only:
 * a player (as wide as a cell) cannot squeeze between two walls that touch at a corner.
 */
function sealedParts(
  walls: Uint8Array,
  width: number,
  height: number,
): { x: number; y: number; cells: number; largest: number }[] {
  const part = new Int32Array(width * height).fill(-1);
  const parts: { first: number; cells: number }[] = [];
  const stack: number[] = [];
  for (let start = 0; start < part.length; start++) {
    if (walls[start] || part[start] !== -1) continue;
    const id = parts.length;
    let cells = 0;
    part[start] = id;
    stack.push(start);
    while (stack.length > 0) {
      const i = stack.pop()!;
      cells++;
      const x = i % width;
      const next = [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, i - width, i + width];
      for (const n of next) {
        if (n < 0 || n >= part.length || walls[n] || part[n] !== -1) continue;
        part[n] = id;
        stack.push(n);
      }
    }
    parts.push({ first: start, cells });
  }
  if (parts.length < 2) return [];
  const largest = parts.reduce((a, b) => (b.cells > a.cells ? b : a));
  return parts
    .filter((p) => p !== largest)
    .map((p) => ({
      x: p.first % width,
      y: Math.floor(p.first / width),
      cells: p.cells,
      largest: largest.cells,
    }));
}

/** One line per error, `file:line:column: reason`, as compilers print them. */
export function formatMapErrors(file: string, errors: readonly MapError[]): string {
  return errors.map((e) => `${file}:${e.line}:${e.column}: ${e.reason}`).join('\n');
}

/** The grid character of a cell, as `serializeMap` writes it. */
export function mapGlyph(map: GameMap, x: number, y: number): string {
  const index = y * map.width + x;
  if (map.walls[index]) return MAP_GLYPHS.wall;
  if (map.lights.some((l) => l.x === x && l.y === y)) return MAP_GLYPHS.light;
  if (map.spawns.R.includes(index)) return MAP_GLYPHS.spawnSeekers;
  if (map.spawns.B.includes(index)) return MAP_GLYPHS.spawnHiders;
  if (map.spawns.any.includes(index)) return MAP_GLYPHS.spawnAny;
  return MAP_GLYPHS.floor;
}

/** The grid rows with `.` for floor: the canonical form, also what the MAP message carries. */
export function mapRows(map: GameMap): string[] {
  const rows: string[] = [];
  for (let y = 0; y < map.height; y++) {
    let row = '';
    for (let x = 0; x < map.width; x++) row += mapGlyph(map, x, y);
    rows.push(row);
  }
  return rows;
}

/** The canonical text of a map; `parseMap(serializeMap(m))` gives `m` back. */
export function serializeMap(map: GameMap): string {
  const header = [`name: ${map.name}`];
  if (map.author) header.push(`author: ${map.author}`);
  return `${header.join('\n')}\n---\n${mapRows(map).join('\n')}\n`;
}

export function isWall(map: GameMap, x: number, y: number): boolean {
  if (x < 0 || y < 0 || x >= map.width || y >= map.height) return true;
  return map.walls[y * map.width + x] === 1;
}
