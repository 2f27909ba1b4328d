/**
 * The status line, on the first row of every screen (except the too-small message): the game's
 * name and the server at the left, the link's health and the frame rate at the right. Ping and
 * loss are tinted by how bad they are when colours are on; the numbers say it anyway.
 */
import { Box } from 'ink';
import type { StatusView } from '../model.ts';
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

export interface StatusLineProps {
  readonly status: StatusView;
  readonly width: number;
  readonly coloured: boolean;
}

/** One row: `Haunted Chronicles  host:port  room K7QX` … `ping 12 ms  loss 0.0%  30 fps`. */
export function StatusLine({ status, width, coloured }: StatusLineProps) {
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
        <Line coloured={coloured}>
          {status.silentSeconds === undefined ? (
            <Span coloured={coloured} tint={pingTint(status.pingMs)}>
              {pingText(status.pingMs)}
            </Span>
          ) : (
            <Span coloured={coloured} tint={TINT.bad}>
              {`no answer for ${status.silentSeconds} s`}
            </Span>
          )}
          {'  '}
          <Span coloured={coloured} tint={lossTint(status.lossPct)}>
            {lossText(status.lossPct)}
          </Span>
          {`  ${Math.round(status.fps)} fps`}
        </Line>
      </Box>
    </Box>
  );
}
