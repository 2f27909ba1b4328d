/**
 * The client's protocol engine against a scripted server: the test plays the server's side,
 * decoding what the client sent and answering with encoded server messages, in simulated time.
 */
import { describe, expect, test } from 'bun:test';
import {
  ClientConnection,
  type ClientConnectionOptions,
  type ConnectionEvent,
  DEFAULT_TIMERS,
} from '../../src/client/connection.ts';
import { INPUT_LOSS_TARGET, inputCopies } from '../../src/client/input-log.ts';
import { RoundTrip } from '../../src/client/round-trip.ts';
import { LeadControl } from '../../src/client/server-clock.ts';
import { KEY } from '../../src/game/movement.ts';
import type { Address, DatagramHandler, Transport } from '../../src/net/transport.ts';
import {
  decode,
  encodeBytes,
  type InputEntry,
  type Message,
  type MessageOf,
  type MessageType,
  MIN_HELLO_BYTES,
  mapChecksum,
  PROTOCOL_VERSION,
  REFUSAL_REASONS,
  REFUSAL_TEXT,
  type RefusalReason,
  type RosterEntry,
  type SnapEntry,
  type SnapMessage,
  splitMapIntoChunks,
  type WelcomeMessage,
} from '../../src/protocol/index.ts';

const SERVER: Address = { address: '192.0.2.1', port: 4000 };
const CLIENT: Address = { address: '192.0.2.7', port: 50123 };
const TOKEN = '5e1c8a03f27b94d6';
const COOKIE = '3f9a0c2e7b1d4a6580e2c19d7f3b5a04';

/** The tiny manor of PROTOCOL.md §12: one chunk. */
const TINY = [
  '############',
  '#R...#....B#',
  '#....#.*...#',
  '#.*.....+..#',
  '#....#.....#',
  '############',
];

/** 250 wide: 4 rows a chunk, so 12 rows are 3 chunks. */
const WIDE = Array.from({ length: 12 }, (_, y) =>
  y === 0 || y === 11 ? '#'.repeat(250) : `#${(y === 5 ? '+' : '.').repeat(248)}#`,
);

function welcomeFor(rows: string[], extra: Partial<WelcomeMessage> = {}): WelcomeMessage {
  return {
    type: 'WELCOME',
    token: TOKEN,
    playerId: 3,
    tickRate: 30,
    tick: 48210,
    mapName: 'The tiny manor',
    mapWidth: rows[0]?.length ?? 0,
    mapHeight: rows.length,
    mapChunks: splitMapIntoChunks(rows).length,
    mapChecksum: mapChecksum(rows),
    ...extra,
  };
}

function snap(tick: number, extra: Partial<SnapMessage> = {}): SnapMessage {
  return {
    type: 'SNAP',
    tick,
    baseTick: null,
    ackSeq: null,
    lead: null,
    rosterVersion: 1,
    phase: { kind: 'LOBBY', notice: null, startIn: null },
    entries: [],
    ...extra,
  };
}

function set(id: number, x: number, y: number): SnapEntry {
  return { op: 'set', id, x, y };
}

function player(id: number, name: string): RosterEntry {
  return { id, name, colour: id, team: 'N', ready: false, caught: false, spectator: false };
}

/** A client on a fake network whose server side is the test. Time moves only when told. */
class Harness {
  now = 100_000;
  readonly events: ConnectionEvent[] = [];
  readonly conn: ClientConnection;
  /** What the client sent, decoded as the server would, not yet taken by the test. */
  private outbox: Message[] = [];
  private handler: DatagramHandler | null = null;

  constructor(options: Partial<ClientConnectionOptions> = {}) {
    const transport: Transport = {
      local: CLIENT,
      send: (data, to) => {
        expect(to).toEqual(SERVER);
        const r = decode(data, 'server');
        if (!r.ok) throw new Error(`the client sent an invalid datagram: ${r.detail}`);
        this.outbox.push(r.msg);
        return true;
      },
      sendBatch: (batch) => {
        for (const [data, to] of batch) transport.send(data, to);
        return batch.length;
      },
      onDatagram: (h) => {
        this.handler = h;
      },
      close: () => {},
    };
    this.conn = new ClientConnection({
      transport,
      server: SERVER,
      name: 'Casper',
      now: this.now,
      onEvent: (e) => this.events.push(e),
      ...options,
    });
  }

  /** Everything the client sent since the last call. */
  take(): Message[] {
    const out = this.outbox;
    this.outbox = [];
    return out;
  }

  /** The messages of one type the client sent since the last call (the others are discarded). */
  takeType<T extends MessageType>(type: T): MessageOf<T>[] {
    return this.take().filter((m): m is MessageOf<T> => m.type === type);
  }

  /** The server (or `from`) sends `msg` now. */
  reply(msg: Message | Uint8Array, from: Address = SERVER): void {
    const data = msg instanceof Uint8Array ? msg : encodeBytes(msg);
    this.handler?.(data, from, this.now);
  }

  /** Moves the clock by `ms`, calling update every `step` ms. */
  advance(ms: number, step = 10): void {
    const end = this.now + ms;
    while (this.now < end) {
      this.now = Math.min(end, this.now + step);
      this.conn.update(this.now);
    }
  }

