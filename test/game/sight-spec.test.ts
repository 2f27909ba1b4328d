/**
 * docs/MAPS.md, "Lights and sight", is meant to be enough to compute the shadow without the
 * source (docs/PROTOCOL.md §1: the client computes it itself). So the reference here is written
 * from the document's text alone, its pseudo-code transcribed (nothing from src/game/line.ts,
 * light.ts or visibility.ts), and compared with the game's code over many seeded states on the
 * built-in maps: who sees whom (the server's culling), every cell of a viewer's fog, who stands
 * in the light. Zero disagreements.
 */
import { describe, expect, test } from 'bun:test';
import { standsInLight } from '../../src/game/exposure.ts';
import { line } from '../../src/game/line.ts';
import { type GameMap, parseMap } from '../../src/game/map.ts';
import { BUILTIN_MAPS } from '../../src/game/maps/index.ts';
import { boxHitsWall } from '../../src/game/movement.ts';
import { rngInt, seedRng } from '../../src/game/rng.ts';
import {
  computeFog,
  createOccupancy,
  createVisibility,
  playerCellIndex,
  setOccupants,
  visibleOthers,
} from '../../src/game/visibility.ts';

const MAPS_DOC = await Bun.file(new URL('../../docs/MAPS.md', import.meta.url)).text();

// ── The reference, from docs/MAPS.md ────────────────────────────────────────────────────────

interface Cell {
  x: number;
  y: number;
}

/** "A player's cell": (floor((x + 6) / 16), floor((y + 12) / 32)). */
function docPlayerCell(x: number, y: number): Cell {
  return { x: Math.floor((x + 6) / 16), y: Math.floor((y + 12) / 32) };
}

/** "The line", the pseudo-code as written. */
function docLine(a: Cell, b: Cell): Cell[] {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const cells: Cell[] = [];
  if (Math.abs(dx) >= Math.abs(dy)) {
    const n = Math.abs(dx);
    if (n === 0) return [{ x: a.x, y: a.y }];
    for (let k = 0; k <= n; k++)
      cells.push({
        x: a.x + k * Math.sign(dx),
        y: a.y + Math.floor((2 * k * dy + n - 1) / (2 * n)),
      });
  } else {
    const n = Math.abs(dy);
    for (let k = 0; k <= n; k++)
      cells.push({
        x: a.x + Math.floor((2 * k * dx + n - 1) / (2 * n)),
        y: a.y + k * Math.sign(dy),
      });
  }
  return cells;
}

class DocRule {
  private readonly occupied = new Set<string>();
  private readonly litMemo = new Map<string, boolean>();

  constructor(
    private readonly map: GameMap,
    living: readonly Cell[],
  ) {
    for (const c of living) this.occupied.add(`${c.x},${c.y}`);
  }

  private wall(c: Cell): boolean {
    return this.map.walls[c.y * this.map.width + c.x] === 1;
  }

  /** "Clear": no cell strictly between the ends is a wall or a living player's cell. */
  clear(a: Cell, b: Cell): boolean {
    const cells = docLine(a, b);
    for (let k = 1; k < cells.length - 1; k++) {
      const c = cells[k]!;
      if (this.wall(c) || this.occupied.has(`${c.x},${c.y}`)) return false;
    }
    return true;
  }

  /** "Lit": some light with a clear line to the cell. */
  lit(c: Cell): boolean {
    const key = `${c.x},${c.y}`;
    let lit = this.litMemo.get(key);
    if (lit === undefined) {
      lit = this.map.lights.some((light) => this.clear(light, c));
      this.litMemo.set(key, lit);
    }
    return lit;
  }

  /** "Sees". */
  sees(v: Cell, c: Cell): boolean {
    const near = Math.abs(c.x - v.x) <= 2 && Math.abs(c.y - v.y) <= 1;
    return this.clear(v, c) && (near || this.lit(c));
  }
}

// ── The comparison ──────────────────────────────────────────────────────────────────────────

function builtin(name: string): GameMap {
  const parsed = parseMap(BUILTIN_MAPS[name]!);
  if (!parsed.ok) throw new Error(`${name} does not parse`);
  return parsed.map;
}

/** `count` player positions (units) whose boxes stand on floor, seeded. */
function randomPositions(map: GameMap, seed: number, count: number): { x: number; y: number }[] {
  const rng = seedRng(seed);
  const out: { x: number; y: number }[] = [];
  while (out.length < count) {
    const x = rngInt(rng, map.width * 16 - 12);
    const y = rngInt(rng, map.height * 32 - 24);
    if (!boxHitsWall(map, x, y)) out.push({ x, y });
  }
  return out;
}

