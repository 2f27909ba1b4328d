/**
 * The classic listener's edges (PROTOCOL.md, "Classic"), in simulated time: the original's
 * probes and texts, bad bytes, the bounds on replies to addresses without a session, rate
 * limits, full and deaf, a lost CONNECTED, silence, held inputs, and the speed that does not
 * depend on how fast a client polls.
 */
import { describe, expect, test } from 'bun:test';
import { parseMap } from '../../src/game/map.ts';
import { BUILTIN_MAPS } from '../../src/game/maps/index.ts';
import type { Transport } from '../../src/net/transport.ts';
import { CLASSIC_AMPLIFICATION, CLASSIC_HOLD_MS } from '../../src/server/classic/listener.ts';
import { runConsoleCommand, statusText } from '../../src/server/console.ts';
import { CLASSIC_ADDRESS, ClassicClient } from '../support/classic-client.ts';
import { type Harness, QUICK_RULES, startServer } from '../support/server-harness.ts';

function withClassic(overrides = {}): Harness {
  return startServer((net) => ({
    classic: { transport: net.bind(CLASSIC_ADDRESS) },
    ...overrides,
  }));
}

/** Sends classic datagrams from one port and keeps every reply as text. */
class RawClassic {
  readonly transport: Transport;
  readonly replies: string[] = [];
  readonly sizes: number[] = [];
  constructor(
    private readonly h: Harness,
    port: number,
  ) {
    this.transport = h.net.bind({ address: '127.0.0.1', port });
    this.transport.onDatagram((d) => {
      this.replies.push(new TextDecoder().decode(d));
      this.sizes.push(d.length);
    });
  }
  send(text: string | Uint8Array): void {
    const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
    this.transport.send(bytes, CLASSIC_ADDRESS);
  }
  /** Sends, runs `ms`, returns what came back meanwhile. */
  ask(text: string | Uint8Array, ms = 60): string[] {
    const before = this.replies.length;
    this.send(text);
    this.h.run(ms);
    return this.replies.slice(before);
  }
}

function joined(h: Harness, port: number, name: string): ClassicClient {
  const c = new ClassicClient(h.net, port, name);
  h.each((now) => c.step(now));
  c.connect();
  h.run(300);
  if (!c.connected) throw new Error(`${name} did not connect`);
  return c;
}

describe('the original probes, from an address without a session', () => {
  test('answers as the original server did, byte for byte', () => {
    const h = withClassic();
    joined(h, 23500, 'alice');
    const probe = new RawClassic(h, 23900);
    expect(probe.ask('PING 1234.5 END')).toEqual(['PING 1234.5 END']);
    expect(probe.ask('PING 1796604444.5182054 END')).toEqual(['PING 1796604444.5182054 END']);
    expect(probe.ask('INPUT nobody . END')).toEqual(['No player of that name']);
    expect(probe.ask('INPUT alice . END')).toEqual(['You are impersonating someone else !']);
    expect(probe.ask('DISCONNECTION alice END')).toEqual(['You are impersonating someone else !']);
    expect(probe.ask('HELLO there END')).toEqual(['Invalid Request']);
    // A DISCONNECTION whose session is gone (or never was) is confirmed: the client can quit.
    expect(probe.ask('DISCONNECTION ghost END')).toEqual(['DISCONNECTED ghost END']);
    expect(h.server.room.playerCount).toBe(1);
  });

  test('bad bytes are dropped and counted, never answered, never fatal', () => {
    const h = withClassic();
    const probe = new RawClassic(h, 23901);
    expect(probe.ask(Uint8Array.of(0xff, 0xfe, 0x20, 0x45, 0x4e, 0x44))).toEqual([]);
    expect(probe.ask(new Uint8Array(0))).toEqual([]);
    expect(probe.ask(new Uint8Array(4000).fill(0x41))).toEqual([]);
    expect(probe.ask('   ')).toEqual([]);
    // One byte of garbage would get 15: more than CLASSIC_AMPLIFICATION times its size.
    expect(probe.ask('x')).toEqual([]);
    expect(probe.ask('xy')).toEqual(['Invalid Request']);
    expect(h.server.classic!.counters.dropped).toMatchObject({
      'not-utf8': 1,
      empty: 2,
      oversize: 1,
      amplification: 1,
    });
    joined(h, 23500, 'alice'); // still serving
  });

  test(`every reply before a session is at most ${CLASSIC_AMPLIFICATION}× its request`, () => {
    // The largest: CONNECTED for a one-letter name, on the largest map the client takes.
    const h = withClassic();
    const probe = new RawClassic(h, 23902);
    const asked = [
      'CONNECT a END',
      'PING 1 END',
      'INPUT b . END',
      'DISCONNECTION a END',
      'A B END',
      'CONNECT a:b END',
      'CONNECT abcdefghijk END',
    ];
    let worst = 0;
    for (const text of asked) {
      const got = probe.ask(text, 80);
      expect(got.length).toBe(1);
      worst = Math.max(worst, new TextEncoder().encode(got[0]!).length / text.length);
    }
    expect(probe.replies[0]).toStartWith(
      'CONNECTED 9999 a (1760,1024) WALLS [] LOBBY [] STATE [(0,a,(',
    );
    expect(worst).toBeLessThanOrEqual(CLASSIC_AMPLIFICATION);
    expect(worst).toBeGreaterThan(6); // CONNECTED: the one reply the client needs whole
  });

  test('sessionless requests are rate-limited per address: 20 at once at most', () => {
    const h = withClassic();
    const probe = new RawClassic(h, 23903);
    for (let i = 0; i < 100; i++) probe.send(`PING ${i} END`);
    h.run(20);
    expect(probe.replies.length).toBe(20);
    expect(h.server.classic!.counters.dropped.rate).toBe(80);
  });
});

