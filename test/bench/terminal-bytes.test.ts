import { describe, expect, test } from 'bun:test';
import { classifyBytes, emptyBytes } from '../../bench/terminal-bytes.ts';

describe('classifyBytes', () => {
  test.each([
    ['Ink text and its escapes', '\x1b[?2026hTime 2:31\x1b[K', { ink: 8 + 9 + 3 }],
    [
      "the painter's moves, pen, glyphs inside ESC 7 … ESC 8",
      '\x1b7\x1b[3;4H\x1b[0;38;5;1m..\x1b[2C#\x1b8',
      { mapOther: 4, mapMoves: 6 + 4, mapSgr: 11, mapGlyphs: 3 },
    ],
    ['UTF-8 glyphs by their bytes', '\x1b7☻é\x1b8☺', { mapOther: 4, mapGlyphs: 3 + 2, ink: 3 }],
  ])('%s', (_, text, expected) => {
    const into = emptyBytes();
    expect(classifyBytes(text, into)).toBe(false);
    expect(into).toEqual({ ...emptyBytes(), ...expected });
    const total = Object.values(into).reduce((a, b) => a + b, 0);
    expect(total).toBe(Buffer.byteLength(text));
  });

  test('a paint split across chunks stays the map', () => {
    const into = emptyBytes();
    const inMap = classifyBytes('\x1b7\x1b[H..', into);
    expect(inMap).toBe(true);
    expect(classifyBytes('.#\x1b8x', into, inMap)).toBe(false);
    expect(into).toEqual({ ...emptyBytes(), mapOther: 4, mapMoves: 3, mapGlyphs: 4, ink: 1 });
  });
});
