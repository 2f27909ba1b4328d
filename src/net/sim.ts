/**
 * An in-memory network in simulated time: seeded latency, jitter, loss, duplication and
 * reordering, per direction of each link. No timers and no clock: time moves only when the
 * caller advances it, and every datagram is handed over with its simulated arrival time. The same
 * seed and the same sends give exactly the same deliveries, so client/server tests run through
 * bad networks without a sleep and without flakiness.
 */
import { type RngState, rngNext, seedRng } from '../game/rng.ts';
import { checkLinkConditions, type LinkConditions, PERFECT_LINK } from './link-conditions.ts';
import { TimedQueue } from './timed-queue.ts';
import { type Address, addressKey, type DatagramHandler, type Transport } from './transport.ts';

/** Counters for a network or one direction of a link. */
export interface SimStats {
  /** Datagrams handed to the network by send(). */
  sent: number;
  /** Copies handed to an endpoint (duplicates included). */
  delivered: number;
  /** Datagrams the link lost. */
  lost: number;
  /** Extra copies the link made. */
  duplicated: number;
  /** Copies that arrived where no endpoint was bound (never bound, or closed meanwhile). */
  dropped: number;
  /** Payload bytes handed to the network by send(). */
  bytesSent: number;
  /** Payload bytes handed to endpoints. */
  bytesDelivered: number;
}

export interface SimNetworkOptions {
  /** Seed of the generator behind every loss, duplication and delay. */
  seed: number;
  /** Simulated time at the start, ms. @default 0 */
  now?: number;
}

export interface RunUntilOptions {
  /** Simulated time per step, ms. @default 1 */
  stepMs?: number;
  /** Give up after this much simulated time, ms. @default 10000 */
  maxMs?: number;
}

interface Link {
  readonly stats: SimStats;
  /** Latest arrival time scheduled on this link, ms: what FIFO links never go below. */
  lastArrival: number;
}

interface InFlight {
  readonly from: Address;
  readonly toKey: string;
  readonly data: Uint8Array;
  readonly link: Link;
}

interface Endpoint {
  handler: DatagramHandler | undefined;
}

/** First port given to bind() with port 0 (the IANA dynamic range). */
const FIRST_EPHEMERAL_PORT = 49152;
/** Deliveries at one instant beyond which an advance is taken to be a zero-delay loop. */
const MAX_DELIVERIES_AT_ONE_TIME = 100_000;

export class SimNetwork {
  private time: number;
  private readonly rng: RngState;
  private readonly queue = new TimedQueue<InFlight>();
  private readonly endpoints = new Map<string, Endpoint>();
  private readonly links = new Map<string, Link>();
  /** Keyed "from>to" with "*" for any; "*>*" is the default. */
  private readonly conditions = new Map<string, LinkConditions>([['*>*', PERFECT_LINK]]);
  private readonly totals: SimStats = emptyStats();
  private nextEphemeralPort = FIRST_EPHEMERAL_PORT;
  private advancing = false;

  constructor(options: SimNetworkOptions) {
    this.rng = seedRng(options.seed);
    this.time = options.now ?? 0;
  }

  /** Simulated time, ms. */
  get now(): number {
    return this.time;
  }

  /** Reads the simulated time: for code that wants a `clock: () => number`. */
  readonly clock = (): number => this.time;

  /** Copies scheduled but not yet arrived. */
  get inFlight(): number {
    return this.queue.size;
  }

  /** Totals over every link (a copy). */
  get stats(): SimStats {
    return { ...this.totals };
  }

  /** Counters of the direction from → to (a copy; zeros if nothing crossed it). */
  linkStats(from: Address, to: Address): SimStats {
    const link = this.links.get(`${addressKey(from)}>${addressKey(to)}`);
    return link ? { ...link.stats } : emptyStats();
  }

  /**
   * Sets link conditions: with neither address, the default for every link; with both, the
   * direction from → to only; with one, every link leaving `from` (or, from undefined, every
   * link into `to`). The most specific setting wins: from→to, then from→*, then *→to, then the
   * default. Applies to datagrams sent afterwards.
   */
  setConditions(conditions: LinkConditions, from?: Address, to?: Address): void {
    checkLinkConditions(conditions);
    const key = `${from ? addressKey(from) : '*'}>${to ? addressKey(to) : '*'}`;
    this.conditions.set(key, { ...conditions });
  }

  /** The conditions a datagram from → to would meet now. */
  conditionsFor(from: Address, to: Address): LinkConditions {
    const f = addressKey(from);
    const t = addressKey(to);
    return (this.conditions.get(`${f}>${t}`) ??
      this.conditions.get(`${f}>*`) ??
      this.conditions.get(`*>${t}`) ??
      this.conditions.get('*>*'))!;
  }

