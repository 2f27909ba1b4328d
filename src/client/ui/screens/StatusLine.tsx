/**
 * The status line, on the first row of every screen (except the too-small message): the game's
 * name and the server at the left, the link's health and the frame rate at the right. Ping and
 * loss are tinted by how bad they are when colours are on; the numbers say it anyway.
 */
import { Box } from 'ink';
import { LiveText } from '../../render/LiveText.tsx';
import type { MapSurface } from '../../render/map-surface.ts';
import type { TextRow } from '../../render/text-painter.ts';
import { type StyledRun, textRow } from '../live-text.ts';
import type { AppModel, StatusView } from '../model.ts';
import { Line, Span, TINT } from './Shared.tsx';

/** `ping 12 ms`, or `ping – ms` before the first sample. */
export function pingText(pingMs: number | null): string {
  return `ping ${pingMs === null ? '–' : Math.round(pingMs)} ms`;
}

/** `loss 0.0%`, or `loss –%` while unknown. */
export function lossText(lossPct: number | null): string {
  return `loss ${lossPct === null ? '–' : lossPct.toFixed(1)}%`;
}

function pingTint(pingMs: number | null): string | undefined {
  if (pingMs === null) return undefined;
  if (pingMs < 80) return TINT.good;
  return pingMs < 200 ? TINT.warn : TINT.bad;
}

function lossTint(lossPct: number | null): string | undefined {
  if (lossPct === null || lossPct === 0) return undefined;
  return lossPct < 5 ? TINT.warn : TINT.bad;
}

/**
 * The right part of the line in runs of one style: the round trip (or the silence of a lost
 * connection), the loss, the frame rate. Drawn by Ink without a surface, painted with one.
 */
export function figureRuns(status: StatusView): StyledRun[] {
  const link: StyledRun =
    status.silentSeconds === undefined
      ? { text: pingText(status.pingMs), tint: pingTint(status.pingMs) }
      : { text: `no answer for ${status.silentSeconds} s`, tint: TINT.bad };
  return [
    link,
    { text: '  ' },
    { text: lossText(status.lossPct), tint: lossTint(status.lossPct) },
    { text: `  ${Math.round(status.fps)} fps` },
  ];
}

/** The right part's width in cells. */
function figuresWidth(runs: readonly StyledRun[]): number {
  let n = 0;
  for (const run of runs) n += run.text.length;
  return n;
}

/** The right part's row as `model` shows it (painted: LiveText). */
export function figuresRow(model: AppModel): TextRow[] {
  return [textRow(figureRuns(model.status), model.color)];
}

export interface StatusLineProps {
  readonly status: StatusView;
  readonly width: number;
  readonly coloured: boolean;
  /** Paints the figures (they change every second); null or absent: Ink draws them (tests). */
  readonly surface?: MapSurface<AppModel> | null;
}

/** One row: `Haunted Chronicles  host:port  room K7QX` … `ping 12 ms  loss 0.0%  30 fps`. */
export function StatusLine({ status, width, coloured, surface = null }: StatusLineProps) {
  const runs = figureRuns(status);
  return (
    <Box width={width} height={1} flexShrink={0} justifyContent="space-between" overflow="hidden">
      <Box flexShrink={1} marginRight={2}>
        <Line coloured={coloured}>
          <Span coloured={coloured} bold>
            Haunted Chronicles
          </Span>
          {`  ${status.address}`}
          {status.room === undefined ? '' : `  room ${status.room}`}
        </Line>
      </Box>
      <Box flexShrink={0}>
        {surface === null ? (
          <Line coloured={coloured}>
            {runs.map((run, i) =>
              run.tint === undefined ? (
                run.text
              ) : (
                // biome-ignore lint/suspicious/noArrayIndexKey: the runs are positional
                <Span key={i} coloured={coloured} tint={run.tint}>
                  {run.text}
                </Span>
              ),
            )}
          </Line>
        ) : (
          <LiveText surface={surface} width={figuresWidth(runs)} height={1} content={figuresRow} />
        )}
      </Box>
    </Box>
  );
}
