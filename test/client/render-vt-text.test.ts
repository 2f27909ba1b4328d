/**
 * The text painter (src/client/render/text-painter.ts): replayed on a VtScreen, it shows the
 * rows asked for, with their pens; it rewrites only the span of a row that changed, and all of
 * a row it was told someone else drew over; it leaves the cursor where it was.
 */
import { describe, expect, test } from 'bun:test';
import { type TextCell, TextPainter, type TextRow } from '../../src/client/render/text-painter.ts';
import { VtScreen } from '../../src/client/render/vt-screen.ts';

const BOLD = '\x1b[1m';
const INVERSE_BOLD = '\x1b[1m\x1b[7m';

function row(text: string, sgr = ''): TextCell[] {
  return [...text].map((ch) => ({ ch, sgr }));
}

function setup() {
  const screen = new VtScreen(6, 30);
  const painter = new TextPainter();
  const paint = (rows: readonly TextRow[], width = 16) => {
    const out = painter.paint(rows, { row: 2, col: 5 }, width);
    screen.feed(out);
    return out;
  };
  return { screen, painter, paint };
}

/** The visible text written by `out`: escapes taken out. */
function printed(out: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: escapes are what is removed
  return out.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b[78]/g, '');
}

describe('TextPainter', () => {
  test('the rows at the origin, padded with blanks, pens as given', () => {
    const { screen, paint } = setup();
    screen.feed('\x1b[2;3H'); // the cursor somewhere else
    paint([row('Time left 2:31', BOLD), [...row('ping '), ...row('12 ms', '\x1b[32m')]]);
    expect(screen.line(2).slice(5, 21)).toBe('Time left 2:31  ');
    expect(screen.line(3).slice(5, 21)).toBe('ping 12 ms      ');
    expect(screen.penAt(2, 5)).toEqual({ fg: '', bg: '', bold: true });
    expect(screen.penAt(2, 19)).toEqual({ fg: '', bg: '', bold: false });
    expect(screen.penAt(3, 10)).toEqual({ fg: '32', bg: '', bold: false });
    expect(screen.penAt(3, 4)).toEqual({ fg: '', bg: '', bold: false });
    expect([screen.row, screen.col]).toEqual([1, 2]);
  });

  test.each([
    ['one digit', 'Time left 2:31', 'Time left 2:30', '0'],
    ['two digits apart', 'Time left 2:31', 'Time left 1:30', '1:30'],
    ['shorter: the tail blanked', 'Time left 10:00', 'Time left 9:59', '9:59 '],
    ['nothing', 'Time left 2:31', 'Time left 2:31', ''],
  ])('only what changed: %s', (_, before, after, written) => {
    const { screen, paint } = setup();
    paint([row(before, INVERSE_BOLD)]);
    const out = paint([row(after, INVERSE_BOLD)]);
    expect(printed(out)).toBe(written);
    if (written === '') expect(out).toBe('');
    expect(screen.line(2).slice(5, 21)).toBe(after.padEnd(16));
    expect(screen.penAt(2, 5)).toEqual({ fg: '', bg: '', bold: true, inverse: true });
  });

  test('a pen change alone is a change', () => {
    const { screen, paint } = setup();
    paint([row('ping 12 ms', '\x1b[32m')]);
    expect(printed(paint([row('ping 12 ms', '\x1b[33m')]))).toBe('ping 12 ms');
    expect(screen.penAt(2, 5).fg).toBe('33');
  });

  test('a row drawn over is rewritten whole; a reset rewrites everything', () => {
    const { screen, painter, paint } = setup();
    paint([row('abc'), row('def')]);
    screen.feed('\x1b[3;6Hxxxxxx');
    painter.invalidateRow(0);
    expect(printed(paint([row('abc'), row('def')]))).toBe('abc'.padEnd(16));
    expect(screen.line(2).slice(5, 21)).toBe('abc'.padEnd(16));
    painter.reset();
    expect(printed(paint([row('abc'), row('def')]))).toBe('abc'.padEnd(16) + 'def'.padEnd(16));
  });

  test('a new origin or width: painted whole there', () => {
    const { painter, paint } = setup();
    paint([row('abc')]);
    expect(printed(paint([row('abc')], 10))).toBe('abc'.padEnd(10));
    expect(printed(painter.paint([row('abc')], { row: 1, col: 0 }, 10))).toBe('abc'.padEnd(10));
  });
});