  /**
   * An endpoint receiving at `address` (port 0: the next free port from 49152 up). Throws if the
   * address is taken; closing the endpoint frees it.
   */
  bind(address: Address): Transport {
    const port = address.port === 0 ? this.freePort(address.address) : address.port;
    const local: Address = Object.freeze({ address: address.address, port });
    const key = addressKey(local);
    if (this.endpoints.has(key)) throw new Error(`${key} is already bound`);
    const endpoint: Endpoint = { handler: undefined };
    this.endpoints.set(key, endpoint);
    let closed = false;
    return {
      local,
      send: (data, to) => !closed && this.transmit(local, to, data),
      sendBatch: (batch) => {
        let sent = 0;
        for (const [data, to] of batch) if (!closed && this.transmit(local, to, data)) sent++;
        return sent;
      },
      onDatagram: (handler) => {
        endpoint.handler = handler;
      },
      close: () => {
        if (closed) return;
        closed = true;
        endpoint.handler = undefined;
        this.endpoints.delete(key);
      },
    };
  }

  /** Advances simulated time by `ms` (≥ 0); see advanceTo. */
  advance(ms: number): void {
    this.advanceTo(this.time + ms);
  }

  /**
   * Delivers, in order of arrival (ties in send order), every datagram due at or before `t`,
   * with `now` set to each arrival time; replies sent by handlers are scheduled from that time and
   * delivered in the same call if due by `t`. Then sets `now` to `t`.
   */
  advanceTo(t: number): void {
    if (this.advancing) throw new Error('advanceTo called from a datagram handler');
    if (!(t >= this.time))
      throw new RangeError(`cannot go back in time: now ${this.time}, asked ${t}`);
    this.advancing = true;
    try {
      let sameTime = 0;
      for (;;) {
        const due = this.queue.peekTime();
        if (due === undefined || due > t) break;
        const { time, item } = this.queue.pop()!;
        sameTime = time === this.time ? sameTime + 1 : 0;
        if (sameTime > MAX_DELIVERIES_AT_ONE_TIME)
          throw new Error(`endless zero-delay exchange at t=${time} ms`);
        this.time = time;
        this.deliver(item);
      }
      this.time = t;
    } finally {
      this.advancing = false;
    }
  }

  /**
   * Advances in steps of `stepMs` until `predicate` holds (checked first, then after each step) or
   * `maxMs` of simulated time have passed. Returns whether the predicate held.
   */
  runUntil(predicate: () => boolean, options: RunUntilOptions = {}): boolean {
    const stepMs = options.stepMs ?? 1;
    const maxMs = options.maxMs ?? 10_000;
    if (!(stepMs > 0)) throw new RangeError(`stepMs must be positive, got ${stepMs}`);
    if (predicate()) return true;
    const end = this.time + maxMs;
    while (this.time < end) {
      this.advanceTo(Math.min(end, this.time + stepMs));
      if (predicate()) return true;
    }
    return false;
  }

  private transmit(from: Address, to: Address, data: Uint8Array): boolean {
    const toKey = addressKey(to);
    const link = this.link(addressKey(from), toKey);
    const c = this.conditionsFor(from, to);
    this.count(link, 'sent', 1);
    this.count(link, 'bytesSent', data.byteLength);
    // Independent rolls; only a datagram that was not lost can arrive twice.
    const lost = this.uniform() * 100 < c.lossPct;
    const dup = this.uniform() * 100 < c.dupPct;
    if (lost) {
      this.count(link, 'lost', 1);
      return true;
    }
    this.schedule(from, toKey, data, link, c);
    if (dup) {
      this.count(link, 'duplicated', 1);
      this.schedule(from, toKey, data, link, c);
    }
    return true;
  }

  private schedule(
    from: Address,
    toKey: string,
    data: Uint8Array,
    link: Link,
    c: LinkConditions,
  ): void {
    const delay = Math.max(0, c.latencyMs + (2 * this.uniform() - 1) * c.jitterMs);
    let arrival = this.time + delay;
    if (c.reorder === false) arrival = Math.max(arrival, link.lastArrival);
    link.lastArrival = Math.max(arrival, link.lastArrival);
    // A copy per delivery: the sender may reuse its buffer, and a receiver may keep or alter its own.
    this.queue.push(arrival, { from, toKey, data: data.slice(), link });
  }

  private deliver(item: InFlight): void {
    const endpoint = this.endpoints.get(item.toKey);
    if (!endpoint) {
      this.count(item.link, 'dropped', 1);
      return;
    }
    this.count(item.link, 'delivered', 1);
    this.count(item.link, 'bytesDelivered', item.data.byteLength);
    endpoint.handler?.(item.data, item.from, this.time);
  }

  private link(fromKey: string, toKey: string): Link {
    const key = `${fromKey}>${toKey}`;
    let link = this.links.get(key);
    if (!link) {
      link = { stats: emptyStats(), lastArrival: -Infinity };
      this.links.set(key, link);
    }
    return link;
  }

  private freePort(host: string): number {
    while (this.endpoints.has(addressKey({ address: host, port: this.nextEphemeralPort })))
      this.nextEphemeralPort++;
    return this.nextEphemeralPort++;
  }

  /** Adds to a counter of the link and of the network. */
  private count(link: Link, field: keyof SimStats, n: number): void {
    link.stats[field] += n;
    this.totals[field] += n;
  }

  /** Uniform in [0, 1). */
  private uniform(): number {
    return rngNext(this.rng) / 0x100000000;
  }
}

function emptyStats(): SimStats {
  return {
    sent: 0,
    delivered: 0,
    lost: 0,
    duplicated: 0,
    dropped: 0,
    bytesSent: 0,
    bytesDelivered: 0,
  };
}
