/**
 * The stateless challenge (PROTOCOL.md §7, §8): a cookie is a keyed hash of the client's address
 * and a time window, so the server remembers nothing about a sender until it proves, by echoing
 * the cookie in CONNECT, that it receives at the address it claims.
 *
 * `CookieJar` keeps the cookies it computed for the current and the previous window (at most
 * MAX_REMEMBERED each): under a flood of HELLO and CONNECT from the same spoofed addresses, a
 * cookie is a map lookup instead of an HMAC, and the check of a CONNECT's cookie is cheap enough
 * to come before the global rate limit (a valid cookie is a proven address: it is never held
 * back by what spoofed senders spend).
 */
import { createHmac } from 'node:crypto';

/** Length of a window; a cookie is accepted in its window and the next (10–20 s). */
export const COOKIE_WINDOW_MS = 10_000;
const COOKIE_CHARS = 24;
/** Cookies remembered per window; past it, they are computed each time (still correct). */
const MAX_REMEMBERED = 65_536;

/** The cookie of an address in a window: the first 24 hex digits of an HMAC-SHA-256. */
export function cookieFor(secret: Uint8Array, addressKey: string, window: number): string {
  return createHmac('sha256', secret)
    .update(`${addressKey}|${window}`)
    .digest('hex')
    .slice(0, COOKIE_CHARS);
}

/**
 * Makes and checks cookies (a cookie is good in its window and the next), with the last two
 * windows' cookies remembered.
 */
export class CookieJar {
  private window = Number.NaN;
  private current = new Map<string, string>();
  private previous = new Map<string, string>();

  constructor(private readonly secret: Uint8Array) {}

  make(addressKey: string, now: number): string {
    this.turn(now);
    return this.lookup(this.current, addressKey, this.window);
  }

  check(addressKey: string, cookie: string, now: number): boolean {
    this.turn(now);
    return (
      cookie === this.lookup(this.current, addressKey, this.window) ||
      cookie === this.lookup(this.previous, addressKey, this.window - 1)
    );
  }

  private lookup(cache: Map<string, string>, addressKey: string, window: number): string {
    let cookie = cache.get(addressKey);
    if (cookie === undefined) {
      cookie = cookieFor(this.secret, addressKey, window);
      if (cache.size < MAX_REMEMBERED) cache.set(addressKey, cookie);
    }
    return cookie;
  }

  private turn(now: number): void {
    const window = Math.floor(now / COOKIE_WINDOW_MS);
    if (window === this.window) return;
    this.previous = window === this.window + 1 ? this.current : new Map();
    this.current = new Map();
    this.window = window;
  }
}
