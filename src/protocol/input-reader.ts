/**
 * INPUT read straight from its bytes: the datagram a server receives most (every playing client
 * sends one at least every 250 ms, and every client tick while it has inputs in flight).
 *
 * The general `decode` validates UTF-8, makes a string, splits it into tokens and reads them
 * with a Reader: a dozen allocations and as many functions, run on a core that was asleep. An
 * INPUT is plain ASCII of a fixed shape, so this reads it in one pass over the bytes. It returns
 * the message only when `decode(bytes, 'server')` would accept the datagram as exactly that
 * message, and null for anything else (another type, an error of any kind), which then goes the
 * general way and is answered or dropped as before. test/protocol/input-reader.test.ts holds the
 * two to each other on random and mutated datagrams.
 */
import { ACTIONS, type Action } from './codes.ts';
import { MAX_DATAGRAM, MAX_INPUT_ENTRIES, TOKEN_HEX, U32_MAX } from './constants.ts';
import type { InputEntry, InputMessage } from './messages.ts';

const SPACE = 0x20;
const COLON = 0x3a;
const DASH = 0x2d;
const PREFIX = [0x49, 0x4e, 0x50, 0x55, 0x54, SPACE]; // "INPUT "
const END = [SPACE, 0x45, 0x4e, 0x44]; // " END"
/** Key letters and their bits, in the only order allowed: U D L R. */
const KEY_LETTERS = [0x55, 0x44, 0x4c, 0x52];

// token16 below reads exactly the token's length.
if (TOKEN_HEX !== 16) throw new Error('input-reader.ts assumes 16-character tokens');

/**
 * The 16 characters at `i` as a string. One call with 16 arguments: measured cheaper than a
 * TextDecoder on a subarray (a view object and a native call) or 16 concatenations.
 */
function token16(b: Uint8Array, i: number): string {
  return String.fromCharCode(
    b[i]!,
    b[i + 1]!,
    b[i + 2]!,
    b[i + 3]!,
    b[i + 4]!,
    b[i + 5]!,
    b[i + 6]!,
    b[i + 7]!,
    b[i + 8]!,
    b[i + 9]!,
    b[i + 10]!,
    b[i + 11]!,
    b[i + 12]!,
    b[i + 13]!,
    b[i + 14]!,
    b[i + 15]!,
  );
}

/** Where a field ends: the first space or colon at or after `i` (or the end). */
function fieldEnd(b: Uint8Array, i: number, end: number): number {
  while (i < end && b[i] !== SPACE && b[i] !== COLON) i++;
  return i;
}

/** The canonical unsigned integer in b[start, end) (no leading zero, ≤ U32_MAX), or -1. */
function readUint(b: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if (n <= 0 || n > 10 || (n > 1 && b[start] === 0x30)) return -1;
  let v = 0;
  for (let i = start; i < end; i++) {
    const d = b[i]! - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v <= U32_MAX ? v : -1;
}

/** The key mask of b[start, end): `-`, or a non-empty subset of U D L R in that order; or -1. */
function readKeys(b: Uint8Array, start: number, end: number): number {
  if (end - start === 1 && b[start] === DASH) return 0;
  if (end <= start) return -1;
  let keys = 0;
  let next = 0;
  for (let i = start; i < end; i++) {
    while (next < 4 && KEY_LETTERS[next] !== b[i]) next++;
    if (next === 4) return -1; // unknown letter, repeated, or out of order
    keys |= 1 << next++;
  }
  return keys;
}

/** The action in b[start, end): null for `-`, undefined when it is none of the words. */
function readAction(b: Uint8Array, start: number, end: number): Action | null | undefined {
  if (end - start === 1 && b[start] === DASH) return null;
  for (const word of ACTIONS) {
    if (word.length !== end - start) continue;
    let same = true;
    for (let k = 0; same && k < word.length; k++) same = b[start + k] === word.charCodeAt(k);
    if (same) return word;
  }
  return undefined;
}

/** The INPUT these bytes are, when `decode(bytes, 'server')` accepts them as one; else null. */
export function readInput(b: Uint8Array): InputMessage | null {
  const n = b.length;
  const minimum = PREFIX.length + TOKEN_HEX + 6 + END.length; // `INPUT <token> - 0 0 END`
  if (n > MAX_DATAGRAM || n < minimum) return null;
  for (let k = 0; k < PREFIX.length; k++) if (b[k] !== PREFIX[k]) return null;
  const last = n - END.length; // where " END" must start
  for (let k = 0; k < END.length; k++) if (b[last + k] !== END[k]) return null;
  // The token: 16 lower-case hex characters.
  let i = PREFIX.length;
  for (let k = i; k < i + TOKEN_HEX; k++) {
    const c = b[k]!;
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return null;
  }
  if (b[i + TOKEN_HEX] !== SPACE) return null;
  const token = token16(b, i);
  i += TOKEN_HEX + 1;
  // ackTick: `-` or a tick.
  let e = fieldEnd(b, i, last);
  let ackTick: number | null = null;
  if (!(e - i === 1 && b[i] === DASH)) {
    ackTick = readUint(b, i, e);
    if (ackTick < 0) return null;
  }
  if (b[e] !== SPACE || e >= last) return null;
  i = e + 1;
  // rosterVersion: 0 included.
  e = fieldEnd(b, i, last);
  const rosterVersion = readUint(b, i, e);
  if (rosterVersion < 0 || b[e] !== SPACE || e >= last) return null;
  i = e + 1;
  // eventAck: 0 included.
  e = fieldEnd(b, i, last);
  const eventAck = readUint(b, i, e);
  if (eventAck < 0 || (e < last && b[e] !== SPACE)) return null;
  i = e + 1;
  // The entries, `<seq>:<tick>:<keys>:<action>`, seq increasing, until " END".
  const inputs: InputEntry[] = [];
  let lastSeq = 0;
  while (i <= last) {
    if (inputs.length === MAX_INPUT_ENTRIES) return null;
    e = fieldEnd(b, i, last);
    const seq = readUint(b, i, e);
    if (seq <= lastSeq || b[e] !== COLON) return null;
    i = e + 1;
    e = fieldEnd(b, i, last);
    const tick = readUint(b, i, e);
    if (tick < 0 || b[e] !== COLON) return null;
    i = e + 1;
    e = fieldEnd(b, i, last);
    const keys = readKeys(b, i, e);
    if (keys < 0 || b[e] !== COLON) return null;
    i = e + 1;
    e = fieldEnd(b, i, last);
    const action = readAction(b, i, e);
    if (action === undefined || (e < last && b[e] !== SPACE)) return null;
    inputs.push({ seq, tick, keys, action });
    lastSeq = seq;
    i = e + 1;
  }
  return { type: 'INPUT', token, ackTick, rosterVersion, eventAck, inputs };
}
