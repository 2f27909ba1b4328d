/**
 * The network simulator as a Transport wrapper (src/net/conditioned.ts): over 10 000 datagrams
 * each way, the loss, duplication, mean delay and delay spread it produces match its settings;
 * it is seeded, conditions both directions, changes nothing at zero settings, and cancels what is
 * pending on close. A fake inner transport, a fake clock and a fake scheduler: no socket, no sleep
 * (except one short check of the default setTimeout scheduler).
 */
import { describe, expect, test } from 'bun:test';
import {
  conditionsActive,
  conditionsSummary,
  conditionTransport,
  describeConditions,
  type NetConditions,
  parseConditionFlags,
  toLinkConditions,
} from '../../src/net/conditioned.ts';
import { TimedQueue } from '../../src/net/timed-queue.ts';
import type { Address, DatagramHandler, Transport } from '../../src/net/transport.ts';

const LOCAL: Address = { address: '127.0.0.1', port: 40000 };
const PEER: Address = { address: '127.0.0.1', port: 9998 };

interface Timer {
  readonly fn: () => void;
  cancelled: boolean;
}

/** A clock that moves only when told, and a scheduler on it (deterministic, no real time). */
class FakeTime {
  now = 0;
  scheduled = 0;
  cancelled = 0;
  private readonly queue = new TimedQueue<Timer>();
  readonly clock = (): number => this.now;
  readonly schedule = (fn: () => void, ms: number): unknown => {
    const timer: Timer = { fn, cancelled: false };
    this.scheduled++;
    this.queue.push(this.now + ms, timer);
    return timer;
  };
  readonly cancel = (handle: unknown): void => {
    this.cancelled++;
    (handle as Timer).cancelled = true;
  };
  /** Runs every timer due by `t`, in order, with `now` at each one's time; then `now` = t. */
  advanceTo(t: number): void {
    for (;;) {
      const due = this.queue.peekTime();
      if (due === undefined || due > t) break;
      const { time, item } = this.queue.pop()!;
      this.now = time;
      if (!item.cancelled) item.fn();
    }
    this.now = t;
  }
}

interface Sent {
  readonly data: Uint8Array;
  readonly to: Address;
  readonly at: number;
}

/** An in-memory inner transport: records what it is asked to send, receives what is injected. */
function fakeInner(clock: () => number) {
  const sent: Sent[] = [];
  const batches: number[] = [];
  let handler: DatagramHandler | undefined;
  let closed = false;
  let echo = false;
  const transport: Transport = {
    local: LOCAL,
    send(data, to) {
      if (closed) return false;
      sent.push({ data, to, at: clock() });
      if (echo) handler?.(data, to, clock());
      return true;
    },
    sendBatch(batch) {
      batches.push(batch.length);
      let n = 0;
      for (const [data, to] of batch) if (transport.send(data, to)) n++;
      return n;
    },
    onDatagram(h) {
      handler = h;
    },
    close() {
      closed = true;
    },
  };
  return {
    transport,
    sent,
    batches,
    /** A datagram arriving from the network now. */
    inject(data: Uint8Array, from: Address = PEER) {
      if (!closed) handler?.(data, from, clock());
    },
    /** Every datagram sent comes straight back (a server answering at once). */
    echo() {
      echo = true;
    },
    get closed() {
      return closed;
    },
  };
}

/** Datagram number `i` (its first 4 bytes). */
function datagram(i: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setUint32(0, i);
  return b;
}
const idOf = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset).getUint32(0);

const NOTHING: NetConditions = { lagMs: 0, jitterMs: 0, lossPct: 0, dupPct: 0, seed: 1 };

function setup(c: Partial<NetConditions>, withCancel = true) {
  const time = new FakeTime();
  const inner = fakeInner(time.clock);
  const t = conditionTransport(inner.transport, {
    ...NOTHING,
    ...c,
    clock: time.clock,
    schedule: time.schedule,
    ...(withCancel ? { cancel: time.cancel } : {}),
  });
  const received: { id: number; at: number; now: number; from: Address }[] = [];
  t.onDatagram((data, from, now) => received.push({ id: idOf(data), at: time.now, now, from }));
  return { time, inner, t, received };
}

type Direction = 'out' | 'in';

/**
 * Sends N numbered datagrams one way, one every ms, and lets them all arrive. Returns the
 * arrival times of each (none: lost, two: duplicated) and the order they arrived in.
 */
