import { describe, expect, test } from 'bun:test';
import { cleanName, defaultName } from '../../src/client/player-name.ts';
import { parseTarget } from '../../src/client/target.ts';

describe('parseTarget', () => {
  test.each([
    ['localhost', { host: 'localhost', port: 9998 }],
    ['localhost:7777', { host: 'localhost', port: 7777 }],
    ['192.168.1.20', { host: '192.168.1.20', port: 9998 }],
    ['192.168.1.20:1', { host: '192.168.1.20', port: 1 }],
    ['[::1]:9999', { host: '::1', port: 9999 }],
    ['[fd00::2]', { host: 'fd00::2', port: 9998 }],
    ['::1', { host: '::1', port: 9998 }],
    ['  manor.lan:65535 ', { host: 'manor.lan', port: 65535 }],
  ])('%p', (text, expected) => {
    expect(parseTarget(text)).toEqual(expected);
  });

  test.each([
    ['', 'no server given'],
    ['host:', 'the port must be a number'],
    ['host:0', 'the port must be 1 to 65535'],
    ['host:65536', 'the port must be 1 to 65535'],
    ['host:12a', 'the port must be a number'],
    [':9998', 'no host before the port'],
    ['[::1', 'a "[" without its "]"'],
    ['[::1]9998', 'expected ":port" after "]"'],
    ['my host', 'a host has no spaces'],
  ])('%p is refused', (text, message) => {
    const target = parseTarget(text);
    expect('error' in target && target.error).toContain(message);
  });
});

describe('player names', () => {
  test.each([
    ['ann', 'ann'],
    ['Jean-Pierre Dupont', 'Jean-Pierr'], // the space goes, then ten characters
    ['a,b(c)d:e%f', 'abcdef'],
    ['élodie', 'lodie'],
    ['verylongloginname', 'verylonglo'],
    [',,,', null],
    ['', null],
  ])('%p → %p', (raw, expected) => {
    expect(cleanName(raw)).toBe(expected);
  });

  test('the login name, else LOGNAME, else "player"', () => {
    expect(defaultName({ USER: 'zyno' })).toBe('zyno');
    expect(defaultName({ USER: '(((', LOGNAME: 'ann' })).toBe('ann');
    expect(defaultName({})).toBe('player');
  });
});
