/**
 * The network panel (F2): everything the netcode measures, as label and value lines, in words a
 * player understands (the help, `?`, explains each). On the play screen it is drawn over the map
 * (ui/netstats-overlay.ts, render/overlay-box.ts), so the phase panel keeps time left and the
 * winner in view; on the other screens this component stands at their right. The lines flow
 * into as many columns as the panel's height needs.
 */
import { Box } from 'ink';
import type { NetStatsView } from '../model.ts';
import { Line, Span } from './Shared.tsx';

/** One line of the panel: a label and its value, or (label null) a value on its own. */
export interface NetStatsEntry {
  readonly label: string | null;
  readonly value: string;
}

/** Width of the label column. */
export const LABEL_WIDTH = 17;
/** A column of the panel is at most this wide, however wide the panel. */
const MAX_COLUMN_WIDTH = 40;

function ms(value: number | null): string {
  return value === null ? '– ms' : `${Math.round(value)} ms`;
}

function pct(value: number | null): string {
  return value === null ? '–%' : `${value.toFixed(1)}%`;
}

/** Bytes a second in B, kB or MB: `12.3 kB/s`. */
export function bytesPerSecond(value: number): string {
  if (value < 1000) return `${Math.round(value)} B/s`;
  if (value < 1_000_000) return `${(value / 1000).toFixed(1)} kB/s`;
  return `${(value / 1_000_000).toFixed(1)} MB/s`;
}

/**
 * The panel's lines, in order, in groups a column never splits (the corrections and their
 * parts). The simulator's conditions, when on, take a line of their own below their label when
 * `roomy` (the tall panel at the right), else share the label's line.
 */
export function netStatsEntries(
  stats: NetStatsView,
  roomy = true,
): readonly (readonly NetStatsEntry[])[] {
  const one = (label: string, value: string): NetStatsEntry[] => [{ label, value }];
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const groups: NetStatsEntry[][] = [
    one('Round trip', ms(stats.rttMs)),
    one('Jitter', ms(stats.jitterMs)),
    one('Lost packets', `${pct(stats.lossDownPct)} down, ${pct(stats.lossUpPct)} up`),
    one('Data in', bytesPerSecond(stats.bytesInPerSec)),
    one('Data out', bytesPerSecond(stats.bytesOutPerSec)),
    one('Server updates', `${stats.snapshotsPerSec.toFixed(1)}/s`),
    one('Server tick rate', stats.tickRate === null ? '–' : `${stats.tickRate} Hz`),
    one('Input margin', plural(stats.leadTicks, 'tick')),
    one('Smoothing delay', ms(stats.interpolationDelayMs)),
    one('Keys in flight', String(stats.pendingInputs)),
    one('Ignored packets', String(stats.drops)),
    [
      { label: 'Prediction fixes', value: String(stats.corrections) },
      { label: '  visible', value: String(stats.visibleCorrections) },
      { label: '  jumps', value: String(stats.snaps) },
    ],
  ];
  if (stats.simulated !== null) {
    groups.push(
      roomy
        ? [
            { label: 'Simulated link', value: '' },
            { label: null, value: stats.simulated },
          ]
        : one('Simulated link', stats.simulated),
    );
  }
  return groups;
}

/** Pours the groups into columns of `perColumn` lines, a group moving whole to the next. */
export function flowColumns(
  groups: readonly (readonly NetStatsEntry[])[],
  perColumn: number,
): NetStatsEntry[][] {
  const columns: NetStatsEntry[][] = [[]];
  for (const group of groups) {
    let column = columns[columns.length - 1] ?? [];
    if (column.length > 0 && column.length + group.length > perColumn) {
      column = [];
      columns.push(column);
    }
    column.push(...group);
  }
  return columns;
}

export interface NetStatsProps {
  readonly stats: NetStatsView;
  /** The panel's size in cells. */
  readonly width: number;
  readonly height: number;
  readonly coloured: boolean;
}

/** The network panel in a `width`×`height` box: a heading, then the lines in columns. */
export function NetStats({ stats, width, height, coloured }: NetStatsProps) {
  const perColumn = Math.max(1, height - 1);
  const lineCount = (groups: readonly (readonly NetStatsEntry[])[]) =>
    groups.reduce((n, g) => n + g.length, 0);
  const roomy = lineCount(netStatsEntries(stats, true)) <= perColumn;
  const columns = flowColumns(netStatsEntries(stats, roomy), perColumn);
  const columnWidth = Math.min(MAX_COLUMN_WIDTH, Math.floor(width / columns.length));
  // The last column takes whatever is left, for the simulator's conditions.
  const widthOf = (i: number) =>
    i === columns.length - 1 ? Math.max(0, width - columnWidth * i) : columnWidth;
  return (
    <Box width={width} height={height} flexDirection="column" overflow="hidden" flexShrink={0}>
      <Line coloured={coloured}>
        <Span coloured={coloured} bold>
          Network
        </Span>
        <Span coloured={coloured} dim>
          {'  F2 closes'}
        </Span>
      </Line>
      <Box flexDirection="row" height={Math.max(0, height - 1)} overflow="hidden">
        {columns.map((column, i) => (
          <Box
            key={column[0]?.label ?? column[0]?.value ?? ''}
            width={widthOf(i)}
            flexDirection="column"
            flexShrink={0}
            overflow="hidden"
          >
            {column.map((entry) => (
              <Line coloured={coloured} key={`${entry.label}:${entry.value}`}>
                {entry.label === null ? (
                  `  ${entry.value}`
                ) : (
                  <>
                    <Span coloured={coloured} dim>
                      {entry.label.padEnd(LABEL_WIDTH)}
                    </Span>
                    {entry.value}
                  </>
                )}
              </Line>
            ))}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
