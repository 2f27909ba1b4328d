/** Player names, percent-encoded text, and UTF-8 helpers. */
import { describe, expect, test } from 'bun:test';
import { checkName, decodeText, encode } from '../../src/protocol/index.ts';
import { percentDecode, percentEncode } from '../../src/protocol/text.ts';
import { isValidUtf8, utf8Length } from '../../src/protocol/utf8.ts';
import { Rng } from './support/prng.ts';

describe('checkName', () => {
  const cases: [string, ReturnType<typeof checkName>][] = [
    ['a', 'ok'],
    ['Bob_42', 'ok'],
    ['!~#$&*+-./', 'ok'],
    ['abcdefghij', 'ok'],
    ['', 'empty'],
    ['abcdefghijk', 'too-long'],
    ['a b', 'bad-char'],
    ['a,b', 'bad-char'],
    ['(me)', 'bad-char'],
    ['a:b', 'bad-char'],
    ['100%', 'bad-char'],
    ['zoé', 'bad-char'],
    ['tab\t', 'bad-char'],
    ['🕯🕯🕯🕯🕯', 'bad-char'], // 5 characters (10 UTF-16 units): not too long, but not ASCII
    ['🕯'.repeat(11), 'too-long'],
    ['a,b,c,d,e,f', 'too-long'], // length is judged first
  ];
  for (const [name, verdict] of cases) {
    test(`${JSON.stringify(name)} → ${verdict}`, () => expect(checkName(name)).toBe(verdict));
  }
});

describe('percent-encoded text', () => {
  const cases: [string, string][] = [
    ['classic', 'classic'],
    ['The classic manor', 'The%20classic%20manor'],
    ['100%', '100%25'],
    ['hanté', 'hant%C3%A9'],
    ['🕯', '%F0%9F%95%AF'],
    ['-', '-'],
  ];
  for (const [text, wire] of cases) {
    test(`${JSON.stringify(text)} ↔ ${wire}`, () => {
      expect(percentEncode(text)).toBe(wire);
      expect(percentDecode(wire)).toEqual({ text });
    });
  }

  test('control characters, lone surrogates, empty and over-long text cannot be encoded', () => {
    for (const bad of ['a\nb', '\x1b[2J', 'a\x7f', '\u009b', '\uD800', '', 'x'.repeat(41)]) {
      expect(() => percentEncode(bad)).toThrow(RangeError);
    }
    expect(percentEncode('x'.repeat(40))).toBe('x'.repeat(40));
    expect(percentEncode('é'.repeat(40)).length).toBe(240);
  });

  test('an encoder error surfaces as a RangeError from encode', () => {
    expect(() =>
      encode({
        type: 'PONG',
        stamp: 0,
        tick: 0,
        info: { version: 1, phase: 'game', players: 0, maxPlayers: 1, serverName: '' },
      }),
    ).toThrow(RangeError);
  });
});

describe('UTF-8', () => {
  test('utf8Length counts bytes', () => {
    expect(utf8Length('aé€🕯')).toBe(1 + 2 + 3 + 4);
    expect(utf8Length('\uD800')).toBe(3);
  });
  test('isValidUtf8 agrees with a fatal TextDecoder on random short byte strings', () => {
    const fatal = new TextDecoder('utf-8', { fatal: true });
    const rng = new Rng(9);
    const pieces = [0x41, 0x80, 0xbf, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xa0, 0x90];
    for (let i = 0; i < 20000; i++) {
      const b = Uint8Array.from({ length: i % 6 }, () => rng.pick(pieces));
      let expected = true;
      try {
        fatal.decode(b);
      } catch {
        expected = false;
      }
      expect(isValidUtf8(b)).toBe(expected);
    }
  });
  test('the CONNECT name may be any UTF-8 up to 64 bytes', () => {
    const name = '€'.repeat(21); // 63 bytes
    expect(decodeText(`CONNECT 1 0123456789abcdef ${name} END`).ok).toBe(true);
    expect(decodeText(`CONNECT 1 0123456789abcdef ${name}ab END`).ok).toBe(false);
  });
});
