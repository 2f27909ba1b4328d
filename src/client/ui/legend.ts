/**
 * What the map's glyphs mean, for the one-line legend under the game's facts and the help: the
 * glyphs are the map's own (render/game-theme.ts), the faces with colour and letters without, so
 * the legend is right at every colour level; the tint is the Ink colour nearest the map's.
 */
import { PLAIN_GLYPHS, RICH_GLYPHS } from '../render/game-theme.ts';
import { TINT } from './screens/Shared.tsx';

export interface LegendEntry {
  readonly glyph: string;
  readonly words: string;
  /** An Ink colour for the glyph, used only with colours on. */
  readonly tint?: string;
}

/** The map's glyphs in words, in the order a newcomer looks for them. */
export function legendEntries(coloured: boolean): readonly LegendEntry[] {
  const g = coloured ? RICH_GLYPHS : PLAIN_GLYPHS;
  return [
    { glyph: g.you, words: 'you' },
    { glyph: g.other.R, words: 'seeker', tint: TINT.seekers },
    { glyph: g.other.B, words: 'hider', tint: TINT.hiders },
    { glyph: g.ghost, words: 'caught', tint: TINT.quiet },
    { glyph: g.light, words: 'light', tint: TINT.warn },
    { glyph: g.floorSeen, words: 'seen now', tint: TINT.warn },
    { glyph: g.floorRemembered, words: 'seen before', tint: TINT.quiet },
  ];
}

/** An entry's width on screen: the glyph, a space, the words. */
export function entryWidth(entry: LegendEntry): number {
  return entry.glyph.length + 1 + entry.words.length;
}

/** The entries in lines of at most `width` cells, two spaces between entries. */
export function legendLines(entries: readonly LegendEntry[], width: number): LegendEntry[][] {
  const lines: LegendEntry[][] = [[]];
  let used = 0;
  for (const entry of entries) {
    const line = lines[lines.length - 1]!;
    const need = (line.length > 0 ? 2 : 0) + entryWidth(entry);
    if (line.length > 0 && used + need > width) {
      lines.push([entry]);
      used = entryWidth(entry);
    } else {
      line.push(entry);
      used += need;
    }
  }
  return lines;
}
