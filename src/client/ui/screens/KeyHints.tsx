/**
 * The key-hints line at the bottom of the play screen: each key, bold and inverse so it reads as
 * a key cap without colour, followed by what it does. One row: when the hints are wider than the
 * screen (80 columns in the lobby), the least needed give way first (`fitHints`), so "Esc quit"
 * and "? help" are never cut.
 */
import { Box } from 'ink';
import type { KeyHint } from '../model.ts';
import { Line, Span } from './Shared.tsx';

/** Cells the hints take on the line: ` key ` caps, a space, the words, two spaces between. */
export function hintsWidth(keys: readonly KeyHint[]): number {
  return keys.reduce((n, h, i) => n + (i === 0 ? 0 : 2) + h.key.length + 3 + h.does.length, 0);
}

/** Hints that must stay whatever the width: how to leave and where the rest is explained. */
const KEPT: ReadonlySet<string> = new Set(['quit', 'help']);

/**
 * The hints that fit `width`, in their order: first the move keys say arrows only, then the
 * network panel's hint goes (the help tells it), then the move hint, then the others from the
 * end, never quit nor help.
 */
export function fitHints(keys: readonly KeyHint[], width: number): KeyHint[] {
  let hints = [...keys];
  const fits = () => hintsWidth(hints) <= width;
  if (fits()) return hints;
  hints = hints.map((h) => (h.does === 'move' ? { ...h, key: '←↑↓→' } : h));
  for (const does of ['network', 'move']) {
    if (fits()) return hints;
    hints = hints.filter((h) => h.does !== does);
  }
  while (!fits()) {
    const last = hints.findLastIndex((h) => !KEPT.has(h.does));
    if (last < 0) break;
    hints.splice(last, 1);
  }
  return hints;
}

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
        {fitHints(keys, width).map((hint, i) => (
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
