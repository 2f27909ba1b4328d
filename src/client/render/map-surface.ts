/**
 * The painted places of an Ink screen: the map region, and the live texts of the HUD (the clock,
 * the countdowns, the status line's figures: text-painter.ts). Ink lays the screen out and draws
 * the rest of the HUD; a MapRegion component reserves a blank box for the map and a LiveText one
 * (ui/LiveText.tsx) for each live text, and each gives the surface a way to measure its box
 * (painted-place.ts). The game loop calls `present(rows)` every frame for the map, and
 * `showModel(model)` with each new model for the texts (each field turns the model into its
 * rows); the surface writes only what changed straight to the terminal, at absolute positions.
 * So a text that changes with time costs no Ink render: Ink renders only when the screen's
 * structure changes (ui/shown-model.ts leaves the painted texts out of its key).
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
import { MapPainter, type PainterOptions } from './map-painter.ts';
import { type MapRegionBox, PaintedPlace, type RegionSource } from './painted-place.ts';
import { TextPainter, type TextRow } from './text-painter.ts';

export type { MapRegionBox, RegionSource } from './painted-place.ts';

type Rows = readonly (readonly StyledCell[])[];

/** What a live text shows for a model: its rows (null: blank). */
export type FieldContent<M> = (model: M) => readonly TextRow[] | null;

class MapPlace extends PaintedPlace {
  rows: Rows = [];

  constructor(
    tap: InkTap,
    readonly painter: MapPainter,
  ) {
    super(tap, false);
  }

  protected forget(): void {
    this.painter.reset();
  }

  protected forgetRow(row: number): void {
    this.painter.invalidateRow(row);
  }

  protected paintIn(box: MapRegionBox): void {
    if (this.rows.length === 0) return;
    const height = Math.min(box.height, this.rows.length);
    const clipped: StyledCell[][] = [];
    for (let y = 0; y < height; y++) {
      const row = this.rows[y]!;
      clipped.push(row.length > box.width ? row.slice(0, box.width) : (row as StyledCell[]));
    }
    this.tap.writeOwn(this.painter.paint(clipped, { row: box.row, col: box.col }));
  }
}

class FieldPlace<M> extends PaintedPlace {
  private readonly painter = new TextPainter();
  rows: readonly TextRow[] | null = null;

  constructor(
    tap: InkTap,
    public content: FieldContent<M>,
  ) {
    super(tap, true);
  }

  protected forget(): void {
    this.painter.reset();
  }

  protected forgetRow(row: number): void {
    this.painter.invalidateRow(row);
  }

  protected paintIn(box: MapRegionBox): void {
    if (this.rows === null) return; // no model yet: Ink's blank box stays
    const rows: TextRow[] = [];
    for (let y = 0; y < box.height; y++) rows.push(this.rows[y] ?? []);
    this.tap.writeOwn(this.painter.paint(rows, { row: box.row, col: box.col }, box.width));
  }
}

/** The map and the live texts of one screen, painted over Ink's layout; `M` is the model. */
export class MapSurface<M = unknown> implements TapListener {
  readonly painter: MapPainter;
  private readonly map: MapPlace;
  private readonly fields = new Map<string, FieldPlace<M>>();
  private model: M | null = null;
  /** Frames presented, and Ink writes that made us repaint (the bench reports them). */
  frames = 0;
  repairs = 0;
  /** Models shown to the live texts. */
  models = 0;
  private readonly onResize = () => {
    for (const place of this.places()) place.screenLost();
  };

  constructor(
    private readonly tap: InkTap,
    level: ColorLevel,
    options?: PainterOptions,
  ) {
    this.painter = new MapPainter(level, options);
    this.map = new MapPlace(tap, this.painter);
    tap.setListener(this);
    tap.on('resize', this.onResize);
  }

  private *places(): Iterable<PaintedPlace> {
    yield this.map;
    yield* this.fields.values();
  }

  /** The region's size in cells now (0×0 while there is none): build the rows this size. */
  get size(): { width: number; height: number } {
    const r = this.map.measure();
    return { width: r?.width ?? 0, height: r?.height ?? 0 };
  }

  /** MapRegion gives its measure when mounted, null when unmounted (the map is then erased). */
  setRegionSource(source: RegionSource | null): void {
    this.map.setSource(source);
  }

  /**
   * A LiveText was mounted (or rendered again: its content may now differ, e.g. its width):
   * `id` is its own, `content` turns a model into its rows. Painted at once from the last model.
   */
  setField(id: string, source: RegionSource, content: FieldContent<M>): void {
    let field = this.fields.get(id);
    if (field === undefined) {
      field = new FieldPlace(this.tap, content);
      this.fields.set(id, field);
      field.setSource(source);
    } else {
      field.content = content;
      field.stale = true;
      field.follow();
    }
    field.rows = this.model === null ? null : content(this.model);
    field.paint();
  }

  /** A LiveText was unmounted: its box is erased. */
  removeField(id: string): void {
    const field = this.fields.get(id);
    if (field === undefined) return;
    field.setSource(null);
    this.fields.delete(id);
  }

  /** The live texts in place now (tests and the bench). */
  get fieldCount(): number {
    return this.fields.size;
  }

  /** The App was rendered: the boxes are measured again before the next paint. */
  layoutChanged(): void {
    for (const place of this.places()) place.stale = true;
  }

  /** Shows one frame of the map: rows of cells, the region's size (extra cells are cut). */
  present(rows: Rows): void {
    this.map.rows = rows;
    this.frames++;
    this.map.follow();
    this.map.paint();
  }

  /** Shows the live texts of `model`: each field writes the characters that changed. */
  showModel(model: M): void {
    this.model = model;
    this.models++;
    for (const field of this.fields.values()) {
      field.rows = field.content(model);
      field.follow();
      field.paint();
    }
  }

  /** Forgets the screen: the next frame (and the next model) is painted whole. */
  reset(): void {
    for (const place of this.places()) place.screenLost();
    for (const place of this.places()) place.dirty = false;
  }

  detach(): void {
    for (const place of this.places()) place.setSource(null);
    this.fields.clear();
    this.tap.setListener(null);
    this.tap.off('resize', this.onResize);
  }

  beforeWrite(): void {
    for (const place of this.places()) {
      place.stale = true;
      place.follow();
    }
  }

  touched(row: number, from: number, to: number): void {
    for (const place of this.places()) place.touched(row, from, to);
  }

  written(): void {
    let repaired = false;
    for (const place of this.places()) {
      if (!place.dirty) continue;
      repaired = true;
      place.paint();
    }
    if (repaired) this.repairs++;
  }
}
