/**
 * The network simulator of `--lag/--jitter/--loss/--dup` (serve, play, bots): a Transport that
 * wraps a real one (a UDP socket) and, in real time, delays, loses and duplicates every datagram
 * it sends AND every datagram it receives, so anyone can watch the game stay smooth at 150 ms of
 * round trip and 5 % loss without a bad network at hand.
 *
 * Meaning of the settings, the same as the in-memory SimNetwork's (link-conditions.ts):
 * - **lag is one-way, applied each way**: every datagram out waits `lag` before it is handed to
 *   the socket, and every datagram in waits `lag` before the handler sees it. So `--lag 75` on the
 *   client alone adds 150 ms to its round trip (on both ends: 300 ms).
 * - **jitter** is uniform: each copy's delay is `lag + uniform(−jitter, +jitter)` ms, never below
 *   0 (the flags keep jitter ≤ lag, so it is never clamped and the mean delay stays `lag`).
 *   Reordering comes from it: a datagram can overtake one sent before it.
 * - **loss**: each datagram is lost with that chance (percent), independently.
 * - **dup**: a datagram that was not lost arrives twice with that chance; the copy draws its own
 *   delay.
 * Seeded (sfc32, src/game/rng.ts), with one generator per direction, so what happens to the
 * datagrams sent does not depend on how many were received meanwhile. A copy whose delay is 0 is
 * handed over at once, synchronously: with every setting at 0 the wrapper changes nothing.
 *
 * Time is a parameter, as everywhere in src/net: `clock` and `schedule` (setTimeout by default)
 * are given by the CLI layer, a fake clock and scheduler by tests.
 */
import { type RngState, rngNext, seedRng } from '../game/rng.ts';
import { checkLinkConditions, type LinkConditions } from './link-conditions.ts';
import type { Address, DatagramHandler, Transport } from './transport.ts';

/** What the simulator does to each datagram, each way. */
export interface NetConditions {
  /** One-way delay, ms, applied to datagrams out and again to datagrams in. */
  readonly lagMs: number;
  /** Each delay is lag + uniform(−jitter, +jitter) ms (never below 0). */
  readonly jitterMs: number;
  /** Chance a datagram is lost, percent (0–100). */
  readonly lossPct: number;
  /** Chance a datagram that was not lost arrives twice, percent (0–100). */
  readonly dupPct: number;
  /** Seed of the generators behind every loss, duplication and delay (any 32-bit integer). */
  readonly seed: number;
}

export interface ConditionOptions extends NetConditions {
  /** The time given to handlers as `now`, ms, e.g. `() => performance.now()`. */
  readonly clock: () => number;
  /** Runs `fn` in `ms` milliseconds; returns a handle for `cancel`. @default setTimeout */
  readonly schedule?: (fn: () => void, ms: number) => unknown;
  /**
   * Cancels a handle of `schedule` (close() calls it for every pending delivery). Without it, a
   * cancelled delivery still fires but does nothing. @default clearTimeout with the default schedule
   */
  readonly cancel?: (handle: unknown) => void;
}

/** Counters of one direction of the wrapper. */
export interface ConditionStats {
  /** Datagrams that entered the simulator. */
  offered: number;
  /** Of those, lost. */
  lost: number;
  /** Extra copies made. */
  duplicated: number;
  /** Copies handed on (to the socket out, to the handler in), duplicates included. */
  delivered: number;
  /** Copies still waiting for their time. */
  pending: number;
}

/** A Transport with the network simulator in front of it. */
export interface ConditionedTransport extends Transport {
  /** The settings applied. */
  readonly conditions: NetConditions;
  /** The wrapped transport (a UdpTransport keeps its own socket counters). */
  readonly inner: Transport;
  /** Counters per direction: `out` for what this side sends, `in` for what it receives. */
  readonly stats: { readonly out: Readonly<ConditionStats>; readonly in: Readonly<ConditionStats> };
}

/** The same settings in the SimNetwork's terms (one direction of a link; reordering on). */
export function toLinkConditions(c: NetConditions): LinkConditions {
  return {
    latencyMs: c.lagMs,
    jitterMs: c.jitterMs,
    lossPct: c.lossPct,
    dupPct: c.dupPct,
    reorder: true,
  };
}

/** Whether the settings change anything (all at 0: the wrapper is not worth putting on). */
export function conditionsActive(c: NetConditions): boolean {
  return c.lagMs > 0 || c.jitterMs > 0 || c.lossPct > 0 || c.dupPct > 0;
}

/** Mixed into the seed of the incoming direction so that both directions draw differently. */
const IN_SEED_MIX = 0x5bd1e995;

/**
 * Wraps `inner`: every datagram sent and every datagram received meets `options`' conditions
 * (see the file's comment). `send` returns true for a datagram the simulator took (even one it
 * then loses, as a real network would), or inner's answer for one handed over at once. close()
 * cancels every pending delivery, both ways, and closes `inner`. Throws a RangeError for settings
 * out of range.
 */
