/**
 * A framed box of text drawn into the map rows (the network panel, F2): it stands over the map
 * in the map region's top-right corner, so the panel beside or below the map keeps showing the
 * game (time left, the winner). Drawn into the rows rather than by Ink because the map region is
 * painted by us (map-surface.ts): Ink's text there would be painted over at the next frame.
 *
 * One cell per character: the lines must be printable ASCII or one-column glyphs (the caller's
 * words are). The box is clipped to the rows; a region narrower than 4 cells gets nothing.
 */
import type { StyledCell } from '../map-view.ts';
import type { ColorLevel, Style } from '../palette.ts';

/** A line of the box: its text, bold for a title. */
export interface OverlayLine {
  readonly text: string;
  readonly bold?: boolean;
}

const FRAME: Style = { fg: [150, 150, 175], bg: [20, 20, 28] };
const TEXT: Style = { fg: [225, 225, 235], bg: [20, 20, 28] };
const TITLE: Style = { fg: [255, 255, 255], bg: [20, 20, 28], bold: true };

/** Frame glyphs: box drawing with colour, ASCII without (NO_COLOR terminals may lack them). */
export function frameGlyphs(level: ColorLevel) {
  return level === 'none'
    ? { h: '-', v: '|', tl: '+', tr: '+', bl: '+', br: '+' }
    : { h: '─', v: '│', tl: '┌', tr: '┐', bl: '└', br: '┘' };
}

/** The box's width in a region `width` cells wide: the longest line, the frame, the margins. */
export function overlayWidth(lines: readonly OverlayLine[], width: number): number {
  const longest = lines.reduce((n, l) => Math.max(n, l.text.length), 0);
  return Math.min(width, longest + 4);
}

/**
 * Draws `lines` in a frame (one blank column inside each side) at the top-right of `rows`,
 * changing the rows in place. Lines longer than the box are cut.
 */
export function drawOverlay(
  rows: StyledCell[][],
  lines: readonly OverlayLine[],
  level: ColorLevel,
): void {
  const width = rows[0]?.length ?? 0;
  const boxW = overlayWidth(lines, width);
  const boxH = Math.min(rows.length, lines.length + 2);
  if (boxW < 4 || boxH < 2) return;
  const x0 = width - boxW;
  const g = frameGlyphs(level);
  const put = (x: number, y: number, ch: string, style: Style) => {
    rows[y]![x0 + x] = { ch, style };
  };
  for (let y = 0; y < boxH; y++) {
    const edge = y === 0 || y === boxH - 1;
    const line = edge ? null : lines[y - 1];
    for (let x = 0; x < boxW; x++) {
      const side = x === 0 || x === boxW - 1;
      if (edge && side) {
        put(x, y, y === 0 ? (x === 0 ? g.tl : g.tr) : x === 0 ? g.bl : g.br, FRAME);
      } else if (edge) put(x, y, g.h, FRAME);
      else if (side) put(x, y, g.v, FRAME);
      else {
        const ch = line?.text[x - 2] ?? ' ';
        put(x, y, x >= 2 && x < boxW - 2 ? ch : ' ', line?.bold ? TITLE : TEXT);
      }
    }
  }
}
