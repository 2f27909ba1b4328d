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

describe('parseTarget with a room (haunted play host/room)', () => {
  const rooms = { room: true };
  test.each([
    ['localhost/K7QX', { host: 'localhost', port: 9998, room: 'K7QX' }],
    ['127.0.0.1:7777/b', { host: '127.0.0.1', port: 7777, room: 'b' }],
    ['[::1]:9998/fridays', { host: '::1', port: 9998, room: 'fridays' }],
    ['[fd00::2]/x_y-z', { host: 'fd00::2', port: 9998, room: 'x_y-z' }],
    ['::1/abc', { host: '::1', port: 9998, room: 'abc' }],
    ['manor.lan', { host: 'manor.lan', port: 9998 }],
    ['h/abcdefghijklmnop', { host: 'h', port: 9998, room: 'abcdefghijklmnop' }],
  ])('%p', (text, expected) => {
    expect(parseTarget(text, 9998, rooms)).toEqual(expected);
  });

  test.each([
    ['host/', 'no room after "/"'],
    ['host:9998/', 'no room after "/"'],
    ['host/bad room', '"bad room" is not a room name (a room is 1–16 of A–Z a–z 0–9 - _)'],
    ['host/a/b', '"a/b" is not a room name'],
    ['host/abcdefghijklmnopq', 'is not a room name'],
    ['host/é', 'is not a room name'],
    ['/room', 'no host before the room'],
    ['host:0/b', 'the port must be 1 to 65535'],
    ['[::1/b', 'a "[" without its "]"'],
  ])('%p is refused', (text, message) => {
    const target = parseTarget(text, 9998, rooms);
    expect('error' in target && target.error).toContain(message);
  });

  test('a command that takes no room says so', () => {
    const target = parseTarget('localhost/K7QX');
    expect('error' in target && target.error).toBe(
      '"localhost/K7QX": give the server alone here, without "/K7QX"',
    );
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
