/**
 * Just enough of a VT100/xterm to follow the cursor through what a program writes: a streaming
 * parser for escape sequences, and a cursor that moves, wraps and scrolls as a terminal's does.
 * Subclasses decide what a write means: ink-tap.ts notes which cells Ink touched, vt-screen.ts
 * keeps a grid of characters (tests and the bench check what a terminal would show).
 *
 * Known: printable text (one column per code point, two for wide ones), CR LF BS, CSI
 * A B C D E F G H f d K J S T L M P X @ s u, ESC 7 8 D E M c. Private modes (ESC[?…h), SGR and
 * OSC strings move nothing and are skipped.
 */

const ESC = 0x1b;

/** Columns a code point takes: 1 for ASCII and most text, 0 or 2 where Bun says so. */
function charWidth(cp: number, ch: string): number {
  return cp < 0x300 ? 1 : Bun.stringWidth(ch);
}

export class VtCursor {
  row = 0;
  col = 0;
  /** Printed in the last column: the next printable character wraps first (xterm's way). */
  private wrapPending = false;
  private saved = { row: 0, col: 0 };
  /** The unfinished escape sequence at the end of the last `feed`. */
  private pending = '';

  /**
   * @param onlcr LF also returns the carriage, as a tty's output processing (ONLCR, on by
   *   default) makes it do: programs like Ink write bare '\n' between lines. @default true
   */
  constructor(
    public rows: number,
    public cols: number,
    private readonly onlcr = true,
  ) {}

  /** Hook: `text`, `width` columns wide, was printed from (row, col) on one row. */
  protected put(_row: number, _col: number, _text: string, _width: number): void {}
  /** Hook: cells [from, to) of `row` were erased (`to` may be Infinity: to the line's end). */
  protected erase(_row: number, _from: number, _to: number): void {}
  /** Hook: the rows from `top` down scrolled up by `n` (negative: down); new rows are blank. */
  protected scroll(_top: number, _n: number): void {}
  /** Hook: an SGR sequence (`params` as written, e.g. '0;38;2;1;2;3'). */
  protected sgr(_params: string): void {}
  /** Hook: ESC 7 / ESC 8 (the cursor itself is saved and restored here already). */
  protected savePen(): void {}
  protected restorePen(): void {}

  feed(data: string): void {
    const s = this.pending + data;
    this.pending = '';
    let i = 0;
    let textStart = -1;
    const flushText = (end: number) => {
      if (textStart >= 0) this.print(s.slice(textStart, end));
      textStart = -1;
    };
    while (i < s.length) {
      const code = s.charCodeAt(i);
      if (code >= 0x20 && code !== 0x7f) {
        if (textStart < 0) textStart = i;
        i++;
        continue;
      }
      flushText(i);
      if (code !== ESC) {
        this.control(code);
        i++;
        continue;
      }
      const used = this.escape(s, i);
      if (used === 0) {
        this.pending = s.slice(i); // incomplete: wait for the rest
        return;
      }
      i += used;
    }
    flushText(i);
  }

  /** Parses the escape sequence at s[i] (ESC); returns its length, 0 when incomplete. */
  private escape(s: string, i: number): number {
    if (i + 1 >= s.length) return 0;
    const kind = s[i + 1]!;
    if (kind === '[') {
      let j = i + 2;
      while (j < s.length && (s.charCodeAt(j) < 0x40 || s.charCodeAt(j) > 0x7e)) j++;
      if (j >= s.length) return 0;
      this.csi(s.slice(i + 2, j), s[j]!);
      return j - i + 1;
    }
    if (kind === ']' || kind === 'P' || kind === '_' || kind === '^') {
      // OSC / DCS / APC / PM: up to BEL or ST (ESC \).
      for (let j = i + 2; j < s.length; j++) {
        if (s.charCodeAt(j) === 0x07) return j - i + 1;
        if (s.charCodeAt(j) === ESC && s[j + 1] === '\\') return j - i + 2;
      }
      return 0;
    }
    if (kind === '(' || kind === ')' || kind === '#') return i + 2 < s.length ? 3 : 0;
    this.esc(kind);
    return 2;
  }

  private print(text: string): void {
    let run = ''; // a run of one-column characters on one row, printed from runCol
    let runCol = 0;
    let runWidth = 0;
    const flush = () => {
      if (run !== '') this.put(this.row, runCol, run, runWidth);
      run = '';
      runWidth = 0;
    };
    for (const ch of text) {
      const w = charWidth(ch.codePointAt(0)!, ch);
      if (w === 0) continue;
      if (this.wrapPending || this.col + w > this.cols) {
        flush();
        this.col = 0;
        this.lineFeed();
        this.wrapPending = false;
      }
      if (w === 1) {
        if (run === '') runCol = this.col;
        run += ch;
        runWidth++;
      } else {
        flush();
        this.put(this.row, this.col, ch, w);
      }
      if (this.col + w >= this.cols) {
        this.col = this.cols - 1;
        this.wrapPending = true;
      } else this.col += w;
    }
    flush();
  }

