/**
 * The only thing drawn in a terminal smaller than MIN_COLUMNS×MIN_ROWS: a centred request for a
 * bigger window, with the size it is and the size it needs. Lines may wrap here (the window may
 * be narrow), inside a box that clips whatever would not fit.
 */
import { Box, Text } from 'ink';
import { MIN_COLUMNS, MIN_ROWS } from '../model.ts';

export interface TooSmallProps {
  readonly columns: number;
  readonly rows: number;
}

/** `The window is 70×20; Haunted Chronicles needs at least 80×24.` */
export function tooSmallText(columns: number, rows: number): string {
  return `The window is ${columns}×${rows}; Haunted Chronicles needs at least ${MIN_COLUMNS}×${MIN_ROWS}.`;
}

/** The request for a bigger window, filling the terminal. */
export function TooSmall({ columns, rows }: TooSmallProps) {
  return (
    <Box
      width={columns}
      height={rows}
      flexDirection="column"
      justifyContent="center"
      alignItems="center"
      overflow="hidden"
    >
      <Box flexDirection="column" alignItems="center" maxWidth={Math.max(1, columns - 2)}>
        <Text>{tooSmallText(columns, rows)}</Text>
        <Text>Make it bigger, or press Esc to quit.</Text>
      </Box>
    </Box>
  );
}
