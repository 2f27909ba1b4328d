/**
 * The map painter: turns rows of styled cells into the escape sequences that bring the screen
 * from the previous frame to this one. It keeps the last frame it painted and rewrites only the
 * cells that changed, moving between them the shortest way: relative moves (CUU/CUD, CUF/CUB,
 * CHA: 3–5 bytes) or an absolute one (CUP, 6–8); a short run of unchanged cells is rewritten
 * instead when that is fewer bytes and needs no change of pen (every byte counts over SSH). When
 * many pen changes would be needed (the fog's edge moving), the cells are written a style at a
 * time if that is shorter.
 *
 * Pure apart from that memory: `paint` returns a string, the caller writes it. Every cell is
 * assumed one column wide (the view-model's glyphs and ASCII names are).
 *
 * The output is wrapped in synchronized output (ESC[?2026h … l, so the terminal shows the frame
 * at once) and in save/restore cursor (ESC 7 … ESC 8), so whoever else writes to the terminal
 * (Ink, with its cursor-relative moves) finds the cursor and the pen where it left them.
 */
import type { StyledCell } from '../map-view.ts';
import { type ColorLevel, RESET, type Rgb, type Style, sgrColor } from '../palette.ts';

/** Where the region's top-left cell is on the screen, 0-based. */
export interface ScreenOrigin {
  readonly row: number;
  readonly col: number;
}

export interface PainterOptions {
  /**
   * Unchanged cells between two changes on a row that may be rewritten instead of jumped over
   * (when their glyphs take fewer bytes than the move, ≈ 3–5, and need no change of pen).
   * @default 4
   */
  readonly maxGap?: number;
  /** Wrap each non-empty paint in ESC[?2026h … ESC[?2026l. @default true */
  readonly sync?: boolean;
  /** Wrap each non-empty paint in ESC 7 … ESC 8 (save/restore cursor and pen). @default true */
  readonly saveCursor?: boolean;
  /**
   * Glyphs that cover their whole cell, so their background never shows and is not set (a
   * space's foreground never shows either). @default ['█']
   */
  readonly opaqueGlyphs?: readonly string[];
}

/**
 * Pen changes in a row-by-row paint beyond which the paint a style at a time is tried too (and
 * taken when shorter): a handful of cells is not worth the second pass.
 */
const GROUP_AFTER_PEN_CHANGES = 8;

export const SYNC_BEGIN = '\x1b[?2026h';
export const SYNC_END = '\x1b[?2026l';
export const SAVE_CURSOR = '\x1b7';
export const RESTORE_CURSOR = '\x1b8';

/** CUP: move to a 0-based (row, col). */
export function cursorTo(row: number, col: number): string {
  return `\x1b[${row + 1};${col + 1}H`;
}

/** CUF: move `n` ≥ 1 columns right (never past the right margin: no wrap). */
export function cursorRight(n: number): string {
  return csiMove(n, 'C');
}

/** A relative move by `n` ≥ 1: A up, B down, C right, D left (1 is left out: ESC[C). */
function csiMove(n: number, dir: 'A' | 'B' | 'C' | 'D'): string {
  return n === 1 ? `\x1b[${dir}` : `\x1b[${n}${dir}`;
}

/**
 * `n` ≥ 1 columns left: backspaces (one byte each, every terminal; never used from the right
 * edge, where a pending wrap makes them differ) when shorter than CUB.
 */
function back(n: number): string {
  return n <= 3 ? '\b'.repeat(n) : csiMove(n, 'D');
}

/** UTF-8 bytes of a one-cell glyph. */
function glyphBytes(ch: string): number {
  const code = ch.charCodeAt(0);
  return ch.length > 1 ? 4 : code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
}

function sameCell(a: StyledCell | undefined, b: StyledCell): boolean {
  return a === b || (a !== undefined && a.ch === b.ch && a.style === b.style);
}

function sameRgb(a: Rgb | undefined, b: Rgb | undefined): boolean {
  return (
    a === b ||
    (a !== undefined && b !== undefined && a[0] === b[0] && a[1] === b[1] && a[2] === b[2])
  );
}

/** The terminal's pen (SGR state) as this paint has set it; `known` false before the first set. */
interface Pen {
  known: boolean;
  fg: Rgb | undefined;
  bg: Rgb | undefined;
  bold: boolean;
}