  /** Handshake and map download of `rows` to `playing`, with a 40 ms round trip. */
  join(rows: string[] = TINY, welcome: Partial<WelcomeMessage> = {}): WelcomeMessage {
    expect(this.takeType('HELLO')).toHaveLength(1);
    this.now += 40;
    this.reply({ type: 'CHALLENGE', cookie: COOKIE });
    expect(this.takeType('CONNECT')).toHaveLength(1);
    this.now += 40;
    const w = welcomeFor(rows, welcome);
    this.reply(w);
    const chunks = splitMapIntoChunks(rows);
    expect(this.takeType('MAPREQ').map((m) => m.chunk)).toEqual(chunks.map((c) => c.chunk));
    this.now += 40;
    for (const c of chunks) this.reply(c);
    expect(this.conn.state).toBe('playing');
    return w;
  }

  /** The entries of the last INPUT sent since the last take. */
  lastInputs(): readonly InputEntry[] {
    const inputs = this.takeType('INPUT');
    return inputs[inputs.length - 1]?.inputs ?? [];
  }
}

/** What the socket reports when the system got an ICMP "port unreachable" back. */
const REFUSED = Object.assign(new Error('send ECONNREFUSED'), { code: 'ECONNREFUSED' });

describe('handshake and map download', () => {
  test('HELLO, CHALLENGE, CONNECT, WELCOME, MAPREQ with a lost and a shuffled MAP, playing', () => {
    const h = new Harness();
    expect(h.conn.state).toBe('hello');
    const [hello] = h.take();
    expect(hello).toEqual({ type: 'HELLO', version: PROTOCOL_VERSION, pad: expect.any(Number) });
    expect(encodeBytes(hello as Message).length).toBeGreaterThanOrEqual(MIN_HELLO_BYTES);

    h.now += 40;
    h.reply({ type: 'CHALLENGE', cookie: COOKIE });
    expect(h.conn.state).toBe('connecting');
    expect(h.take()).toEqual([
      { type: 'CONNECT', version: PROTOCOL_VERSION, cookie: COOKIE, name: 'Casper' },
    ]);

    h.now += 40;
    h.reply(welcomeFor(WIDE));
    expect(h.conn.state).toBe('loading');
    expect(h.conn.welcome?.playerId).toBe(3);
    expect(h.takeType('MAPREQ')).toEqual(
      [0, 1, 2].map((chunk) => ({ type: 'MAPREQ', token: TOKEN, chunk })),
    );

    // The answer to chunk 1 is lost; 2 comes before 0, and 0 comes twice.
    const [c0, c1, c2] = splitMapIntoChunks(WIDE);
    h.reply(c2 as Message);
    h.reply(c0 as Message);
    h.reply(c0 as Message);
    expect(h.conn.state).toBe('loading');
    h.advance(240);
    expect(h.take()).toEqual([]);
    h.advance(10);
    expect(h.take()).toEqual([{ type: 'MAPREQ', token: TOKEN, chunk: 1 }]);

    h.reply(c1 as Message);
    expect(h.conn.state).toBe('playing');
    expect(h.conn.map?.width).toBe(250);
    expect(h.conn.map?.height).toBe(12);
    expect(h.conn.map?.name).toBe('The tiny manor');
    expect(h.conn.stats.drops.unexpected).toBe(0);
    // Playing starts with an INPUT (nothing held: no entry) and a PING.
    const sent = h.take();
    expect(sent[0]).toEqual({
      type: 'INPUT',
      token: TOKEN,
      ackTick: null,
      rosterVersion: 0,
      eventAck: 0,
      inputs: [],
    });
    expect(sent[1]).toMatchObject({ type: 'PING', token: TOKEN });
    expect(
      h.events.filter((e) => e.type === 'state').map((e) => e.type === 'state' && e.state),
    ).toEqual(['connecting', 'loading', 'playing']);
  });

  test('a map of another chunk count is dropped; a damaged map fails', () => {
    const h = new Harness();
    h.take();
    h.reply({ type: 'CHALLENGE', cookie: COOKIE });
    h.reply(welcomeFor(TINY, { mapChecksum: '00000000' }));
    h.take();
    h.reply({ type: 'MAP', chunk: 0, chunks: 2, firstRow: 0, rows: TINY });
    expect(h.conn.stats.drops.unexpected).toBe(1);
    expect(h.conn.state).toBe('loading');
    h.reply(splitMapIntoChunks(TINY)[0] as Message);
    expect(h.conn.state).toBe('failed');
    expect(h.conn.detail).toContain('checksum');
  });

  test('HELLO every 250 ms, then failed after 5 s of silence', () => {
    const h = new Harness();
    h.advance(4990);
    expect(h.takeType('HELLO')).toHaveLength(20); // at 0, 250, …, 4750
    expect(h.conn.state).toBe('hello');
    h.advance(10);
    expect(h.conn.state).toBe('failed');
    expect(h.conn.detail).toContain('server unreachable');
    h.advance(1000);
    expect(h.take()).toEqual([]);
  });

  test('the system says nothing listens on the port during the handshake: failed at once', () => {
    const h = new Harness();
    h.advance(300);
    expect(h.conn.socketError(REFUSED, h.now)).toBe(true);
    expect(h.conn.state).toBe('failed');
    expect(h.conn.detail).toBe('server unreachable: nothing is listening on that port');
    h.take();
    // Other socket errors (a full buffer, a route that comes and goes) are only losses.
    const h2 = new Harness();
    const full = Object.assign(new Error('send ENOBUFS'), { code: 'ENOBUFS' });
    expect(h2.conn.socketError(full, h2.now)).toBe(false);
    expect(h2.conn.state).toBe('hello');
    h.advance(1000);
    expect(h.take()).toEqual([]);
  });

  test('once joined, or lost and retrying, an unreachable port is only a loss', () => {
    const h = new Harness();
    h.join();
    expect(h.conn.socketError(REFUSED, h.now)).toBe(false);
    expect(h.conn.state).toBe('playing');
    h.advance(5000);
    expect(h.conn.state).toBe('lost');
    expect(h.conn.socketError(REFUSED, h.now)).toBe(false);
    expect(h.conn.state).toBe('lost');
    h.advance(1000);
    expect(h.conn.state).toBe('lost');
  });

  test('CONNECT every 250 ms, then failed after 5 s without WELCOME', () => {
    const h = new Harness();
    h.advance(1000); // four HELLOs unanswered first
    h.reply({ type: 'CHALLENGE', cookie: COOKIE });
    expect(h.take().filter((m) => m.type === 'CONNECT')).toHaveLength(1);
    h.advance(4990);
    expect(h.takeType('CONNECT')).toHaveLength(19);
    h.advance(10);
    expect(h.conn.state).toBe('failed');
  });

  test('a repeated CHALLENGE or WELCOME changes nothing', () => {
    const h = new Harness();
    h.join();
    h.reply({ type: 'CHALLENGE', cookie: COOKIE });
    h.reply(welcomeFor(TINY));
    expect(h.conn.state).toBe('playing');
    expect(h.conn.stats.drops.unexpected).toBe(1); // the CHALLENGE; a repeated WELCOME is fine
  });

  test('a name that cannot travel is refused without a datagram', () => {
    for (const [name, reason] of [
      ['', 'name-empty'],
      ['two words', 'name-bad-char'],
      ['x'.repeat(65), 'name-too-long'],
    ] as const) {
      const h = new Harness({ name });
      expect(h.conn.state).toBe('refused');
      expect(h.conn.refusal).toBe(reason);
      expect(h.take()).toEqual([]);
    }
    // Names the server judges still travel.
    const h = new Harness({ name: 'Gaspard(fantôme)' });
    expect(h.takeType('HELLO')).toHaveLength(1);
  });
});

