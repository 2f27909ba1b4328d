/**
 * Free text (map name, server name) and player names. Text is percent-encoded so that it is one
 * token of printable ASCII; names travel raw and are limited to characters that need no
 * encoding.
 */
import { MAX_NAME_CHARS, MAX_TEXT_CHARS } from './constants.ts';
import { hasLoneSurrogate, isValidUtf8 } from './utf8.ts';

const HEX = '0123456789ABCDEF';
const ENCODER = new TextEncoder();
const DECODER = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Control characters (C0, DEL, C1) are refused in text: a name shown in a terminal must not be
 * able to carry escape sequences.
 */
function isControl(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

/** Why `text` cannot be sent as free text, or null when it can. */
export function textProblem(text: string): string | null {
  if (hasLoneSurrogate(text)) return 'has a lone surrogate';
  let chars = 0;
  for (const ch of text) {
    chars++;
    if (isControl(ch.codePointAt(0)!)) return 'has a control character';
  }
  if (chars === 0) return 'is empty';
  if (chars > MAX_TEXT_CHARS) return `is longer than ${MAX_TEXT_CHARS} characters`;
  return null;
}

/** The wire token of free text: bytes outside 0x21–0x7E, and `%`, as `%XX`. Throws if invalid. */
export function percentEncode(text: string): string {
  const problem = textProblem(text);
  if (problem !== null) throw new RangeError(`text ${JSON.stringify(text)} ${problem}`);
  let out = '';
  let plain = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x21 || c > 0x7e || c === 0x25) {
      plain = false;
      break;
    }
  }
  if (plain) return text;
  for (const byte of ENCODER.encode(text)) {
    if (byte < 0x21 || byte > 0x7e || byte === 0x25) {
      out += `%${HEX[byte >> 4]}${HEX[byte & 15]}`;
    } else {
      out += String.fromCharCode(byte);
    }
  }
  return out;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1; // lower-case hex is not canonical
}

/** Free text from its wire token, or an error string (`{ error }`) when the token is not canonical. */
export function percentDecode(token: string): { text: string } | { error: string } {
  let bytes: number[] | null = null;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return { error: 'raw character outside 0x21-0x7E' };
    if (c !== 0x25) {
      bytes?.push(c);
      continue;
    }
    if (bytes === null) {
      bytes = [];
      for (let j = 0; j < i; j++) bytes.push(token.charCodeAt(j));
    }
    const hi = i + 2 < token.length ? hexValue(token.charCodeAt(i + 1)) : -1;
    const lo = hi >= 0 ? hexValue(token.charCodeAt(i + 2)) : -1;
    if (lo < 0) return { error: '% not followed by two upper-case hex digits' };
    const byte = hi * 16 + lo;
    if (byte >= 0x21 && byte <= 0x7e && byte !== 0x25) {
      return { error: `%${token.slice(i + 1, i + 3)} encodes a character that must be raw` };
    }
    bytes.push(byte);
    i += 2;
  }
  let text = token;
  if (bytes !== null) {
    const raw = Uint8Array.from(bytes);
    if (!isValidUtf8(raw)) return { error: 'percent-encoded bytes are not UTF-8' };
    text = DECODER.decode(raw);
  }
  const problem = textProblem(text);
  return problem === null ? { text } : { error: `text ${problem}` };
}

/** Printable characters a name may not have: the original's `,` `(` `)`, and our separators. */
const NAME_FORBIDDEN = ',():%';

/** Name verdicts, in the order they are checked; the server refuses with `name-<verdict>`. */
export const NAME_CHECKS = ['ok', 'empty', 'too-long', 'bad-char'] as const;
export type NameCheck = (typeof NAME_CHECKS)[number];

/**
 * A player name: 1–10 characters of printable ASCII 0x21–0x7E except `,` `(` `)` (forbidden
 * by the original) and `:` `%` (our separators).
 */
export function checkName(name: string): NameCheck {
  if (name.length === 0) return 'empty';
  let chars = 0;
  let bad = false;
  for (const ch of name) {
    chars++;
    const c = ch.codePointAt(0)!;
    if (c < 0x21 || c > 0x7e || NAME_FORBIDDEN.includes(ch)) bad = true;
  }
  if (chars > MAX_NAME_CHARS) return 'too-long';
  return bad ? 'bad-char' : 'ok';
}