export function conditionTransport(
  inner: Transport,
  options: ConditionOptions,
): ConditionedTransport {
  checkLinkConditions(toLinkConditions(options));
  const conditions: NetConditions = Object.freeze({
    lagMs: options.lagMs,
    jitterMs: options.jitterMs,
    lossPct: options.lossPct,
    dupPct: options.dupPct,
    seed: options.seed,
  });
  const { clock } = options;
  const schedule = options.schedule ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  const cancel =
    options.cancel ??
    (options.schedule === undefined
      ? (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>)
      : undefined);
  const rngOut = seedRng(conditions.seed);
  const rngIn = seedRng((conditions.seed ^ IN_SEED_MIX) >>> 0);
  const stats = { out: emptyStats(), in: emptyStats() };
  /** Pending deliveries, both ways: the handle of each, to cancel it on close. */
  const pending = new Set<{ handle: unknown }>();
  let handler: DatagramHandler | undefined;
  let closed = false;

  /** Lost (null), or the delays of the copies that will arrive (one or two). */
  const fate = (rng: RngState): number[] | null => {
    // Two rolls every time, as SimNetwork does; only a datagram that was not lost can arrive twice.
    const lost = uniform(rng) * 100 < conditions.lossPct;
    const dup = uniform(rng) * 100 < conditions.dupPct;
    if (lost) return null;
    return dup ? [delay(rng), delay(rng)] : [delay(rng)];
  };
  const delay = (rng: RngState): number =>
    Math.max(0, conditions.lagMs + (2 * uniform(rng) - 1) * conditions.jitterMs);

  /** Runs `deliver` in `ms`, unless closed meanwhile. */
  const later = (s: ConditionStats, ms: number, deliver: () => void): void => {
    const entry: { handle: unknown } = { handle: undefined };
    s.pending++;
    pending.add(entry);
    entry.handle = schedule(() => {
      if (!pending.delete(entry)) return; // cancelled by close()
      s.pending--;
      s.delivered++;
      deliver();
    }, ms);
  };

  /**
   * Puts one outgoing datagram through the simulator. Copies due now are pushed to `now` (sent
   * by the caller, so that a batch stays one batch); the rest are scheduled. Returns whether the
   * simulator took the datagram (lost ones included) without handing it over yet.
   */
  const outgoing = (data: Uint8Array, to: Address, now: (readonly [Uint8Array, Address])[]) => {
    stats.out.offered++;
    const delays = fate(rngOut);
    if (delays === null) {
      stats.out.lost++;
      return;
    }
    if (delays.length > 1) stats.out.duplicated++;
    for (const [i, ms] of delays.entries()) {
      // The sender may reuse its buffer once send returns: a copy for every later delivery.
      if (ms <= 0) now.push([i === 0 ? data : data.slice(), to]);
      else {
        const copy = data.slice();
        later(stats.out, ms, () => inner.send(copy, to));
      }
    }
  };

  inner.onDatagram((data, from, now) => {
    if (closed) return;
    stats.in.offered++;
    const delays = fate(rngIn);
    if (delays === null) {
      stats.in.lost++;
      return;
    }
    if (delays.length > 1) stats.in.duplicated++;
    for (const [i, ms] of delays.entries()) {
      if (ms <= 0) {
        stats.in.delivered++;
        handler?.(i === 0 ? data : data.slice(), from, now);
      } else {
        // A copy per delivery: the socket may reuse its buffer, and a receiver may alter its own.
        const copy = data.slice();
        later(stats.in, ms, () => handler?.(copy, from, clock()));
      }
    }
  });

  return {
    local: inner.local,
    inner,
    conditions,
    stats,
    send(data, to) {
      if (closed) return false;
      const now: (readonly [Uint8Array, Address])[] = [];
      outgoing(data, to, now);
      let ok = true;
      for (const [d, t] of now) {
        stats.out.delivered++;
        ok = inner.send(d, t) && ok;
      }
      return ok;
    },
    sendBatch(batch) {
      if (closed) return 0;
      let taken = 0;
      const now: (readonly [Uint8Array, Address])[] = [];
      for (const [data, to] of batch) {
        const before = now.length;
        outgoing(data, to, now);
        // Handed over at once: counted by inner's answer below (a duplicate counts once).
        if (now.length === before) taken++;
      }
      if (now.length === 0) return taken;
      stats.out.delivered += now.length;
      const sent = inner.sendBatch(now);
      // Duplicates sent at once add to inner's count; a datagram is counted once, up to the batch.
      return Math.min(batch.length, taken + sent);
    },
    onDatagram(h) {
      handler = h;
    },
    close() {
      if (closed) return;
      closed = true;
      handler = undefined;
      for (const entry of pending) cancel?.(entry.handle);
      pending.clear();
      stats.out.pending = 0;
      stats.in.pending = 0;
      inner.close();
    },
  };
}