describe('refusals and restarts', () => {
  const FINAL: RefusalReason[] = REFUSAL_REASONS.filter((r) => r !== 'cookie');

  test.each(FINAL)('REFUSED %s after CONNECT → refused', (reason) => {
    const h = new Harness();
    h.reply({ type: 'CHALLENGE', cookie: COOKIE });
    h.take();
    h.reply({ type: 'REFUSED', reason });
    expect(h.conn.state).toBe('refused');
    expect(h.conn.refusal).toBe(reason);
    expect(h.conn.isFinal).toBe(true);
    h.advance(1000);
    expect(h.take()).toEqual([]);
  });

  test.each(['version', 'closed', 'full'] as const)(
    'REFUSED %s after HELLO → refused',
    (reason) => {
      const h = new Harness();
      h.reply({ type: 'REFUSED', reason });
      expect(h.conn.state).toBe('refused');
      expect(h.conn.refusal).toBe(reason);
      expect(h.conn.detail.length).toBeGreaterThan(0);
    },
  );

  test('REFUSED cookie → HELLO again', () => {
    const h = new Harness();
    h.reply({ type: 'CHALLENGE', cookie: COOKIE });
    h.take();
    h.reply({ type: 'REFUSED', reason: 'cookie' });
    expect(h.conn.state).toBe('hello');
    expect(h.takeType('HELLO')).toHaveLength(1);
  });

  test('NOSESSION while playing: a fresh session from HELLO; the same map is not downloaded again', () => {
    const h = new Harness();
    h.join();
    h.conn.setInput(KEY.right, h.now);
    h.reply({ type: 'ROSTER', version: 4, part: 0, parts: 1, players: [player(3, 'Casper')] });
    expect(h.conn.pendingInputs).toHaveLength(1);
    h.take();
    h.reply({ type: 'NOSESSION', token: TOKEN.slice(0, 8) });
    expect(h.conn.state).toBe('hello');
    expect(h.take()).toEqual([expect.objectContaining({ type: 'HELLO' })]);
    h.advance(100);
    expect(h.takeType('INPUT')).toEqual([]); // the old token is dead
    h.reply({ type: 'CHALLENGE', cookie: COOKIE });
    h.reply(welcomeFor(TINY, { token: 'aaaaaaaaaaaaaaaa', playerId: 7, tick: 10 }));
    expect(h.conn.state).toBe('playing');
    const sent = h.take();
    expect(sent.filter((m) => m.type === 'MAPREQ')).toEqual([]);
    const input = sent.find((m) => m.type === 'INPUT');
    // The held key is sent again as seq 1 of the new session; the old roster is forgotten.
    expect(input).toMatchObject({ token: 'aaaaaaaaaaaaaaaa', rosterVersion: 0 });
    expect(input?.type === 'INPUT' && input.inputs.map((e) => [e.seq, e.keys])).toEqual([
      [1, KEY.right],
    ]);
    expect(h.conn.welcome?.playerId).toBe(7);
    expect(h.conn.roster.size).toBe(0);
  });

  test('NOSESSION more than 3 times in a row → failed', () => {
    const h = new Harness();
    h.join();
    let token = TOKEN;
    for (let i = 1; i <= 3; i++) {
      h.reply({ type: 'NOSESSION', token: token.slice(0, 8) });
      expect(h.conn.state).toBe('hello');
      h.reply({ type: 'CHALLENGE', cookie: COOKIE });
      token = `${i}`.repeat(16);
      h.reply(welcomeFor(TINY, { token }));
      expect(h.conn.state).toBe('playing');
    }
    h.reply({ type: 'NOSESSION', token: token.slice(0, 8) });
    expect(h.conn.state).toBe('failed');
  });

  test('a NOSESSION echoing another token is dropped (a spoofer provoked it)', () => {
    const h = new Harness();
    h.join();
    h.reply({ type: 'NOSESSION', token: 'deadbeef' });
    expect(h.conn.state).toBe('playing');
    expect(h.conn.stats.drops.unexpected).toBe(1);
  });

  test('NOSESSION while loading → HELLO again', () => {
    const h = new Harness();
    h.reply({ type: 'CHALLENGE', cookie: COOKIE });
    h.reply(welcomeFor(WIDE));
    h.take();
    h.reply({ type: 'NOSESSION', token: TOKEN.slice(0, 8) });
    expect(h.conn.state).toBe('hello');
    expect(h.takeType('HELLO')).toHaveLength(1);
  });

  test('CLOSING → closed-by-server with the reason', () => {
    for (const reason of ['shutdown', 'kicked', 'timeout'] as const) {
      const h = new Harness();
      h.join();
      h.reply({ type: 'CLOSING', reason });
      expect(h.conn.state).toBe('closed-by-server');
      expect(h.conn.closing).toBe(reason);
      h.take();
      h.advance(1000);
      expect(h.take()).toEqual([]);
      h.reply({ type: 'CLOSING', reason }); // the server sends it 3 times
      expect(h.conn.state).toBe('closed-by-server');
    }
  });
});

