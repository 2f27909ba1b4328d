import { describe, expect, test } from 'bun:test';
import type { StyledCell } from '../../src/client/map-view.ts';
import { RESET, type Style, sgr, sgrColor } from '../../src/client/palette.ts';
import {
  MapPainter,
  RESTORE_CURSOR,
  SAVE_CURSOR,
  SYNC_BEGIN,
  SYNC_END,
} from '../../src/client/render/map-painter.ts';
import { VtScreen } from '../../src/client/render/vt-screen.ts';
import { rngInt, seedRng } from '../../src/game/rng.ts';

const PLAIN: Style = {};
const RED: Style = { fg: [255, 0, 0] };
const BLUE: Style = { fg: [0, 0, 255], bold: true };

/** Rows of cells from text, every cell in `style`. */
function rows(lines: string[], style: Style = PLAIN): StyledCell[][] {
  return lines.map((l) => [...l].map((ch) => ({ ch, style })));
}

/** A painter with no wrapping, so the tests read the moves and text alone. */
function bare(level: 'none' | 'truecolor' = 'none', maxGap = 4) {
  return new MapPainter(level, { sync: false, saveCursor: false, maxGap });
}

const at = (row: number, col: number) => `\x1b[${row};${col}H`; // 1-based, as on the wire

describe('map painter, level none', () => {
  test('the first paint writes every row at the origin; an unchanged frame writes nothing', () => {
    const p = bare();
    expect(p.paint(rows(['ab', 'cd']), { row: 2, col: 3 })).toBe(`${at(3, 4)}ab${at(4, 4)}cd`);
    expect(p.paint(rows(['ab', 'cd']), { row: 2, col: 3 })).toBe('');
  });

  test('one changed cell: one move, one character', () => {
    const p = bare();
    p.paint(rows(['.....', '.....']), { row: 0, col: 0 });
    expect(p.paint(rows(['.....', '..@..']), { row: 0, col: 0 })).toBe(`${at(2, 3)}@`);
  });

  test('one absolute move a row; over unchanged cells a relative one, or them rewritten when fewer bytes', () => {
    const p = bare('none', 3);
    p.paint(rows(['..........']), { row: 0, col: 0 });
    // Two cells between: '..' (2 bytes) is cheaper than ESC[2C (4).
    expect(p.paint(rows(['a..b......']), { row: 0, col: 0 })).toBe(`${at(1, 1)}a..b`);
    // Six between, more than maxGap: a relative move.
    expect(p.paint(rows(['x..b...y..']), { row: 0, col: 0 })).toBe(`${at(1, 1)}x\x1b[6Cy`);
    // The row's first change: an absolute move; the next one: a relative move.
    expect(p.paint(rows(['x.zb...yw.']), { row: 0, col: 0 })).toBe(`${at(1, 3)}z\x1b[5Cw`);
  });

  test('a gap of 3-byte glyphs: one rewritten (as many bytes as ESC[C), three jumped over', () => {
    const p = bare('none', 4);
    p.paint(rows(['█████']), { row: 0, col: 0 });
    expect(p.paint(rows(['a█b██']), { row: 0, col: 0 })).toBe(`${at(1, 1)}a█b`);
    expect(p.paint(rows(['x█b█y']), { row: 0, col: 0 })).toBe(`${at(1, 1)}x\x1b[3Cy`);
  });

  test('to another row: relative moves when shorter than a CUP; never relative from the edge', () => {
    const p = bare();
    const blank = Array.from({ length: 20 }, () => '.'.repeat(20));
    p.paint(rows(blank), { row: 10, col: 10 });
    const next = blank.slice();
    next[12] = '.....a..............';
    next[13] = '.....b..............';
    next[14] = '..c.................';
    next[16] = '.............d......';
    // Down one, back one (a backspace: 4 bytes, not ESC[24;16H); down one, back four (CUB:
    // shorter than four backspaces); then down two and right ten would take 9 bytes: a CUP (8).
    expect(p.paint(rows(next), { row: 10, col: 10 })).toBe(
      `${at(23, 16)}a\x1b[B\bb\x1b[B\x1b[4Dc${at(27, 24)}d`,
    );
    // A glyph in the region's last column: the cursor may wait there for a wrap, so the next
    // move names the column (a CUP here), never a relative one (ESC[B ESC[2D would be shorter).
    const edge = blank.slice();
    edge[2] = `${'.'.repeat(19)}x`;
    edge[3] = `${'.'.repeat(18)}y.`;
    p.paint(rows(blank), { row: 10, col: 10 });
    expect(p.paint(rows(edge), { row: 10, col: 10 })).toBe(`${at(13, 30)}x${at(14, 29)}y`);
  });

  test('reset, invalidateRow and a new origin repaint', () => {
    const p = bare();
    const frame = rows(['ab', 'cd']);
    p.paint(frame, { row: 0, col: 0 });
    p.invalidateRow(1);
    expect(p.paint(frame, { row: 0, col: 0 })).toBe(`${at(2, 1)}cd`);
    p.reset();
    expect(p.paint(frame, { row: 0, col: 0 })).toBe(`${at(1, 1)}ab${at(2, 1)}cd`);
    expect(p.paint(frame, { row: 1, col: 0 })).toBe(`${at(2, 1)}ab${at(3, 1)}cd`);
  });

  test('a taller frame paints the new rows; a shorter one forgets the rows it lost', () => {
    const p = bare();
    p.paint(rows(['ab']), { row: 0, col: 0 });
    expect(p.paint(rows(['ab', 'cd']), { row: 0, col: 0 })).toBe(`${at(2, 1)}cd`);
    p.paint(rows(['ab']), { row: 0, col: 0 });
    expect(p.paint(rows(['ab', 'cd']), { row: 0, col: 0 })).toBe(`${at(2, 1)}cd`);
  });
});

