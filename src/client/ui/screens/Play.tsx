/**
 * The play screen (lobby, countdown, game and end), below the App's status line: the map region
 * and its panel, sized by playLayout (layout.ts, which the game loop uses too, so the region
 * Ink reserves is the one the camera fills), then the key hints on the last row.
 *
 * The map region is a MapRegion (render/MapRegion.tsx), or a blank box of the same size when
 * there is no surface (tests), centred in the space it has; the help (`?`) takes its place while
 * open. The panel beside or below it tells the phase: what to do next in the lobby, the
 * countdown, the clock and your side in game, the winner at the end, with the team columns under
 * it and the map's legend last. The network panel (F2) is drawn over the map by the game loop
 * (ui/netstats-overlay.ts), so this panel, with time left and the winner, stays in view. No
 * background colour anywhere here: the region's ancestors must stay plain.
 */
import { Box } from 'ink';
import { LiveText } from '../../render/LiveText.tsx';
import { MapRegion } from '../../render/MapRegion.tsx';
import type { MapSurface } from '../../render/map-surface.ts';
import { PLAY_CHROME_ROWS, type PlayLayout, playLayout } from '../layout.ts';
import type { AppModel, ScreenModel } from '../model.ts';
import {
  feedNews,
  liveNewsRow,
  type NewsLine,
  phaseNews,
  withFeed,
  wrapNews,
} from '../phase-news.ts';
import { Help } from './Help.tsx';
import { KeyHints } from './KeyHints.tsx';
import { Legend, legendHeight } from './Legend.tsx';
import { Line } from './Shared.tsx';
import { TeamColumns } from './TeamColumns.tsx';

/** The play screen's model. */
export type PlayScreen = Extract<ScreenModel, { kind: 'play' }>;

interface NewsBlockProps {
  readonly lines: readonly NewsLine[];
  readonly width: number;
  readonly height: number;
  readonly coloured: boolean;
  /** Paints the live lines; null: Ink draws them (tests). */
  readonly surface: MapSurface<AppModel> | null;
}

function NewsBlock({ lines, width, height, coloured, surface }: NewsBlockProps) {
  return (
    <Box width={width} height={height} flexDirection="column" flexShrink={0} overflow="hidden">
      {lines.map((line, i) => {
        const { live } = line;
        if (surface !== null && live !== undefined) {
          const part = line.part ?? 0;
          return (
            <LiveText
              // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional
              key={i}
              surface={surface}
              width={width}
              height={1}
              content={(model: AppModel) => liveNewsRow(model, live, part, width)}
            />
          );
        }
        return (
          <Line
            // Wrapped lines may repeat; their order never changes within one render.
            // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional
            key={i}
            coloured={coloured}
            tint={line.tint}
            bold={line.bold}
            inverse={line.inverse}
          >
            {/* An empty line still takes its row (the light warning's, in the dark). */}
            {line.text === '' ? ' ' : line.text}
          </Line>
        );
      })}
    </Box>
  );
}

export interface PhasePanelProps {
  readonly screen: PlayScreen;
  readonly placement: 'bottom' | 'right';
  readonly width: number;
  readonly height: number;
  readonly coloured: boolean;
  /** Paints the live lines of the news; null: Ink draws them (tests). */
  readonly surface?: MapSurface<AppModel> | null;
}

/** Width of the news at the left of a panel below the map. */
function bottomNewsWidth(width: number): number {
  return Math.min(40, Math.max(26, Math.floor(width / 4)));
}

