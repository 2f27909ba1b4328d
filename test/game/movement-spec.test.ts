/**
 * docs/PROTOCOL.md §3, "Movement", is meant to be enough to predict a move to the unit without
 * the source. The reference here is written from its text alone, the simplest way (sweeps one
 * unit at a time, nothing from src/game/movement.ts but the key bits), and compared with the
 * game's `movePlayer` and `stepDistance` over many seeded moves on the built-in maps, near
 * walls, doors and other players. Zero disagreements.
 */
import { describe, expect, test } from 'bun:test';
import { type GameMap, parseMap } from '../../src/game/map.ts';
import { BUILTIN_MAPS } from '../../src/game/maps/index.ts';
import { type Box, KEY, movePlayer } from '../../src/game/movement.ts';
import { rngInt, seedRng } from '../../src/game/rng.ts';
import { stepDistance } from '../../src/game/units.ts';

const DOC = (await Bun.file(new URL('../../docs/PROTOCOL.md', import.meta.url)).text()).replace(
  /\s+/g,
  ' ',
);

const W = 12;
const H = 24;

// ── The reference, from the document ─────────────────────────────────────────────────────────

/** "d = floor(v·(t + 1) / tickRate) − floor(v·t / tickRate)". */
function docDistance(v: number, t: number, rate: number): number {
  return Math.floor((v * (t + 1)) / rate) - Math.floor((v * t) / rate);
}

function hitsWallOrEdge(map: GameMap, x: number, y: number): boolean {
  if (x < 0 || y < 0 || x + W > map.width * 16 || y + H > map.height * 32) return true;
  for (let cy = Math.floor(y / 32); cy <= Math.floor((y + H - 1) / 32); cy++)
    for (let cx = Math.floor(x / 16); cx <= Math.floor((x + W - 1) / 16); cx++)
      if (map.walls[cy * map.width + cx] === 1) return true;
  return false;
}

function overlaps(ax: number, ay: number, b: Box): boolean {
  return ax < b.x + b.w && b.x < ax + W && ay < b.y + b.h && b.y < ay + H;
}

/** "A sweep": unit by unit, stopped by a wall, the edge, or a box it did not overlap at first. */
function sweep(
  map: GameMap,
  x: number,
  y: number,
  sx: number,
  sy: number,
  d: number,
  others: readonly Box[],
): number {
  const blockers = others.filter((o) => !overlaps(x, y, o));
  for (let u = 1; u <= d; u++) {
    const nx = x + sx * u;
    const ny = y + sy * u;
    if (hitsWallOrEdge(map, nx, ny) || blockers.some((o) => overlaps(nx, ny, o))) return u - 1;
  }
  return d;
}

function docMove(
  map: GameMap,
  x: number,
  y: number,
  keys: number,
  d: number,
  others: readonly Box[],
): { x: number; y: number } {
  const ax = ((keys & KEY.right) !== 0 ? 1 : 0) - ((keys & KEY.left) !== 0 ? 1 : 0); // opposite keys cancel
  const ay = ((keys & KEY.down) !== 0 ? 1 : 0) - ((keys & KEY.up) !== 0 ? 1 : 0);
  if (d <= 0 || (ax === 0 && ay === 0)) return { x, y };
  if (ax !== 0 && ay !== 0) {
    x += ax * sweep(map, x, y, ax, 0, d, others);
    y += ay * sweep(map, x, y, 0, ay, d, others);
    return { x, y };
  }
  // One axis: (mx, my) the move's direction, (px, py) the sideways axis.
  const [mx, my] = [ax, ay];
  const [px, py] = [ay !== 0 ? 1 : 0, ax !== 0 ? 1 : 0];
  const a = sweep(map, x, y, mx, my, d, others);
  const wallsOnly = sweep(map, x, y, mx, my, d, []);
  x += mx * a;
  y += my * a;
  if (a === d || wallsOnly > a) return { x, y };
  const S = ay !== 0 ? 8 : 16;
  for (let s = 1; s <= S; s++) {
    for (const side of [-1, 1]) {
      const tx = x + px * side * s;
      const ty = y + py * side * s;
      if (hitsWallOrEdge(map, tx, ty) || hitsWallOrEdge(map, tx + mx, ty + my)) continue;
      const slid = sweep(map, x, y, px * side, py * side, Math.min(d - a, s), others);
      x += px * side * slid;
      y += py * side * slid;
      const left = d - a - slid;
      if (slid === s && left > 0) {
        const on = sweep(map, x, y, mx, my, left, others);
        x += mx * on;
        y += my * on;
      }
      return { x, y };
    }
  }
  return { x, y };
}