describe('map painter, colours', () => {
  const red = sgr('truecolor', RED); // the first SGR of a paint is whole: \x1b[0;…m
  const RED_FG = sgrColor('truecolor', RED.fg!, true);
  const BLUE_FG = sgrColor('truecolor', BLUE.fg!, true);

  test('an SGR where the style changes, with only what changes; a reset at the end', () => {
    const p = bare('truecolor');
    const frame = [[...rows(['ab'], RED)[0]!, ...rows(['cd'], BLUE)[0]!]];
    expect(p.paint(frame, { row: 0, col: 0 })).toBe(
      `${at(1, 1)}${red}ab\x1b[1;${BLUE_FG}mcd${RESET}`,
    );
  });

  test('a cell that only changes colour is repainted; the pen carries across moves', () => {
    const p = bare('truecolor');
    p.paint(rows(['.....', '.....'], RED), { row: 0, col: 0 });
    const next = rows(['.....', '.....'], RED);
    next[0]![0] = { ch: '.', style: BLUE };
    next[1]![4] = { ch: '.', style: BLUE };
    expect(p.paint(next, { row: 0, col: 0 })).toBe(
      `${at(1, 1)}${sgr('truecolor', BLUE)}.${at(2, 5)}.${RESET}`,
    );
  });

  test('what a glyph cannot show is not set: a space has no foreground, a block no background', () => {
    const p = bare('truecolor');
    const onGrey: Style = { fg: [1, 2, 3], bg: [9, 9, 9] };
    const frame = [
      [
        { ch: '.', style: onGrey },
        { ch: '█', style: RED }, // bg stays grey: hidden under the block
        { ch: ' ', style: onGrey }, // fg stays red: a space shows none
        { ch: ' ', style: PLAIN },
      ],
    ];
    expect(p.paint(frame, { row: 0, col: 0 })).toBe(
      `${at(1, 1)}${sgr('truecolor', onGrey)}.\x1b[${RED_FG}m█ \x1b[49m ${RESET}`,
    );
  });

  test('unchanged cells in another pen are jumped over, not rewritten with two pen changes', () => {
    const p = bare('truecolor');
    const styled = (styles: Style[]) => [styles.map((style) => ({ ch: '.', style }))];
    p.paint(styled([RED, BLUE, BLUE, RED]), { row: 0, col: 0 });
    // Cells 0 and 3 turn blue; 1 and 2 are blue already: the pen fits them, they are rewritten.
    expect(p.paint(styled([BLUE, BLUE, BLUE, BLUE]), { row: 0, col: 0 })).toBe(
      `${at(1, 1)}${sgr('truecolor', BLUE)}....${RESET}`,
    );
    // Cells 0 and 3 turn red; 1 and 2 stay blue: jumped over.
    expect(p.paint(styled([RED, BLUE, BLUE, RED]), { row: 0, col: 0 })).toBe(
      `${at(1, 1)}${sgr('truecolor', RED)}.\x1b[2C.${RESET}`,
    );
  });

  test('by default a paint is synchronized and puts the cursor back', () => {
    const p = new MapPainter('truecolor');
    const out = p.paint(rows(['a'], RED), { row: 0, col: 0 });
    expect(out).toBe(
      `${SYNC_BEGIN}${SAVE_CURSOR}${at(1, 1)}${red}a${RESET}${RESTORE_CURSOR}${SYNC_END}`,
    );
    expect(p.paint(rows(['a'], RED), { row: 0, col: 0 })).toBe('');
  });

  test('each paint starts from an unknown pen (others write in between)', () => {
    const p = bare('truecolor');
    p.paint(rows(['a'], RED), { row: 0, col: 0 });
    expect(p.paint(rows(['b'], RED), { row: 0, col: 0 })).toBe(`${at(1, 1)}${red}b${RESET}`);
    expect(RED_FG).toBe('38;2;255;0;0');
  });
});