  private lineFeed(): void {
    if (this.row >= this.rows - 1) this.scroll(0, 1);
    else this.row++;
  }

  private control(code: number): void {
    this.wrapPending = false;
    if (code === 0x0a || code === 0x0b || code === 0x0c) {
      if (this.onlcr && code === 0x0a) this.col = 0;
      this.lineFeed();
    } else if (code === 0x0d) this.col = 0;
    else if (code === 0x08) this.col = Math.max(0, this.col - 1);
  }

  private moveTo(row: number, col: number): void {
    this.row = Math.min(Math.max(row, 0), this.rows - 1);
    this.col = Math.min(Math.max(col, 0), this.cols - 1);
    this.wrapPending = false;
  }

  private csi(params: string, final: string): void {
    const first = params.charCodeAt(0);
    if (first === 0x3f || first === 0x3e || first === 0x3c || first === 0x3d) return; // private
    if (final === 'm') {
      this.sgr(params);
      return;
    }
    const args = params.split(';').map((p) => Number.parseInt(p, 10));
    const n = Number.isNaN(args[0]!) ? 0 : args[0]!;
    const n1 = Math.max(1, n);
    const { row, col } = this;
    switch (final) {
      case 'A':
        this.moveTo(row - n1, col);
        return;
      case 'B':
        this.moveTo(row + n1, col);
        return;
      case 'C':
        this.moveTo(row, col + n1);
        return;
      case 'D':
        this.moveTo(row, col - n1);
        return;
      case 'E':
        this.moveTo(row + n1, 0);
        return;
      case 'F':
        this.moveTo(row - n1, 0);
        return;
      case 'G':
        this.moveTo(row, n1 - 1);
        return;
      case 'd':
        this.moveTo(n1 - 1, col);
        return;
      case 'H':
      case 'f': {
        const c = args[1];
        this.moveTo(n1 - 1, (c === undefined || Number.isNaN(c) ? 1 : Math.max(1, c)) - 1);
        return;
      }
      case 'K':
        if (n === 0) this.erase(row, col, Number.POSITIVE_INFINITY);
        else if (n === 1) this.erase(row, 0, col + 1);
        else this.erase(row, 0, Number.POSITIVE_INFINITY);
        return;
      case 'J':
        if (n === 0) {
          this.erase(row, col, Number.POSITIVE_INFINITY);
          for (let r = row + 1; r < this.rows; r++) this.erase(r, 0, Number.POSITIVE_INFINITY);
        } else if (n === 1) {
          for (let r = 0; r < row; r++) this.erase(r, 0, Number.POSITIVE_INFINITY);
          this.erase(row, 0, col + 1);
        } else for (let r = 0; r < this.rows; r++) this.erase(r, 0, Number.POSITIVE_INFINITY);
        return;
      case 'S':
        this.scroll(0, n1);
        return;
      case 'T':
        this.scroll(0, -n1);
        return;
      case 'L':
        this.scroll(row, -n1);
        return;
      case 'M':
        this.scroll(row, n1);
        return;
      case 'P':
      case '@':
        this.erase(row, col, Number.POSITIVE_INFINITY); // shifts the rest of the line
        return;
      case 'X':
        this.erase(row, col, col + n1);
        return;
      case 's':
        this.saved = { row, col };
        return;
      case 'u':
        this.moveTo(this.saved.row, this.saved.col);
        return;
    }
  }

  private esc(final: string): void {
    switch (final) {
      case '7':
        this.saved = { row: this.row, col: this.col };
        this.savePen();
        return;
      case '8':
        this.moveTo(this.saved.row, this.saved.col);
        this.restorePen();
        return;
      case 'D':
        this.wrapPending = false;
        this.lineFeed();
        return;
      case 'E':
        this.col = 0;
        this.wrapPending = false;
        this.lineFeed();
        return;
      case 'M':
        if (this.row === 0) this.scroll(0, -1);
        else this.moveTo(this.row - 1, this.col);
        return;
      case 'c':
        for (let r = 0; r < this.rows; r++) this.erase(r, 0, Number.POSITIVE_INFINITY);
        this.moveTo(0, 0);
        return;
    }
  }
}
