/**
 * Pieces every screen uses: a one-line text that never wraps, an inline span, a centred block,
 * the colours of the teams, and a word wrapper for the narrow panel.
 *
 * Colour goes through `Line` and `Span` only, and only when `coloured` (AppModel.color) is true:
 * with NO_COLOR no `color` prop reaches Ink at all, so the screens must say everything in words
 * and glyphs, colour only helping. No background colour is ever used: the map region's
 * ancestors must keep plain blank cells (render/map-surface.ts).
 */
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { Team } from '../../../game/units.ts';
import { LiveText } from '../../render/LiveText.tsx';
import type { MapSurface } from '../../render/map-surface.ts';
import { fitText, type TextStyle, textRow } from '../live-text.ts';
import type { AppModel } from '../model.ts';

/** Ink's colour names used by the screens: names only, never `#rrggbb` (see palette.ts inkColorName). */
export const TINT = {
  seekers: 'redBright',
  hiders: 'blueBright',
  good: 'green',
  warn: 'yellow',
  bad: 'red',
  quiet: 'gray',
} as const;

/** The colour of a team's name, or undefined for the unassigned. */
export function teamTint(team: Team): string | undefined {
  if (team === 'R') return TINT.seekers;
  if (team === 'B') return TINT.hiders;
  return undefined;
}

export interface SpanProps {
  /** Colours are on; off, `tint` and `dim` are ignored. */
  readonly coloured: boolean;
  /** An Ink colour, used only when `coloured`. */
  readonly tint?: string | undefined;
  /** Fainter, only when `coloured` (it is a colour hint, not a meaning). */
  readonly dim?: boolean | undefined;
  readonly bold?: boolean | undefined;
  readonly inverse?: boolean | undefined;
  readonly children?: ReactNode;
}

/** The colour props of a text: none at all without colours. */
function colourProps(
  coloured: boolean,
  tint: string | undefined,
  dim: boolean | undefined,
): { color?: string; dimColor?: boolean } {
  if (!coloured) return {};
  return {
    ...(tint === undefined ? {} : { color: tint }),
    ...(dim ? { dimColor: true } : {}),
  };
}

/** Part of a line: a text nested in a `Line` (or another span). */
export function Span({ coloured, tint, dim, bold, inverse, children }: SpanProps) {
  return (
    <Text {...colourProps(coloured, tint, dim)} bold={bold === true} inverse={inverse === true}>
      {children}
    </Text>
  );
}

/** A line of text cut at the width of its box: it never wraps, so it never moves the layout. */
export function Line({ coloured, tint, dim, bold, inverse, children }: SpanProps) {
  return (
    <Text
      wrap="truncate"
      {...colourProps(coloured, tint, dim)}
      bold={bold === true}
      inverse={inverse === true}
    >
      {children}
    </Text>
  );
}

export interface LiveLineProps extends TextStyle {
  /** Paints the text from each model; null: a Line drawn by Ink (tests). */
  readonly surface: MapSurface<AppModel> | null;
  readonly coloured: boolean;
  /** The text as the rendered model says it (its length sizes the box). */
  readonly text: string;
  /** The most cells the line may take (a longer text is cut as Line cuts it). */
  readonly maxWidth: number;
  /** The text as a later model says it (null: blank), painted without an Ink render. */
  readonly live: (model: AppModel) => string | null;
}

/**
 * A one-line text that changes with time (a timer): with a surface its place is reserved and
 * its text painted from every model (render/LiveText.tsx), else a Line.
 */
export function LiveLine({ surface, coloured, text, maxWidth, live, ...style }: LiveLineProps) {
  if (surface === null) {
    return (
      <Line coloured={coloured} {...style}>
        {text}
      </Line>
    );
  }
  const width = Math.max(0, Math.min(text.length, maxWidth));
  return (
    <LiveText
      surface={surface}
      width={width}
      height={1}
      content={(model: AppModel) => {
        const now = live(model);
        return now === null
          ? null
          : [textRow([{ ...style, text: fitText(now, width) }], model.color)];
      }}
    />
  );
}

export interface CentredProps {
  readonly width: number;
  readonly height: number;
  readonly children?: ReactNode;
}

/** A block of lines in the middle of a `width`×`height` area, each line centred. */
export function Centred({ width, height, children }: CentredProps) {
  return (
    <Box
      width={width}
      height={height}
      flexDirection="column"
      justifyContent="center"
      alignItems="center"
      overflow="hidden"
      flexShrink={0}
    >
      <Box flexDirection="column" alignItems="center" maxWidth={Math.max(1, width - 2)}>
        {children}
      </Box>
    </Box>
  );
}

/**
 * Cuts `text` into lines of at most `width` characters at spaces (a word longer than a line is
 * cut), so the screens know how many rows a message takes. The texts are plain: names are
 * ASCII and the game's own words have no wide characters.
 */
export function wrapWords(text: string, width: number): string[] {
  const w = Math.max(1, Math.floor(width));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((part) => part.length > 0)) {
    let rest = word;
    while (rest.length > 0) {
      const sep = line.length === 0 ? '' : ' ';
      if (line.length + sep.length + rest.length <= w) {
        line += sep + rest;
        rest = '';
      } else if (line.length > 0) {
        lines.push(line);
        line = '';
      } else {
        lines.push(rest.slice(0, w));
        rest = rest.slice(w);
      }
    }
  }
  if (line.length > 0 || lines.length === 0) lines.push(line);
  return lines;
}

/** Seconds rounded up to tenths, as the phases give them: `4.2`. */
export function tenths(seconds: number): string {
  return (Math.ceil(Math.max(0, seconds) * 10 - 1e-9) / 10).toFixed(1);
}

/** Whole seconds for a clock, rounded up so it reads 0:00 only at the end: `2:31`. */
export function clock(seconds: number): string {
  const whole = Math.ceil(Math.max(0, seconds) - 1e-9);
  const minutes = Math.floor(whole / 60);
  return `${minutes}:${String(whole % 60).padStart(2, '0')}`;
}