test.each([
  ['a few', 12],
  ['many (a style at a time)', 120],
])(
  'over 300 random frames of %s changes, the screen always shows the last frame, glyphs and pens',
  (_, changes) => {
    const rng = seedRng(7);
    const glyphs = ['.', '#', ' ', '█', 'x'];
    const styles: Style[] = [
      PLAIN,
      RED,
      BLUE,
      { bg: [0, 0, 80] },
      { fg: [9, 9, 9], bg: [1, 1, 1] },
    ];
    const W = 30;
    const H = 8;
    const screen = new VtScreen(12, 40);
    const p = new MapPainter('truecolor', { maxGap: 3 });
    let frame: StyledCell[][] = rows(Array.from({ length: H }, () => '.'.repeat(W)));
    const code = (c: number[] | undefined, fg: boolean) =>
      c ? sgrColor('truecolor', c as [number, number, number], fg) : '';
    for (let f = 0; f < 300; f++) {
      frame = frame.map((r) => r.slice());
      for (let k = rngInt(rng, changes); k > 0; k--) {
        frame[rngInt(rng, H)]![rngInt(rng, W)] = {
          ch: glyphs[rngInt(rng, glyphs.length)]!,
          style: styles[rngInt(rng, styles.length)]!,
        };
      }
      if (f % 50 === 0) screen.feed('\x1b[0;1;41m'); // someone else leaves the pen dirty
      screen.feed(p.paint(frame, { row: 2, col: 5 }));
      // Compare row by row: the glyphs, and each cell's pen where the glyph shows it.
      for (let y = 0; y < H; y++) {
        expect(screen.line(y + 2).slice(5, 5 + W)).toBe(frame[y]!.map((c) => c.ch).join(''));
        const shown = (x: number, pen: { fg: string; bg: string; bold: boolean }) => {
          const { ch } = frame[y]![x]!;
          return `${ch === '█' ? '*' : pen.bg}/${ch === ' ' ? '*' : `${pen.fg}${pen.bold ? '!' : ''}`}`;
        };
        const want = frame[y]!.map(({ style }, x) =>
          shown(x, {
            fg: code(style.fg as number[] | undefined, true),
            bg: code(style.bg as number[] | undefined, false),
            bold: style.bold === true,
          }),
        );
        const got = frame[y]!.map((_, x) => shown(x, screen.penAt(y + 2, x + 5)));
        expect(got).toEqual(want);
      }
    }
  },
);

/** SGR sequences in painted output. */
const sgrCount = (out: string) => out.split('\x1b[').filter((p) => /^[0-9;]*m/.test(p)).length;

test('the fog edge moving (two floors alternating along every row): one pen change per style', () => {
  const lit: Style = { fg: [120, 104, 60], bg: [46, 40, 24] };
  const dim: Style = { fg: [44, 44, 56], bg: [10, 10, 14] };
  const W = 24;
  const H = 6;
  const frame = (edge: (x: number, y: number) => boolean) =>
    Array.from({ length: H }, (_, y) =>
      Array.from({ length: W }, (_, x) => ({ ch: '·', style: edge(x, y) ? lit : dim })),
    );
  const p = new MapPainter('256');
  const screen = new VtScreen(10, 40);
  screen.feed(
    p.paint(
      frame(() => false),
      { row: 1, col: 2 },
    ),
  );
  // Every other pair of cells lights up: 12 runs a row, 72 in all.
  const next = frame((x) => x % 4 < 2);
  const out = p.paint(next, { row: 1, col: 2 });
  screen.feed(out);
  expect(sgrCount(out)).toBe(2); // the lit pen, and the reset at the end
  for (let y = 0; y < H; y++) {
    expect(screen.line(y + 1).slice(2, 2 + W)).toBe('·'.repeat(W));
    const pens = next[y]!.map((_, x) => screen.penAt(y + 1, x + 2).bg);
    const want = next[y]!.map((c) => sgrColor('256', c.style.bg!, false));
    expect(pens).toEqual(want);
  }
  // And back: the dim pen once, the cells jumped to.
  const back = p.paint(
    frame(() => false),
    { row: 1, col: 2 },
  );
  expect(sgrCount(back)).toBe(2);
  expect(back.length).toBeLessThan(out.length + 8);
});
