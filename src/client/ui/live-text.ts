/**
 * The painted texts' cells (render/text-painter.ts) in the very pens Ink would draw them with:
 * the pen of a style is what Ink's own chalk writes before a text of that style (the same chalk
 * module, so the same colour level and codes), applied in the order Ink's Text applies them
 * (dim, colour, bold, inverse), with the colour only when colours are on (as Shared.tsx's Line
 * and Span pass it).
 */
import chalk from 'chalk';
import type { TextCell, TextRow } from '../render/text-painter.ts';

/** The look of a run of text, as Line and Span take it. */
export interface TextStyle {
  readonly tint?: string | undefined;
  readonly dim?: boolean | undefined;
  readonly bold?: boolean | undefined;
  readonly inverse?: boolean | undefined;
}

/** A run of text in one style. */
export interface StyledRun extends TextStyle {
  readonly text: string;
}

const MARK = '\u0000';
const pens = new Map<string, string>();

type Paint = (text: string) => string;

/** The SGR that sets the pen of `style` from the default pen ('' for none). */
export function penOf(style: TextStyle, coloured: boolean): string {
  const key = `${chalk.level}|${coloured}|${style.tint}|${style.dim}|${style.bold}|${style.inverse}`;
  const known = pens.get(key);
  if (known !== undefined) return known;
  let t = MARK;
  if (coloured && style.dim) t = chalk.dim(t);
  if (coloured && style.tint !== undefined) {
    const colour = (chalk as unknown as Record<string, Paint | undefined>)[style.tint];
    if (typeof colour === 'function') t = colour(t);
  }
  if (style.bold) t = chalk.bold(t);
  if (style.inverse) t = chalk.inverse(t);
  const pen = t.slice(0, t.indexOf(MARK));
  pens.set(key, pen);
  return pen;
}

/** One row of cells from runs of styled text. */
export function textRow(runs: readonly StyledRun[], coloured: boolean): TextRow {
  const cells: TextCell[] = [];
  for (const run of runs) {
    const sgr = penOf(run, coloured);
    for (const ch of run.text) cells.push({ ch, sgr });
  }
  return cells;
}

/**
 * `text` cut to `width` cells as a truncating Line shows it (Ink's `wrap="truncate"`: the last
 * cell kept becomes `…`); the texts are one cell a character.
 */
export function fitText(text: string, width: number): string {
  if (width < 1) return '';
  if (text.length <= width) return text;
  return `${text.slice(0, width - 1)}…`;
}