function run(c: Partial<NetConditions>, direction: Direction, n: number) {
  const { time, inner, t, received } = setup(c);
  for (let i = 0; i < n; i++) {
    time.advanceTo(i);
    if (direction === 'out') t.send(datagram(i), PEER);
    else inner.inject(datagram(i));
  }
  time.advanceTo(n + 20_000);
  const arrivals: { id: number; at: number }[] =
    direction === 'out'
      ? inner.sent.map((s) => ({ id: idOf(s.data), at: s.at }))
      : received.map((r) => ({ id: r.id, at: r.now }));
  const byId: number[][] = Array.from({ length: n }, () => []);
  for (const a of arrivals) byId[a.id]!.push(a.at - a.id);
  return { byId, order: arrivals.map((a) => a.id), t };
}

function measure(byId: number[][]) {
  const n = byId.length;
  const lost = byId.filter((d) => d.length === 0).length;
  const dup = byId.filter((d) => d.length === 2).length;
  const delays = byId.flat();
  const mean = delays.reduce((s, d) => s + d, 0) / delays.length;
  const sd = Math.sqrt(delays.reduce((s, d) => s + (d - mean) ** 2, 0) / (delays.length - 1));
  return {
    n,
    lost,
    dup,
    lossPct: (100 * lost) / n,
    dupPct: (100 * dup) / (n - lost),
    mean,
    sd,
    min: Math.min(...delays),
    max: Math.max(...delays),
  };
}

describe('conditionTransport: the settings, measured over 10 000 datagrams', () => {
  // lag 75 ± 10 ms, 5 % loss, 2 % duplicates. Tolerances are 4 standard errors of each measure
  // for these settings: a fixed seed makes the test deterministic, and 4 standard errors mean any
  // seed passes with probability > 99.99 %, so the bounds check the simulator's distributions,
  // not this seed's luck (three seeds are run to show it).
  // - loss: binomial(10 000, 0.05), σ = √(10 000·0.05·0.95) ≈ 21.8 datagrams → ±87 (±0.87 %).
  // - dup among the ~9 500 not lost: binomial(9 500, 0.02), σ ≈ 13.6 → ±55.
  // - delay: uniform on [65, 85], σ = 20/√12 ≈ 5.77 ms; the mean of ~9 690 copies has a standard
  //   error of 5.77/√9 690 ≈ 0.059 ms → ±0.24 ms; the sample σ of a uniform has a relative
  //   standard error of √(0.8/n)/2 ≈ 0.45 % → ±1.8 %. Every delay within [65, 85], both ends
  //   reached within 0.1 ms (the chance of missing one is (1 − 0.1/20)^9 690 ≈ 10^−21).
  const settings = { lagMs: 75, jitterMs: 10, lossPct: 5, dupPct: 2 };
  const N = 10_000;
  for (const direction of ['out', 'in'] as const) {
    for (const seed of [1, 7, 42]) {
      test(`${direction === 'out' ? 'sent' : 'received'}, seed ${seed}`, () => {
        const { byId, order, t } = run({ ...settings, seed }, direction, N);
        const m = measure(byId);
        expect(Math.abs(m.lost - 0.05 * N)).toBeLessThanOrEqual(4 * Math.sqrt(N * 0.05 * 0.95));
        const kept = N - m.lost;
        expect(Math.abs(m.dup - 0.02 * kept)).toBeLessThanOrEqual(
          4 * Math.sqrt(kept * 0.02 * 0.98),
        );
        const sigma = 20 / Math.sqrt(12);
        const copies = kept + m.dup;
        expect(Math.abs(m.mean - 75)).toBeLessThanOrEqual((4 * sigma) / Math.sqrt(copies));
        expect(Math.abs(m.sd / sigma - 1)).toBeLessThanOrEqual(4 * (Math.sqrt(0.8 / copies) / 2));
        expect(m.min).toBeGreaterThanOrEqual(65);
        expect(m.max).toBeLessThanOrEqual(85);
        expect(m.min).toBeLessThan(65.1);
        expect(m.max).toBeGreaterThan(84.9);
        // Reordering comes from the jitter: 1 ms apart, ±10 ms of jitter, many overtakes.
        let overtaken = 0;
        for (let i = 1; i < order.length; i++) if (order[i]! < order[i - 1]!) overtaken++;
        expect(overtaken).toBeGreaterThan(N / 10);
        // The wrapper's own counters agree.
        const s = t.stats[direction];
        expect(s).toEqual({
          offered: N,
          lost: m.lost,
          duplicated: m.dup,
          delivered: copies,
          pending: 0,
        });
      });
    }
  }
});