/** The phase's news, the team columns and the legend, in the panel's place. */
export function PhasePanel({
  screen,
  placement,
  width,
  height,
  coloured,
  surface = null,
}: PhasePanelProps) {
  const news = phaseNews(screen.phase, screen.you, screen.mapName, screen.caughtBy ?? null);
  const feed = feedNews(screen.feed ?? []);
  const { teams } = screen;
  if (placement === 'bottom') {
    // News at the left, the three columns side by side at its right, the legend under both.
    const newsWidth = bottomNewsWidth(width);
    // The legend (also in the help) gives its row up when the news and the newest line of the
    // feed need it.
    const needed =
      wrapNews(news, newsWidth - 2).length + wrapNews(feed.slice(-1), newsWidth - 2).length;
    const legendRows = height > 1 && needed < height ? 1 : 0;
    const upper = height - legendRows;
    const lines = withFeed(news, feed, newsWidth - 2, upper);
    return (
      <Box width={width} height={height} flexDirection="column" flexShrink={0} overflow="hidden">
        <Box width={width} height={upper} flexDirection="row" flexShrink={0} overflow="hidden">
          <Box width={newsWidth} paddingRight={2} flexShrink={0}>
            <NewsBlock
              lines={lines}
              width={newsWidth - 2}
              height={upper}
              coloured={coloured}
              surface={surface}
            />
          </Box>
          <TeamColumns
            teams={teams}
            direction="row"
            width={width - newsWidth}
            height={upper}
            coloured={coloured}
          />
        </Box>
        {legendRows > 0 ? <Legend width={width} coloured={coloured} /> : null}
      </Box>
    );
  }
  // At the right: the news and the feed, a blank row, the columns one above the other, the
  // legend last.
  const lines = withFeed(news, feed, width, height);
  const legendRows = legendHeight(width, coloured);
  const fitsLegend = height - lines.length >= legendRows + 1;
  const columnsHeight = Math.max(0, height - lines.length - 1 - (fitsLegend ? legendRows + 1 : 0));
  return (
    <Box width={width} height={height} flexDirection="column" flexShrink={0} overflow="hidden">
      <NewsBlock
        lines={lines}
        width={width}
        height={lines.length}
        coloured={coloured}
        surface={surface}
      />
      {columnsHeight > 0 ? (
        <Box marginTop={1} flexShrink={0}>
          <TeamColumns
            teams={teams}
            direction="column"
            width={width}
            height={columnsHeight}
            coloured={coloured}
          />
        </Box>
      ) : null}
      {fitsLegend ? (
        <Box marginTop={1} flexShrink={0}>
          <Legend width={width} coloured={coloured} />
        </Box>
      ) : null}
    </Box>
  );
}

export interface PlayProps {
  readonly screen: PlayScreen;
  readonly columns: number;
  readonly rows: number;
  readonly coloured: boolean;
  /** The help overlay is open: it takes the place of the map and the blank round it. */
  readonly help?: boolean;
  /** The map's and the live texts' painter; null: a blank map region, Ink's texts (tests). */
  readonly surface: MapSurface<AppModel> | null;
}

interface MapPlaceProps {
  readonly surface: MapSurface<AppModel> | null;
  readonly layout: PlayLayout;
}

/** The map region, centred by the layout's margins: the surface's, or a blank box of its size. */
function MapPlace({ surface, layout }: MapPlaceProps) {
  const { width, height } = layout.map;
  return (
    <Box marginLeft={layout.mapLeft} marginTop={layout.mapTop} flexShrink={0}>
      {surface === null ? (
        <Box width={width} height={height} flexShrink={0} flexGrow={0} />
      ) : (
        <MapRegion surface={surface} width={width} height={height} />
      )}
    </Box>
  );
}

/** The play screen: `rows − 1` rows (the status line is the App's). */
export function Play({ screen, columns, rows, coloured, help, surface }: PlayProps) {
  const layout = playLayout(columns, rows, screen.mapWidth, screen.mapHeight);
  const body = Math.max(0, rows - PLAY_CHROME_ROWS);
  // At the right, one column keeps the panel's text off the map's last column.
  const gap = layout.panel === 'right' && layout.map.width > 0 ? 1 : 0;
  const panelWidth = Math.max(0, layout.panelWidth - gap);
  const bottom = layout.panel === 'bottom';
  // The map's share of the body: above the panel, or left of it.
  const mapArea = bottom
    ? { width: columns, height: body - layout.panelHeight }
    : { width: layout.mapLeft + layout.map.width, height: body };
  return (
    <Box width={columns} height={rows - 1} flexDirection="column" flexShrink={0}>
      <Box width={columns} height={body} flexDirection={bottom ? 'column' : 'row'} flexShrink={0}>
        <Box width={mapArea.width} height={mapArea.height} flexShrink={0}>
          {help === true ? (
            // The whole of the map's share, not just the region: a small map leaves more room.
            <Help width={mapArea.width} height={mapArea.height} coloured={coloured} />
          ) : (
            <MapPlace surface={surface} layout={layout} />
          )}
        </Box>
        <Box marginLeft={gap} flexShrink={0}>
          <PhasePanel
            screen={screen}
            placement={layout.panel}
            width={panelWidth}
            height={layout.panelHeight}
            coloured={coloured}
            surface={surface}
          />
        </Box>
      </Box>
      <KeyHints keys={screen.keys} width={columns} coloured={coloured} />
    </Box>
  );
}
