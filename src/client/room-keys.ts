/**
 * Keys on the room list (`haunted play host` on a server with rooms) → intents: a pure,
 * table-tested mapping of what Ink's `useInput` reports, as keys.ts does for the game.
 *
 * The list: ↑/↓ (also W/S, K/J) choose, Enter joins, N opens the new-room form, R refreshes,
 * Esc, q or Ctrl-C quit. The form: ←/→ choose the map, letters type the room's name,
 * Backspace erases, Enter makes the room, Esc goes back to the list (Ctrl-C quits).
 * Releases (kitty protocol) do nothing; repeats move and type like presses.
 */
import type { KeyEvent, KeyFlags } from './keys.ts';

export type RoomListIntent =
  | { readonly kind: 'move'; readonly by: -1 | 1 }
  | { readonly kind: 'join' }
  | { readonly kind: 'create' }
  | { readonly kind: 'refresh' }
  | { readonly kind: 'quit' };

export type RoomFormIntent =
  | { readonly kind: 'map'; readonly by: -1 | 1 }
  | { readonly kind: 'type'; readonly text: string }
  | { readonly kind: 'erase' }
  | { readonly kind: 'submit' }
  | { readonly kind: 'cancel' }
  | { readonly kind: 'quit' };

/** Ink's flags that keys.ts's KeyFlags leaves out (the game does not use them). */
type MoreFlags = KeyFlags & {
  readonly return?: boolean;
  readonly backspace?: boolean;
  readonly delete?: boolean;
};

const LIST_LETTERS: Readonly<Record<string, RoomListIntent>> = {
  w: { kind: 'move', by: -1 },
  k: { kind: 'move', by: -1 },
  s: { kind: 'move', by: 1 },
  j: { kind: 'move', by: 1 },
  n: { kind: 'create' },
  r: { kind: 'refresh' },
  q: { kind: 'quit' },
};

function isCtrlC(input: string, key: KeyFlags): boolean {
  return input === '\u0003' || (key.ctrl === true && input.toLowerCase() === 'c');
}

function isEnter(input: string, key: MoreFlags): boolean {
  return key.return === true || input === '\r' || input === '\n';
}

/** One key event on the list, as intents in the order of the keys of a merged chunk. */
export function roomListIntents(event: KeyEvent): RoomListIntent[] {
  const { input } = event;
  const key = event.key as MoreFlags;
  if (key.eventType === 'release') return [];
  if (isCtrlC(input, key) || key.escape) return [{ kind: 'quit' }];
  if (isEnter(input, key)) return [{ kind: 'join' }];
  const out: RoomListIntent[] = [];
  if (key.upArrow) out.push({ kind: 'move', by: -1 });
  if (key.downArrow) out.push({ kind: 'move', by: 1 });
  if (key.ctrl || key.meta || key.super || key.hyper) return out;
  for (const ch of input) {
    const intent = LIST_LETTERS[ch.toLowerCase()];
    if (intent !== undefined) out.push(intent);
  }
  return out;
}

/** One key event on the new-room form. */
export function roomFormIntents(event: KeyEvent): RoomFormIntent[] {
  const { input } = event;
  const key = event.key as MoreFlags;
  if (key.eventType === 'release') return [];
  if (isCtrlC(input, key)) return [{ kind: 'quit' }];
  if (key.escape) return [{ kind: 'cancel' }];
  if (isEnter(input, key)) return [{ kind: 'submit' }];
  if (key.backspace || key.delete || input === '\x7f' || input === '\b') return [{ kind: 'erase' }];
  if (key.leftArrow) return [{ kind: 'map', by: -1 }];
  if (key.rightArrow) return [{ kind: 'map', by: 1 }];
  if (key.upArrow || key.downArrow || key.ctrl || key.meta || key.super || key.hyper) return [];
  return input === '' ? [] : [{ kind: 'type', text: input }];
}
