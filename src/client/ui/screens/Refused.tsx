/**
 * The screen when the server refuses us, or when the client itself cannot send the name (then
 * in the client's own words, not "the server says"): the reason and, for a problem with the name,
 * a prompt for another one (the draft typed so far, a block for the cursor, what was wrong with
 * the last try). The typing itself is the game loop's; this only draws it.
 */
import type { ScreenModel } from '../model.ts';
import { Centred, Line, Span, TINT, wrapWords } from './Shared.tsx';

/** The refusal screen's model. */
export type RefusedScreen = Extract<ScreenModel, { kind: 'refused' }>;

export interface RefusedProps {
  readonly screen: RefusedScreen;
  readonly address: string;
  readonly width: number;
  readonly height: number;
  readonly coloured: boolean;
}

/** The cursor after the draft: a full block, visible without colour. */
export const CURSOR_BLOCK = '█';

/** The refusal, centred; with a name prompt when another name may get in. */
export function Refused({ screen, address, width, height, coloured }: RefusedProps) {
  const { rename } = screen;
  const byClient = screen.by === 'client';
  const said = wrapWords(
    byClient ? `${screen.message}.` : `The server says: ${screen.message}.`,
    Math.min(72, width - 4),
  );
  return (
    <Centred width={width} height={height}>
      <Line coloured={coloured} tint={TINT.bad} bold>
        {byClient ? 'This name cannot be used' : `${address} refused to let you in`}
      </Line>
      {said.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: wrapped lines are positional
        <Line coloured={coloured} key={i}>
          {line}
        </Line>
      ))}
      <Line coloured={coloured}> </Line>
      {rename === null ? null : (
        <>
          <Line coloured={coloured}>Type another name and press Enter:</Line>
          <Line coloured={coloured}>
            {'> '}
            <Span coloured={coloured} bold>
              {rename.draft}
            </Span>
            {CURSOR_BLOCK}
          </Line>
          <Line coloured={coloured} tint={TINT.bad}>
            {rename.error === null ? ' ' : `✗ ${rename.error}`}
          </Line>
          <Line coloured={coloured}> </Line>
        </>
      )}
      <Line coloured={coloured} dim>
        Esc quits
      </Line>
    </Centred>
  );
}
