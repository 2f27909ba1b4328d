/**
 * The text painter: the live texts of the HUD (the clock, a countdown's tenths, the status
 * line's figures) written straight to the terminal into boxes Ink reserved for them, like the
 * map (map-surface.ts). It keeps the last rows it painted and rewrites, on each row, only the
 * span from the first cell that changed to the last one (a clock going from 2:31 to 2:30 is one
 * character).
 *
 * A cell carries its pen as the SGR sequence that sets it from the default pen (what Ink's own
 * chalk writes for that style: the UI computes it with the same chalk, so a painted text looks
 * exactly as Ink would have drawn it); '' is the default pen. Pure apart from that memory:
 * `paint` returns a string, the caller writes it, wrapped in synchronized output and
 * save/restore cursor (ESC 7 … ESC 8, which restores the pen too), as the map painter does.
 */
import {
  cursorTo,
  RESTORE_CURSOR,
  SAVE_CURSOR,
  type ScreenOrigin,
  SYNC_BEGIN,
  SYNC_END,
} from './map-painter.ts';

/** One cell of painted text: a one-column character and the SGR that sets its pen ('' none). */
export interface TextCell {
  readonly ch: string;
  readonly sgr: string;
}

export type TextRow = readonly TextCell[];

const BLANK: TextCell = { ch: ' ', sgr: '' };
const RESET = '\x1b[0m';

function sameCell(a: TextCell | undefined, b: TextCell): boolean {
  return a !== undefined && a.ch === b.ch && a.sgr === b.sgr;
}

export class TextPainter {
  /** The rows on screen as last painted, each `width` cells; undefined: not known. */
  private screen: (TextCell[] | undefined)[] = [];
  private origin: ScreenOrigin | null = null;
  private width = -1;

  /** Forgets what is on screen: the next paint writes every cell. */
  reset(): void {
    this.screen = [];
  }

  /** Forgets one row (someone else drew over it): the next paint rewrites all of it. */
  invalidateRow(row: number): void {
    if (row >= 0 && row < this.screen.length) this.screen[row] = undefined;
  }

  /**
   * The escape sequences that show `rows` in a `width`×`rows.length` box with its top-left at
   * `origin` ('' when nothing changed). A row shorter than `width` is padded with blanks of the
   * default pen, a longer one cut.
   */
  paint(rows: readonly TextRow[], origin: ScreenOrigin, width: number): string {
    if (
      !this.origin ||
      this.origin.row !== origin.row ||
      this.origin.col !== origin.col ||
      this.width !== width
    ) {
      this.screen = [];
      this.origin = origin;
      this.width = width;
    }
    let out = '';
    for (let y = 0; y < rows.length; y++) {
      const row = rows[y]!;
      const cells: TextCell[] = new Array<TextCell>(width);
      for (let x = 0; x < width; x++) cells[x] = row[x] ?? BLANK;
      const before = this.screen[y];
      let first = 0;
      let last = width - 1;
      if (before !== undefined) {
        while (first < width && sameCell(before[first], cells[first]!)) first++;
        if (first === width) continue;
        while (last > first && sameCell(before[last], cells[last]!)) last--;
      }
      out += cursorTo(origin.row + y, origin.col + first);
      let pen = '\0'; // not known
      for (let x = first; x <= last; x++) {
        const cell = cells[x]!;
        if (cell.sgr !== pen) {
          out += RESET + cell.sgr;
          pen = cell.sgr;
        }
        out += cell.ch;
      }
      this.screen[y] = cells;
    }
    if (out.length === 0) return '';
    return `${SYNC_BEGIN}${SAVE_CURSOR}${out}${RESET}${RESTORE_CURSOR}${SYNC_END}`;
  }
}
