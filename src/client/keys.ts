/**
 * Key events → intents: a pure, table-tested mapping of what Ink's `useInput` reports (an input
 * string, possibly several keys merged in one chunk, and key flags) to moves, one-shot actions,
 * quit and the network panel. Which keys are *held* is held-keys.ts's business: a move intent
 * only says which direction key went down, repeated or came up.
 *
 * Keys: arrows, WASD and ZQSD (AZERTY) move, letters in either case; Space READY, R RED
 * (seekers), B BLUE (hiders), N NEUTRAL; Esc, Ctrl-C (when Ink lets it through) and, on a
 * QWERTY keyboard, q quit; F2 shows the network panel, ? the help. While the help is open Esc
 * closes it instead of quitting (a player who opened it reaches for Esc to get back to the game).
 *
 * `q` is both ZQSD's left and the usual "quit": which one wins depends on the layout.
 * - `qwerty` (explicit): WASD moves, q quits, z does nothing.
 * - `azerty` (explicit): ZQSD moves, q moves left, w and a do nothing; quit with Esc.
 * - `auto` (the default): W, A, Z, S, D all move, and so does q (left). An unwanted quit throws
 *   a French player out of the game while an unwanted step left costs nothing, so q only quits
 *   once the player has shown a QWERTY keyboard by pressing W (`auto-qwerty`). A is no evidence:
 *   on AZERTY it sits right above Q, next to Z. Z is evidence of AZERTY and wins for good, even
 *   after a W (`auto-azerty`: q moves again), since a QWERTY player still has Esc. The auto
 *   layouts keep every letter moving, so a stray Z never takes WASD away from anyone.
 *   The help line can ask `quitsWithQ`.
 * The layout is threaded through the calls: `keyIntents` returns the next one.
 */
import type { Action } from '../game/rules.ts';

export type Dir = 'up' | 'down' | 'left' | 'right';

/** Kitty protocol event types; without the protocol every key arrives as a press. */
export type KeyEventType = 'press' | 'repeat' | 'release';

/** `auto-qwerty`, `auto-azerty`: what `auto` has become after a W or a Z key. */
export type Layout = 'auto' | 'auto-qwerty' | 'auto-azerty' | 'qwerty' | 'azerty';

export type Intent =
  | {
      readonly kind: 'move';
      readonly dir: Dir;
      readonly event: KeyEventType;
      /** The physical key ('w', 'arrowleft'…): two keys held for one direction are two keys. */
      readonly source: string;
    }
  | { readonly kind: 'action'; readonly action: Action }
  | { readonly kind: 'quit' }
  | { readonly kind: 'netstats' }
  /** Opens or closes the help overlay. */
  | { readonly kind: 'help' };

/** The part of Ink's `Key` read here; Ink's object fits as it is. */
export interface KeyFlags {
  readonly upArrow?: boolean;
  readonly downArrow?: boolean;
  readonly leftArrow?: boolean;
  readonly rightArrow?: boolean;
  readonly escape?: boolean;
  readonly ctrl?: boolean;
  readonly meta?: boolean;
  readonly super?: boolean;
  readonly hyper?: boolean;
  /** Only with the kitty keyboard protocol; undefined otherwise (and for its plain-text keys). */
  readonly eventType?: KeyEventType | undefined;
}

/** One key event as `useInput` reports it. */
export interface KeyEvent {
  readonly input: string;
  readonly key: KeyFlags;
  /**
   * The raw sequence of the key, when the caller has it (Ink emits it on the stdin context's
   * `internal_eventEmitter` 'input' event). Needed for F2 only: `useInput` gives every function
   * key as input '' with no flag.
   */
  readonly sequence?: string;
}

export interface KeyResult {
  readonly intents: Intent[];
  /** The layout to pass with the next event. */
  readonly layout: Layout;
}

const ARROWS = [
  ['upArrow', 'up', 'arrowup'],
  ['downArrow', 'down', 'arrowdown'],
  ['leftArrow', 'left', 'arrowleft'],
  ['rightArrow', 'right', 'arrowright'],
] as const;

const ACTION_KEYS: Readonly<Record<string, Action>> = {
  ' ': 'READY',
  r: 'RED',
  b: 'BLUE',
  n: 'NEUTRAL',
};

const ALL_LETTERS: Readonly<Record<string, Dir>> = {
  w: 'up',
  z: 'up',
  a: 'left',
  q: 'left',
  s: 'down',
  d: 'right',
};

