import { describe, expect, test } from 'bun:test';
import { COOKIE_WINDOW_MS, CookieJar, checkCookie, makeCookie } from '../../src/server/cookie.ts';

const SECRET = new Uint8Array(32).fill(3);

describe('CookieJar', () => {
  test('the same cookies as makeCookie and checkCookie, window by window', () => {
    const jar = new CookieJar(SECRET);
    for (const now of [0, 9_999, 10_000, 25_000, 25_001, 1_000_000]) {
      for (const key of ['127.0.0.1:5000', '[::1]:6000', '10.0.0.9:1']) {
        expect(jar.make(key, now)).toBe(makeCookie(SECRET, key, now));
        for (const at of [now, now + COOKIE_WINDOW_MS, now + 2 * COOKIE_WINDOW_MS]) {
          const cookie = makeCookie(SECRET, key, now);
          expect(jar.check(key, cookie, at)).toBe(checkCookie(SECRET, key, cookie, at));
        }
      }
    }
  });

  test('a cookie is good for its window and the next, then never again', () => {
    const jar = new CookieJar(SECRET);
    const cookie = jar.make('127.0.0.1:5000', 12_000);
    expect(jar.check('127.0.0.1:5000', cookie, 19_999)).toBe(true);
    expect(jar.check('127.0.0.1:5000', cookie, 29_999)).toBe(true);
    expect(jar.check('127.0.0.1:5000', cookie, 30_000)).toBe(false);
    expect(jar.check('127.0.0.1:5001', cookie, 12_000)).toBe(false);
    // Time running backwards (a test clock) forgets, never confuses.
    expect(jar.check('127.0.0.1:5000', cookie, 12_000)).toBe(true);
  });
});
