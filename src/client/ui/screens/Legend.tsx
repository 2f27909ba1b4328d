/**
 * The legend of the map's glyphs (ui/legend.ts): one line where the width allows it, more in the
 * narrow panel at the right of the map. Each glyph in its colour when colours are on.
 */
import { Box } from 'ink';
import { legendEntries, legendLines } from '../legend.ts';
import { Line, Span } from './Shared.tsx';

export interface LegendProps {
  readonly width: number;
  readonly coloured: boolean;
}

/** The number of rows the legend takes at `width`. */
export function legendHeight(width: number, coloured: boolean): number {
  return legendLines(legendEntries(coloured), Math.max(1, width)).length;
}

export function Legend({ width, coloured }: LegendProps) {
  const lines = legendLines(legendEntries(coloured), Math.max(1, width));
  return (
    <Box width={width} flexDirection="column" flexShrink={0} overflow="hidden">
      {lines.map((line) => (
        <Line coloured={coloured} key={line.map((e) => e.words).join()}>
          {line.map((entry, i) => (
            <Span coloured={coloured} key={entry.words}>
              {i === 0 ? '' : '  '}
              <Span coloured={coloured} tint={entry.tint} bold>
                {entry.glyph}
              </Span>
              {` ${entry.words}`}
            </Span>
          ))}
        </Line>
      ))}
    </Box>
  );
}
