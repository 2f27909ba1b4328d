/**
 * The map region of an Ink screen, painted by us. Ink lays the screen out and draws the HUD; a
 * MapRegion component reserves a blank box and gives the surface a way to measure it; the game
 * loop calls `present(rows)` every frame, and the surface writes only what changed
 * (map-painter.ts) straight to the terminal, at absolute positions.
 *
 * Why it holds together:
 * - Ink never redraws the region on its own: with `incrementalRendering` it rewrites only lines
 *   whose text changed, from the first changed column, and the region's text (blank) never
 *   changes. When Ink does draw over it (its first frame, a resize, a full clear, a line
 *   rewritten from its start because something left of the map changed), the tap
 *   (ink-tap.ts) reports the touched rows and the surface repaints them at once, inside the
 *   same synchronized update.
 * - The region is measured from Ink's layout (Yoga) each time it may have changed: before each of
 *   Ink's writes (Ink lays out, then writes), and at the first frame after a render of the App
 *   or a resize (not at every frame: the layout only changes then). When it moved or shrank, the cells we
 *   painted are erased *before* Ink's write goes out: in Ink's own idea of the screen they were
 *   blank, so Ink's diff is right again, and it draws whatever now belongs there.
 * - Unmounting MapRegion erases the region the same way (React runs the cleanup before Ink
 *   writes the next screen), so no map is left behind on another screen.
 *
 * Requirements on the screen: Ink's frame fills the terminal exactly (height = rows; best on the
 * alternate screen), so that layout row y is screen row y; `incrementalRendering: true` (else
 * every HUD change redraws the map rows too: still correct, much more output); no background
 * colour on the region's ancestors (its blank cells must be plain spaces).
 */
import type { StyledCell } from '../map-view.ts';
import type { ColorLevel } from '../palette.ts';
import type { InkTap, TapListener } from './ink-tap.ts';
import {
  cursorTo,
  MapPainter,
  type PainterOptions,
  RESTORE_CURSOR,
  SAVE_CURSOR,
  SYNC_BEGIN,
  SYNC_END,
} from './map-painter.ts';

/** The map region on screen: 0-based row and column of its top-left cell, size in cells. */
export interface MapRegionBox {
  readonly row: number;
  readonly col: number;
  readonly width: number;
  readonly height: number;
}

/** Measures the region now (null when it is not laid out). */
export type RegionSource = () => MapRegionBox | null;

type Rows = readonly (readonly StyledCell[])[];

function sameBox(a: MapRegionBox | null, b: MapRegionBox | null): boolean {
  if (a === null || b === null) return a === b;
  return a.row === b.row && a.col === b.col && a.width === b.width && a.height === b.height;
}

export class MapSurface implements TapListener {
  readonly painter: MapPainter;
  private source: RegionSource | null = null;
  /** The region the painter's memory of the screen refers to (what we may have painted). */
  private region: MapRegionBox | null = null;
  private rows: Rows = [];
  /** Ink drew over some of the region since the last paint. */
  private dirty = false;
  /** The layout may have changed since the region was last measured. */
  private stale = true;
  /** Frames presented, and Ink writes that made us repaint (the bench reports them). */
  frames = 0;
  repairs = 0;
  private readonly onResize = () => {
    // The terminal may have moved or cut what was on screen: trust none of it.
    this.painter.reset();
    this.dirty = true;
    this.stale = true;
  };

  constructor(
    private readonly tap: InkTap,
    level: ColorLevel,
    options?: PainterOptions,
  ) {
    this.painter = new MapPainter(level, options);
    tap.setListener(this);
    tap.on('resize', this.onResize);
  }

  /** The region's size in cells now (0×0 while there is none): build the rows this size. */
  get size(): { width: number; height: number } {
    const r = this.source?.() ?? null;
    return { width: r?.width ?? 0, height: r?.height ?? 0 };
  }

  /** MapRegion gives its measure when mounted, null when unmounted (the map is then erased). */
  setRegionSource(source: RegionSource | null): void {
    this.source = source;
    this.stale = true;
    this.follow();
  }

  /** The App was rendered: the region is measured again before the next paint. */
  layoutChanged(): void {
    this.stale = true;
  }

  /** Shows one frame of the map: rows of cells, the region's size (extra cells are cut). */
  present(rows: Rows): void {
    this.rows = rows;
    this.frames++;
    this.follow();
    this.repaint();
  }

  /** Forgets the screen: the next frame is painted whole. */
  reset(): void {
    this.painter.reset();
  }

  detach(): void {
    this.setRegionSource(null);
    this.tap.setListener(null);
    this.tap.off('resize', this.onResize);
  }

  beforeWrite(): void {
    this.stale = true;
    this.follow();
  }

  touched(row: number, from: number, to: number): void {
    const r = this.region;
    if (!r || row < r.row || row >= r.row + r.height) return;
    if (to <= r.col || from >= r.col + r.width) return;
    this.painter.invalidateRow(row - r.row);
    this.dirty = true;
  }

  written(): void {
    if (!this.dirty) return;
    this.repairs++;
    this.repaint();
  }

  /** Takes the region from the layout; if it moved, erases what we painted in the old place. */
  private follow(): void {
    if (!this.stale) return;
    this.stale = false;
    const next = this.source?.() ?? null;
    const usable = next && next.width > 0 && next.height > 0 ? next : null;
    if (sameBox(this.region, usable)) return;
    if (this.region) this.tap.writeOwn(this.eraseBox(this.region));
    this.region = usable;
    this.painter.reset();
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

  private repaint(): void {
    this.dirty = false;
    const r = this.region;
    if (!r || this.rows.length === 0) return;
    // Never past the region nor the terminal.
    const height = Math.min(r.height, this.rows.length, this.tap.rows - r.row);
    const width = Math.min(r.width, this.tap.columns - r.col);
    if (height <= 0 || width <= 0) return;
    const clipped: StyledCell[][] = [];
    for (let y = 0; y < height; y++) {
      const row = this.rows[y]!;
      clipped.push(row.length > width ? row.slice(0, width) : (row as StyledCell[]));
    }
    this.tap.writeOwn(this.painter.paint(clipped, { row: r.row, col: r.col }));
  }
}