describe('conditionTransport', () => {
  test('both directions are conditioned: lag 75 on one side adds 150 ms to the round trip', () => {
    const { time, inner, t, received } = setup({ lagMs: 75 });
    inner.echo();
    time.advanceTo(1000);
    t.send(datagram(1), PEER);
    expect(inner.sent).toEqual([]);
    time.advanceTo(1074);
    expect(inner.sent).toEqual([]);
    time.advanceTo(1075);
    expect(inner.sent.map((s) => s.at)).toEqual([1075]); // out: 75 ms
    expect(received).toEqual([]);
    time.advanceTo(2000);
    // in: 75 ms more; `now` is the clock at delivery.
    expect(received).toEqual([{ id: 1, at: 1150, now: 1150, from: PEER }]);
  });

  test('seeded: the same seed gives the same losses, copies and delays; another seed does not', () => {
    const c = { lagMs: 40, jitterMs: 30, lossPct: 20, dupPct: 10 };
    for (const direction of ['out', 'in'] as const) {
      const a = run({ ...c, seed: 5 }, direction, 1000);
      const b = run({ ...c, seed: 5 }, direction, 1000);
      const other = run({ ...c, seed: 6 }, direction, 1000);
      expect(a.byId).toEqual(b.byId);
      expect(a.order).toEqual(b.order);
      expect(other.byId).not.toEqual(a.byId);
    }
    // The two directions draw from different generators.
    expect(run({ ...c, seed: 5 }, 'out', 1000).byId).not.toEqual(
      run({ ...c, seed: 5 }, 'in', 1000).byId,
    );
  });

  test('zero settings: everything delivered at once, in order, nothing scheduled', () => {
    const { time, inner, t, received } = setup({});
    time.advanceTo(500);
    const out = Array.from({ length: 100 }, (_, i) => datagram(i));
    for (const d of out) expect(t.send(d, PEER)).toBe(true);
    expect(inner.sent.map((s) => s.data)).toEqual(out);
    expect(inner.sent[0]!.data).toBe(out[0]!); // not even copied
    expect(inner.sent.every((s) => s.at === 500)).toBe(true);
    for (let i = 0; i < 100; i++) inner.inject(datagram(i));
    expect(received.map((r) => r.id)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(received.every((r) => r.now === 500)).toBe(true);
    expect(time.scheduled).toBe(0);
    expect(conditionsActive(t.conditions)).toBe(false);
  });

  test('sendBatch: one inner batch for what is due now, the rest later', () => {
    const zero = setup({});
    const batch = Array.from({ length: 10 }, (_, i) => [datagram(i), PEER] as const);
    expect(zero.t.sendBatch(batch)).toBe(10);
    expect(zero.inner.batches).toEqual([10]);
    expect(zero.inner.sent.map((s) => idOf(s.data))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

    const lagged = setup({ lagMs: 30, jitterMs: 5, lossPct: 50, seed: 3 });
    expect(lagged.t.sendBatch(batch)).toBe(10); // lost ones count as handed to the network
    expect(lagged.inner.sent).toEqual([]);
    lagged.time.advanceTo(100);
    const ids = lagged.inner.sent.map((s) => idOf(s.data));
    expect(ids.length).toBe(10 - lagged.t.stats.out.lost);
    expect(lagged.t.stats.out.lost).toBeGreaterThan(0);
    for (const s of lagged.inner.sent) expect(s.at).toBeGreaterThanOrEqual(25);
  });

  test('a delayed datagram is a copy: the sender may reuse its buffer', () => {
    const { time, inner, t } = setup({ lagMs: 10 });
    const buf = datagram(7);
    t.send(buf, PEER);
    buf.fill(0);
    time.advanceTo(10);
    expect(idOf(inner.sent[0]!.data)).toBe(7);
  });

  test('close cancels every pending delivery, both ways, and closes the inner transport', () => {
    for (const withCancel of [true, false]) {
      const { time, inner, t, received } = setup({ lagMs: 50, jitterMs: 20 }, withCancel);
      for (let i = 0; i < 10; i++) {
        t.send(datagram(i), PEER);
        inner.inject(datagram(i));
      }
      time.advanceTo(20);
      expect(t.stats.out.pending + t.stats.in.pending).toBe(20);
      t.close();
      t.close(); // idempotent
      expect(time.cancelled).toBe(withCancel ? 20 : 0);
      time.advanceTo(10_000);
      expect(inner.sent).toEqual([]);
      expect(received).toEqual([]);
      expect(inner.closed).toBe(true);
      expect(t.stats.out.pending + t.stats.in.pending).toBe(0);
      expect(t.send(datagram(1), PEER)).toBe(false);
      expect(t.sendBatch([[datagram(1), PEER]])).toBe(0);
    }
  });

  test('the default scheduler is setTimeout, in real time, and close clears it', async () => {
    const clock = () => performance.now();
    const inner = fakeInner(clock);
    const t = conditionTransport(inner.transport, { ...NOTHING, lagMs: 20, clock });
    const start = clock();
    t.send(datagram(1), PEER);
    t.send(datagram(2), PEER);
    await Bun.sleep(60);
    expect(inner.sent.map((s) => idOf(s.data))).toEqual([1, 2]);
    expect(inner.sent[0]!.at - start).toBeGreaterThanOrEqual(19);
    t.send(datagram(3), PEER);
    t.close();
    await Bun.sleep(40);
    expect(inner.sent.length).toBe(2);
  });

  test('settings out of range are refused', () => {
    const time = new FakeTime();
    const inner = fakeInner(time.clock);
    const bad = (c: Partial<NetConditions>) => () =>
      conditionTransport(inner.transport, { ...NOTHING, ...c, clock: time.clock });
    expect(bad({ lossPct: 101 })).toThrow(RangeError);
    expect(bad({ lagMs: -1 })).toThrow(RangeError);
    expect(bad({ dupPct: Number.NaN })).toThrow(RangeError);
  });

  test('the same meaning as the SimNetwork: one direction of a link, reordering on', () => {
    expect(toLinkConditions({ lagMs: 75, jitterMs: 10, lossPct: 5, dupPct: 2, seed: 9 })).toEqual({
      latencyMs: 75,
      jitterMs: 10,
      lossPct: 5,
      dupPct: 2,
      reorder: true,
    });
  });
});

describe('parseConditionFlags', () => {
  test('absent flags are 0; the seed falls back', () => {
    expect(parseConditionFlags({}, 99)).toEqual({ conditions: { ...NOTHING, seed: 99 } });
    expect(parseConditionFlags({})).toEqual({ conditions: NOTHING });
  });

  test('strings or numbers, decimals allowed', () => {
    expect(
      parseConditionFlags({ lag: '75', jitter: 10, loss: '5', dup: '0.5', seed: '123' }),
    ).toEqual({ conditions: { lagMs: 75, jitterMs: 10, lossPct: 5, dupPct: 0.5, seed: 123 } });
    expect(parseConditionFlags({ lag: 10_000, jitter: 10_000, loss: 100, dup: 100 })).toEqual({
      conditions: { lagMs: 10_000, jitterMs: 10_000, lossPct: 100, dupPct: 100, seed: 1 },
    });
  });

  test('a value out of range is a one-line error naming the flag', () => {
    const error = (flags: Parameters<typeof parseConditionFlags>[0]) => {
      const r = parseConditionFlags(flags);
      return 'error' in r ? r.error : null;
    };
    expect(error({ lag: '10001' })).toBe('--lag: expected 0 to 10000 ms, got 10001');
    expect(error({ lag: '-5' })).toBe('--lag: expected 0 to 10000 ms, got -5');
    expect(error({ lag: 'soon' })).toBe('--lag: expected a number ms, got "soon"');
    expect(error({ lag: ' ' })).toContain('--lag');
    expect(error({ lag: 10, jitter: 20 })).toContain('--jitter: at most the lag (10 ms)');
    expect(error({ jitter: 5 })).toContain('--jitter');
    expect(error({ loss: '101' })).toBe('--loss: expected 0 to 100 %, got 101');
    expect(error({ dup: 'NaN' })).toContain('--dup');
    expect(error({ seed: '-1' })).toContain('--seed');
    expect(error({ seed: '1.5' })).toContain('--seed');
    expect(error({ seed: '4294967296' })).toContain('--seed');
    expect(error({ seed: '4294967295' })).toBeNull();
  });
});

describe('describing the conditions', () => {
  const c = (lagMs: number, jitterMs: number, lossPct: number, dupPct: number) => ({
    lagMs,
    jitterMs,
    lossPct,
    dupPct,
    seed: 1,
  });

  test('in words, each way', () => {
    expect(describeConditions(c(75, 10, 5, 2))).toBe(
      'simulated: 75 ms ± 10 ms each way, 5 % loss, 2 % duplicates',
    );
    expect(describeConditions(c(150, 0, 5, 0))).toBe('simulated: 150 ms each way, 5 % loss');
    expect(describeConditions(c(0, 0, 0.5, 0))).toBe('simulated: 0.5 % loss');
    expect(describeConditions(c(0, 0, 0, 0))).toBe('simulated: a perfect network');
  });

  test('short, for the netstats panel (fits its narrow column)', () => {
    expect(conditionsSummary(c(75, 10, 5, 2))).toBe('75±10 ms, 5% loss, 2% dup');
    expect(conditionsSummary(c(150, 0, 5, 0))).toBe('150 ms, 5% loss');
    expect(conditionsSummary(c(0, 0, 0, 0))).toBe('none');
    expect(conditionsSummary(c(75, 10, 5, 2)).length).toBeLessThanOrEqual(25);
  });
});