describe('inputs', () => {
  test('an entry only when the keys change, stamped with the tick it arrives at + lead, sent at once', () => {
    const h = new Harness();
    h.join();
    h.take();
    h.conn.setInput(0, h.now);
    expect(h.take()).toEqual([]);
    // 40 ms round trips: it arrives 20 ms (0.6 tick) later; the jitter margin is added too, and
    // the fractions count before rounding.
    const margin = LeadControl.marginFor(h.conn.jitter, 30);
    const arrival = h.conn.serverTickEstimate(h.now) + 0.6;
    const stamp = Math.floor(arrival + margin) + h.conn.lead;
    expect(h.conn.inputTick(h.now)).toBe(stamp);
    h.conn.setInput(KEY.right | KEY.up, h.now);
    expect(h.take()).toEqual([
      {
        type: 'INPUT',
        token: TOKEN,
        ackTick: null,
        rosterVersion: 0,
        eventAck: 0,
        inputs: [{ seq: 1, tick: stamp, keys: KEY.right | KEY.up, action: null }],
      },
    ]);
    h.conn.setInput(KEY.right | KEY.up, h.now);
    expect(h.take()).toEqual([]);
  });

  test('while the loss is not measured, unacknowledged entries repeat at every client tick until SNAP.ackSeq covers them', () => {
    const h = new Harness();
    h.join();
    h.conn.setInput(KEY.left, h.now);
    h.advance(5);
    h.conn.setInput(KEY.down, h.now);
    h.take();
    // 30 ticks a second: 30 INPUTs in a second, each with both entries (PINGs besides).
    h.advance(1000, 1);
    const inputs = h.takeType('INPUT');
    expect(inputs.length).toBeGreaterThanOrEqual(29);
    expect(inputs.length).toBeLessThanOrEqual(31);
    for (const m of inputs) expect(m.inputs.map((e) => e.seq)).toEqual([1, 2]);

    h.reply(snap(48300, { ackSeq: 1, lead: 2 }));
    expect(h.conn.pendingInputs.map((e) => e.seq)).toEqual([2]);
    h.advance(40);
    expect(h.lastInputs().map((e) => e.seq)).toEqual([2]);
    h.reply(snap(48301, { ackSeq: 2, lead: 2 }));
    expect(h.conn.pendingInputs).toEqual([]);
    h.take();
    h.advance(90);
    expect(h.takeType('INPUT').every((m) => m.inputs.length === 0)).toBe(true);
  });

  test('inputCopies: the fewest copies all lost less than once in 10 000, at least 2', () => {
    expect(INPUT_LOSS_TARGET).toBe(1e-4);
    expect(inputCopies(null)).toBeNull();
    expect([0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3].map(inputCopies)).toEqual([2, 2, 3, 4, 4, 6, 8]);
    for (const loss of [0.02, 0.05, 0.1, 0.2, 0.3, 0.45]) {
      const copies = inputCopies(loss) ?? 0;
      expect(loss ** copies).toBeLessThanOrEqual(INPUT_LOSS_TARGET * (1 + 1e-9)); // 0.1⁴ in floats
      expect(loss ** (copies - 1)).toBeGreaterThan(INPUT_LOSS_TARGET);
    }
    // Where copies hardly help, every tick until acknowledged.
    expect(inputCopies(0.5)).toBeNull();
    expect(inputCopies(1)).toBeNull();
  });

  test('once the loss is measured, a new input goes out in inputCopies datagrams, then with the keep-alive', () => {
    for (const [missing, copies] of [
      [[], 2],
      [[5010, 5030], 4], // 2 of 40 snapshots lost: 5 %
    ] as const) {
      const h = new Harness();
      h.join();
      expect(h.conn.linkLoss).toBeNull();
      for (let t = 5000; t < 5040; t++)
        if (!(missing as readonly number[]).includes(t)) h.reply(snap(t));
      expect(h.conn.linkLoss).toBeCloseTo(missing.length / 40, 5);
      h.take();
      h.conn.setInput(KEY.left, h.now);
      const sentAt = h.now;
      // Copies at once and at the next client ticks, then nothing until the keep-alive.
      h.advance(400, 1);
      const inputs = h.takeType('INPUT');
      expect(inputs.map((m) => m.inputs.map((e) => e.seq))).toEqual(
        Array.from({ length: copies }, () => [1]),
      );
      h.advance(DEFAULT_TIMERS.keepAliveMs, 1);
      const late = h.takeType('INPUT');
      expect(late.map((m) => m.inputs.map((e) => e.seq))).toEqual([[1]]);
      expect(h.now - sentAt).toBeGreaterThan(DEFAULT_TIMERS.keepAliveMs);
      // A new input starts its own copies, carrying the unacknowledged one.
      h.conn.setInput(KEY.up, h.now);
      h.advance(200, 1);
      expect(h.takeType('INPUT').map((m) => m.inputs.map((e) => e.seq))).toEqual(
        Array.from({ length: copies }, () => [1, 2]),
      );
    }
  });

  test('a keep-alive INPUT every 500 ms when nothing is unacknowledged, a PING every second', () => {
    expect(DEFAULT_TIMERS.keepAliveMs).toBe(500);
    expect(DEFAULT_TIMERS.pingIntervalMs).toBe(1000);
    const h = new Harness();
    h.join();
    h.take();
    h.advance(2000);
    const sent = h.take();
    const inputs = sent.filter((m) => m.type === 'INPUT');
    expect(inputs).toHaveLength(4);
    expect(inputs.every((m) => m.type === 'INPUT' && m.inputs.length === 0)).toBe(true);
    expect(sent.filter((m) => m.type === 'PING')).toHaveLength(2);
    expect(sent).toHaveLength(6);
  });

  test('at most the newest 32 entries in an INPUT, seqs increasing, ticks never going back', () => {
    const h = new Harness();
    h.join();
    for (let i = 0; i < 40; i++) {
      h.conn.setInput(i % 2 === 0 ? KEY.up : KEY.down, h.now);
      h.advance(3);
    }
    const last = h.lastInputs();
    expect(last).toHaveLength(32);
    expect(last.map((e) => e.seq)).toEqual(Array.from({ length: 32 }, (_, i) => i + 9));
    for (let i = 1; i < last.length; i++) {
      expect(last[i]?.tick ?? 0).toBeGreaterThanOrEqual(last[i - 1]?.tick ?? 0);
    }
    expect(h.conn.pendingInputs).toHaveLength(40); // kept for the predictor
  });

  test('one action per entry; a second action in the same client tick waits for the next', () => {
    const h = new Harness();
    h.join();
    h.take();
    h.advance(1); // start of a client tick is at join time; stay well inside it
    expect(h.conn.pressAction('BLUE', h.now)).toBe(true);
    expect(h.conn.pressAction('READY', h.now)).toBe(true);
    expect(h.lastInputs().map((e) => [e.seq, e.action])).toEqual([[1, 'BLUE']]);
    h.conn.setInput(KEY.right, h.now); // keys still go out in the same tick
    expect(h.lastInputs().map((e) => [e.seq, e.keys, e.action])).toEqual([
      [1, 0, 'BLUE'],
      [2, KEY.right, null],
    ]);
    h.advance(40);
    const entries = h.lastInputs();
    expect(entries.map((e) => [e.seq, e.keys, e.action])).toEqual([
      [1, 0, 'BLUE'],
      [2, KEY.right, null],
      [3, KEY.right, 'READY'],
    ]);
    expect(entries[2]?.tick).toBeGreaterThan(entries[0]?.tick ?? 0);
  });

  test('no input and no action before playing', () => {
    const h = new Harness();
    h.conn.setInput(KEY.up, h.now);
    expect(h.conn.pressAction('RED', h.now)).toBe(false);
    expect(h.take().filter((m) => m.type !== 'HELLO')).toEqual([]);
    expect(h.conn.keys).toBe(KEY.up);
  });
});