export class MapPainter {
  /** The cells on screen as last painted (copies of the rows), by region row. */
  private screen: (StyledCell | undefined)[][] = [];
  private origin: ScreenOrigin | null = null;
  /** SGR parameters of a colour at this level, by colour object (foreground, background). */
  private readonly fgCodes = new Map<Rgb, string>();
  private readonly bgCodes = new Map<Rgb, string>();
  private readonly pen: Pen = { known: false, fg: undefined, bg: undefined, bold: false };
  /** SGRs written by this paint so far. */
  private penChanges = 0;
  /** 1 for each row with a changed cell in the paint under way. */
  private changedRows = new Uint8Array(0);
  /** Where the cursor is during a paint, in region cells (row -1, col -1: not known). */
  private readonly at = { row: -1, col: -1 };
  private readonly opaque: ReadonlySet<string>;
  private readonly maxGap: number;
  private readonly sync: boolean;
  private readonly saveCursor: boolean;

  constructor(
    readonly level: ColorLevel,
    options: PainterOptions = {},
  ) {
    this.maxGap = options.maxGap ?? 4;
    this.sync = options.sync ?? true;
    this.saveCursor = options.saveCursor ?? true;
    this.opaque = new Set(options.opaqueGlyphs ?? ['█']);
  }

  /** Forgets what is on screen: the next paint writes every cell. */
  reset(): void {
    this.screen = [];
  }

  /** Whether it remembers nothing of the screen (reset, or never painted): paint it whole. */
  get blank(): boolean {
    return this.screen.length === 0;
  }

  /** Forgets one region row (someone else drew over it): the next paint rewrites all of it. */
  invalidateRow(row: number): void {
    if (row >= 0 && row < this.screen.length) this.screen[row] = [];
  }

  /** The escape sequences that show `rows` with the region's top-left at `origin` ('' if none). */
  paint(rows: readonly (readonly StyledCell[])[], origin: ScreenOrigin): string {
    if (!this.origin || this.origin.row !== origin.row || this.origin.col !== origin.col) {
      this.screen = [];
      this.origin = origin;
    }
    this.pen.known = false; // whatever was written since may have changed it
    this.penChanges = 0;
    let out = this.inOrder(rows, origin);
    // Many pen changes (the fog's edge moving: seen and remembered floor alternate along every
    // row): the same cells a pen at a time, if that is shorter.
    if (this.level !== 'none' && this.penChanges > GROUP_AFTER_PEN_CHANGES) {
      this.pen.known = false;
      const grouped = this.byPen(rows, origin);
      if (grouped.length < out.length) out = grouped;
    }
    const changed = this.changedRows;
    for (let r = 0; r < rows.length; r++) {
      const next = rows[r]!;
      const mem = this.screen[r];
      // Remember the rows that changed, in place: no new array per row per frame.
      if (mem !== undefined && changed[r] !== 1 && mem.length === next.length) continue;
      const row = mem ?? [];
      row.length = next.length;
      for (let i = 0; i < next.length; i++) row[i] = next[i];
      this.screen[r] = row;
    }
    this.screen.length = rows.length;
    if (out === '') return '';
    if (this.pen.known) out += RESET;
    if (this.saveCursor) out = SAVE_CURSOR + out + RESTORE_CURSOR;
    return this.sync ? SYNC_BEGIN + out + SYNC_END : out;
  }

  /** The changed cells row by row, left to right. */
  private inOrder(rows: readonly (readonly StyledCell[])[], origin: ScreenOrigin): string {
    let out = '';
    const coloured = this.level !== 'none';
    const at = this.at;
    at.row = -1;
    if (this.changedRows.length < rows.length) this.changedRows = new Uint8Array(rows.length);
    else this.changedRows.fill(0);
    for (let r = 0; r < rows.length; r++) {
      const next = rows[r]!;
      const old = this.screen[r] ?? [];
      for (let c = 0; c < next.length; c++) {
        const cell = next[c]!;
        if (sameCell(old[c], cell)) continue;
        this.changedRows[r] = 1;
        out += this.moveTo(rows, origin, r, c);
        if (coloured) out += this.penFor(cell);
        out += cell.ch;
        this.wrote(r, c, next.length);
      }
    }
    return out;
  }

  /**
   * The changed cells a style at a time (styles in the order they first come), each style's
   * cells row by row: one pen change per style, a move per run instead.
   */
  private byPen(rows: readonly (readonly StyledCell[])[], origin: ScreenOrigin): string {
    const groups = new Map<Style, number[]>(); // style → row, column, row, column…
    for (let r = 0; r < rows.length; r++) {
      const next = rows[r]!;
      const old = this.screen[r] ?? [];
      for (let c = 0; c < next.length; c++) {
        const cell = next[c]!;
        if (sameCell(old[c], cell)) continue;
        let cells = groups.get(cell.style);
        if (cells === undefined) {
          cells = [];
          groups.set(cell.style, cells);
        }
        cells.push(r, c);
      }
    }
    let out = '';
    this.at.row = -1;
    for (const cells of groups.values()) {
      for (let i = 0; i < cells.length; i += 2) {
        const r = cells[i]!;
        const c = cells[i + 1]!;
        const next = rows[r]!;
        out += this.moveTo(rows, origin, r, c);
        const cell = next[c]!;
        out += this.penFor(cell);
        out += cell.ch;
        this.wrote(r, c, next.length);
      }
    }
    return out;
  }

