/**
 * The rename prompt's editing, after the server refused a name (taken, too long, bad
 * character): what is typed so far and why the last key or try was not taken. Pure: keys in,
 * the draft and a verdict out. It keeps the draft within what the protocol accepts (at most
 * MAX_NAME_CHARS characters of printable ASCII without `, ( ) : %`), and says so in the
 * client's own words: these checks are the client's, not the server's.
 */
import { checkName, MAX_NAME_CHARS } from '../protocol/index.ts';
import type { KeyEvent } from './keys.ts';
import { cleanName } from './player-name.ts';

/** What a key did to the draft: nothing more to do, try the name, or leave. */
export type DraftVerdict = 'edit' | 'submit' | 'quit';

/** Why a character cannot be in a name, in the client's words. */
export function forbiddenCharText(ch: string): string {
  if (ch === ' ') return 'Names cannot contain spaces';
  const c = ch.codePointAt(0) ?? 0;
  if (c < 0x20 || c === 0x7f) return 'Names cannot contain control characters';
  if (c > 0x7e) return 'Names can only have ASCII letters, digits and signs';
  return `Names cannot contain "${ch}"`;
}

export const TOO_LONG_TEXT = `Names have at most ${MAX_NAME_CHARS} characters`;

export class NameDraft {
  text = '';
  error: string | null = null;
  /** The connection the draft was seeded for: seeded once per refusal, never refilled. */
  private seededFor: object | null = null;

  /**
   * Starts the draft from the refused name, cleaned to what may be sent, the first time a
   * refusal of `attempt` (a connection) is shown. Emptied by the player, it stays empty.
   */
  seed(attempt: object, name: string): void {
    if (this.seededFor === attempt) return;
    this.seededFor = attempt;
    this.text = cleanName(name) ?? '';
  }

  /** One key on the prompt: letters, Backspace, Enter to try the name, Esc or Ctrl-C to leave. */
  key(event: KeyEvent): DraftVerdict {
    const { input, key } = event;
    if (key.eventType === 'release') return 'edit';
    if (key.escape || input === '\u0003' || (key.ctrl && input === 'c')) return 'quit';
    const k = key as KeyEvent['key'] & { return?: boolean; backspace?: boolean; delete?: boolean };
    if (k.return || input === '\r' || input === '\n') {
      if (this.text.length === 0) {
        this.error = 'type a name first';
        return 'edit';
      }
      this.error = null;
      return 'submit';
    }
    if (k.backspace || k.delete || input === '\x7f' || input === '\b') {
      this.text = this.text.slice(0, -1);
      this.error = null;
      return 'edit';
    }
    if (key.ctrl || key.meta) return 'edit';
    let error: string | null = null;
    for (const ch of input) {
      if (checkName(ch) !== 'ok') error = forbiddenCharText(ch);
      else if (this.text.length >= MAX_NAME_CHARS) error = TOO_LONG_TEXT;
      else this.text += ch;
    }
    this.error = error;
    return 'edit';
  }
}
