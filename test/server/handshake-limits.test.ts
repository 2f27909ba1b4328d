/**
 * The handshake's rate limits on a running server (PROTOCOL.md §6), in simulated time: one
 * source over its bucket, many spoofed sources against the global bucket, and a new player who
 * still joins at once through a flood of HELLO and bad CONNECT from 4000 addresses.
 */
import { describe, expect, test } from 'bun:test';
import type { Transport } from '../../src/net/transport.ts';
import {
  decode,
  encodeBytes,
  type Message,
  makeHello,
  PROTOCOL_VERSION,
} from '../../src/protocol/index.ts';
import { SERVER_ADDRESS, startServer } from '../support/server-harness.ts';

const HELLO = encodeBytes(makeHello());
const BAD_CONNECT = encodeBytes({
  type: 'CONNECT',
  version: PROTOCOL_VERSION,
  cookie: '0123456789abcdef01234567',
  name: 'flood',
});

/** A sender at `ip`, counting what comes back. */
function source(h: ReturnType<typeof startServer>, ip: string, port = 4000) {
  const got: Message[] = [];
  const t: Transport = h.net.bind({ address: ip, port });
  t.onDatagram((data) => {
    const d = decode(data, 'client');
    if (d.ok) got.push(d.msg);
  });
  return {
    got,
    send: (bytes: Uint8Array | Message) =>
      t.send(bytes instanceof Uint8Array ? bytes : encodeBytes(bytes), SERVER_ADDRESS),
  };
}

/** `perSecond` datagrams a second, HELLO and bad CONNECT in turn, from 4000 addresses. */
function flood(h: ReturnType<typeof startServer>, perSecond: number) {
  const senders = Array.from({ length: 4000 }, (_, i) => source(h, `10.1.${i >> 8}.${i & 255}`));
  let sent = 0;
  const start = h.net.now;
  h.each((now) => {
    const due = Math.floor(((now - start) * perSecond) / 1000);
    for (; sent < due; sent++) senders[sent % 4000]!.send(sent % 2 === 0 ? HELLO : BAD_CONNECT);
  });
  return { answers: () => senders.reduce((n, s) => n + s.got.length, 0) };
}

describe('handshake limits on the server', () => {
  test('one source over its bucket: 20 a second answered, the rest dropped as rate', () => {
    const h = startServer();
    const s = source(h, '192.0.2.7');
    for (let i = 0; i < 200; i++) {
      s.send(HELLO);
      h.run(5); // 200 a second for a second
    }
    expect(s.got.filter((m) => m.type === 'CHALLENGE').length).toBeLessThanOrEqual(40);
    expect(s.got.length).toBeGreaterThanOrEqual(20);
    expect(h.server.stats.drops.get('rate')).toBeGreaterThanOrEqual(160);
  });

  test('20 000 a second from 4000 addresses: the global bucket holds, the ticks go on', () => {
    const h = startServer();
    const f = flood(h, 20_000);
    const ticks = h.server.state.tick;
    h.run(3000);
    // 1000 a second, and a burst of 1000.
    expect(f.answers()).toBeLessThanOrEqual(4000);
    expect(f.answers()).toBeGreaterThan(2000);
    expect(h.server.state.tick - ticks).toBe(90);
    expect(h.server.stats.drops.get('rate')).toBeGreaterThan(50_000);
  });

  test('through the flood, a new player joins at its first try', () => {
    const h = startServer();
    flood(h, 20_000);
    h.run(6000); // every flooding address has been answered once by now
    for (let k = 0; k < 5; k++) {
      const p = source(h, `203.0.113.${k + 1}`, 5000);
      const t0 = h.net.now;
      p.send(makeHello());
      h.run(20);
      const challenge = p.got.find((m) => m.type === 'CHALLENGE');
      expect(challenge).toBeDefined();
      if (challenge?.type !== 'CHALLENGE') return;
      p.send({
        type: 'CONNECT',
        version: PROTOCOL_VERSION,
        cookie: challenge.cookie,
        name: `new${k}`,
      });
      h.run(20);
      expect(p.got.some((m) => m.type === 'WELCOME')).toBe(true);
      expect(h.net.now - t0).toBeLessThan(500);
      h.run(500);
    }
  });
});
