/**
 * The game map as rows of styled cells: a pure function of the map, what the viewer sees now
 * (fog), what it has seen since the game started (remembered), the players it knows of, the
 * colour level and the viewport. No Ink, no terminal: the painter (map-painter.ts) turns the rows
 * into escape sequences, and tests read them as text.
 *
 * Per cell: walls are always drawn (the map is known), dim when not seen now; floor is lit when
 * seen now, dim when remembered, dark when never seen; lights are landmarks, dim when not seen.
 * Players come on top (ghosts, then the living, then you), each with its name in its team's
 * colour beside it (right, else left, else above, else below: the first spot where the whole name
 * lies on floor); a name never covers a wall, a light, the map's border, a player, nor touches
 * another name, and is left out when no spot fits.
 */
import type { Cell, GameMap } from '../../game/map.ts';
import { playerCellX, playerCellY, type Team } from '../../game/units.ts';
import type { StyledCell } from '../map-view.ts';
import type { ColorLevel, Style } from '../palette.ts';
import { cameraFor } from './camera.ts';
import { type GameCells, gameCells } from './game-theme.ts';

/** A player as the map shows it. */
export interface MapPlayer {
  readonly id: number;
  readonly name: string;
  /**
   * Palette index 0–11 (game-theme.ts PLAYER_COLOURS). Not drawn on the map: names take the
   * team's colour there, so that a colour never blurs which side a player is on.
   */
  readonly colour: number;
  readonly team: Team;
  /** Top-left of the player's box, in world units (units.ts). */
  readonly x: number;
  readonly y: number;
  readonly isYou: boolean;
  /** Caught: drawn as a ghost. */
  readonly caught: boolean;
}

export interface MapViewInput {
  readonly map: GameMap;
  /** 1 on every cell the viewer sees now (computeFog / fogOf), by cell index y·width + x. */
  readonly fog: Uint8Array;
  /**
   * 1 on every cell seen since the game started, the cells seen now among them (the caller
   * remembers them: PlayerView when its fog changes, `rememberSeen`). Only read here.
   */
  readonly remembered: Uint8Array;
  readonly players: readonly MapPlayer[];
  /** Light positions; `map.lights` when left out. */
  readonly lights?: readonly Cell[];
  readonly level: ColorLevel;
  /** Viewport size in cells (terminal columns and rows). */
  readonly width: number;
  readonly height: number;
  /** The cell to keep in the middle; your cell when left out, else the map's centre. */
  readonly focus?: Cell;
  /**
   * The caller's word that the terrain (map, fog, remembered, lights, level, size) is as at the
   * last view built with this `remembered` array, and that nothing was drawn over its rows since:
   * then only the rows players and names stood on are drawn again (a frame where someone
   * crossed a cell, the fog still: most of a crowded game's frames). The camera is checked here.
   */
  readonly terrainSame?: boolean;
}

export interface MapView {
  /**
   * `height` rows of `width` cells each. The arrays are the view's own until the next view built
   * with the same `remembered` array (a client's next frame), which reuses them: a frame's rows
   * are painted before the next frame is built, and a new array per row per frame was most of
   * this function's cost.
   */
  readonly rows: StyledCell[][];
  /** The map cell shown at the viewport's top-left (negative when the map is centred). */
  readonly camera: Cell;
}

/**
 * What stands on each cell (0 floor, 1 wall, 2 light), by lights array (one per map): with the
 * fog state (0 never seen, 1 remembered, 2 seen) it picks the cell from a 9-entry table.
 */
const terrains = new WeakMap<readonly Cell[], { map: GameMap; kinds: Uint8Array }>();

function terrain(map: GameMap, lights: readonly Cell[]): Uint8Array {
  const known = terrains.get(lights);
  if (known && known.map === map) return known.kinds;
  const kinds = Uint8Array.from(map.walls);
  for (const l of lights) {
    const c = l.y * map.width + l.x;
    if (l.x >= 0 && l.y >= 0 && l.x < map.width && l.y < map.height && kinds[c] === 0) kinds[c] = 2;
  }
  terrains.set(lights, { map, kinds });
  return kinds;
}

/** Adds every seen cell to `remembered` (for a caller that keeps its own fog, as the bench's). */
export function rememberSeen(fog: Uint8Array, remembered: Uint8Array): void {
  const n = Math.min(fog.length, remembered.length);
  for (let c = 0; c < n; c++) if (fog[c] === 1) remembered[c] = 1;
}

/** The cell a player stands on (the cell holding its centre). */
export function playerCell(p: { readonly x: number; readonly y: number }): Cell {
  return { x: playerCellX(p.x), y: playerCellY(p.y) };
}

/** What one viewer's frames reuse from one frame to the next (by its `remembered` array). */
interface Scratch {
  rows: StyledCell[][];
  /** drawPlayers: 1 where a player glyph is, 2 where a name is. */
  taken: Uint8Array;
  /** 1 for each row a player or a name was drawn on. */
  marked: Uint8Array;
  /** The camera of the last view built into `rows`; null: none built (or a new size). */
  camera: Cell | null;
}