// ── The comparison ──────────────────────────────────────────────────────────────────────────

test('the document states what the reference transcribes', () => {
  for (const quoted of [
    'd = floor(v·(t + 1) / tickRate) − floor(v·t / tickRate)',
    'moves d along x, then d along y from where it got',
    'A box it already overlaps does not stop it',
    'S = 8 units (half a cell across) for a move up or down and 16 units (half a cell up or down) for a move left or right',
    'it tries the lower coordinate first (left, then right; up, then down)',
    'sweeps sideways toward it by min(d − a, s) units',
    'sweeps on along its axis with d − a − s',
    'ticks 0 to 4, and so on every 5 ticks',
  ]) {
    expect(DOC.includes(quoted)).toBe(true);
  }
  expect([0, 1, 2, 3, 4, 5].map((t) => stepDistance(96, t, 30))).toEqual([3, 3, 3, 3, 4, 3]);
});

test('the step distance: every speed, tick rate and tick tried', () => {
  for (const v of [96, 128, 320, 7, 1000])
    for (const rate of [1, 7, 20, 30, 60, 120])
      for (let t = 0; t < 400; t++) expect(stepDistance(v, t, rate)).toBe(docDistance(v, t, rate));
});

describe.each(Object.keys(BUILTIN_MAPS))('the %s map', (name) => {
  const parsed = parseMap(BUILTIN_MAPS[name]!);
  if (!parsed.ok) throw new Error(`${name} does not parse`);
  const map = parsed.map;

  test('40 000 seeded moves, near walls, doors and players: the document and movePlayer agree', () => {
    const rng = seedRng(1313);
    const floorAt = (): { x: number; y: number } => {
      for (;;) {
        const x = rngInt(rng, map.width * 16 - W + 1);
        const y = rngInt(rng, map.height * 32 - H + 1);
        if (!hitsWallOrEdge(map, x, y)) return { x, y };
      }
    };
    // Floor cells beside a wall: where corners and door frames are.
    const edgeCells: number[] = [];
    for (let c = 0; c < map.walls.length; c++) {
      const cx = c % map.width;
      if (map.walls[c] === 1) continue;
      const around = [c - 1, c + 1, c - map.width, c + map.width];
      if (cx === 0 || cx === map.width - 1 || around.some((n) => map.walls[n] === 1))
        edgeCells.push(c);
    }
    const nearWall = (): { x: number; y: number } => {
      for (;;) {
        const c = edgeCells[rngInt(rng, edgeCells.length)]!;
        const x = (c % map.width) * 16 + rngInt(rng, 24) - 8;
        const y = Math.floor(c / map.width) * 32 + rngInt(rng, 48) - 16;
        if (!hitsWallOrEdge(map, x, y)) return { x, y };
      }
    };
    const ONE_AXIS = [KEY.up, KEY.down, KEY.left, KEY.right];
    const disagreements: string[] = [];
    let assisted = 0;
    for (let i = 0; i < 40_000; i++) {
      const me = i % 2 === 0 ? floorAt() : nearWall();
      const others: Box[] = [];
      const n = rngInt(rng, 4);
      for (let k = 0; k < n; k++) {
        const x = me.x + rngInt(rng, 81) - 40;
        const y = me.y + rngInt(rng, 121) - 60;
        if (!hitsWallOrEdge(map, x, y)) others.push({ x, y, w: W, h: H });
      }
      const keys = i % 4 === 1 ? ONE_AXIS[rngInt(rng, 4)]! : rngInt(rng, 16);
      const d = 1 + rngInt(rng, i % 2 === 0 ? 12 : 40);
      const got = movePlayer(map, me.x, me.y, keys, d, others);
      const want = docMove(map, me.x, me.y, keys, d, others);
      if (got.x !== want.x || got.y !== want.y) {
        disagreements.push(
          `${JSON.stringify(me)} keys ${keys} d ${d} others ${JSON.stringify(others)}: game ${JSON.stringify(got)}, document ${JSON.stringify(want)}`,
        );
      }
      // A one-axis move that ended off its axis: corner assistance was used.
      const oneAxis = (keys & 3) === 0 || (keys & 12) === 0;
      if (oneAxis && ((keys & 3) === 0 ? got.y !== me.y : got.x !== me.x)) assisted++;
    }
    expect(disagreements.slice(0, 5)).toEqual([]);
    expect(assisted).toBeGreaterThan(50);
  });
});
