/**
 * Field readers and writers shared by the per-type codecs. Readers never throw: the first
 * problem is recorded in `Reader.error` and every later read returns a sentinel, so a decoder
 * reads straight through and checks once. Writers throw a RangeError on a value the decoder
 * would refuse: encoding a bad message is a programming error.
 */
import { percentDecode, percentEncode } from './text.ts';

/** One message type's pair: the whole datagram text, and the fields between TYPE and END. */
export interface Codec<M> {
  encode(msg: M): string;
  /** Reads every field of `r`; null (with `r.error` set) when a field is bad. */
  decode(r: Reader): M | null;
}

/** An inclusive integer range. */
export type Range = readonly [min: number, max: number];

/** Longest decimal form of an unsigned 32-bit value. */
const MAX_DIGITS = 10;

/**
 * The canonical unsigned integer in `s[start, end)`: ASCII digits, no leading zero (except "0"),
 * at most 10 digits. NaN when it is not one.
 */
export function parseUint(s: string, start: number, end: number): number {
  const n = end - start;
  if (n <= 0 || n > MAX_DIGITS) return Number.NaN;
  if (n > 1 && s.charCodeAt(start) === 0x30) return Number.NaN;
  let v = 0;
  for (let i = start; i < end; i++) {
    const d = s.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return Number.NaN;
    v = v * 10 + d;
  }
  return v;
}

/** As parseUint with an optional leading `-`; `-0` is not canonical. */
export function parseSint(s: string, start: number, end: number): number {
  if (start < end && s.charCodeAt(start) === 0x2d) {
    const v = parseUint(s, start + 1, end);
    return v === 0 ? Number.NaN : -v;
  }
  return parseUint(s, start, end);
}

export function inRange(v: number, range: Range): boolean {
  return v >= range[0] && v <= range[1]; // false for NaN
}

/** Lower-case hex of `min`–`max` characters. */
export function isLowerHex(s: string, min: number, max: number): boolean {
  if (s.length < min || s.length > max) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

/** A token quoted for an error detail, cut short: details are printed in debug logs. */
export function show(token: string): string {
  return JSON.stringify(token.length > 24 ? `${token.slice(0, 24)}…` : token);
}

/** A cursor over the field tokens of one datagram (TYPE and END excluded). */
export class Reader {
  /** The first problem found, or null. */
  error: string | null = null;
  private i: number;

  constructor(
    private readonly tokens: readonly string[],
    start: number,
    private readonly end: number,
    /** The whole datagram's size in bytes (HELLO checks its padding with it). */
    readonly size: number,
  ) {
    this.i = start;
  }

  get remaining(): number {
    return this.end - this.i;
  }

  fail(detail: string): null {
    if (this.error === null) this.error = detail;
    return null;
  }

  /** The next token, or '' (with an error) when there is none or an error came before. */
  next(field: string): string {
    if (this.error !== null) return '';
    if (this.i >= this.end) {
      this.fail(`missing ${field}`);
      return '';
    }
    return this.tokens[this.i++] ?? '';
  }

  uint(field: string, range: Range): number {
    const t = this.next(field);
    if (this.error !== null) return Number.NaN;
    const v = parseUint(t, 0, t.length);
    if (!inRange(v, range))
      this.fail(`${field} ${show(t)} is not an integer in ${range.join('–')}`);
    return v;
  }

  sint(field: string, range: Range): number {
    const t = this.next(field);
    if (this.error !== null) return Number.NaN;
    const v = parseSint(t, 0, t.length);
    if (!inRange(v, range))
      this.fail(`${field} ${show(t)} is not an integer in ${range.join('–')}`);
    return v;
  }

  /** `-` or an unsigned integer. */
  optUint(field: string, range: Range): number | null {
    if (this.peekNone()) return null;
    return this.uint(field, range);
  }

  /** `-` or a signed integer. */
  optSint(field: string, range: Range): number | null {
    if (this.peekNone()) return null;
    return this.sint(field, range);
  }

  hex(field: string, min: number, max: number): string {
    const t = this.next(field);
    if (this.error === null && !isLowerHex(t, min, max)) {
      const size = min === max ? `${min}` : `${min}–${max}`;
      this.fail(`${field} ${show(t)} is not ${size} lower-case hex characters`);
    }
    return t;
  }

  /** `-` or hex. */
  optHex(field: string, min: number, max: number): string | null {
    if (this.peekNone()) return null;
    return this.hex(field, min, max);
  }

  word<T extends string>(field: string, words: readonly T[]): T {
    const t = this.next(field);
    if (this.error === null && !(words as readonly string[]).includes(t)) {
      this.fail(`${field} ${show(t)} is not one of ${words.join(' ')}`);
    }
    return t as T;
  }

  /** Percent-encoded free text. */
  text(field: string): string {
    const t = this.next(field);
    if (this.error !== null) return '';
    const r = percentDecode(t);
    if ('error' in r) {
      this.fail(`${field} ${show(t)}: ${r.error}`);
      return '';
    }
    return r.text;
  }

  /** Padding: 1+ `=` (returns the count), or `-` (0) when `allowNone`. */
  pad(field: string, allowNone: boolean): number {
    const t = this.next(field);
    if (this.error !== null) return 0;
    if (allowNone && t === '-') return 0;
    for (let i = 0; i < t.length; i++) {
      if (t.charCodeAt(i) !== 0x3d) {
        this.fail(`${field} ${show(t)} must be ${allowNone ? '- or ' : ''}1+ "="`);
        return 0;
      }
    }
    return t.length;
  }

  private peekNone(): boolean {
    if (this.error === null && this.i < this.end && this.tokens[this.i] === '-') {
      this.i++;
      return true;
    }
    return false;
  }
}

function bad(field: string, value: unknown, want: string): never {
  throw new RangeError(`cannot encode ${field} = ${String(value)}: must be ${want}`);
}

export function fmtUint(field: string, v: number, range: Range): string {
  if (!Number.isInteger(v) || !inRange(v, range)) bad(field, v, `an integer in ${range.join('–')}`);
  return String(v);
}

/** A signed integer; `-0` is written `0`. */
export function fmtSint(field: string, v: number, range: Range): string {
  return v === 0 ? '0' : fmtUint(field, v, range);
}

export function fmtOptUint(field: string, v: number | null, range: Range): string {
  return v === null ? '-' : fmtUint(field, v, range);
}

export function fmtOptSint(field: string, v: number | null, range: Range): string {
  return v === null ? '-' : fmtSint(field, v, range);
}

export function fmtHex(field: string, v: string, min: number, max: number): string {
  if (!isLowerHex(v, min, max)) bad(field, v, `${min}–${max} lower-case hex characters`);
  return v;
}

export function fmtWord<T extends string>(field: string, v: T, words: readonly T[]): T {
  if (!words.includes(v)) bad(field, v, `one of ${words.join(' ')}`);
  return v;
}

export function fmtText(field: string, v: string): string {
  try {
    return percentEncode(v);
  } catch (e) {
    return bad(field, v, `valid text (${(e as Error).message})`);
  }
}

export function fmtPad(field: string, n: number, allowNone: boolean): string {
  if (allowNone && n === 0) return '-';
  if (!Number.isInteger(n) || n < 1) bad(field, n, allowNone ? '0 or more' : '1 or more');
  return '='.repeat(n);
}
