/**
 * Messages drawn over the map: the game loop paints them last into the frame's rows, so the
 * map surface sends them with the map, only the cells that changed (map-painter.ts): nothing
 * costs anything on a frame with no message. A catch's short message sits centred on the
 * region's second row; the end banner is a framed box in the middle. Without colour the frame's
 * ASCII border and the words carry everything.
 */
import type { StyledCell } from '../map-view.ts';
import type { ColorLevel, Rgb, Style } from '../palette.ts';
import { frameGlyphs } from './overlay-box.ts';

const PANEL_BG: Rgb = [24, 22, 30];
const TEXT: Style = { fg: [235, 235, 240], bg: PANEL_BG };
const FLASH: Style = { fg: [255, 245, 200], bg: [70, 40, 20], bold: true };
/** The banner's title by winner. Constant objects: the painter compares styles by reference. */
const TITLE = {
  R: { fg: [240, 90, 90], bg: PANEL_BG, bold: true },
  B: { fg: [110, 160, 255], bg: PANEL_BG, bold: true },
  none: { ...TEXT, bold: true },
} satisfies Record<string, Style>;

/** What to draw over the map this frame. */
export interface MapOverlay {
  readonly flash: string | null;
  readonly banner: {
    readonly title: string;
    readonly winner: 'R' | 'B' | null;
    readonly lines: readonly string[];
  } | null;
}

/** Writes `text` into `row` from column `col`, cut at the row's end. */
function write(row: StyledCell[], col: number, text: string, style: Style): void {
  let x = col;
  for (const ch of text) {
    if (x >= row.length) return;
    if (x >= 0) row[x] = { ch, style };
    x++;
  }
}

/** `text` cut to `width` characters, with `…` when cut. */
function fit(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  return width <= 1 ? chars.slice(0, width).join('') : `${chars.slice(0, width - 1).join('')}…`;
}

/** Paints `overlay` into `rows` (the map region's cells, all the same width), in place. */
export function paintOverlay(rows: StyledCell[][], overlay: MapOverlay, level: ColorLevel): void {
  const width = rows[0]?.length ?? 0;
  if (width < 4 || rows.length === 0) return;
  if (overlay.banner !== null) paintBanner(rows, width, overlay.banner, level);
  else if (overlay.flash !== null) {
    const text = fit(` ${overlay.flash} `, width);
    const y = Math.min(1, rows.length - 1);
    write(rows[y]!, Math.floor((width - [...text].length) / 2), text, FLASH);
  }
}

function paintBanner(
  rows: StyledCell[][],
  width: number,
  banner: NonNullable<MapOverlay['banner']>,
  level: ColorLevel,
): void {
  const border = frameGlyphs(level);
  const body = [banner.title, '', ...banner.lines];
  const longest = Math.max(...body.map((l) => [...l].length));
  const inner = Math.min(width - 4, longest + 2);
  const boxW = inner + 2;
  // Rows: border, body lines, border; the body is cut to the region.
  const shown = body.slice(0, Math.max(1, rows.length - 2));
  const boxH = shown.length + 2;
  const top = Math.max(0, Math.floor((rows.length - boxH) / 2));
  const left = Math.floor((width - boxW) / 2);
  const titleStyle: Style = TITLE[banner.winner ?? 'none'];
  const frame = (y: number, l: string, r: string, fill: string) => {
    const row = rows[y];
    if (row !== undefined) write(row, left, l + fill.repeat(inner) + r, TEXT);
  };
  frame(top, border.tl, border.tr, border.h);
  shown.forEach((line, i) => {
    const text = fit(line, inner - 2);
    const pad = i === 0 ? Math.floor((inner - [...text].length) / 2) : 1;
    const full = ' '.repeat(pad) + text + ' '.repeat(Math.max(0, inner - pad - [...text].length));
    const row = rows[top + 1 + i];
    if (row === undefined) return;
    write(row, left, border.v, TEXT);
    write(row, left + 1, full, i === 0 ? titleStyle : TEXT);
    write(row, left + 1 + inner, border.v, TEXT);
  });
  frame(top + boxH - 1, border.bl, border.br, border.h);
}
