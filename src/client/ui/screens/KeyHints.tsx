/**
 * The key-hints line at the bottom of the play screen: each key, bold and inverse so it reads as
 * a key cap without colour, followed by what it does. One row, cut at the screen's width.
 */
import { Box } from 'ink';
import type { KeyHint } from '../model.ts';
import { Line, Span } from './Shared.tsx';

export interface KeyHintsProps {
  readonly keys: readonly KeyHint[];
  readonly width: number;
  readonly coloured: boolean;
}

/** `[R] seekers  [B] hiders  [Space] ready …` with the keys as inverse caps. */
export function KeyHints({ keys, width, coloured }: KeyHintsProps) {
  return (
    <Box width={width} height={1} flexShrink={0} overflow="hidden">
      <Line coloured={coloured}>
        {keys.map((hint, i) => (
          <Span coloured={coloured} key={`${hint.key}:${hint.does}`}>
            {i === 0 ? '' : '  '}
            <Span coloured={coloured} bold inverse>
              {` ${hint.key} `}
            </Span>
            {` ${hint.does}`}
          </Span>
        ))}
      </Line>
    </Box>
  );
}
