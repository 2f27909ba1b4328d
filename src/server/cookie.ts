/**
 * The stateless challenge (PROTOCOL.md §7, §8): a cookie is a keyed hash of the client's address
 * and a time window, so the server remembers nothing about a sender until it proves, by echoing
 * the cookie in CONNECT, that it receives at the address it claims.
 */
import { createHmac } from 'node:crypto';

/** Length of a window; a cookie is accepted in its window and the next (10–20 s). */
export const COOKIE_WINDOW_MS = 10_000;
const COOKIE_CHARS = 24;

function cookieFor(secret: Uint8Array, addressKey: string, window: number): string {
  return createHmac('sha256', secret)
    .update(`${addressKey}|${window}`)
    .digest('hex')
    .slice(0, COOKIE_CHARS);
}

export function makeCookie(secret: Uint8Array, addressKey: string, now: number): string {
  return cookieFor(secret, addressKey, Math.floor(now / COOKIE_WINDOW_MS));
}

export function checkCookie(
  secret: Uint8Array,
  addressKey: string,
  cookie: string,
  now: number,
): boolean {
  const window = Math.floor(now / COOKIE_WINDOW_MS);
  return (
    cookie === cookieFor(secret, addressKey, window) ||
    cookie === cookieFor(secret, addressKey, window - 1)
  );
}