test('the document states the rule the reference transcribes', () => {
  const doc = MAPS_DOC.replace(/\s+/g, ' ');
  for (const quoted of [
    '(floor((x + 6) / 16), floor((y + 12) / 32))',
    'cell k = (a.x + k*sign(dx), a.y + floor((2*k*dy + n - 1) / (2*n)))',
    'cell k = (a.x + floor((2*k*dx + n - 1) / (2*n)), a.y + k*sign(dy))',
    'if |dx| >= |dy|:',
    'sees(v, c) = clear(v, c) and (lit(c) or (|c.x - v.x| <= 2 and |c.y - v.y| <= 1))',
    "clear(a, b) = no cell k of line(a, b), 0 < k < n, is a wall or a living player's cell",
    'lit(c) = some light L with clear(L, c)',
  ]) {
    expect(doc.includes(quoted)).toBe(true);
  }
});

describe.each(Object.keys(BUILTIN_MAPS))('the %s map: the document and the game agree', (name) => {
  const map = builtin(name);
  const vis = createVisibility(map);

  test('the line: 20 000 seeded pairs of cells, cell for cell', () => {
    const rng = seedRng(13);
    let disagreements = 0;
    for (let i = 0; i < 20_000; i++) {
      const a = { x: rngInt(rng, map.width), y: rngInt(rng, map.height) };
      const b = { x: rngInt(rng, map.width), y: rngInt(rng, map.height) };
      if (JSON.stringify(docLine(a, b)) !== JSON.stringify(line(a, b))) disagreements++;
    }
    expect(disagreements).toBe(0);
  });

  test('who sees whom, who stands in the light: 300 seeded states of 2–24 living players', () => {
    let pairs = 0;
    let far = 0;
    const disagreements: string[] = [];
    for (let seed = 1; seed <= 300; seed++) {
      const positions = randomPositions(map, seed * 7919, 2 + (seed % 23));
      const cells = positions.map((p) => docPlayerCell(p.x, p.y));
      const indices = positions.map((p) => playerCellIndex(vis, p.x, p.y));
      expect(indices).toEqual(cells.map((c) => c.y * map.width + c.x));
      const occ = createOccupancy(vis);
      setOccupants(vis, occ, indices);
      const rule = new DocRule(map, cells);
      for (let v = 0; v < cells.length; v++) {
        const seen = new Set(visibleOthers(vis, occ, v));
        for (let t = 0; t < cells.length; t++) {
          if (t === v) continue;
          pairs++;
          if (Math.abs(cells[t]!.x - cells[v]!.x) >= 30) far++;
          if (seen.has(t) !== rule.sees(cells[v]!, cells[t]!)) {
            disagreements.push(
              `seed ${seed}: ${JSON.stringify(cells[v])} → ${JSON.stringify(cells[t])}`,
            );
          }
        }
        if (standsInLight(vis, occ, indices[v]!) !== rule.lit(cells[v]!)) {
          disagreements.push(`seed ${seed}: lit ${JSON.stringify(cells[v])}`);
        }
      }
    }
    expect(disagreements).toEqual([]);
    expect(pairs).toBeGreaterThan(10_000);
    expect(far).toBeGreaterThan(1000); // long lines, the ones an outside client got wrong
  });

  test("a viewer's fog, every cell: 12 seeded states", () => {
    const disagreements: string[] = [];
    const fog = new Uint8Array(map.width * map.height);
    for (let seed = 1; seed <= 12; seed++) {
      const positions = randomPositions(map, seed * 104_729, 3 + seed);
      const cells = positions.map((p) => docPlayerCell(p.x, p.y));
      const occ = createOccupancy(vis);
      setOccupants(
        vis,
        occ,
        cells.map((c) => c.y * map.width + c.x),
      );
      const rule = new DocRule(map, cells);
      const v = cells[0]!;
      computeFog(vis, occ, v.y * map.width + v.x, fog);
      for (let y = 0; y < map.height; y++) {
        for (let x = 0; x < map.width; x++) {
          if ((fog[y * map.width + x] === 1) !== rule.sees(v, { x, y })) {
            disagreements.push(`seed ${seed}: ${JSON.stringify(v)} → ${x},${y}`);
          }
        }
      }
    }
    expect(disagreements).toEqual([]);
  });
});
