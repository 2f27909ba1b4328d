import { describe, expect, test } from 'bun:test';
import { COOKIE_WINDOW_MS, CookieJar, cookieFor } from '../../src/server/cookie.ts';

const SECRET = new Uint8Array(32).fill(3);

describe('CookieJar', () => {
  test('the cookie of the window, good in it and the next, not after', () => {
    const jar = new CookieJar(SECRET);
    for (const now of [0, 9_999, 10_000, 25_000, 25_001, 1_000_000]) {
      for (const key of ['127.0.0.1:5000', '[::1]:6000', '10.0.0.9:1']) {
        const window = Math.floor(now / COOKIE_WINDOW_MS);
        const cookie = cookieFor(SECRET, key, window);
        expect(jar.make(key, now)).toBe(cookie);
        const windowStart = window * COOKIE_WINDOW_MS;
        expect(jar.check(key, cookie, windowStart + COOKIE_WINDOW_MS)).toBe(true);
        expect(jar.check(key, cookie, windowStart + 2 * COOKIE_WINDOW_MS - 1)).toBe(true);
        expect(jar.check(key, cookie, windowStart + 2 * COOKIE_WINDOW_MS)).toBe(false);
        expect(jar.check(key, cookieFor(SECRET, key, window - 1), windowStart)).toBe(true);
        expect(jar.check(key, cookieFor(SECRET, key, window - 2), windowStart)).toBe(false);
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
