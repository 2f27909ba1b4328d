import { describe, expect, test } from 'bun:test';
import { HandshakeLimiter, RECENT_MS } from '../../src/server/rate-limit.ts';

/** How many of `count` datagrams from `ip`, `gapMs` apart from `start`, are allowed. */
function allowed(l: HandshakeLimiter, ip: string, count: number, start: number, gapMs: number) {
  let n = 0;
  for (let i = 0; i < count; i++) if (l.allow(ip, start + i * gapMs)) n++;
  return n;
}

describe('HandshakeLimiter', () => {
  test('one source: a burst of 20, then 20 a second', () => {
    const l = new HandshakeLimiter(0);
    expect(allowed(l, '192.0.2.1', 100, 0, 0)).toBe(20);
    // 182 a second for 5 s (the measured single-source flood): 20 a second get through.
    const n = allowed(l, '192.0.2.1', 910, 1, 1000 / 182);
    expect(n).toBeGreaterThanOrEqual(99);
    expect(n).toBeLessThanOrEqual(101);
  });

  test('sources are limited apart: one flooding does not hold back another', () => {
    const l = new HandshakeLimiter(0);
    allowed(l, '192.0.2.1', 1000, 0, 0.1);
    expect(l.allow('192.0.2.2', 100)).toBe(true);
  });

  test('many sources: the global bucket holds (1000 a second)', () => {
    const l = new HandshakeLimiter(0);
    let n = 0;
    // 20 000 a second from 4000 addresses, 5 each a second, for 3 s.
    for (let i = 0; i < 60_000; i++) {
      if (l.allow(`10.0.${(i % 4000) >> 8}.${(i % 4000) & 255}`, i * 0.05)) n++;
    }
    expect(n).toBeGreaterThan(2900);
    expect(n).toBeLessThanOrEqual(4000);
  });

  test('under a flood of spoofed sources, a new player is answered at its first or second try', () => {
    const l = new HandshakeLimiter(0);
    const flood = (from: number, to: number) => {
      for (let t = from; t < to; t += 0.05) {
        const i = Math.round(t * 20) % 4000;
        l.allow(`10.0.${i >> 8}.${i & 255}`, t);
      }
    };
    flood(0, 8000); // every flood source has been answered once by now
    let waits = 0;
    for (let player = 0; player < 20; player++) {
      const start = 8000 + player * 500;
      // The player sends HELLO every 250 ms while the flood goes on.
      let answered = -1;
      for (let k = 0; k < 4 && answered < 0; k++) {
        flood(start + k * 250, start + (k + 1) * 250);
        if (l.allow(`203.0.113.${player + 1}`, start + (k + 1) * 250)) answered = k;
      }
      expect(answered).toBeGreaterThanOrEqual(0);
      waits += answered;
    }
    expect(waits).toBeLessThanOrEqual(2);
  });

  test('memory is bounded: at most maxSources remembered per generation', () => {
    const l = new HandshakeLimiter(0, { maxSources: 100 });
    let n = 0;
    for (let i = 0; i < 1000; i++) if (l.allow(`10.1.${i >> 8}.${i & 255}`, i * 0.001)) n++;
    // The first 100 sources are remembered; the rest only pass the global bucket's unreserved half.
    expect(n).toBeLessThanOrEqual(1000);
    const internals = l as unknown as { buckets: { current: Map<string, unknown> } };
    expect(internals.buckets.current.size).toBeLessThanOrEqual(100);
  });

  test('a recent source may not take the reserve; after RECENT_MS of silence it is fresh again', () => {
    const l = new HandshakeLimiter(0, { globalRate: 10, globalBurst: 10 });
    expect(l.allow('192.0.2.9', 0)).toBe(true);
    // Five new sources take five tokens: four are left, below the reserve (half the burst).
    for (let i = 0; i < 5; i++) expect(l.allow(`10.2.0.${i}`, 0)).toBe(true);
    expect(l.allow('10.2.0.0', 0)).toBe(false);
    expect(l.allow('192.0.2.9', 0)).toBe(false);
    expect(l.allow('192.0.2.10', 0)).toBe(true);
    // Much later, the bucket is drained again by new sources; 192.0.2.9 is new again.
    const later = 2 * RECENT_MS + 1;
    for (let i = 0; i < 6; i++) expect(l.allow(`10.3.0.${i}`, later)).toBe(true);
    expect(l.allow('10.3.0.0', later)).toBe(false);
    expect(l.allow('192.0.2.9', later)).toBe(true);
  });
});