describe('snapshots and roster', () => {
  test('deltas rebuilt against the acknowledged base; ackTick reported; older and unknown bases dropped', () => {
    const h = new Harness();
    h.join();
    h.reply(snap(48262, { ackSeq: null, entries: [set(1, 32, 40), set(3, 128, 104)] }));
    expect(h.conn.ackTick).toBe(48262);
    h.take();
    h.advance(DEFAULT_TIMERS.keepAliveMs);
    expect(h.takeType('INPUT').at(-1)?.ackTick).toBe(48262);

    const delta = snap(48266, {
      baseTick: 48262,
      entries: [{ op: 'move', id: 3, dx: 4, dy: 0 }, { op: 'gone', id: 1 }, set(5, 1, 2)],
    });
    h.reply(delta);
    expect(h.conn.latestSnapshot?.positions).toEqual(
      new Map([
        [3, { x: 132, y: 104 }],
        [5, { x: 1, y: 2 }],
      ]),
    );
    expect(h.conn.snapshots.map((s) => s.tick)).toEqual([48262, 48266]);
    expect(h.conn.latestSnapshot?.arrivedAt).toBe(h.now);

    // Not newer than the newest: ignored, even with a later ackSeq.
    h.reply(snap(48265, { baseTick: 48262, ackSeq: 9 }));
    // A base the client does not have.
    h.reply(snap(48270, { baseTick: 48264, entries: [{ op: 'move', id: 3, dx: 1, dy: 0 }] }));
    // A delta naming a player absent from the base.
    h.reply(snap(48271, { baseTick: 48266, entries: [{ op: 'gone', id: 1 }] }));
    expect(h.conn.stats.drops.unexpected).toBe(3);
    expect(h.conn.ackTick).toBe(48266);

    const snapshots = h.events.filter((e) => e.type === 'snapshot');
    expect(snapshots).toHaveLength(2);
  });

  test('sets older than 64 ticks are forgotten', () => {
    const h = new Harness();
    h.join();
    h.reply(snap(1000, { entries: [set(3, 10, 10)] }));
    h.reply(snap(1063, { baseTick: 1000, entries: [] }));
    expect(h.conn.snapshots.map((s) => s.tick)).toEqual([1000, 1063]);
    h.reply(snap(1064, { baseTick: 1063, entries: [] }));
    expect(h.conn.snapshots.map((s) => s.tick)).toEqual([1063, 1064]);
    h.reply(snap(1065, { baseTick: 1000, entries: [] }));
    expect(h.conn.ackTick).toBe(1064);
  });

  test('downstream loss from gaps in the snapshot ticks', () => {
    const h = new Harness();
    h.join();
    expect(h.conn.downstreamLoss).toBe(0);
    for (let t = 0; t < 100; t++) if (t % 4 !== 1) h.reply(snap(5000 + t));
    expect(h.conn.downstreamLoss).toBeCloseTo(0.25, 1);
  });

  test('roster parts out of order and duplicated; the complete version in INPUT', () => {
    const h = new Harness();
    h.join();
    const part = (version: number, i: number, players: RosterEntry[]) =>
      ({ type: 'ROSTER', version, part: i, parts: 2, players }) as const;
    h.reply(part(7, 1, [player(3, 'Casper')]));
    h.reply(part(7, 1, [player(3, 'Casper')]));
    expect(h.conn.rosterVersion).toBe(0);
    h.take();
    h.advance(DEFAULT_TIMERS.keepAliveMs);
    expect(h.takeType('INPUT').at(-1)?.rosterVersion).toBe(0);
    h.reply(part(7, 0, [player(1, 'Boo')]));
    expect(h.conn.rosterVersion).toBe(7);
    // Said at once, not at the next keep-alive: the server resends the roster until it hears.
    expect(h.takeType('INPUT').map((m) => m.rosterVersion)).toEqual([7]);
    expect([...h.conn.roster.values()].map((p) => p.name)).toEqual(['Boo', 'Casper']);
    expect(h.conn.roster.get(3)?.team).toBe('N');
    h.advance(DEFAULT_TIMERS.keepAliveMs);
    expect(h.takeType('INPUT').at(-1)?.rosterVersion).toBe(7);
    h.reply(part(6, 0, [])); // older: ignored
    expect(h.conn.rosterVersion).toBe(7);
    expect(h.events.filter((e) => e.type === 'roster')).toEqual([{ type: 'roster', version: 7 }]);
  });
});