const scratches = new WeakMap<Uint8Array, Scratch>();

/** `height` rows of `width` cells, reused from this viewer's last frame when the size is the same. */
function scratchFor(remembered: Uint8Array, width: number, height: number): Scratch {
  let s = scratches.get(remembered);
  if (s === undefined) {
    s = { rows: [], taken: new Uint8Array(0), marked: new Uint8Array(0), camera: null };
    scratches.set(remembered, s);
  }
  const { rows } = s;
  if (rows.length !== height || (height > 0 && rows[0]!.length !== width)) {
    rows.length = 0;
    for (let y = 0; y < height; y++) rows.push(new Array<StyledCell>(width));
    s.camera = null;
  }
  if (s.taken.length !== width * height) s.taken = new Uint8Array(width * height);
  if (s.marked.length !== height) s.marked = new Uint8Array(height);
  return s;
}

export function buildMapView(input: MapViewInput): MapView {
  const { map, fog, remembered, level, width, height } = input;
  const cells = gameCells(level);
  const you = input.players.find((p) => p.isYou);
  const focus = input.focus ?? (you ? playerCell(you) : { x: map.width >> 1, y: map.height >> 1 });
  const camera = cameraFor(map, width, height, focus);
  const kinds = terrain(map, input.lights ?? map.lights);
  const table = terrainTable(cells);
  // The viewport columns that show the map; the others are outside it (blank).
  const x0 = Math.max(0, -camera.x);
  const x1 = Math.max(x0, Math.min(width, map.width - camera.x));
  const scratch = scratchFor(remembered, width, height);
  const { rows, marked } = scratch;
  const last = scratch.camera;
  // Only the rows players and names stood on: the terrain is the same and seen the same way.
  const partial =
    input.terrainSame === true && last !== null && last.x === camera.x && last.y === camera.y;
  scratch.camera = camera;
  const blank = cells.void;
  for (let vy = 0; vy < height; vy++) {
    if (partial && marked[vy] === 0) continue;
    const row = rows[vy]!;
    const my = vy + camera.y;
    if (my < 0 || my >= map.height) {
      for (let vx = 0; vx < width; vx++) row[vx] = blank;
      continue;
    }
    for (let vx = 0; vx < x0; vx++) row[vx] = blank;
    const base = my * map.width + camera.x;
    for (let vx = x0; vx < x1; vx++) {
      const c = base + vx;
      // Fog state 0 never seen, 1 remembered, 2 seen (a cell seen now is remembered already).
      row[vx] = table[kinds[c]! * 3 + (fog[c] === 1 ? 2 : remembered[c]!)]!;
    }
    for (let vx = x1; vx < width; vx++) row[vx] = blank;
  }
  const ground = { kinds, mapWidth: map.width, mapHeight: map.height, camera, width, height };
  scratch.taken.fill(0);
  drawPlayers(rows, scratch.taken, input.players, ground, cells);
  marked.fill(0);
  const { taken } = scratch;
  for (let vy = 0; vy < height; vy++) {
    const base = vy * width;
    for (let vx = 0; vx < width; vx++) {
      if (taken[base + vx] !== 0) {
        marked[vy] = 1;
        break;
      }
    }
  }
  return { rows, camera };
}

/** By kind × 3 + fog state (see `terrain`), per theme. */
const terrainTables = new WeakMap<GameCells, readonly StyledCell[]>();

function terrainTable(cells: GameCells): readonly StyledCell[] {
  let table = terrainTables.get(cells);
  if (table === undefined) {
    table = [
      ...[cells.dark, cells.floorRemembered, cells.floorSeen],
      ...[cells.wallDim, cells.wallDim, cells.wall],
      ...[cells.lightDim, cells.lightDim, cells.light],
    ];
    terrainTables.set(cells, table);
  }
  return table;
}

interface Placed {
  readonly p: MapPlayer;
  readonly vx: number;
  readonly vy: number;
}

/** Drawing order: ghosts under the living, you on top. */
function layer(p: MapPlayer): number {
  return p.isYou ? 2 : p.caught ? 0 : 1;
}

/** What the labels may cover: the viewport's cells with the map's floor under them. */
interface LabelGround {
  readonly kinds: Uint8Array;
  readonly mapWidth: number;
  readonly mapHeight: number;
  readonly camera: Cell;
  readonly width: number;
  readonly height: number;
}

