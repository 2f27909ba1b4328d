/**
 * The screen while quitting: the disconnect is out and the client waits (at most a second) for
 * the server to confirm it.
 */
import { Centred, Line } from './Shared.tsx';

export interface LeavingProps {
  readonly width: number;
  readonly height: number;
  readonly coloured: boolean;
}

/** `Leaving the game…`, centred. */
export function Leaving({ width, height, coloured }: LeavingProps) {
  return (
    <Centred width={width} height={height}>
      <Line coloured={coloured}>Leaving the game…</Line>
    </Centred>
  );
}
