/**
 * The simulator's randomness: the same seed gives the same deliveries, and over many datagrams
 * loss, duplication and delay match the settings.
 */
import { describe, expect, test } from 'bun:test';
import { type LinkConditions, PERFECT_LINK } from '../../src/net/link-conditions.ts';
import { SimNetwork } from '../../src/net/sim.ts';
import { addressKey } from '../../src/net/transport.ts';

const SERVER = { address: '127.0.0.1', port: 9998 };
const CLIENTS = [1, 2, 3].map((i) => ({ address: `127.0.0.${10 + i}`, port: 5000 + i }));
const BAD: LinkConditions = { latencyMs: 80, jitterMs: 30, lossPct: 5, dupPct: 10 };

/** Clients and server chat over a bad network; every delivery, one line each. */
function deliveryLog(seed: number): string[] {
  const net = new SimNetwork({ seed });
  net.setConditions(BAD);
  net.setConditions({ ...BAD, latencyMs: 20, reorder: false }, CLIENTS[0]);
  const log: string[] = [];
  const server = net.bind(SERVER);
  server.onDatagram((data, from, now) => {
    log.push(`${now} server<${addressKey(from)} ${data.join(',')}`);
    server.send(Uint8Array.of(data[0] ?? 0, 99), from);
  });
  const clients = CLIENTS.map((address) => {
    const t = net.bind(address);
    t.onDatagram((data, from, now) =>
      log.push(`${now} ${addressKey(address)}<${addressKey(from)} ${data.join(',')}`),
    );
    return t;
  });
  for (let tick = 0; tick < 100; tick++) {
    for (const [i, c] of clients.entries()) c.send(Uint8Array.of(tick, i), SERVER);
    net.advance(1000 / 60);
  }
  net.advance(1000);
  return log;
}

describe('determinism', () => {
  test('the same seed and the same sends give the same deliveries', () => {
    const first = deliveryLog(42);
    expect(first.length).toBeGreaterThan(500);
    expect(deliveryLog(42)).toEqual(first);
  });

  test('another seed gives other deliveries', () => {
    expect(deliveryLog(43)).not.toEqual(deliveryLog(42));
  });
});

describe('statistics over 10 000 datagrams match the settings', () => {
  const N = 10_000;
  const A = { address: '127.0.0.1', port: 1000 };
  const B = { address: '127.0.0.2', port: 2000 };

  for (const seed of [1, 2, 3]) {
    test(`seed ${seed}: 5 % loss, 10 % duplicates, 80 ± 30 ms`, () => {
      const net = new SimNetwork({ seed });
      const c: LinkConditions = { ...PERFECT_LINK, ...BAD };
      net.setConditions(c);
      const a = net.bind(A);
      const b = net.bind(B);
      const sentAt: number[] = [];
      const delays: number[] = [];
      b.onDatagram((data, _from, now) => {
        const i = new DataView(data.buffer, data.byteOffset).getUint32(0);
        delays.push(now - sentAt[i]!);
      });
      for (let i = 0; i < N; i++) {
        sentAt.push(net.now);
        const d = new Uint8Array(4);
        new DataView(d.buffer).setUint32(0, i);
        a.send(d, B);
        if (i % 10 === 9) net.advance(1); // 10 per ms, so sends and deliveries interleave
      }
      net.advance(200);

      const s = net.stats;
      expect(s).toEqual(net.linkStats(A, B));
      expect(s.sent).toBe(N);
      expect(net.inFlight).toBe(0);
      const lossPct = (100 * s.lost) / s.sent;
      const dupPct = (100 * s.duplicated) / (s.sent - s.lost);
      expect(Math.abs(lossPct - c.lossPct)).toBeLessThanOrEqual(1);
      expect(Math.abs(dupPct - c.dupPct)).toBeLessThanOrEqual(1);
      expect(s.delivered).toBe(s.sent - s.lost + s.duplicated);
      expect(delays.length).toBe(s.delivered);
      expect(s.bytesSent).toBe(4 * N);
      expect(s.bytesDelivered).toBe(4 * s.delivered);

      const mean = delays.reduce((x, y) => x + y, 0) / delays.length;
      expect(Math.abs(mean - c.latencyMs)).toBeLessThan(1);
      expect(Math.min(...delays)).toBeGreaterThanOrEqual(c.latencyMs - c.jitterMs);
      expect(Math.max(...delays)).toBeLessThanOrEqual(c.latencyMs + c.jitterMs);
    });
  }
});
