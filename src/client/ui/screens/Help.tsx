/**
 * The help overlay (`?`, closed by `?` or Esc): it takes the map region's place, so the panel
 * beside or below the map keeps showing the game. The text is ui/help-text.ts's; a region too
 * short for all of it shows what fits, the last row saying how to close it.
 */
import { Box } from 'ink';
import type { Layout } from '../../keys.ts';
import { type HelpLine, helpLines } from '../help-text.ts';
import { Line, Span } from './Shared.tsx';

export interface HelpProps {
  /** The map region's size in cells. */
  readonly width: number;
  readonly height: number;
  readonly coloured: boolean;
  readonly layout?: Layout;
}

function HelpRow({ line, coloured }: { readonly line: HelpLine; readonly coloured: boolean }) {
  switch (line.kind) {
    case 'title':
      return (
        <Line coloured={coloured} bold>
          {line.text}
        </Line>
      );
    case 'text':
      return <Line coloured={coloured}>{`  ${line.text}`}</Line>;
    case 'key':
      return (
        <Line coloured={coloured}>
          {'  '}
          <Span coloured={coloured} bold inverse>
            {` ${line.key} `}
          </Span>
          {` ${line.does}`}
        </Line>
      );
    case 'legend':
      return (
        <Line coloured={coloured}>
          {line.entries.map((entry) => (
            <Span coloured={coloured} key={entry.words}>
              {'  '}
              <Span coloured={coloured} tint={entry.tint} bold>
                {entry.glyph}
              </Span>
              {` ${entry.words}`}
            </Span>
          ))}
        </Line>
      );
  }
}

export function Help({ width, height, coloured, layout }: HelpProps) {
  const lines = helpLines(coloured, layout);
  // The first row says how to close it; the text takes what is left.
  const shown = lines.slice(0, Math.max(0, height - 1));
  return (
    <Box width={width} height={height} flexDirection="column" flexShrink={0} overflow="hidden">
      <Line coloured={coloured} inverse bold>
        {' Help  (? or Esc closes) '.padEnd(Math.max(0, width))}
      </Line>
      {shown.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the help's lines never move
        <HelpRow key={i} line={line} coloured={coloured} />
      ))}
    </Box>
  );
}
