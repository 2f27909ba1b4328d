import { describe, expect, test } from 'bun:test';
import { VtCursor } from '../../src/client/render/vt-cursor.ts';
import { VtScreen } from '../../src/client/render/vt-screen.ts';

/** Records what the cursor follower reports: `put r,c,w`, `erase r,from,to`, `scroll top,n`. */
class Recorder extends VtCursor {
  log: string[] = [];
  protected override put(row: number, col: number, text: string, width: number): void {
    this.log.push(`put ${row},${col},${width} ${text}`);
  }
  protected override erase(row: number, from: number, to: number): void {
    this.log.push(`erase ${row},${from},${to === Number.POSITIVE_INFINITY ? 'end' : to}`);
  }
  protected override scroll(top: number, n: number): void {
    this.log.push(`scroll ${top},${n}`);
  }
}

describe('VtCursor: following the cursor', () => {
  test.each([
    // written → [row, col] afterwards (a 10×5 terminal, starting at 0,0)
    ['abc', [0, 3]],
    ['abc\r\nd', [1, 1]],
    ['\x1b[3;4H', [2, 3]],
    ['\x1b[3;4H\x1b[2A', [0, 3]],
    ['\x1b[9;99H', [4, 9]], // clamped to the screen
    ['\x1b[3;4H\x1b[E', [3, 0]],
    ['\x1b[3;4H\x1b[5G', [2, 4]],
    ['\x1b[3;4H\x1b7\x1b[1;1Hxyz\x1b8', [2, 3]], // save / restore
    ['\x1b[?2026h\x1b[?25l\x1b[0;38;2;1;2;3mab\x1b[0m', [0, 2]], // modes and SGR move nothing
    ['\x1b]8;;http://x\x07link\x1b]8;;\x07', [0, 4]], // OSC hyperlink skipped
    ['0123456789', [0, 9]], // last column: the wrap is pending
    ['0123456789X', [1, 1]],
    ['\n\n\n\n\n\n', [4, 0]], // scrolls at the bottom
  ] as const)('%j → %j', (written, [row, col]) => {
    const c = new VtCursor(5, 10);
    c.feed(written);
    expect([c.row, c.col]).toEqual([row, col]);
  });

  test('an escape sequence split across two writes is parsed whole', () => {
    const c = new VtCursor(5, 10);
    c.feed('\x1b[3;');
    c.feed('4H');
    expect([c.row, c.col]).toEqual([2, 3]);
  });

  test('reports prints, erases and scrolls', () => {
    const c = new Recorder(3, 10);
    c.feed('ab\x1b[2;5H\x1b[Kxy\x1b[2K\x1b[3;1H\n');
    expect(c.log).toEqual([
      'put 0,0,2 ab',
      'erase 1,4,end',
      'put 1,4,2 xy',
      'erase 1,0,end',
      'scroll 0,1',
    ]);
  });

  test('wide characters take two columns', () => {
    const c = new Recorder(3, 10);
    c.feed('a界b');
    expect(c.log).toEqual(['put 0,0,1 a', 'put 0,1,2 界', 'put 0,3,1 b']);
  });
});

describe('VtScreen', () => {
  test('shows what was written, erased and scrolled', () => {
    const s = new VtScreen(3, 6);
    s.feed('hello\r\nworld\r\n!!\x1b[1;3H\x1b[K');
    expect(s.lines()).toEqual(['he    ', 'world ', '!!    ']);
    s.feed('\x1b[3;1H\n');
    expect(s.lines()).toEqual(['world ', '!!    ', '      ']);
  });
});