describe('joining', () => {
  test('a lost CONNECTED: the same name from the same address gets CONNECTED again', () => {
    const h = withClassic();
    const probe = new RawClassic(h, 23904);
    const first = probe.ask('CONNECT erin END', 80);
    const again = probe.ask('CONNECT erin END', 80);
    expect(first[0]).toStartWith('CONNECTED 9999 erin ');
    expect(again[0]).toStartWith('CONNECTED 9999 erin ');
    expect(h.server.room.playerCount).toBe(1);
  });

  test('full and deaf have their texts', () => {
    const h = withClassic({ maxPlayers: 2 });
    joined(h, 23500, 'alice');
    joined(h, 23540, 'bob');
    expect(new RawClassic(h, 23905).ask('CONNECT carol END')).toEqual(['The game is already full']);
    h.server.deaf = true;
    const h2 = h; // the same server, deaf: a text of our own, not holding the token CONNECTED
    expect(new RawClassic(h2, 23906).ask('CONNECT carol END')).toEqual([
      'The server is not taking new players',
    ]);
  });

  test('a map too big for the classic client is refused at start, clearly', () => {
    const grand = parseMap(BUILTIN_MAPS.grand!);
    if (!grand.ok) throw new Error('grand');
    expect(() => withClassic({ map: grand.map, maxPlayers: 10 })).toThrow(
      /the map .* is too big for the classic client: its walls take 4\d{3} bytes, and a classic reply holds 3072 bytes/,
    );
  });

  test('--classic-room names an existing room', () => {
    expect(() =>
      startServer((net) => ({ classic: { transport: net.bind(CLASSIC_ADDRESS), room: 'attic' } })),
    ).toThrow('--classic-room: there is no room named attic');
  });
});

describe('silence and held inputs', () => {
  test('a session silent for the timeout is dropped; its player leaves the room', () => {
    const h = withClassic({ timeoutMs: 2000 });
    const alice = joined(h, 23500, 'alice');
    alice.mode = { kind: 'idle' }; // the client died without DISCONNECTION
    h.run(2100);
    expect(h.server.classic!.sessions.size).toBe(0);
    expect(h.server.room.state.players.length).toBe(0);
    expect(h.log.lines.some((l) => l.name === 'timeout' && l.fields.classic === true)).toBe(true);
  });

  test(`one direction word is held ${CLASSIC_HOLD_MS} ms, then let go`, () => {
    const h = withClassic();
    const probe = new RawClassic(h, 23907);
    probe.ask('CONNECT erin END', 100);
    const erin = h.server.room.state.players[0]!;
    const x0 = erin.x;
    probe.ask('INPUT erin LEFT END', 300);
    const x300 = erin.x;
    h.run(CLASSIC_HOLD_MS);
    const stopped = erin.x;
    h.run(500);
    expect(x300).toBeLessThan(x0);
    expect(stopped).toBeLessThan(x300);
    expect(erin.x).toBe(stopped);
    expect(erin.keys).toBe(0);
  });
});

