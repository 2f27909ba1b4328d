/**
 * The classic protocol's requests (the original iScsc client's: ../shared/classic/
 * PROTOCOL-CLASSIC.md §4), read from a datagram. Never throws: bytes that are not a classic
 * datagram at all (empty, oversize, not UTF-8) are a typed failure the listener counts and drops;
 * text with an unknown or misshapen first token is `invalid` (answered `Invalid Request`).
 */

/** The client's receive buffer (`MESSAGES_LENGTH = 1024 * 3`): no reply may be longer, bytes. */
export const CLASSIC_MAX_DATAGRAM = 3072;

/** The nine words of `INPUT <name> <word> END`, as the client sends them. */
export const CLASSIC_WORDS = [
  '.',
  'LEFT',
  'RIGHT',
  'UP',
  'DOWN',
  'RED',
  'BLUE',
  'NEUTRAL',
  'READY',
] as const;
export type ClassicWord = (typeof CLASSIC_WORDS)[number];

export type ClassicRequest =
  /** `CONNECT <name> END`; the name is the tokens between, joined by single spaces. */
  | { readonly type: 'CONNECT'; readonly name: string }
  /** `INPUT <name> <word> END`; a word outside CLASSIC_WORDS is null (the original ignores it). */
  | { readonly type: 'INPUT'; readonly name: string; readonly word: ClassicWord | null }
  /** `PING <t> END`: `stamp` is echoed byte for byte. */
  | { readonly type: 'PING'; readonly stamp: string }
  | { readonly type: 'DISCONNECTION'; readonly name: string }
  /** Anything else that is text: an unknown first token, a known one with the wrong shape. */
  | { readonly type: 'invalid' };

export const CLASSIC_DROP_REASONS = ['empty', 'oversize', 'not-utf8'] as const;
export type ClassicDropReason = (typeof CLASSIC_DROP_REASONS)[number];

export type ClassicDecoded =
  | { readonly ok: true; readonly req: ClassicRequest }
  | { readonly ok: false; readonly reason: ClassicDropReason };

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const INVALID: ClassicDecoded = { ok: true, req: { type: 'invalid' } };

/**
 * A datagram as the original server reads it: UTF-8, stripped of surrounding white space, split
 * on single spaces (a double space makes an empty token), `END` last.
 */
export function decodeClassic(data: Uint8Array): ClassicDecoded {
  if (data.length > CLASSIC_MAX_DATAGRAM) return { ok: false, reason: 'oversize' };
  let text: string;
  try {
    text = UTF8.decode(data).trim();
  } catch {
    return { ok: false, reason: 'not-utf8' };
  }
  if (text.length === 0) return { ok: false, reason: 'empty' };
  const t = text.split(' ');
  if (t.length < 3 || t[t.length - 1] !== 'END') return INVALID;
  // A name typed with spaces (even doubled) is a name, refused for its spaces, as the original.
  if (t[0] === 'CONNECT')
    return { ok: true, req: { type: 'CONNECT', name: t.slice(1, -1).join(' ') } };
  if (t.includes('')) return INVALID;
  switch (t[0]) {
    case 'INPUT': {
      if (t.length !== 4) return INVALID;
      const word = (CLASSIC_WORDS as readonly string[]).includes(t[2]!)
        ? (t[2] as ClassicWord)
        : null;
      return { ok: true, req: { type: 'INPUT', name: t[1]!, word } };
    }
    case 'PING':
      return t.length === 3 ? { ok: true, req: { type: 'PING', stamp: t[1]! } } : INVALID;
    case 'DISCONNECTION':
      return t.length === 3 ? { ok: true, req: { type: 'DISCONNECTION', name: t[1]! } } : INVALID;
    default:
      return INVALID;
  }
}
