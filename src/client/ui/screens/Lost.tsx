/**
 * The screen when the session went silent while playing: a screen of its own (the map would be
 * stale), saying how long it has been retrying and until when.
 */
import type { MapSurface } from '../../render/map-surface.ts';
import type { AppModel, ScreenModel } from '../model.ts';
import { Centred, Line, LiveLine, TINT } from './Shared.tsx';

/** The lost-connection screen's model. */
export type LostScreen = Extract<ScreenModel, { kind: 'lost' }>;

export interface LostProps {
  readonly screen: LostScreen;
  readonly width: number;
  readonly height: number;
  readonly coloured: boolean;
  /** Paints the seconds as they pass; null or absent: Ink draws them (tests). */
  readonly surface?: MapSurface<AppModel> | null;
}

/** `Connection lost — retrying… 12 s of 30`. */
export function lostText(screen: LostScreen): string {
  const elapsed = Math.floor(Math.max(0, screen.elapsedSeconds));
  return `Connection lost — retrying… ${elapsed} s of ${Math.round(screen.giveUpSeconds)}`;
}

/** The lost connection, centred. */
export function Lost({ screen, width, height, coloured, surface = null }: LostProps) {
  return (
    <Centred width={width} height={height}>
      <LiveLine
        surface={surface}
        coloured={coloured}
        tint={TINT.warn}
        bold
        text={lostText(screen)}
        maxWidth={Math.max(1, width - 2)}
        live={(m) => (m.screen.kind === 'lost' ? lostText(m.screen) : null)}
      />
      <Line coloured={coloured}> </Line>
      <Line coloured={coloured} dim>
        Esc quits
      </Line>
    </Centred>
  );
}