  /** A glyph went to region cell (r, c) of a row `width` cells wide: where the cursor is now. */
  private wrote(r: number, c: number, width: number): void {
    this.at.row = r;
    // At the region's right edge the terminal may hold the cursor on that cell, pending a wrap:
    // its column is not known for a relative move.
    this.at.col = c + 1 < width ? c + 1 : -1;
  }

  /**
   * The shortest way from where the cursor is to region cell (r, c): nothing, the unchanged
   * cells between rewritten (bridge), moves relative to the cursor (CUU/CUD, CUF/CUB, CHA), or
   * an absolute CUP.
   */
  private moveTo(
    rows: readonly (readonly StyledCell[])[],
    origin: ScreenOrigin,
    r: number,
    c: number,
  ): string {
    const { row, col } = this.at;
    if (row === r && col === c) return '';
    if (row === r && col >= 0 && col < c)
      return this.bridge(rows[r]!, this.screen[r] ?? [], col, c);
    const cup = cursorTo(origin.row + r, origin.col + c);
    if (row < 0) return cup;
    const dr = r - row;
    const vertical = dr === 0 ? '' : dr > 0 ? csiMove(dr, 'B') : csiMove(-dr, 'A');
    const cha = `\x1b[${origin.col + c + 1}G`;
    let horizontal = cha;
    if (col === c) horizontal = '';
    else if (col >= 0) {
      const rel = c > col ? csiMove(c - col, 'C') : back(col - c);
      if (rel.length < cha.length) horizontal = rel;
    }
    const relative = vertical + horizontal;
    return relative.length < cup.length ? relative : cup;
  }

  /**
   * From column `from` to `to`: the cells rewritten when they are unchanged, fewer bytes than a
   * move and the pen needs no change for any of them, else a relative move.
   */
  private bridge(
    row: readonly StyledCell[],
    old: readonly (StyledCell | undefined)[],
    from: number,
    to: number,
  ): string {
    const move = cursorRight(to - from);
    if (to - from > this.maxGap) return move;
    let bytes = 0;
    for (let c = from; c < to; c++) {
      const cell = row[c]!;
      if (!sameCell(old[c], cell)) return move; // another pen's, written in its turn
      if (this.level !== 'none' && !this.penFits(cell)) return move;
      bytes += glyphBytes(cell.ch);
    }
    if (bytes > move.length) return move;
    let text = '';
    for (let c = from; c < to; c++) text += row[c]!.ch;
    return text;
  }

  /** Whether the pen shows `cell` right as it is (what the glyph shows of it). */
  private penFits(cell: StyledCell): boolean {
    const pen = this.pen;
    if (!pen.known) return false;
    const { style } = cell;
    if (cell.ch !== ' ' && ((style.bold === true) !== pen.bold || !sameRgb(pen.fg, style.fg)))
      return false;
    return this.opaque.has(cell.ch) || sameRgb(pen.bg, style.bg);
  }

  /**
   * The SGR that makes the pen right for `cell` ('' when it already is): only the attributes
   * that differ, and of those only the ones the glyph shows.
   */
  private penFor(cell: StyledCell): string {
    const { style } = cell;
    const pen = this.pen;
    const showsFg = cell.ch !== ' ';
    const showsBg = !this.opaque.has(cell.ch);
    let params = '';
    if (!pen.known) {
      params = '0';
      pen.known = true;
      pen.fg = pen.bg = undefined;
      pen.bold = false;
    }
    const bold = style.bold === true;
    if (showsFg && bold !== pen.bold) {
      params += bold ? ';1' : ';22';
      pen.bold = bold;
    }
    if (showsFg && !sameRgb(pen.fg, style.fg)) {
      params += `;${style.fg ? this.colour(style.fg, true) : '39'}`;
      pen.fg = style.fg;
    }
    if (showsBg && !sameRgb(pen.bg, style.bg)) {
      params += `;${style.bg ? this.colour(style.bg, false) : '49'}`;
      pen.bg = style.bg;
    }
    if (params === '') return '';
    this.penChanges++;
    return `\x1b[${params.charCodeAt(0) === 59 ? params.slice(1) : params}m`;
  }

  private colour(rgb: Rgb, fg: boolean): string {
    const codes = fg ? this.fgCodes : this.bgCodes;
    let code = codes.get(rgb);
    if (code === undefined) {
      code = sgrColor(this.level, rgb, fg);
      codes.set(rgb, code);
    }
    return code;
  }
}
