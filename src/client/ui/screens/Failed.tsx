/**
 * The screen when the connection failed for good (nothing answered, the server closed the
 * session…): a title, the message, and how to leave.
 */
import type { ScreenModel } from '../model.ts';
import { Centred, Line, TINT, wrapWords } from './Shared.tsx';

/** The failure screen's model. */
export type FailedScreen = Extract<ScreenModel, { kind: 'failed' }>;

export interface FailedProps {
  readonly screen: FailedScreen;
  readonly width: number;
  readonly height: number;
  readonly coloured: boolean;
}

/** The failure, centred; the message wrapped to fit. */
export function Failed({ screen, width, height, coloured }: FailedProps) {
  const lines = wrapWords(screen.message, Math.min(72, width - 4));
  return (
    <Centred width={width} height={height}>
      <Line coloured={coloured} tint={TINT.bad} bold>
        {screen.title}
      </Line>
      <Line coloured={coloured}> </Line>
      {lines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: wrapped lines are positional
        <Line coloured={coloured} key={i}>
          {line}
        </Line>
      ))}
      <Line coloured={coloured}> </Line>
      <Line coloured={coloured} dim>
        press any key to quit
      </Line>
    </Centred>
  );
}
