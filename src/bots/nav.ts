/**
 * What a bot knows of a map before it plays, and how it walks it: the floor cells, the cells no
 * light ever reaches (seen only from next to them, so the hiders' spots and the seekers' search),
 * travel-time distance fields on the cell grid, and the keys that walk a player box along one.
 *
 * A player box (12×24 units) fits in one free cell (16×32), so the walkable graph is the floor
 * cells with their 4 neighbours. A step across costs 1 and a step down or up 2: a cell is twice
 * as tall as wide and every team moves as many units a second on both axes, so a distance is a
 * travel time (in the time it takes to cross one cell's width). Pure: no clock, no randomness;
 * built once per map and shared by every bot on it (`NavMap.of`).
 */
import { createLightMaps } from '../game/light.ts';
import { clearBetween } from '../game/line.ts';
import { type GameMap, mapRows } from '../game/map.ts';
import { KEY } from '../game/movement.ts';
import { NO_PATH, STEP_ACROSS, STEP_DOWN, walkingDistances } from '../game/paths.ts';
import { CELL_H, CELL_W, PLAYER_H, PLAYER_W, playerCellX, playerCellY } from '../game/units.ts';

/** A distance field's value for a cell it cannot reach (and for walls): the game's NO_PATH. */
export const UNREACHABLE = NO_PATH;

/** Play room in a cell around the box: it is aligned with a cell when within it on that axis. */
const SLACK_X = CELL_W - PLAYER_W;
const SLACK_Y = CELL_H - PLAYER_H;

/** Distance fields kept per map (toward a target cell), most recently used last. */
const FIELD_CACHE = 64;

/** NavMaps by map object, and by map content (each bot downloads its own copy of the map). */
const byObject = new WeakMap<GameMap, NavMap>();
const byContent = new Map<string, NavMap>();
/** Maps kept by content: a process hosts bots on one map, maybe a few. */
const SHARED_MAPS = 8;

/** A position in world units: a box's top-left corner. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** The per-map data bots share. */
export class NavMap {
  readonly width: number;
  readonly height: number;
  readonly size: number;
  /** 1 on wall cells. */
  readonly walls: Uint8Array;
  /** 1 on floor cells that no light reaches (walls are 0): seen only from the proximity zone. */
  readonly dark: Uint8Array;
  /** Floor cells, and the dark ones, in index order. */
  readonly floorCells: readonly number[];
  readonly darkCells: readonly number[];
  private readonly fields = new Map<number, Int32Array>();
  /** Work buckets of the distance computation (a ring of three: steps cost 1 or 2). */
  private readonly buckets: number[][] = [[], [], []];

  constructor(readonly map: GameMap) {
    this.width = map.width;
    this.height = map.height;
    this.size = map.width * map.height;
    this.walls = map.walls;
    const lit = createLightMaps(map).any;
    this.dark = new Uint8Array(this.size);
    const floor: number[] = [];
    const dark: number[] = [];
    for (let c = 0; c < this.size; c++) {
      if (this.walls[c] === 1) continue;
      floor.push(c);
      if (lit[c] !== 1) {
        this.dark[c] = 1;
        dark.push(c);
      }
    }
    this.floorCells = floor;
    this.darkCells = dark;
  }

  /** The NavMap of `map`, built on first use and shared afterwards. */
  static of(map: GameMap): NavMap {
    const known = byObject.get(map);
    if (known !== undefined) return known;
    const key = `${map.width}x${map.height}\n${mapRows(map).join('\n')}`;
    let nav = byContent.get(key);
    if (nav === undefined) {
      nav = new NavMap(map);
      byContent.set(key, nav);
      if (byContent.size > SHARED_MAPS) {
        const oldest = byContent.keys().next().value;
        if (oldest !== undefined) byContent.delete(oldest);
      }
    }
    byObject.set(map, nav);
    return nav;
  }

  /** The cell holding the centre of a box at `p`. */
  cellOf(p: Point): number {
    return playerCellY(p.y) * this.width + playerCellX(p.x);
  }

  /** The column of a cell index. */
  cellX(cell: number): number {
    return cell % this.width;
  }

  /** The row of a cell index. */
  cellY(cell: number): number {
    return Math.floor(cell / this.width);
  }

  /** Whether a box stands fully inside `cell` when its corner is at `p`. */
  inside(cell: number, p: Point): boolean {
    const left = this.cellX(cell) * CELL_W;
    const top = this.cellY(cell) * CELL_H;
    return p.x >= left && p.x <= left + SLACK_X && p.y >= top && p.y <= top + SLACK_Y;
  }

  /**
   * Travel distances from the nearest of `sources` to every cell (UNREACHABLE where none leads),
   * into `out`. With `allow`, a cell other than a source is entered only if allow(cell, distance)
   * says so: the flight of a hider keeps to cells it reaches before the seekers.
   */
  distances(
    sources: readonly number[],
    out: Int32Array = new Int32Array(this.size),
    allow?: (cell: number, distance: number) => boolean,
  ): Int32Array {
    return walkingDistances(this.map, sources, out, allow, this.buckets);
  }

