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

  test('changes closer than maxGap share a span; farther ones get their own move', () => {
    const p = bare('none', 2);
    p.paint(rows(['..........']), { row: 0, col: 0 });
    expect(p.paint(rows(['a..b......']), { row: 0, col: 0 })).toBe(`${at(1, 1)}a..b`);
    expect(p.paint(rows(['x..b...y..']), { row: 0, col: 0 })).toBe(`${at(1, 1)}x${at(1, 8)}y`);
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

test('over 300 random frames, the screen always shows the last frame, glyphs and pens', () => {
  const rng = seedRng(7);
  const glyphs = ['.', '#', ' ', '█', 'x'];
  const styles: Style[] = [PLAIN, RED, BLUE, { bg: [0, 0, 80] }, { fg: [9, 9, 9], bg: [1, 1, 1] }];
  const W = 30;
  const H = 8;
  const screen = new VtScreen(12, 40);
  const p = new MapPainter('truecolor', { maxGap: 3 });
  let frame: StyledCell[][] = rows(Array.from({ length: H }, () => '.'.repeat(W)));
  const code = (c: number[] | undefined, fg: boolean) =>
    c ? sgrColor('truecolor', c as [number, number, number], fg) : '';
  for (let f = 0; f < 300; f++) {
    frame = frame.map((r) => r.slice());
    for (let k = rngInt(rng, 12); k > 0; k--) {
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
});
