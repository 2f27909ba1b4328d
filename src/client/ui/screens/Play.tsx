/**
 * The play screen (lobby, countdown, game and end), below the App's status line: the map region
 * and its panel, sized by playLayout (layout.ts, which the game loop uses too, so the region
 * Ink reserves is the one the camera fills), then the key hints on the last row.
 *
 * The map region is a MapRegion (render/MapRegion.tsx), or a blank box of the same size when
 * there is no surface (tests). The panel beside or below it tells the phase: what to do next in
 * the lobby, the countdown, the clock and your side in game, the winner at the end, with the
 * team columns under it; the network panel, when shown, takes the panel's place, so the map
 * never moves. No background colour anywhere here: the region's ancestors must stay plain.
 */
import { Box } from 'ink';
import { MapRegion } from '../../render/MapRegion.tsx';
import type { MapSurface } from '../../render/map-surface.ts';
import { PLAY_CHROME_ROWS, type PlayLayout, playLayout } from '../layout.ts';
import type { NetStatsView, PhaseView, ScreenModel, YouView } from '../model.ts';
import { headStartText, lobbyTimerText, nextRoundText } from '../round-text.ts';
import { KeyHints } from './KeyHints.tsx';
import { NetStats } from './NetStats.tsx';
import { clock, Line, TINT, teamTint, tenths, wrapWords } from './Shared.tsx';
import { TeamColumns } from './TeamColumns.tsx';

/** The play screen's model. */
export type PlayScreen = Extract<ScreenModel, { kind: 'play' }>;

/** A message of the panel's news; wrapped to the panel's width, one or more lines. */
export interface NewsLine {
  readonly text: string;
  readonly tint?: string | undefined;
  readonly bold?: boolean;
  /** Inverse: the banners, which must stand out without colour. */
  readonly inverse?: boolean;
}

/** What to do next in the lobby, from your team and whether you are ready. */
export function lobbyAdvice(you: YouView): string {
  if (you.team === 'N') return 'Choose a team: R seekers, B hiders';
  if (!you.ready) return 'Press Space when ready';
  return 'Ready: waiting for the others (Space if you are not)';
}

/** The winner in words. */
export function winnerText(winner: 'R' | 'B' | null): string {
  if (winner === 'R') return 'The seekers won!';
  if (winner === 'B') return 'The hiders won!';
  return 'Nobody won: everybody left';
}

/** Your side in game, in words. */
export function sideText(you: YouView): string {
  if (you.team === 'R') return 'You seek';
  if (you.team === 'B') return 'You hide';
  return 'You watch';
}

/** The banner over the game's facts when you only watch, or null. */
export function watchingBanner(you: YouView, phase?: PhaseView): string | null {
  const next = phase === undefined ? null : nextRoundText(phase);
  if (you.spectator) {
    return next === null
      ? 'Watching this round until the next lobby'
      : `Watching this round: ${next}`;
  }
  if (you.caught) return 'You were caught — watching the others';
  return null;
}

/** The panel's news for a phase, before wrapping. */
export function phaseNews(phase: PhaseView, you: YouView, mapName: string): readonly NewsLine[] {
  switch (phase.kind) {
    case 'lobby':
      return [
        { text: `Lobby · ${mapName}`, bold: true },
        ...(phase.notice === null ? [] : [{ text: phase.notice, tint: TINT.warn }]),
        { text: lobbyAdvice(you) },
        ...optional(lobbyTimerText(phase, you), { bold: true }),
      ];
    case 'countdown':
      return [
        { text: `Entering game in ${tenths(phase.secondsLeft)} s`, bold: true, inverse: true },
        {
          text: you.ready ? 'Space: not ready' : `${lobbyAdvice(you)}, or watch this round`,
        },
      ];
    case 'game': {
      const banner = watchingBanner(you, phase);
      return [
        ...(banner === null ? [] : [{ text: banner, bold: true, inverse: true }]),
        ...optional(headStartText(phase, you), { bold: true, inverse: true }),
        { text: `Time left ${clock(phase.secondsLeft)}`, bold: true },
        { text: sideText(you), tint: teamTint(you.team), bold: true },
        { text: `${phase.hidersLeft} of ${phase.hidersTotal} hiders left` },
      ];
    }
    case 'end':
      return [
        {
          text: winnerText(phase.winner),
          bold: true,
          inverse: true,
          tint: phase.winner === null ? undefined : teamTint(phase.winner),
        },
        { text: `Back to the lobby in ${tenths(phase.secondsLeft)} s` },
        ...(you.spectator ? [{ text: 'Then choose a team and get ready to play' }] : []),
      ];
  }
}

/** A line of news when there is something to say. */
function optional(text: string | null, style: Omit<NewsLine, 'text'>): NewsLine[] {
  return text === null ? [] : [{ text, ...style }];
}