describe('clock, lead and round trip', () => {
  test('PING every second with the token; PONG gives the round trip and jitter', () => {
    const h = new Harness();
    h.join();
    const first = h.takeType('PING')[0];
    expect(first).toMatchObject({ token: TOKEN, stamp: h.now % 2 ** 32, pad: 0 });
    h.now += 80;
    h.reply({ type: 'PONG', stamp: first?.stamp ?? 0, tick: 48215, info: null });
    expect(h.conn.link.last).toBe(80);
    h.advance(DEFAULT_TIMERS.pingIntervalMs - 80);
    const pings = h.takeType('PING');
    expect(pings).toHaveLength(1);
    h.now += 80;
    h.reply({ type: 'PONG', stamp: pings[0]?.stamp ?? 0, tick: 48230, info: null });
    // The handshake's 40 ms samples, then 80 and 80: smoothed between, jitter above zero.
    expect(h.conn.rtt).toBeGreaterThan(40);
    expect(h.conn.rtt).toBeLessThan(80);
    expect(h.conn.jitter).toBeGreaterThan(0);
    // An unknown or repeated stamp is dropped.
    h.reply({ type: 'PONG', stamp: pings[0]?.stamp ?? 0, tick: 48230, info: null });
    expect(h.conn.stats.drops.unexpected).toBe(1);
    // Unanswered PINGs count as lost after 2 s.
    h.advance(4000);
    expect(h.conn.link.loss).toBe(0.5); // 2 answered, 2 expired (2 more in flight)
    expect(h.conn.upstreamLoss).toBe(0.5); // no snapshot lost: all of it upstream
  });

  test('the tick estimate follows the snapshots plus half the round trip and never goes back', () => {
    const h = new Harness();
    const w = h.join(); // 40 ms round trips
    const start = h.now;
    // At WELCOME: its tick + 20 ms; since then 40 ms passed (the MAP).
    expect(h.conn.serverTickEstimate(h.now)).toBeCloseTo(w.tick + 1.8, 5);
    let last = 0;
    for (let t = 1; t <= 60; t++) {
      h.now = start + t * (1000 / 30);
      h.reply(snap(w.tick + 2 + t));
      const estimate = h.conn.serverTickEstimate(h.now);
      expect(estimate).toBeGreaterThanOrEqual(last);
      last = estimate;
    }
    // Snapshots say the server is 1.2 ticks ahead of the first estimate: the estimate follows.
    expect(h.conn.serverTickEstimate(h.now)).toBeCloseTo(w.tick + 62 + 0.6, 0);
    // A late snapshot pulls it back a little, but what it shows never goes back.
    const before = h.conn.serverTickEstimate(h.now);
    h.now += 100;
    h.reply(snap(w.tick + 63));
    expect(h.conn.serverTickEstimate(h.now)).toBeGreaterThanOrEqual(before);
  });

  test('lead: late twice in a row, or by two ticks, raises it; eight early inputs lower it', () => {
    const h = new Harness();
    h.join();
    const margin = LeadControl.marginFor(h.conn.jitter, 30); // 15 ms of jitter: 0.84 tick
    expect(margin).toBeCloseTo(0.84, 1);
    expect(h.conn.lead).toBe(0);
    let seq = 0;
    let tick = 49000;
    const input = (lead: number) => {
      seq++;
      h.conn.setInput(seq % 2 === 0 ? KEY.left : KEY.right, h.now);
      h.now += 150;
      tick += 5;
      h.reply(snap(tick, { ackSeq: seq, lead }));
    };
    input(-1); // one late input: the jitter's tail
    expect(h.conn.lead).toBe(0);
    input(0);
    input(-1);
    expect(h.conn.lead).toBe(0);
    input(-1); // late twice in a row
    expect(h.conn.lead).toBe(1);
    // The same input's lead again changes nothing; nor do inputs made before the change.
    tick += 3;
    h.reply(snap(tick, { ackSeq: seq, lead: -1 }));
    expect(h.conn.lead).toBe(1);
    input(-3); // late by three ticks: three more at once
    expect(h.conn.lead).toBe(4);
    // Early by a whole tick more than the margin asks, eight inputs in a row over a second: one
    // less. Seven are not enough.
    for (let i = 0; i < 7; i++) input(2);
    expect(h.conn.lead).toBe(4);
    input(2);
    expect(h.conn.lead).toBe(3);
    // Some inputs just in time: it stays.
    for (let i = 0; i < 12; i++) input(i % 4 === 0 ? 0 : 1);
    expect(h.conn.lead).toBe(3);
  });

  test('round trip: a start-up sample ten times too long is forgotten at the next short one', () => {
    const link = new RoundTrip();
    link.sample(80); // the first answer, handled while the process was still starting
    link.sample(2);
    expect(link.rtt).toBe(2);
    expect(link.jitter).toBe(1);
    // Later samples only move it by the usual eighth, even short ones.
    for (let i = 0; i < 5; i++) link.sample(2);
    link.sample(40);
    expect(link.rtt).toBeCloseTo(2 + 38 / 8, 5);
    link.sample(0.5);
    expect(link.rtt).toBeGreaterThan(5);
  });

  test('the margin: twice the jitter beyond its first millisecond, in ticks, fractions kept', () => {
    expect(LeadControl.marginFor(null, 30)).toBe(1);
    expect(LeadControl.marginFor(0.5, 30)).toBe(0);
    expect(LeadControl.marginFor(16, 30)).toBeCloseTo(0.9, 5);
    expect(LeadControl.marginFor(21, 60)).toBeCloseTo(2.4, 5);
  });
});