function drawPlayers(
  rows: StyledCell[][],
  taken: Uint8Array,
  players: readonly MapPlayer[],
  ground: LabelGround,
  cells: GameCells,
): void {
  const { camera, width, height } = ground;
  const placed: Placed[] = [];
  for (const p of players) {
    const cell = playerCell(p);
    const vx = cell.x - camera.x;
    const vy = cell.y - camera.y;
    if (vx >= 0 && vy >= 0 && vx < width && vy < height) placed.push({ p, vx, vy });
  }
  placed.sort((a, b) => layer(a.p) - layer(b.p) || a.p.id - b.p.id);
  // `taken` (all 0): 1 where a player glyph is, 2 where a name is: names may cover neither.
  for (const { p, vx, vy } of placed) {
    const row = rows[vy]!;
    if (p.caught) row[vx] = p.isYou ? cells.youGhost : cells.ghost;
    else row[vx] = p.isYou ? cells.you[p.team] : cells.other[p.team];
    taken[vy * width + vx] = 1;
  }
  // Names: yours first, then the living, then ghosts, so the ones that matter win a spot.
  const byImportance = placed.slice().sort((a, b) => layer(b.p) - layer(a.p) || a.p.id - b.p.id);
  for (const { p, vx, vy } of byImportance) placeLabel(rows, taken, ground, p, vx, vy, cells);
}

/** Printable ASCII only (names are, by protocol): anything else would break the cell grid. */
function labelText(name: string, width: number): string {
  const text = /^[\x20-\x7e]*$/.test(name) ? name : name.replace(/[^\x20-\x7e]/g, '?');
  return text.length > width ? text.slice(0, width) : text;
}

/** One cell per (style, character) of the labels: none made per frame. */
const labelCells = new WeakMap<Style, Map<string, StyledCell>>();

function labelCell(ch: string, style: Style): StyledCell {
  let byChar = labelCells.get(style);
  if (byChar === undefined) {
    byChar = new Map();
    labelCells.set(style, byChar);
  }
  let cell = byChar.get(ch);
  if (cell === undefined) {
    cell = { ch, style };
    byChar.set(ch, cell);
  }
  return cell;
}

/**
 * Where a label of `n` cells may start, in order of preference: at the right of the player
 * (one blank cell between), at its left, centred above, centred below.
 */
function labelSpots(vx: number, vy: number, n: number): readonly (readonly [number, number])[] {
  const centred = vx - ((n - 1) >> 1);
  return [
    [vx + 2, vy],
    [vx - 1 - n, vy],
    [centred, vy - 1],
    [centred, vy + 1],
  ];
}

function placeLabel(
  rows: StyledCell[][],
  taken: Uint8Array,
  ground: LabelGround,
  p: MapPlayer,
  vx: number,
  vy: number,
  cells: GameCells,
): void {
  const text = labelText(p.name, ground.width);
  if (text.length === 0) return;
  for (const [x0, ly] of labelSpots(vx, vy, text.length)) {
    if (!labelFits(taken, ground, ly, x0, text.length)) continue;
    // Beside the player, the blank cell between must not be a wall: the name would read as
    // someone's on the other side of it.
    if (ly === vy && isWall(ground, x0 > vx ? vx + 1 : vx - 1, vy)) continue;
    // The team's colour, never the player's own: a label says which side it is on.
    const style = p.caught ? cells.ghostLabel : (p.isYou ? cells.youLabel : cells.label)[p.team];
    const row = rows[ly]!;
    for (let i = 0; i < text.length; i++) {
      row[x0 + i] = labelCell(text[i]!, style);
      taken[ly * ground.width + x0 + i] = 2;
    }
    return;
  }
}

/** Whether viewport cell (x, y) shows a wall (outside the map counts as one). */
function isWall(g: LabelGround, x: number, y: number): boolean {
  const mx = x + g.camera.x;
  const my = y + g.camera.y;
  if (mx < 0 || my < 0 || mx >= g.mapWidth || my >= g.mapHeight) return true;
  return g.kinds[my * g.mapWidth + mx] === 1;
}

/**
 * Every cell of the label inside the viewport, on the map's floor (never a wall, a light, the
 * border or outside the map), under no player and no other label, with a blank column between
 * it and any other label.
 */
function labelFits(taken: Uint8Array, g: LabelGround, y: number, x0: number, n: number): boolean {
  const { width, kinds, camera, mapWidth, mapHeight } = g;
  if (y < 0 || y >= g.height || x0 < 0 || x0 + n > width) return false;
  const my = y + camera.y;
  if (my < 0 || my >= mapHeight) return false;
  const base = y * width;
  for (let x = x0; x < x0 + n; x++) {
    const mx = x + camera.x;
    if (mx < 0 || mx >= mapWidth || kinds[my * mapWidth + mx] !== 0) return false;
    if (taken[base + x] !== 0) return false;
  }
  if (x0 > 0 && taken[base + x0 - 1] === 2) return false;
  if (x0 + n < width && taken[base + x0 + n] === 2) return false;
  return true;
}

/** The rows as plain text, one string per row (tests, logs). */
export function rowsToText(rows: readonly (readonly StyledCell[])[]): string[] {
  return rows.map((r) => r.map((c) => c.ch).join(''));
}
