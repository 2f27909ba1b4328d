/**
 * The terminal client's root component: a pure function of the AppModel (model.ts) and the
 * map's surface. Its box is exactly the terminal's size (Ink's frame must fill the terminal:
 * one row more and Ink redraws everything every frame, and the map surface relies on layout
 * row y being screen row y). Row 0 is the status line; the rest is the screen of the moment
 * (screens/*.tsx). Below MIN_COLUMNS×MIN_ROWS only a request for a bigger window is drawn.
 *
 * The network panel, when shown, is drawn over the map on the play screen (by the game loop, so
 * the phase panel stays), or stands at the right of the other screens; the help takes the map
 * region's place.
 */
import { Box } from 'ink';
import type { ReactNode } from 'react';
import type { MapSurface } from '../render/map-surface.ts';
import { RIGHT_PANEL_WIDTH } from './layout.ts';
import { type AppModel, MIN_COLUMNS, MIN_ROWS } from './model.ts';
import { Connecting } from './screens/Connecting.tsx';
import { Failed } from './screens/Failed.tsx';
import { Leaving } from './screens/Leaving.tsx';
import { Lost } from './screens/Lost.tsx';
import { NetStats } from './screens/NetStats.tsx';
import { Play } from './screens/Play.tsx';
import { Refused } from './screens/Refused.tsx';
import { RoomList } from './screens/RoomList.tsx';
import { StatusLine } from './screens/StatusLine.tsx';
import { TooSmall } from './screens/TooSmall.tsx';

export interface AppProps {
  readonly model: AppModel;
  /** Paints the map in the play screen's region; null leaves the region blank (tests). */
  readonly surface: MapSurface<AppModel> | null;
}

/** Whether the terminal is big enough for the game's screens. */
export function bigEnough(columns: number, rows: number): boolean {
  return columns >= MIN_COLUMNS && rows >= MIN_ROWS;
}

/** The screen of the moment, other than the play screen, in a `width`×`height` area. */
function otherScreen(
  model: AppModel,
  width: number,
  height: number,
  surface: MapSurface<AppModel> | null,
): ReactNode {
  const { screen, status, color } = model;
  switch (screen.kind) {
    case 'connecting':
      return (
        <Connecting
          screen={screen}
          address={status.address}
          width={width}
          height={height}
          coloured={color}
          surface={surface}
        />
      );
    case 'refused':
      return (
        <Refused
          screen={screen}
          address={status.address}
          width={width}
          height={height}
          coloured={color}
        />
      );
    case 'failed':
      return <Failed screen={screen} width={width} height={height} coloured={color} />;
    case 'lost':
      return (
        <Lost screen={screen} width={width} height={height} coloured={color} surface={surface} />
      );
    case 'leaving':
      return <Leaving width={width} height={height} coloured={color} />;
    case 'rooms':
      return (
        <RoomList
          screen={screen}
          address={status.address}
          width={width}
          height={height}
          coloured={color}
        />
      );
    case 'play':
      return null; // drawn by Play, map and all
  }
}

interface OtherScreenProps {
  readonly model: AppModel;
  readonly surface: MapSurface<AppModel> | null;
  readonly width: number;
  readonly height: number;
}

/** Every screen but the play screen, with the network panel at its right when shown. */
function OtherScreen({ model, width, height, surface }: OtherScreenProps) {
  const { netstats, color } = model;
  const panelWidth = netstats === null ? 0 : RIGHT_PANEL_WIDTH;
  const content = otherScreen(model, width - panelWidth, height, surface);
  return (
    <Box width={width} height={height} flexDirection="row" flexShrink={0}>
      {content}
      {netstats === null ? null : (
        <Box width={panelWidth} height={height} paddingLeft={1} flexShrink={0}>
          <NetStats stats={netstats} width={panelWidth - 1} height={height} coloured={color} />
        </Box>
      )}
    </Box>
  );
}

/** The whole terminal: the status line and the screen of the moment. */
export function App({ model, surface }: AppProps) {
  const { columns, rows, screen } = model;
  if (!bigEnough(columns, rows)) return <TooSmall columns={columns} rows={rows} />;
  return (
    <Box width={columns} height={rows} flexDirection="column" overflow="hidden">
      <StatusLine status={model.status} width={columns} coloured={model.color} surface={surface} />
      {screen.kind === 'play' ? (
        <Play
          screen={screen}
          help={model.help === true}
          columns={columns}
          rows={rows}
          coloured={model.color}
          surface={surface}
        />
      ) : (
        <OtherScreen model={model} width={columns} height={rows - 1} surface={surface} />
      )}
    </Box>
  );
}
