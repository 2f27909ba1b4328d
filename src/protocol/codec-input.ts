/**
 * Codec of INPUT: the client's unacknowledged inputs, each `<seq>:<tick>:<keys>:<action>`,
 * plus what it has received (ackTick, rosterVersion, eventAck).
 */
import { ACTIONS, type Action, KEY_LETTERS } from './codes.ts';
import { MAX_INPUT_ENTRIES, RANGES, TOKEN_HEX } from './constants.ts';
import {
  type Codec,
  fmtHex,
  fmtOptUint,
  fmtUint,
  inRange,
  parseUint,
  type Reader,
  show,
} from './fields.ts';
import type { InputEntry, InputMessage } from './messages.ts';

/** Wire form of a key mask: `-` or the held letters in the order U D L R. */
export function keysToString(keys: number): string {
  if (!Number.isInteger(keys) || keys < 0 || keys > 15) {
    throw new RangeError(`cannot encode keys ${keys}: must be a mask 0–15`);
  }
  if (keys === 0) return '-';
  let s = '';
  for (let bit = 0; bit < 4; bit++) if (keys & (1 << bit)) s += KEY_LETTERS[bit];
  return s;
}

/** Key mask of `s[start, end)`, or -1 when it is not a canonical key set. */
export function parseKeys(s: string, start: number, end: number): number {
  if (end - start === 1 && s.charCodeAt(start) === 0x2d) return 0;
  if (end <= start) return -1;
  let keys = 0;
  let last = -1;
  for (let i = start; i < end; i++) {
    const bit = 'UDLR'.indexOf(s.charAt(i));
    if (bit <= last) return -1; // unknown letter, repeated, or out of order
    keys |= 1 << bit;
    last = bit;
  }
  return keys;
}

function encodeEntry(e: InputEntry): string {
  const seq = fmtUint('seq', e.seq, RANGES.seq);
  const tick = fmtUint('tick', e.tick, RANGES.tick);
  const action = e.action === null ? '-' : e.action;
  if (e.action !== null && !ACTIONS.includes(e.action)) {
    throw new RangeError(`cannot encode action ${String(e.action)}`);
  }
  return `${seq}:${tick}:${keysToString(e.keys)}:${action}`;
}

function decodeEntry(r: Reader, t: string): InputEntry | null {
  const c1 = t.indexOf(':');
  const c2 = c1 < 0 ? -1 : t.indexOf(':', c1 + 1);
  const c3 = c2 < 0 ? -1 : t.indexOf(':', c2 + 1);
  if (c3 < 0) return r.fail(`input ${show(t)} is not <seq>:<tick>:<keys>:<action>`);
  const seq = parseUint(t, 0, c1);
  if (!inRange(seq, RANGES.seq)) return r.fail(`input ${show(t)}: bad seq`);
  const tick = parseUint(t, c1 + 1, c2);
  if (!inRange(tick, RANGES.tick)) return r.fail(`input ${show(t)}: bad tick`);
  const keys = parseKeys(t, c2 + 1, c3);
  if (keys < 0) return r.fail(`input ${show(t)}: keys must be - or a subset of UDLR in that order`);
  const word = t.slice(c3 + 1);
  if (word !== '-' && !(ACTIONS as readonly string[]).includes(word)) {
    return r.fail(`input ${show(t)}: action must be - or one of ${ACTIONS.join(' ')}`);
  }
  return { seq, tick, keys, action: word === '-' ? null : (word as Action) };
}

export const inputCodec: Codec<InputMessage> = {
  encode(m) {
    const n = m.inputs.length;
    if (n > MAX_INPUT_ENTRIES) {
      throw new RangeError(`cannot encode INPUT with ${n} entries (0–${MAX_INPUT_ENTRIES})`);
    }
    let s = `INPUT ${fmtHex('token', m.token, TOKEN_HEX, TOKEN_HEX)}`;
    s += ` ${fmtOptUint('ackTick', m.ackTick, RANGES.tick)}`;
    s += ` ${fmtUint('rosterVersion', m.rosterVersion, RANGES.rosterVersion)}`;
    s += ` ${fmtUint('eventAck', m.eventAck, RANGES.eventAck)}`;
    let lastSeq = 0;
    for (const e of m.inputs) {
      if (e.seq <= lastSeq)
        throw new RangeError(`cannot encode INPUT: seq ${e.seq} not increasing`);
      lastSeq = e.seq;
      s += ` ${encodeEntry(e)}`;
    }
    return `${s} END`;
  },
  decode(r) {
    const token = r.hex('token', TOKEN_HEX, TOKEN_HEX);
    const ackTick = r.optUint('ackTick', RANGES.tick);
    const rosterVersion = r.uint('rosterVersion', RANGES.rosterVersion);
    const eventAck = r.uint('eventAck', RANGES.eventAck);
    if (r.error !== null) return null;
    if (r.remaining > MAX_INPUT_ENTRIES) {
      return r.fail(`INPUT holds at most ${MAX_INPUT_ENTRIES} entries, has ${r.remaining}`);
    }
    const inputs: InputEntry[] = [];
    let lastSeq = 0;
    while (r.remaining > 0) {
      const e = decodeEntry(r, r.next('input'));
      if (e === null) return null;
      if (e.seq <= lastSeq) return r.fail(`seq ${e.seq} does not increase (after ${lastSeq})`);
      lastSeq = e.seq;
      inputs.push(e);
    }
    return { type: 'INPUT', token, ackTick, rosterVersion, eventAck, inputs };
  },
};