/** The news wrapped to `width`, one entry a row. */
function wrapNews(news: readonly NewsLine[], width: number): NewsLine[] {
  return news.flatMap((item) => wrapWords(item.text, width).map((text) => ({ ...item, text })));
}

interface NewsBlockProps {
  readonly lines: readonly NewsLine[];
  readonly width: number;
  readonly height: number;
  readonly coloured: boolean;
}

function NewsBlock({ lines, width, height, coloured }: NewsBlockProps) {
  return (
    <Box width={width} height={height} flexDirection="column" flexShrink={0} overflow="hidden">
      {lines.map((line, i) => (
        <Line
          // Wrapped lines may repeat; their order never changes within one render.
          // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional
          key={i}
          coloured={coloured}
          tint={line.tint}
          bold={line.bold}
          inverse={line.inverse}
        >
          {line.text}
        </Line>
      ))}
    </Box>
  );
}

export interface PhasePanelProps {
  readonly screen: PlayScreen;
  readonly placement: 'bottom' | 'right';
  readonly width: number;
  readonly height: number;
  readonly coloured: boolean;
}

/** Width of the news at the left of a panel below the map. */
function bottomNewsWidth(width: number): number {
  return Math.min(40, Math.max(26, Math.floor(width / 4)));
}

/** The phase's news and the team columns, in the panel's place. */
export function PhasePanel({ screen, placement, width, height, coloured }: PhasePanelProps) {
  const news = phaseNews(screen.phase, screen.you, screen.mapName);
  const { teams } = screen;
  if (placement === 'bottom') {
    // News at the left, the three columns side by side at its right.
    const newsWidth = bottomNewsWidth(width);
    const lines = wrapNews(news, newsWidth - 2).slice(0, height);
    return (
      <Box width={width} height={height} flexDirection="row" flexShrink={0} overflow="hidden">
        <Box width={newsWidth} paddingRight={2} flexShrink={0}>
          <NewsBlock lines={lines} width={newsWidth - 2} height={height} coloured={coloured} />
        </Box>
        <TeamColumns
          teams={teams}
          direction="row"
          width={width - newsWidth}
          height={height}
          coloured={coloured}
        />
      </Box>
    );
  }
  // At the right: the news, a blank row, then the columns one above the other.
  const lines = wrapNews(news, width).slice(0, height);
  const columnsHeight = Math.max(0, height - lines.length - 1);
  return (
    <Box width={width} height={height} flexDirection="column" flexShrink={0} overflow="hidden">
      <NewsBlock lines={lines} width={width} height={lines.length} coloured={coloured} />
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
    </Box>
  );
}

export interface PlayProps {
  readonly screen: PlayScreen;
  readonly netstats: NetStatsView | null;
  readonly columns: number;
  readonly rows: number;
  readonly coloured: boolean;
  /** The map's painter; null draws a blank region of the same size (tests). */
  readonly surface: MapSurface | null;
}

interface MapPlaceProps {
  readonly surface: MapSurface | null;
  readonly layout: PlayLayout;
}

/** The map region: the surface's, or a blank box of the same size. */
function MapPlace({ surface, layout }: MapPlaceProps) {
  const { width, height } = layout.map;
  if (surface === null) return <Box width={width} height={height} flexShrink={0} flexGrow={0} />;
  return <MapRegion surface={surface} width={width} height={height} />;
}

/** The play screen: `rows − 1` rows (the status line is the App's). */
export function Play({ screen, netstats, columns, rows, coloured, surface }: PlayProps) {
  const layout = playLayout(columns, rows, screen.mapWidth, screen.mapHeight);
  const body = Math.max(0, rows - PLAY_CHROME_ROWS);
  // At the right, one column keeps the panel's text off the map's last column.
  const gap = layout.panel === 'right' && layout.map.width > 0 ? 1 : 0;
  const panelWidth = Math.max(0, layout.panelWidth - gap);
  const panel =
    netstats === null ? (
      <PhasePanel
        screen={screen}
        placement={layout.panel}
        width={panelWidth}
        height={layout.panelHeight}
        coloured={coloured}
      />
    ) : (
      <NetStats
        stats={netstats}
        width={panelWidth}
        height={layout.panelHeight}
        coloured={coloured}
      />
    );
  return (
    <Box width={columns} height={rows - 1} flexDirection="column" flexShrink={0}>
      <Box
        width={columns}
        height={body}
        flexDirection={layout.panel === 'bottom' ? 'column' : 'row'}
        flexShrink={0}
      >
        <MapPlace surface={surface} layout={layout} />
        <Box marginLeft={gap} flexShrink={0}>
          {panel}
        </Box>
      </Box>
      <KeyHints keys={screen.keys} width={columns} coloured={coloured} />
    </Box>
  );
}