/** Movement letters per layout; q in `auto-qwerty` and `qwerty` is quit instead. */
const MOVE_LETTERS: Readonly<Record<Layout, Readonly<Record<string, Dir>>>> = {
  auto: ALL_LETTERS,
  'auto-azerty': ALL_LETTERS,
  'auto-qwerty': { w: 'up', z: 'up', a: 'left', s: 'down', d: 'right' },
  qwerty: { w: 'up', a: 'left', s: 'down', d: 'right' },
  azerty: { z: 'up', q: 'left', s: 'down', d: 'right' },
};

/** Whether q quits in this layout (for the help line). */
export function quitsWithQ(layout: Layout): boolean {
  return layout === 'qwerty' || layout === 'auto-qwerty';
}

function nextLayout(layout: Layout, letter: string): Layout {
  if (layout === 'auto' && letter === 'w') return 'auto-qwerty';
  if ((layout === 'auto' || layout === 'auto-qwerty') && letter === 'z') return 'auto-azerty';
  return layout;
}

// F2 after its ESC prefix, in its legacy forms (xterm SS3 Q, vt220 CSI Q, rxvt CSI 12~, Linux
// console CSI [B) and the kitty protocol's (CSI 1;mods:event Q, CSI 12;mods:event ~).
// Group 1 or 2: the event type.
const F2_RE = /^(?:O\d*Q|\[\[B|\[(?:1(?:;\d*(?::(\d))?)?)?Q|\[12(?:;\d*(?::(\d))?)?[~^$])$/;
const ESC = '\x1b';

/** The event type of an F2 key sequence, or null when `sequence` is not F2. */
export function f2Event(sequence: string): KeyEventType | null {
  let start = 0;
  while (sequence[start] === ESC) start++;
  const m = start > 0 ? F2_RE.exec(sequence.slice(start)) : null;
  if (!m) return null;
  const type = m[1] ?? m[2];
  return type === '3' ? 'release' : type === '2' ? 'repeat' : 'press';
}

/**
 * Maps one `useInput` event to intents, in the order of the keys in a merged chunk. Actions,
 * quit and the network panel fire on presses only (their repeats and releases are dropped);
 * one repeated within a chunk (an autorepeat burst read at once) fires once. Keys with Ctrl,
 * Alt, Super or Hyper (arrows included) do nothing except Ctrl-C; releases are kept whatever the modifiers, so a
 * key never stays down because Ctrl was pressed while it was held.
 */
export function keyIntents(
  event: KeyEvent,
  layout: Layout = 'auto',
  /** The help overlay is open: Esc closes it rather than quitting. @default false */
  helpOpen = false,
): KeyResult {
  const { input, key } = event;
  const type: KeyEventType = key.eventType ?? 'press';
  const pressed = type === 'press';
  const intents: Intent[] = [];

  if (event.sequence !== undefined && f2Event(event.sequence) === 'press') {
    intents.push({ kind: 'netstats' });
  }
  if (key.escape) {
    if (pressed) intents.push(helpOpen ? { kind: 'help' } : { kind: 'quit' });
    return { intents, layout };
  }
  const modified = key.ctrl || key.meta || key.super || key.hyper;
  for (const [flag, dir, source] of ARROWS) {
    if (key[flag] && (!modified || type === 'release')) {
      intents.push({ kind: 'move', dir, event: type, source });
    }
  }
  const fired = new Set<string>();
  const once = (intent: Intent, id: string) => {
    if (!fired.has(id)) intents.push(intent);
    fired.add(id);
  };
  for (const ch of input) {
    const c = ch.toLowerCase();
    if (type === 'release') {
      // Whatever the layout: a key that went down as a move must come up even if the layout
      // changed meanwhile (the release of a key that is not down changes nothing).
      const dir = ALL_LETTERS[c];
      if (dir) intents.push({ kind: 'move', dir, event: type, source: c });
      continue;
    }
    if (ch === '\u0003' || (key.ctrl && c === 'c')) {
      if (pressed) once({ kind: 'quit' }, 'quit');
      continue;
    }
    if (modified) continue;
    if (pressed) layout = nextLayout(layout, c);
    const dir = MOVE_LETTERS[layout][c];
    if (dir) {
      intents.push({ kind: 'move', dir, event: type, source: c });
      continue;
    }
    if (!pressed) continue;
    const action = ACTION_KEYS[c];
    if (action) once({ kind: 'action', action }, action);
    else if (c === 'q' && quitsWithQ(layout)) once({ kind: 'quit' }, 'quit');
    else if (c === '?') once({ kind: 'help' }, 'help');
  }
  return { intents, layout };
}
