/**
 * The screen when the session went silent while playing: a screen of its own (the map would be
 * stale), saying how long it has been retrying and until when.
 */
import type { ScreenModel } from '../model.ts';
import { Centred, Line, TINT } from './Shared.tsx';

/** The lost-connection screen's model. */
export type LostScreen = Extract<ScreenModel, { kind: 'lost' }>;

export interface LostProps {
  readonly screen: LostScreen;
  readonly width: number;
  readonly height: number;
  readonly coloured: boolean;
}

/** `Connection lost — retrying… 12 s of 30`. */
export function lostText(screen: LostScreen): string {
  const elapsed = Math.floor(Math.max(0, screen.elapsedSeconds));
  return `Connection lost — retrying… ${elapsed} s of ${Math.round(screen.giveUpSeconds)}`;
}

/** The lost connection, centred. */
export function Lost({ screen, width, height, coloured }: LostProps) {
  return (
    <Centred width={width} height={height}>
      <Line coloured={coloured} tint={TINT.warn} bold>
        {lostText(screen)}
      </Line>
      <Line coloured={coloured}> </Line>
      <Line coloured={coloured} dim>
        Esc quits
      </Line>
    </Centred>
  );
}
