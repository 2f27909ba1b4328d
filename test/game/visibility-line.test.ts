import { describe, expect, test } from 'bun:test';
import {
  castShadow,
  ceilDiv,
  clearBetween,
  floorDiv,
  line,
  onLineBetween,
} from '../../src/game/line.ts';
import type { Cell } from '../../src/game/map.ts';
import { seeded } from './support/visibility-reference.ts';

/** line(a, b) drawn on a w × h grid: `a` and `b` at the ends, `o` between, `.` elsewhere. */
function drawLine(w: number, h: number, a: Cell, b: Cell): string {
  const rows = Array.from({ length: h }, () => Array.from({ length: w }, () => '.'));
  for (const c of line(a, b)) rows[c.y]![c.x] = 'o';
  rows[a.y]![a.x] = 'a';
  rows[b.y]![b.x] = 'b';
  return rows.map((r) => r.join('')).join('\n');
}

const unindent = (s: string) =>
  s
    .trim()
    .split('\n')
    .map((l) => l.trim())
    .join('\n');

function randomPairs(count: number, seed: number, size = 40): [Cell, Cell][] {
  const next = seeded(seed);
  return Array.from({ length: count }, () => [
    { x: next(size), y: next(size) },
    { x: next(size), y: next(size) },
  ]);
}

describe('floorDiv / ceilDiv', () => {
  test('agree with Math.floor / Math.ceil', () => {
    for (let a = -50; a <= 50; a++) {
      for (let b = 1; b <= 12; b++) {
        expect(floorDiv(a, b)).toBe(Math.floor(a / b) + 0);
        expect(ceilDiv(a, b)).toBe(Math.ceil(a / b) + 0); // + 0: no -0
      }
    }
  });
});

describe('line(a, b)', () => {
  test('drawn: a shallow line, ties rounding to the smaller row', () => {
    // 8 steps across, 2 down: exact rows 0.25, 0.5 (tie → 0), 0.75, 1, 1.25, 1.5 (tie → 1), 1.75
    expect(drawLine(9, 3, { x: 0, y: 0 }, { x: 8, y: 2 })).toBe(
      unindent(`
        aoo......
        ...oooo..
        .......ob
      `),
    );
    // The same cells drawn from the other end.
    expect(drawLine(9, 3, { x: 8, y: 2 }, { x: 0, y: 0 })).toBe(
      unindent(`
        boo......
        ...oooo..
        .......oa
      `),
    );
  });

  test('drawn: steep, diagonal and straight lines', () => {
    expect(drawLine(3, 6, { x: 0, y: 0 }, { x: 2, y: 5 })).toBe(
      unindent(`
        a..
        o..
        .o.
        .o.
        ..o
        ..b
      `),
    );
    expect(drawLine(4, 4, { x: 3, y: 0 }, { x: 0, y: 3 })).toBe(
      unindent(`
        ...a
        ..o.
        .o..
        b...
      `),
    );
    expect(drawLine(5, 1, { x: 0, y: 0 }, { x: 4, y: 0 })).toBe('aooob');
  });

  test('starts at a, ends at b, one cell per step, 8-connected, monotone', () => {
    for (const [a, b] of randomPairs(3000, 1)) {
      const cells = line(a, b);
      expect(cells[0]).toEqual(a);
      expect(cells[cells.length - 1]).toEqual(b);
      expect(cells.length).toBe(Math.max(Math.abs(b.x - a.x), Math.abs(b.y - a.y)) + 1);
      for (let k = 1; k < cells.length; k++) {
        const p = cells[k - 1]!;
        const c = cells[k]!;
        expect(Math.max(Math.abs(c.x - p.x), Math.abs(c.y - p.y))).toBe(1);
        expect(Math.sign(c.x - p.x) * Math.sign(b.x - a.x)).toBeGreaterThanOrEqual(0);
        expect(Math.sign(c.y - p.y) * Math.sign(b.y - a.y)).toBeGreaterThanOrEqual(0);
      }
    }
  });

  test('is symmetric: line(b, a) is line(a, b) reversed', () => {
    for (const [a, b] of randomPairs(3000, 2)) {
      expect(line(b, a)).toEqual(line(a, b).reverse());
    }
    // Every pair in a small square, ties included.
    for (let i = 0; i < 13 * 13; i++) {
      for (let j = 0; j < 13 * 13; j++) {
        const a = { x: i % 13, y: Math.floor(i / 13) };
        const b = { x: j % 13, y: Math.floor(j / 13) };
        expect(line(b, a)).toEqual(line(a, b).reverse());
      }
    }
  });

  test('takes every row and every column between its ends', () => {
    for (const [a, b] of randomPairs(2000, 3)) {
      const cells = line(a, b);
      const xs = new Set(cells.map((c) => c.x));
      const ys = new Set(cells.map((c) => c.y));
      expect(xs.size).toBe(Math.abs(b.x - a.x) + 1);
      expect(ys.size).toBe(Math.abs(b.y - a.y) + 1);
    }
  });
});

describe('the fast forms agree with line()', () => {
  const W = 15;
  const H = 11;

  test('clearBetween: blocked exactly when a marked cell lies strictly between', () => {
    const next = seeded(4);
    for (let trial = 0; trial < 400; trial++) {
      const grid = new Uint8Array(W * H);
      const marks = next(6);
      for (let m = 0; m < marks; m++) grid[next(W * H)] = 1;
      const a = { x: next(W), y: next(H) };
      for (let bi = 0; bi < W * H; bi++) {
        const b = { x: bi % W, y: Math.floor(bi / W) };
        const expected = line(a, b)
          .slice(1, -1)
          .every((c) => grid[c.y * W + c.x] === 0);
        expect(clearBetween(grid, W, a.x, a.y, b.x, b.y)).toBe(expected);
      }
    }
  });

  test('onLineBetween: exactly the cells strictly between', () => {
    for (let ai = 0; ai < W * H; ai += 7) {
      const a = { x: ai % W, y: Math.floor(ai / W) };
      for (let bi = 0; bi < W * H; bi++) {
        const b = { x: bi % W, y: Math.floor(bi / W) };
        const between = new Set(
          line(a, b)
            .slice(1, -1)
            .map((c) => c.y * W + c.x),
        );
        for (let pi = 0; pi < W * H; pi++) {
          const p = { x: pi % W, y: Math.floor(pi / W) };
          expect(onLineBetween(a.x, a.y, b.x, b.y, p.x, p.y)).toBe(between.has(pi));
        }
      }
    }
  });

  test('castShadow: exactly the cells c with p strictly between on line(a, c)', () => {
    // Every a and p on a small grid, and a few on a wide flat one (wedges leaving the sides).
    for (const [w, h] of [
      [9, 9],
      [24, 5],
      [5, 17],
    ] as const) {
      for (let ai = 0; ai < w * h; ai++) {
        const a = { x: ai % w, y: Math.floor(ai / w) };
        for (let pi = 0; pi < w * h; pi++) {
          const p = { x: pi % w, y: Math.floor(pi / w) };
          const grid = new Uint8Array(w * h).fill(1);
          castShadow(grid, w, h, a.x, a.y, p.x, p.y);
          for (let ci = 0; ci < w * h; ci++) {
            const c = { x: ci % w, y: Math.floor(ci / w) };
            const shaded = onLineBetween(a.x, a.y, c.x, c.y, p.x, p.y);
            if ((grid[ci] === 0) !== shaded) {
              throw new Error(`a=${a.x},${a.y} p=${p.x},${p.y} c=${c.x},${c.y}: ${shaded}`);
            }
          }
        }
      }
    }
  });
});