describe('lost connection', () => {
  test('5 s of silence while playing → lost: HELLO again, the old session kept alive; a SNAP resumes', () => {
    const h = new Harness();
    h.join();
    h.advance(4990);
    expect(h.conn.state).toBe('playing');
    h.take();
    h.advance(10);
    expect(h.conn.state).toBe('lost');
    expect(h.conn.detail).toBe('connection lost, retrying');
    h.advance(1000);
    const sent = h.take();
    expect(sent.filter((m) => m.type === 'HELLO').length).toBeGreaterThanOrEqual(4);
    // Keep-alives go on: the old session may still be alive.
    expect(sent.filter((m) => m.type === 'INPUT').length).toBeGreaterThanOrEqual(
      1000 / DEFAULT_TIMERS.keepAliveMs,
    );
    h.reply(snap(60000));
    expect(h.conn.state).toBe('playing');
    expect(h.conn.detail).toBe('connection restored');
  });

  test('lost, then the server answers the handshake with the same session: playing, no download', () => {
    const h = new Harness();
    h.join();
    h.advance(5000);
    expect(h.conn.state).toBe('lost');
    h.advance(7000); // beyond the 5 s of a first HELLO: recovery lasts 30 s
    expect(h.conn.state).toBe('lost');
    h.reply({ type: 'CHALLENGE', cookie: COOKIE });
    expect(h.conn.state).toBe('lost');
    expect(h.conn.handshakeStep).toBe('connecting');
    h.take();
    h.reply(welcomeFor(TINY));
    expect(h.conn.state).toBe('playing');
    expect(h.take().filter((m) => m.type === 'MAPREQ')).toEqual([]);
  });

  test('lost, the old session forgotten, a name still taken: retry until a new session', () => {
    const h = new Harness();
    h.join();
    h.advance(5000);
    h.reply({ type: 'NOSESSION', token: TOKEN.slice(0, 8) });
    h.take();
    h.advance(200);
    expect(h.takeType('INPUT')).toEqual([]); // no more keep-alives for a dead token
    h.reply({ type: 'CHALLENGE', cookie: COOKIE });
    h.reply({ type: 'REFUSED', reason: 'name-taken' });
    expect(h.conn.state).toBe('lost');
    h.advance(250);
    h.reply({ type: 'CHALLENGE', cookie: COOKIE });
    h.reply(welcomeFor(TINY, { token: 'bbbbbbbbbbbbbbbb' }));
    expect(h.conn.state).toBe('playing');
    expect(h.conn.welcome?.token).toBe('bbbbbbbbbbbbbbbb');
  });

  test('lost for 30 s → failed', () => {
    const h = new Harness();
    h.join();
    h.advance(5000);
    h.advance(29990);
    expect(h.conn.state).toBe('lost');
    h.advance(10);
    expect(h.conn.state).toBe('failed');
    expect(h.conn.detail).toContain('connection lost');
  });
});

