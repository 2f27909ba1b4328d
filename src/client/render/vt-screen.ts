/**
 * A terminal screen in memory: feed it what a program writes, read back the characters a
 * terminal would show, and each cell's pen (bold, foreground, background as SGR parameters).
 * For tests and the client bench, which check that Ink and the map painter together leave the
 * screen they mean to.
 */
import { VtCursor } from './vt-cursor.ts';

/**
 * A cell's pen: SGR parameters of its colours ('' = the terminal's default), boldness, and the
 * dim and inverse attributes (the HUD's banners are inverse) when set.
 */
export interface CellPen {
  readonly fg: string;
  readonly bg: string;
  readonly bold: boolean;
  readonly dim?: true;
  readonly inverse?: true;
}

const PLAIN_PEN: CellPen = { fg: '', bg: '', bold: false };

export class VtScreen extends VtCursor {
  /** One string per cell; '' for the right half of a wide character. */
  private grid: string[][];
  private pens: CellPen[][];
  private pen: CellPen = PLAIN_PEN;
  private savedPen: CellPen = PLAIN_PEN;

  constructor(rows: number, cols: number, onlcr = true) {
    super(rows, cols, onlcr);
    this.grid = Array.from({ length: rows }, () => new Array<string>(cols).fill(' '));
    this.pens = Array.from({ length: rows }, () => new Array<CellPen>(cols).fill(PLAIN_PEN));
  }

  /** The pen cell (row, col) was last written or erased with. */
  penAt(row: number, col: number): CellPen {
    return this.pens[row]?.[col] ?? PLAIN_PEN;
  }

  /** Row `r` as text, trailing spaces kept. */
  line(r: number): string {
    return (this.grid[r] ?? []).join('');
  }

  /** Every row as text. */
  lines(): string[] {
    return this.grid.map((row) => row.join(''));
  }

  /** Changes the size as a terminal would (cut or blank-filled; no reflow). */
  resize(rows: number, cols: number): void {
    this.grid = Array.from({ length: rows }, (_, r) =>
      Array.from({ length: cols }, (_, c) => this.grid[r]?.[c] ?? ' '),
    );
    this.pens = Array.from({ length: rows }, (_, r) =>
      Array.from({ length: cols }, (_, c) => this.pens[r]?.[c] ?? PLAIN_PEN),
    );
    this.rows = rows;
    this.cols = cols;
    this.row = Math.min(this.row, rows - 1);
    this.col = Math.min(this.col, cols - 1);
  }

  protected override put(row: number, col: number, text: string, width: number): void {
    const line = this.grid[row];
    if (!line) return;
    const pens = this.pens[row]!;
    const chars = [...text];
    if (chars.length === 1 && width > 1) {
      line[col] = text; // a wide character: it covers the next cell too
      for (let c = col + 1; c < Math.min(col + width, this.cols); c++) line[c] = '';
      for (let c = col; c < Math.min(col + width, this.cols); c++) pens[c] = this.pen;
    } else {
      for (let i = 0; i < chars.length && col + i < this.cols; i++) {
        line[col + i] = chars[i]!;
        pens[col + i] = this.pen;
      }
    }
  }

  protected override erase(row: number, from: number, to: number): void {
    const line = this.grid[row];
    if (!line) return;
    // Erased cells take the current background (xterm's back-colour erase).
    const pen = this.pen.bg === '' ? PLAIN_PEN : { ...PLAIN_PEN, bg: this.pen.bg };
    for (let c = from; c < Math.min(to, this.cols); c++) {
      line[c] = ' ';
      this.pens[row]![c] = pen;
    }
  }

  protected override savePen(): void {
    this.savedPen = this.pen;
  }

  protected override restorePen(): void {
    this.pen = this.savedPen;
  }

  protected override sgr(params: string): void {
    const p = params === '' ? ['0'] : params.split(';');
    let { fg, bg, bold } = this.pen;
    let dim = this.pen.dim === true;
    let inverse = this.pen.inverse === true;
    for (let i = 0; i < p.length; i++) {
      const n = Number(p[i]);
      if (n === 0) [fg, bg, bold, dim, inverse] = ['', '', false, false, false];
      else if (n === 1) bold = true;
      else if (n === 2) dim = true;
      else if (n === 22) [bold, dim] = [false, false];
      else if (n === 7) inverse = true;
      else if (n === 27) inverse = false;
      else if (n === 39) fg = '';
      else if (n === 49) bg = '';
      else if (n === 38 || n === 48) {
        const len = p[i + 1] === '2' ? 5 : 3; // 38;2;r;g;b or 38;5;n
        const code = p.slice(i, i + len).join(';');
        if (n === 38) fg = code;
        else bg = code;
        i += len - 1;
      } else if ((n >= 30 && n <= 37) || (n >= 90 && n <= 97)) fg = String(n);
      else if ((n >= 40 && n <= 47) || (n >= 100 && n <= 107)) bg = String(n);
    }
    this.pen = { fg, bg, bold, ...(dim ? { dim } : {}), ...(inverse ? { inverse } : {}) };
  }

  protected override scroll(top: number, n: number): void {
    this.grid = scrolled(this.grid, top, n, () => new Array<string>(this.cols).fill(' '));
    this.pens = scrolled(this.pens, top, n, () => new Array<CellPen>(this.cols).fill(PLAIN_PEN));
  }
}

/** `rows` with those from `top` down moved up by `n` (down if negative), blank rows coming in. */
function scrolled<T>(rows: T[][], top: number, n: number, blank: () => T[]): T[][] {
  const region = rows.slice(top);
  const height = region.length;
  if (n > 0) {
    region.splice(0, Math.min(n, height));
    while (region.length < height) region.push(blank());
  } else {
    for (let i = 0; i < Math.min(-n, height); i++) region.unshift(blank());
    region.length = height;
  }
  return [...rows.slice(0, top), ...region];
}
