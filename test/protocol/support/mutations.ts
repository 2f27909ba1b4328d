/**
 * Garbage for the decoder and the server: random printable tokens and mutations of valid
 * datagrams (byte flips, truncation, insertion, deletion, token swaps and duplicates), seeded.
 */
import { MESSAGE_TYPES } from '../../../src/protocol/index.ts';
import type { Rng } from './prng.ts';

export const ENCODER = new TextEncoder();

const VOCABULARY = [
  '-',
  '=',
  '==',
  '0',
  '1',
  '00',
  '-0',
  '-1',
  '255',
  '256',
  '65535',
  '65536',
  '4294967295',
  '4294967296',
  'END',
  'LOBBY',
  'COUNTDOWN',
  'GAME',
  'teams',
  'left:bob',
  'R',
  'B',
  'N',
  'x',
  '1=2,3',
  '1+-2,3',
  '1x',
  '1:2:UD:-',
  '1:2:-:READY',
  '1:bob:3:R:rc',
  '0123456789abcdef',
  '0123456789ABCDEF',
  'full',
  'kicked',
  'lobby',
  '%20',
  '%2',
  '%41',
  'a%25b',
  '########',
  '#......#',
  ...MESSAGE_TYPES,
];

function randomToken(rng: Rng): string {
  if (rng.bool(0.6)) return rng.pick(VOCABULARY);
  let s = '';
  const n = rng.int(1, 12);
  for (let i = 0; i < n; i++) s += String.fromCharCode(rng.int(0x21, 0x7e));
  return s;
}

export function randomTokens(rng: Rng): Uint8Array {
  const tokens = [rng.bool(0.9) ? rng.pick(MESSAGE_TYPES) : randomToken(rng)];
  const n = rng.int(0, 14);
  for (let i = 0; i < n; i++) tokens.push(randomToken(rng));
  if (rng.bool(0.9)) tokens.push('END');
  return ENCODER.encode(tokens.join(' '));
}

const INSERTS = [
  0x20, 0x2d, 0x3d, 0x3a, 0x2c, 0x25, 0x30, 0x31, 0x39, 0x61, 0x41, 0x00, 0xc3, 0x80,
];

export function mutateBytes(rng: Rng, b: Uint8Array): Uint8Array {
  const at = rng.int(0, b.length);
  switch (rng.int(0, 3)) {
    case 0: {
      if (b.length === 0) return b;
      const out = b.slice();
      const i = Math.min(at, b.length - 1);
      out[i] = rng.bool() ? (out[i] ?? 0) ^ (1 << rng.int(0, 7)) : rng.int(0, 255);
      return out;
    }
    case 1:
      return b.slice(0, at);
    case 2: {
      const out = new Uint8Array(b.length + 1);
      out.set(b.subarray(0, at));
      out[at] = rng.bool(0.8) ? rng.pick(INSERTS) : rng.int(0, 255);
      out.set(b.subarray(at), at + 1);
      return out;
    }
    default: {
      if (at >= b.length) return b;
      const out = new Uint8Array(b.length - 1);
      out.set(b.subarray(0, at));
      out.set(b.subarray(at + 1), at);
      return out;
    }
  }
}

export function mutateTokens(rng: Rng, text: string, donors: readonly string[]): string {
  const t = text.split(' ');
  const i = rng.int(0, t.length - 1);
  const j = rng.int(0, t.length - 1);
  switch (rng.int(0, 4)) {
    case 0:
      [t[i], t[j]] = [t[j] ?? '', t[i] ?? ''];
      break;
    case 1:
      t.splice(i, 0, t[j] ?? '');
      break;
    case 2:
      t.splice(i, 1);
      break;
    case 3: {
      const donor = rng.pick(donors).split(' ');
      t[i] = rng.pick(donor);
      break;
    }
    default:
      t[i] = randomToken(rng);
  }
  return t.join(' ');
}