describe('disconnect', () => {
  test('DISCONNECT until DISCONNECTED', () => {
    const h = new Harness();
    h.join();
    h.take();
    h.conn.disconnect(h.now);
    expect(h.conn.state).toBe('disconnecting');
    expect(h.take()).toEqual([{ type: 'DISCONNECT', token: TOKEN }]);
    h.advance(200);
    expect(h.take()).toEqual([{ type: 'DISCONNECT', token: TOKEN }]);
    h.reply({ type: 'DISCONNECTED' });
    expect(h.conn.state).toBe('closed');
    h.advance(1000);
    expect(h.take()).toEqual([]);
  });

  test('at most 1 s of DISCONNECT, every 200 ms', () => {
    const h = new Harness();
    h.join();
    h.take();
    h.conn.disconnect(h.now);
    h.advance(990);
    expect(h.conn.state).toBe('disconnecting');
    h.advance(10);
    expect(h.conn.state).toBe('closed');
    expect(h.takeType('DISCONNECT')).toHaveLength(5);
  });

  test('before a session: closed at once, nothing sent', () => {
    const h = new Harness();
    h.take();
    h.conn.disconnect(h.now);
    expect(h.conn.state).toBe('closed');
    expect(h.take()).toEqual([]);
  });
});

describe('what is dropped', () => {
  test('wrong sender, undecodable, wrong direction, unexpected for the state; counters', () => {
    const h = new Harness();
    h.reply({ type: 'CHALLENGE', cookie: COOKIE }, { address: '192.0.2.66', port: 4000 });
    h.reply({ type: 'CHALLENGE', cookie: COOKIE }, { address: SERVER.address, port: 4001 });
    expect(h.conn.stats.drops['wrong-sender']).toBe(2);
    expect(h.conn.state).toBe('hello');
    const text = (s: string) => new TextEncoder().encode(s);
    h.reply(text('CHALLENGE  END'));
    h.reply(text('WELCOME END'));
    h.reply(text('BOO END'));
    h.reply(text('DISCONNECT 5e1c8a03f27b94d6 END'));
    h.reply(snap(10));
    h.reply({ type: 'DISCONNECTED' });
    const { drops } = h.conn.stats;
    expect(drops.malformed).toBe(1);
    expect(drops['bad-field']).toBe(1);
    expect(drops['unknown-type']).toBe(1);
    expect(drops['wrong-direction']).toBe(1);
    expect(drops.unexpected).toBe(2);
    expect(h.conn.state).toBe('hello');
    expect(h.conn.stats.datagramsIn).toBe(8);
    expect(h.conn.stats.datagramsOut).toBe(1);
    expect(h.conn.stats.bytesOut).toBe(64);
    const dropEvents = h.events.filter((e) => e.type === 'drop');
    expect(dropEvents).toHaveLength(8);
  });
});

describe('rooms (PROTOCOL.md §15)', () => {
  test('without a room: CONNECT as before rooms, and conn.room is null', () => {
    const h = new Harness();
    h.join();
    expect(h.conn.room).toBeNull();
  });

  test('a room by name: every CONNECT carries it, and WELCOME names the room joined', () => {
    const h = new Harness({ room: { kind: 'join', name: 'fridays' } });
    expect(h.takeType('HELLO')).toHaveLength(1);
    h.reply({ type: 'CHALLENGE', cookie: COOKIE });
    const first = h.takeType('CONNECT');
    expect(first).toEqual([
      {
        type: 'CONNECT',
        version: PROTOCOL_VERSION,
        cookie: COOKIE,
        name: 'Casper',
        room: { kind: 'join', name: 'fridays' },
      },
    ]);
    h.advance(250);
    expect(h.takeType('CONNECT').map((c) => c.room)).toEqual([{ kind: 'join', name: 'fridays' }]);
    h.reply(welcomeFor(TINY, { room: 'Fridays' }));
    expect(h.conn.room).toBe('Fridays');
  });

  test('a new room: after a loss it joins the room WELCOME named, never makes a second one', () => {
    const h = new Harness({ room: { kind: 'new', map: null, name: null } });
    h.join(TINY, { room: 'K7QX' });
    expect(h.conn.room).toBe('K7QX');
    h.advance(DEFAULT_TIMERS.sessionTimeoutMs + 10);
    expect(h.conn.state).toBe('lost');
    h.take();
    h.reply({ type: 'CHALLENGE', cookie: COOKIE });
    expect(h.takeType('CONNECT').map((c) => c.room)).toEqual([{ kind: 'join', name: 'K7QX' }]);
  });

  test('a server of before rooms (CHALLENGE, then silence to a CONNECT naming a room) is said to not know rooms', () => {
    const h = new Harness({ room: { kind: 'join', name: 'b' } });
    h.take();
    h.reply({ type: 'CHALLENGE', cookie: COOKIE });
    h.advance(DEFAULT_TIMERS.giveUpMs + 10);
    expect(h.conn.state).toBe('failed');
    expect(h.conn.detail).toContain('the server does not know rooms');
    // Without a room, the same silence is plain unreachability.
    const plain = new Harness();
    plain.take();
    plain.reply({ type: 'CHALLENGE', cookie: COOKIE });
    plain.advance(DEFAULT_TIMERS.giveUpMs + 10);
    expect(plain.conn.detail).toContain('server unreachable');
  });

  test('each room refusal ends the attempt with its words', () => {
    const reasons: RefusalReason[] = [
      'room-unknown',
      'room-full',
      'room-closed',
      'room-taken',
      'room-limit',
      'room-rate',
      'no-create',
      'map-unknown',
    ];
    for (const reason of reasons) {
      const h = new Harness({ room: { kind: 'join', name: 'b' } });
      h.take();
      h.reply({ type: 'CHALLENGE', cookie: COOKIE });
      h.reply({ type: 'REFUSED', reason });
      expect(h.conn.state).toBe('refused');
      expect(h.conn.refusal).toBe(reason);
      expect(h.conn.detail).toBe(REFUSAL_TEXT[reason]);
    }
    expect(REFUSAL_TEXT['room-full']).toBe('that room is full');
  });
});
