/**
 * The screen while the client reaches the server: where it is connecting, what it is doing now
 * (saying hello, downloading the map…) and for how long it keeps trying.
 */
import type { MapSurface } from '../../render/map-surface.ts';
import type { AppModel, ScreenModel } from '../model.ts';
import { Centred, Line, LiveLine } from './Shared.tsx';

/** The connecting screen's model. */
export type ConnectingScreen = Extract<ScreenModel, { kind: 'connecting' }>;

export interface ConnectingProps {
  readonly screen: ConnectingScreen;
  readonly address: string;
  readonly width: number;
  readonly height: number;
  readonly coloured: boolean;
  /** Paints the seconds as they pass; null or absent: Ink draws them (tests). */
  readonly surface?: MapSurface<AppModel> | null;
}

/** `saying hello to the server… 2 s (gives up after 5 s)`. */
export function connectingProgress(screen: ConnectingScreen): string {
  const elapsed = Math.floor(Math.max(0, screen.elapsedSeconds));
  return `${screen.detail}… ${elapsed} s (gives up after ${Math.round(screen.giveUpSeconds)} s)`;
}

/** Connecting to the server, centred. */
export function Connecting({
  screen,
  address,
  width,
  height,
  coloured,
  surface = null,
}: ConnectingProps) {
  return (
    <Centred width={width} height={height}>
      <Line coloured={coloured} bold>
        {`Connecting to ${address}`}
      </Line>
      <Line coloured={coloured}> </Line>
      <LiveLine
        surface={surface}
        coloured={coloured}
        text={connectingProgress(screen)}
        maxWidth={Math.max(1, width - 2)}
        live={(m) => (m.screen.kind === 'connecting' ? connectingProgress(m.screen) : null)}
      />
      <Line coloured={coloured}> </Line>
      <Line coloured={coloured} dim>
        Esc quits
      </Line>
    </Centred>
  );
}