  /** The distances toward `target` (cached: chasing asks for the same few again and again). */
  fieldTo(target: number): Int32Array {
    const cached = this.fields.get(target);
    if (cached !== undefined) {
      this.fields.delete(target);
      this.fields.set(target, cached);
      return cached;
    }
    const field = this.distances([target]);
    this.fields.set(target, field);
    if (this.fields.size > FIELD_CACHE) {
      const oldest = this.fields.keys().next().value;
      if (oldest !== undefined) this.fields.delete(oldest);
    }
    return field;
  }

  /**
   * The next cell from `cell` along a shortest path of `field` (a neighbour whose distance plus
   * the step is the cell's); -1 when `cell` is the target or cannot reach it. Steps across come
   * first among equals: they are the cheaper ones.
   */
  nextCell(field: Int32Array, cell: number): number {
    const d = field[cell] ?? UNREACHABLE;
    if (d <= 0) return -1;
    const x = cell % this.width;
    const candidates: [number, number][] = [];
    if (x > 0) candidates.push([cell - 1, STEP_ACROSS]);
    if (x < this.width - 1) candidates.push([cell + 1, STEP_ACROSS]);
    if (cell >= this.width) candidates.push([cell - this.width, STEP_DOWN]);
    if (cell + this.width < this.size) candidates.push([cell + this.width, STEP_DOWN]);
    for (const [n, step] of candidates) {
      if (field[n] === d - step) return n;
    }
    return -1;
  }

  /** The whole path from `from` to the target of `field`, both ends included ([] if none). */
  path(field: Int32Array, from: number): number[] {
    if ((field[from] ?? UNREACHABLE) === UNREACHABLE) return [];
    const out = [from];
    for (let c = this.nextCell(field, from); c >= 0; c = this.nextCell(field, c)) out.push(c);
    return out;
  }

  /** Whether a player on `viewer` sees `cell` in the dark: its proximity zone, not through walls. */
  nearSight(viewer: number, cell: number, nearX: number, nearY: number): boolean {
    const vx = this.cellX(viewer);
    const vy = this.cellY(viewer);
    const cx = this.cellX(cell);
    const cy = this.cellY(cell);
    if (Math.abs(cx - vx) > nearX || Math.abs(cy - vy) > nearY) return false;
    return clearBetween(this.walls, this.width, vx, vy, cx, cy);
  }

  /**
   * Keys that walk a box at `p` one step along `field`: toward the next cell, while lining up on
   * the other axis so the box fits the passage (a box straddling two rows cannot go through a
   * one-row door). At the target, keys that centre the box in it (0 once inside). Null when `p`
   * cannot reach the target. With `lineUp` false, only the key toward the next cell: the
   * movement's corner assistance lines the box up when it catches on a corner.
   */
  stepKeys(field: Int32Array, p: Point, lineUp = true): number | null {
    const cell = this.cellOf(p);
    if ((field[cell] ?? UNREACHABLE) === UNREACHABLE) return null;
    const next = this.nextCell(field, cell);
    if (next < 0) return this.centreKeys(cell, p);
    const cx = this.cellX(cell);
    const cy = this.cellY(cell);
    const nx = this.cellX(next);
    const ny = this.cellY(next);
    // Lining up costs inputs (a key pressed, then let go): only where the box would catch on a
    // wall, i.e. where the row (column) it straddles into is a wall in the next cell's column (row).
    if (!lineUp) {
      if (ny === cy) return nx > cx ? KEY.right : KEY.left;
      return ny > cy ? KEY.down : KEY.up;
    }
    if (ny === cy) {
      const align = this.alignY(cy, p.y);
      const into = align === KEY.up ? cy + 1 : cy - 1;
      return (nx > cx ? KEY.right : KEY.left) | (align !== 0 && this.wallAt(nx, into) ? align : 0);
    }
    const align = this.alignX(cx, p.x);
    const into = align === KEY.left ? cx + 1 : cx - 1;
    return (ny > cy ? KEY.down : KEY.up) | (align !== 0 && this.wallAt(into, ny) ? align : 0);
  }

  /** Whether cell (x, y) is a wall or off the map. */
  private wallAt(x: number, y: number): boolean {
    if (x < 0 || y < 0 || x >= this.width || y >= this.walls.length / this.width) return true;
    return this.walls[y * this.width + x] === 1;
  }

  /** Keys that bring a box at `p` fully inside `cell` (0 when it is). */
  centreKeys(cell: number, p: Point): number {
    return this.alignX(this.cellX(cell), p.x) | this.alignY(this.cellY(cell), p.y);
  }

  private alignX(column: number, x: number): number {
    const left = column * CELL_W;
    if (x < left) return KEY.right;
    if (x > left + SLACK_X) return KEY.left;
    return 0;
  }

  private alignY(row: number, y: number): number {
    const top = row * CELL_H;
    if (y < top) return KEY.down;
    if (y > top + SLACK_Y) return KEY.up;
    return 0;
  }
}

/** Keys that move a box at `from` straight toward a box at `to` (for the last cell of a chase). */
export function keysToward(from: Point, to: Point): number {
  let keys = 0;
  if (to.x > from.x) keys |= KEY.right;
  else if (to.x < from.x) keys |= KEY.left;
  if (to.y > from.y) keys |= KEY.down;
  else if (to.y < from.y) keys |= KEY.up;
  return keys;
}