/**
 * A hider walking left (a free corridor from its spawn) for 1.2 s with INPUT datagrams sent every `intervalMs`, without waiting
 * for replies (a client faster than its own stop-and-wait), then `.`: how far it went.
 */
function walk(intervalMs: number, word = 'LEFT'): number {
  const h = withClassic({ rules: { ...QUICK_RULES, lobbyWait: 0 } });
  const probe = new RawClassic(h, 23908);
  probe.ask('CONNECT erin END', 100);
  probe.ask('INPUT erin BLUE END', 100);
  const erin = h.server.room.state.players[0]!;
  const x0 = erin.x;
  const y0 = erin.y;
  for (let t = 0; t < 1200; t += intervalMs) {
    probe.send(`INPUT erin ${word} END`);
    h.run(Math.min(intervalMs, 1200 - t));
  }
  probe.send('INPUT erin . END');
  h.run(300);
  return Math.abs(erin.x - x0) + Math.abs(erin.y - y0);
}

test('5×, 1× and 0.2× the client’s usual rate walk at the same speed', () => {
  const usual = 54; // ms between two INPUTs of the original client (measured, loopback)
  const fast = walk(Math.round(usual / 5));
  const normal = walk(usual);
  const slow = walk(usual * 5);
  // A hider's 96 units/s for 1.2 s (115 units, a tick or two more), whatever the rate.
  expect(normal).toBeGreaterThanOrEqual(115);
  expect(normal).toBeLessThanOrEqual(122);
  expect(fast).toBe(normal);
  expect(slow).toBe(normal);
});

describe('the console and shutdown', () => {
  test("--classic-room names one of the host's rooms; the console cannot close it under its players", () => {
    const h = startServer((net) => ({
      rooms: [{ name: 'attic' }],
      classic: { transport: net.bind(CLASSIC_ADDRESS), room: 'attic' },
    }));
    const alice = joined(h, 23501, 'alice');
    h.run(100);
    expect(h.server.classic?.room.name).toBe('attic');
    expect(h.server.directory.find('attic')?.findMember('alice')).toBeDefined();
    const out = runConsoleCommand(h.server, 'close attic', h.net.now).output;
    expect(out).toContain("classic players' room");
    expect(h.server.directory.find('attic')).toBeDefined();
    expect(alice.mode.kind).not.toBe('gone');
  });

  test('status lists a classic player; kick ends it and its client gives up', () => {
    const h = withClassic();
    const alice = joined(h, 23500, 'alice');
    h.run(100);
    const status = statusText(h.server, h.net.now);
    expect(status).toMatch(/alice \(classic\)\s+team N\s+127\.0\.0\.1:23500\s+heard \d+ ms ago/);
    expect(status).toMatch(
      /\nclassic: port 9999, 1 player, in \d+ datagrams, out \d+ \(largest \d+ B\), dropped none$/,
    );
    expect(h.server.kick('ALICE', h.net.now)).toBe(true);
    h.run(1500);
    // Ten `No player of that name` in a row: the original client's own way out.
    expect(alice.mode).toEqual({
      kind: 'gone',
      why: 'Max number of request has been passed for inputs!',
    });
    expect(h.server.room.state.players.length).toBe(0);
  });

  test('shutdown: every classic client is sent what makes it quit, then silence', () => {
    const h = withClassic();
    const alice = joined(h, 23500, 'alice');
    h.server.shutdown(h.net.now);
    h.run(1500);
    expect(alice.mode).toEqual({
      kind: 'gone',
      why: 'Max number of request has been passed for inputs!',
    });
    expect(alice.refusals).toEqual([]);
  });
});
