/** The in-memory network: delivery, timing, conditions per direction, endpoints, determinism. */
import { describe, expect, test } from 'bun:test';
import { type LinkConditions, PERFECT_LINK } from '../../src/net/link-conditions.ts';
import { SimNetwork } from '../../src/net/sim.ts';
import type { Address, Transport } from '../../src/net/transport.ts';
import { bytes, inbox } from './support/sim-inbox.ts';

const A: Address = { address: '127.0.0.1', port: 1000 };
const B: Address = { address: '127.0.0.2', port: 2000 };
const C: Address = { address: '127.0.0.3', port: 3000 };
const link = (c: Partial<LinkConditions>): LinkConditions => ({ ...PERFECT_LINK, ...c });

describe('delivery and time', () => {
  test('a datagram arrives exactly `latency` later, bytes and sender intact', () => {
    const net = new SimNetwork({ seed: 1, now: 500 });
    net.setConditions(link({ latencyMs: 50 }));
    const a = net.bind(A);
    const b = inbox(net.bind(B));
    expect(a.send(bytes(1, 2, 3), B)).toBe(true);
    net.advance(49);
    expect(b.got).toEqual([]);
    net.advance(1);
    expect(b.got).toEqual([{ data: bytes(1, 2, 3), from: A, now: 550 }]);
    expect(net.now).toBe(550);
  });

  test('handlers see the arrival time; the network then stands at the time asked', () => {
    const net = new SimNetwork({ seed: 1 });
    net.setConditions(link({ latencyMs: 30 }));
    const a = net.bind(A);
    const b = inbox(net.bind(B));
    a.send(bytes(1), B);
    net.advanceTo(100);
    expect(b.got.map((r) => r.now)).toEqual([30]);
    expect(net.now).toBe(100);
    expect(net.clock()).toBe(100);
  });

  test('equal arrival times keep send order', () => {
    const net = new SimNetwork({ seed: 1 });
    net.setConditions(link({ latencyMs: 10 }));
    const a = net.bind(A);
    const b = inbox(net.bind(B));
    for (let i = 0; i < 20; i++) a.send(bytes(i), B);
    net.advance(10);
    expect(b.values()).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  test('the network copies what is sent: reusing the buffer changes nothing in flight', () => {
    const net = new SimNetwork({ seed: 1 });
    const a = net.bind(A);
    const b = inbox(net.bind(B));
    const buf = bytes(7);
    a.send(buf, B);
    buf[0] = 8;
    net.advance(0);
    expect(b.values()).toEqual([7]);
  });

  test('time never goes back, and handlers cannot advance it', () => {
    const net = new SimNetwork({ seed: 1, now: 10 });
    expect(() => net.advanceTo(9)).toThrow(RangeError);
    expect(() => net.advance(-1)).toThrow(RangeError);
    const a = net.bind(A);
    net.bind(B).onDatagram(() => net.advance(1));
    a.send(bytes(1), B);
    expect(() => net.advance(1)).toThrow('advanceTo called from a datagram handler');
  });
});

describe('jitter and ordering', () => {
  test('every delay lies within latency ± jitter and the range is used', () => {
    const net = new SimNetwork({ seed: 7 });
    net.setConditions(link({ latencyMs: 100, jitterMs: 20 }));
    const a = net.bind(A);
    const b = inbox(net.bind(B));
    for (let i = 0; i < 1000; i++) a.send(bytes(0), B);
    net.advance(200);
    const delays = b.got.map((r) => r.now);
    expect(delays.length).toBe(1000);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(80);
    expect(Math.max(...delays)).toBeLessThanOrEqual(120);
    expect(Math.min(...delays)).toBeLessThan(81);
    expect(Math.max(...delays)).toBeGreaterThan(119);
  });

  test('jitter larger than latency never makes a delay negative', () => {
    const net = new SimNetwork({ seed: 7, now: 1000 });
    net.setConditions(link({ latencyMs: 5, jitterMs: 20 }));
    const a = net.bind(A);
    const b = inbox(net.bind(B));
    for (let i = 0; i < 1000; i++) a.send(bytes(0), B);
    net.advance(100);
    const delays = b.got.map((r) => r.now - 1000);
    expect(Math.min(...delays)).toBe(0);
    expect(Math.max(...delays)).toBeLessThanOrEqual(25);
  });

  /** Sends 0…199 one per ms over latency 50 ± 40; returns the order they arrived in. */
  function arrivalOrder(reorder: boolean): number[] {
    const net = new SimNetwork({ seed: 3 });
    net.setConditions(link({ latencyMs: 50, jitterMs: 40, reorder }));
    const a = net.bind(A);
    const b = inbox(net.bind(B));
    for (let i = 0; i < 200; i++) {
      a.send(bytes(i), B);
      net.advance(1);
    }
    net.advance(100);
    return b.values();
  }

  test('with reorder (the default) later datagrams overtake earlier ones', () => {
    const order = arrivalOrder(true);
    expect([...order].sort((x, y) => x - y)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    const overtaken = order.filter((v, i) => i > 0 && v < order[i - 1]!).length;
    expect(overtaken).toBeGreaterThan(20);
  });

  test('without reorder each link is first in, first out', () => {
    expect(arrivalOrder(false)).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });
});

describe('conditions per direction', () => {
  test('from → to overrides the default in that direction only', () => {
    const net = new SimNetwork({ seed: 1 });
    net.setConditions(link({ latencyMs: 10 }));
    net.setConditions(link({ lossPct: 100 }), A, B);
    const a = inbox(net.bind(A));
    const b = inbox(net.bind(B));
    a.transport.send(bytes(1), B);
    b.transport.send(bytes(2), A);
    net.advance(100);
    expect(b.got).toEqual([]);
    expect(a.got.map((r) => r.now)).toEqual([10]);
    expect(net.linkStats(A, B)).toMatchObject({ sent: 1, lost: 1, delivered: 0 });
    expect(net.linkStats(B, A)).toMatchObject({ sent: 1, lost: 0, delivered: 1 });
  });

  test('the most specific setting wins: from→to, from→*, *→to, default', () => {
    const net = new SimNetwork({ seed: 1 });
    const lat = (ms: number) => link({ latencyMs: ms });
    net.setConditions(lat(1));
    net.setConditions(lat(2), undefined, C);
    net.setConditions(lat(3), A);
    net.setConditions(lat(4), A, C);
    expect(net.conditionsFor(B, A).latencyMs).toBe(1);
    expect(net.conditionsFor(B, C).latencyMs).toBe(2);
    expect(net.conditionsFor(A, B).latencyMs).toBe(3);
    expect(net.conditionsFor(A, C).latencyMs).toBe(4);
  });

  test('settings out of range are refused', () => {
    const net = new SimNetwork({ seed: 1 });
    expect(() => net.setConditions(link({ lossPct: 101 }))).toThrow('lossPct');
    expect(() => net.setConditions(link({ dupPct: -1 }))).toThrow('dupPct');
    expect(() => net.setConditions(link({ latencyMs: -5 }))).toThrow('latencyMs');
    expect(() => net.setConditions(link({ jitterMs: Number.NaN }))).toThrow('jitterMs');
  });
});

describe('handlers that reply', () => {
  /** A sends, B echoes, A sends again on each echo, until 10 round trips; 50 ms each way. */
  function pingPong(net: SimNetwork): { trips: () => number; times: number[] } {
    net.setConditions(link({ latencyMs: 50 }));
    const a = net.bind(A);
    const b = net.bind(B);
    const times: number[] = [];
    b.onDatagram((data, from) => b.send(data, from));
    a.onDatagram((_data, _from, now) => {
      times.push(now);
      if (times.length < 10) a.send(bytes(times.length), B);
    });
    a.send(bytes(0), B);
    return { trips: () => times.length, times };
  }

  test('ten round trips over 50 ms links take exactly 1000 ms, within one advance', () => {
    const net = new SimNetwork({ seed: 1 });
    const { times } = pingPong(net);
    net.advanceTo(1000);
    expect(times).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    net.advanceTo(5000);
    expect(times.length).toBe(10);
    expect(net.stats).toMatchObject({ sent: 20, delivered: 20 });
  });

  test('runUntil stops when the predicate holds, or gives up after maxMs', () => {
    const net = new SimNetwork({ seed: 1 });
    const { trips } = pingPong(net);
    expect(net.runUntil(() => trips() === 10, { stepMs: 10 })).toBe(true);
    expect(net.now).toBe(1000);
    expect(net.runUntil(() => trips() > 10, { stepMs: 7, maxMs: 100 })).toBe(false);
    expect(net.now).toBe(1100);
    expect(net.runUntil(() => true)).toBe(true);
    expect(net.now).toBe(1100);
  });

  test('an endless zero-delay exchange fails instead of hanging', () => {
    const net = new SimNetwork({ seed: 1 });
    const echo = (t: Transport) => t.onDatagram((data, from) => t.send(data, from));
    const a = net.bind(A);
    echo(a);
    echo(net.bind(B));
    a.send(bytes(1), B);
    expect(() => net.advance(1)).toThrow('endless zero-delay exchange');
  });
});

describe('endpoints', () => {
  test('sending to nobody is counted as dropped, not thrown', () => {
    const net = new SimNetwork({ seed: 1 });
    const a = net.bind(A);
    expect(a.send(bytes(1, 2), C)).toBe(true);
    net.advance(10);
    expect(net.stats).toMatchObject({ sent: 1, dropped: 1, delivered: 0, bytesSent: 2 });
    expect(net.linkStats(A, C).dropped).toBe(1);
  });

  test('a closed endpoint drops what is in flight and what comes later; close is idempotent', () => {
    const net = new SimNetwork({ seed: 1 });
    net.setConditions(link({ latencyMs: 20 }));
    const a = net.bind(A);
    const b = inbox(net.bind(B));
    a.send(bytes(1), B);
    net.advance(10);
    b.transport.close();
    b.transport.close();
    a.send(bytes(2), B);
    net.advance(100);
    expect(b.got).toEqual([]);
    expect(net.stats).toMatchObject({ sent: 2, dropped: 2, delivered: 0 });
    expect(b.transport.send(bytes(3), A)).toBe(false);
    expect(net.stats.sent).toBe(2);
  });

  test('an address is bound once; closing frees it', () => {
    const net = new SimNetwork({ seed: 1 });
    const first = net.bind(A);
    expect(() => net.bind({ ...A })).toThrow('127.0.0.1:1000 is already bound');
    first.close();
    const again = inbox(net.bind(A));
    net.bind(B).send(bytes(5), A);
    net.advance(0);
    expect(again.values()).toEqual([5]);
  });

  test('port 0 gets a free port of its own', () => {
    const net = new SimNetwork({ seed: 1 });
    const taken = net.bind({ address: '127.0.0.9', port: 49152 });
    const x = net.bind({ address: '127.0.0.9', port: 0 });
    const y = net.bind({ address: '127.0.0.9', port: 0 });
    expect(x.local.port).not.toBe(taken.local.port);
    expect(y.local.port).not.toBe(x.local.port);
    expect(x.local.port).toBeGreaterThanOrEqual(49152);
  });
});