/** The CLI flags as commander hands them over (strings, or numbers once parsed), unset if absent. */
export interface ConditionFlags {
  readonly lag?: string | number | undefined;
  readonly jitter?: string | number | undefined;
  readonly loss?: string | number | undefined;
  readonly dup?: string | number | undefined;
  readonly seed?: string | number | undefined;
}

/** Largest `--lag`, ms. */
export const MAX_LAG_MS = 10_000;

/**
 * Checks `--lag MS --jitter MS --loss PCT --dup PCT --seed N`: lag 0–10000 ms, jitter 0 to the
 * lag (a delay is lag ± jitter and is never negative), loss and dup 0–100 %, decimals allowed; the
 * seed a whole number 0–4294967295, `fallbackSeed` when absent (the CLI passes a random one and
 * may print it, so a run can be replayed). Gives the conditions, or a one-line error naming the
 * flag.
 */
export function parseConditionFlags(
  flags: ConditionFlags,
  fallbackSeed = 1,
): { readonly conditions: NetConditions } | { readonly error: string } {
  const num = (name: string, value: string | number | undefined, max: number, unit: string) => {
    if (value === undefined) return 0;
    const n = typeof value === 'number' ? value : Number(value);
    if ((typeof value === 'string' && value.trim() === '') || !Number.isFinite(n))
      return `--${name}: expected a number${unit}, got "${value}"`;
    if (n < 0 || n > max) return `--${name}: expected 0 to ${max}${unit}, got ${n}`;
    return n;
  };
  const lag = num('lag', flags.lag, MAX_LAG_MS, ' ms');
  if (typeof lag === 'string') return { error: lag };
  const jitter = num('jitter', flags.jitter, MAX_LAG_MS, ' ms');
  if (typeof jitter === 'string') return { error: jitter };
  if (jitter > lag)
    return {
      error: `--jitter: at most the lag (${lag} ms), got ${jitter}: a delay is lag ± jitter and never below 0`,
    };
  const loss = num('loss', flags.loss, 100, ' %');
  if (typeof loss === 'string') return { error: loss };
  const dup = num('dup', flags.dup, 100, ' %');
  if (typeof dup === 'string') return { error: dup };
  let seed = fallbackSeed >>> 0;
  if (flags.seed !== undefined) {
    const text = String(flags.seed).trim();
    const n = Number(text);
    if (!/^\d{1,10}$/.test(text) || n > 0xffffffff)
      return { error: `--seed: expected a whole number from 0 to 4294967295, got "${flags.seed}"` };
    seed = n;
  }
  return { conditions: { lagMs: lag, jitterMs: jitter, lossPct: loss, dupPct: dup, seed } };
}

/**
 * The settings in words, e.g. "simulated: 75 ms ± 10 ms each way, 5 % loss, 2 % duplicates"
 * (zero settings left out; "simulated: a perfect network" when all are 0).
 */
export function describeConditions(c: NetConditions): string {
  const parts: string[] = [];
  if (c.lagMs > 0 || c.jitterMs > 0)
    parts.push(
      c.jitterMs > 0
        ? `${fmt(c.lagMs)} ms ± ${fmt(c.jitterMs)} ms each way`
        : `${fmt(c.lagMs)} ms each way`,
    );
  if (c.lossPct > 0) parts.push(`${fmt(c.lossPct)} % loss`);
  if (c.dupPct > 0) parts.push(`${fmt(c.dupPct)} % duplicates`);
  return `simulated: ${parts.length > 0 ? parts.join(', ') : 'a perfect network'}`;
}

/**
 * The settings in at most a few words for the netstats panel's narrow column, under its
 * "simulated" label: e.g. "75±10 ms, 5% loss, 2% dup" ("none" when all are 0).
 */
export function conditionsSummary(c: NetConditions): string {
  const parts: string[] = [];
  if (c.lagMs > 0 || c.jitterMs > 0)
    parts.push(c.jitterMs > 0 ? `${fmt(c.lagMs)}±${fmt(c.jitterMs)} ms` : `${fmt(c.lagMs)} ms`);
  if (c.lossPct > 0) parts.push(`${fmt(c.lossPct)}% loss`);
  if (c.dupPct > 0) parts.push(`${fmt(c.dupPct)}% dup`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** A number with at most two decimals, no trailing zeros. */
function fmt(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** Uniform in [0, 1). */
function uniform(rng: RngState): number {
  return rngNext(rng) / 0x100000000;
}

function emptyStats(): ConditionStats {
  return { offered: 0, lost: 0, duplicated: 0, delivered: 0, pending: 0 };
}
