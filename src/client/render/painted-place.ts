/**
 * One box of the screen that we paint and Ink only lays out (the map, a live text of the HUD):
 * where it is, measured from Ink's layout when it may have changed, and which of its rows Ink
 * drew over since the last paint. The surface (map-surface.ts) holds several and tells them
 * about Ink's writes; each subclass paints its own content with its own painter.
 *
 * When the box moves, shrinks or goes away, the cells painted in the old place are erased
 * before Ink's next write goes out: in Ink's idea of the screen they were blank, so its diff is
 * right again and it draws whatever now belongs there.
 */
import type { InkTap } from './ink-tap.ts';
import { cursorTo, RESTORE_CURSOR, SAVE_CURSOR, SYNC_BEGIN, SYNC_END } from './map-painter.ts';

/** A painted box on screen: 0-based row and column of its top-left cell, size in cells. */
export interface MapRegionBox {
  readonly row: number;
  readonly col: number;
  readonly width: number;
  readonly height: number;
}

/** Measures the box now (null when it is not laid out). */
export type RegionSource = () => MapRegionBox | null;

function sameBox(a: MapRegionBox | null, b: MapRegionBox | null): boolean {
  if (a === null || b === null) return a === b;
  return a.row === b.row && a.col === b.col && a.width === b.width && a.height === b.height;
}

export abstract class PaintedPlace {
  private source: RegionSource | null = null;
  /** The box the painter's memory of the screen refers to (what we may have painted). */
  protected box: MapRegionBox | null = null;
  /** Ink drew over some of the box since the last paint. */
  dirty = false;
  /** The layout may have changed since the box was last measured. */
  stale = true;

  constructor(
    protected readonly tap: InkTap,
    /** Paint at once in a box that moved (a text is known; a map waits for its next frame). */
    private readonly paintWhenMoved: boolean,
  ) {}

  /** The painter forgets the screen. */
  protected abstract forget(): void;
  /** The painter forgets one row of the box. */
  protected abstract forgetRow(row: number): void;
  /** Writes the content into `box` (only what changed since the last paint). */
  protected abstract paintIn(box: MapRegionBox): void;

  /** The box as measured now (0×0 while there is none). */
  measure(): MapRegionBox | null {
    return this.source?.() ?? null;
  }

  /** The component gives its measure when mounted, null when unmounted (the box is erased). */
  setSource(source: RegionSource | null): void {
    this.source = source;
    this.stale = true;
    this.follow();
  }

  /** The terminal may have moved or cut what was on screen: trust none of it. */
  screenLost(): void {
    this.forget();
    this.dirty = true;
    this.stale = true;
  }

  /** Ink printed on or erased cells [from, to) of screen row `row`. */
  touched(row: number, from: number, to: number): void {
    const b = this.box;
    if (!b || row < b.row || row >= b.row + b.height) return;
    if (to <= b.col || from >= b.col + b.width) return;
    this.forgetRow(row - b.row);
    this.dirty = true;
  }

  /** Paints what changed (and what Ink drew over), in the box as last measured. */
  paint(): void {
    this.dirty = false;
    const b = this.box;
    if (!b) return;
    // Never past the box nor the terminal.
    const height = Math.min(b.height, this.tap.rows - b.row);
    const width = Math.min(b.width, this.tap.columns - b.col);
    if (height <= 0 || width <= 0) return;
    this.paintIn({ row: b.row, col: b.col, width, height });
  }

  /** Takes the box from the layout; if it moved, erases what we painted in the old place. */
  follow(): void {
    if (!this.stale) return;
    this.stale = false;
    const next = this.source?.() ?? null;
    const usable = next && next.width > 0 && next.height > 0 ? next : null;
    if (sameBox(this.box, usable)) return;
    if (this.box) this.tap.writeOwn(this.eraseBox(this.box));
    this.box = usable;
    this.forget();
    if (usable && this.paintWhenMoved) this.dirty = true;
  }

  /** Blanks a box (clipped to the terminal) with the default pen, leaving the cursor as it was. */
  private eraseBox(r: MapRegionBox): string {
    const height = Math.min(r.height, this.tap.rows - r.row);
    const width = Math.min(r.width, this.tap.columns - r.col);
    if (height <= 0 || width <= 0) return '';
    let out = `${SYNC_BEGIN}${SAVE_CURSOR}\x1b[0m`;
    for (let y = 0; y < height; y++) out += `${cursorTo(r.row + y, r.col)}\x1b[${width}X`;
    return `${out}${RESTORE_CURSOR}${SYNC_END}`;
  }
}
