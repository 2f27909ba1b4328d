/**
 * The map painter: turns rows of styled cells into the escape sequences that bring the screen
 * from the previous frame to this one. It keeps the last frame it painted and rewrites only the
 * cells that changed, in spans (one cursor move each; short runs of unchanged cells between two
 * changes are rewritten rather than jumped over, which is cheaper than another move).
 *
 * Pure apart from that memory: `paint` returns a string, the caller writes it. Every cell is
 * assumed one column wide (the view-model's glyphs and ASCII names are).
 *
 * The output is wrapped in synchronized output (ESC[?2026h … l, so the terminal shows the frame
 * at once) and in save/restore cursor (ESC 7 … ESC 8), so whoever else writes to the terminal
 * (Ink, with its cursor-relative moves) finds the cursor and the pen where it left them.
 */
import type { StyledCell } from '../map-view.ts';
import { type ColorLevel, RESET, type Rgb, sgrColor } from '../palette.ts';

/** Where the region's top-left cell is on the screen, 0-based. */
export interface ScreenOrigin {
  readonly row: number;
  readonly col: number;
}

export interface PainterOptions {
  /**
   * Unchanged cells between two changes on a row that are rewritten instead of jumped over (a
   * jump costs a cursor move, ≈ 8 bytes). @default 4
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

export const SYNC_BEGIN = '\x1b[?2026h';
export const SYNC_END = '\x1b[?2026l';
export const SAVE_CURSOR = '\x1b7';
export const RESTORE_CURSOR = '\x1b8';

/** CUP: move to a 0-based (row, col). */
export function cursorTo(row: number, col: number): string {
  return `\x1b[${row + 1};${col + 1}H`;
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
    let out = '';
    this.pen.known = false; // whatever was written since may have changed it
    for (let r = 0; r < rows.length; r++) {
      const next = rows[r]!;
      const old = this.screen[r] ?? [];
      let c = 0;
      while (c < next.length) {
        if (sameCell(old[c], next[c]!)) {
          c++;
          continue;
        }
        // A span from c to the last change followed by more than maxGap unchanged cells.
        let end = c + 1;
        for (let j = end, gap = 0; j < next.length && gap <= this.maxGap; j++) {
          if (sameCell(old[j], next[j]!)) gap++;
          else {
            end = j + 1;
            gap = 0;
          }
        }
        out += cursorTo(origin.row + r, origin.col + c);
        for (; c < end; c++) {
          const cell = next[c]!;
          if (this.level !== 'none') out += this.penFor(cell);
          out += cell.ch;
        }
      }
      // Remember the row in place: no new array per row per frame.
      const mem = this.screen[r] ?? [];
      mem.length = next.length;
      for (let i = 0; i < next.length; i++) mem[i] = next[i];
      this.screen[r] = mem;
    }
    this.screen.length = rows.length;
    if (out === '') return '';
    if (this.pen.known) out += RESET;
    if (this.saveCursor) out = SAVE_CURSOR + out + RESTORE_CURSOR;
    return this.sync ? SYNC_BEGIN + out + SYNC_END : out;
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
