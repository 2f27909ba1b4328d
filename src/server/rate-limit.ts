/**
 * The handshake's rate limits (PROTOCOL.md §6): sessionless datagrams (`HELLO`, `CONNECT`,
 * `PING -`) pass a token bucket per source IP and a global one before anything else is done
 * with them, so a flood of them, from one address or from thousands of spoofed ones, costs the
 * server little more than the kernel's delivery and never delays a tick.
 *
 * The global bucket keeps a reserve for sources it has not answered lately: a flood from a fixed
 * set of spoofed addresses soon finds all of them "answered lately" and can only spend the
 * unreserved half, while a real player's first HELLO, from an address the flood does not use,
 * may spend the reserve and is answered at once. A flood that never repeats an address (random
 * sources) exhausts the reserve too; it is then a plain global limit, as documented.
 *
 * Memory is bounded: per-IP buckets are forgotten after a second of silence (a forgotten bucket
 * would be full again by then anyway), "answered lately" after RECENT_MS, both by swapping two
 * generations of maps, and each generation holds at most `maxSources` addresses (beyond that a
 * new source gets no bucket of its own and is limited by the global bucket alone, without
 * the reserve).
 */

/** Limits of the sessionless buckets; the defaults are PROTOCOL.md §6's. */
export interface HandshakeLimits {
  /** Tokens a second per source IP. @default 20 */
  readonly perIpRate: number;
  /** Most tokens a source IP may hold. @default 20 */
  readonly perIpBurst: number;
  /** Tokens a second for all sources together. @default 1000 */
  readonly globalRate: number;
  /** Most tokens the global bucket holds. @default 1000 */
  readonly globalBurst: number;
  /** Addresses remembered per generation (per-IP buckets, answered lately). @default 65536 */
  readonly maxSources: number;
}

export const HANDSHAKE_LIMITS: HandshakeLimits = {
  perIpRate: 20,
  perIpBurst: 20,
  globalRate: 1000,
  globalBurst: 1000,
  maxSources: 65_536,
};

/** How long a source counts as answered lately, ms. */
export const RECENT_MS = 10_000;
/** Per-IP buckets refill within a second at the defaults: older ones are forgotten, ms. */
const BUCKET_MEMORY_MS = 1000;

interface Bucket {
  tokens: number;
  at: number;
}

/** Two generations of a map, the older dropped at each swap: memory bounded by one period. */
class Generations<V> {
  current = new Map<string, V>();
  previous = new Map<string, V>();
  private swappedAt: number;

  constructor(
    private readonly periodMs: number,
    private readonly max: number,
    now: number,
  ) {
    this.swappedAt = now;
  }

  get(key: string, now: number): V | undefined {
    this.age(now);
    const v = this.current.get(key);
    if (v !== undefined) return v;
    const old = this.previous.get(key);
    if (old !== undefined && this.current.size < this.max) this.current.set(key, old);
    return old;
  }

  /** Stores `value` unless the generation is full; returns whether it was stored. */
  set(key: string, value: V): boolean {
    if (this.current.size >= this.max && !this.current.has(key)) return false;
    this.current.set(key, value);
    return true;
  }

  private age(now: number): void {
    if (now - this.swappedAt < this.periodMs) return;
    // Two periods of silence: both generations are stale.
    this.previous = now - this.swappedAt >= 2 * this.periodMs ? new Map() : this.current;
    this.current = new Map();
    this.swappedAt = now;
  }
}

export class HandshakeLimiter {
  private readonly limits: HandshakeLimits;
  private readonly buckets: Generations<Bucket>;
  private readonly recent: Generations<true>;
  private globalTokens: number;
  private globalAt: number;

  constructor(now: number, limits: Partial<HandshakeLimits> = {}) {
    this.limits = { ...HANDSHAKE_LIMITS, ...limits };
    const memory = Math.max(
      BUCKET_MEMORY_MS,
      (this.limits.perIpBurst / this.limits.perIpRate) * 1000,
    );
    this.buckets = new Generations(memory, this.limits.maxSources, now);
    this.recent = new Generations(RECENT_MS, this.limits.maxSources, now);
    this.globalTokens = this.limits.globalBurst;
    this.globalAt = now;
  }

  /**
   * Whether a sessionless datagram from `ip` may be handled now; false: drop it, counted as
   * `rate`, before it is even decoded. A `first` step (HELLO, `PING -`) takes a token from both
   * buckets; a `connect` from the source's bucket only: its cookie is checked next, and only an
   * invalid one spends the global bucket (`allowGlobal`), so that what spoofed senders spend
   * never holds back a CONNECT that proves its address.
   */
  allow(ip: string, now: number, kind: 'first' | 'connect' = 'first'): boolean {
    const l = this.limits;
    let bucket = this.buckets.get(ip, now);
    if (bucket === undefined) {
      bucket = { tokens: l.perIpBurst, at: now };
      // Too many sources to remember: this one is limited by the global bucket alone.
      if (!this.buckets.set(ip, bucket)) return kind === 'connect' || this.takeGlobal(now, false);
    }
    bucket.tokens = Math.min(
      l.perIpBurst,
      bucket.tokens + ((now - bucket.at) * l.perIpRate) / 1000,
    );
    bucket.at = now;
    if (bucket.tokens < 1) return false;
    if (kind === 'first') {
      const fresh = this.recent.get(ip, now) === undefined;
      if (!this.takeGlobal(now, fresh)) return false;
      if (fresh) this.recent.set(ip, true);
    }
    bucket.tokens -= 1;
    return true;
  }

  /** A token of the global bucket's unreserved half, for a reply to an unproven sender. */
  allowGlobal(now: number): boolean {
    return this.takeGlobal(now, false);
  }

  /** Takes a global token; only a fresh source may take one from the reserved half. */
  private takeGlobal(now: number, fresh: boolean): boolean {
    const l = this.limits;
    this.globalTokens = Math.min(
      l.globalBurst,
      this.globalTokens + ((now - this.globalAt) * l.globalRate) / 1000,
    );
    this.globalAt = now;
    const floor = fresh ? 1 : l.globalBurst / 2 + 1;
    if (this.globalTokens < floor) return false;
    this.globalTokens -= 1;
    return true;
  }
}

/** New rooms per source IP (PROTOCOL.md §13): a burst of 3, then one every 20 s. */
export interface CreationLimits {
  /** Rooms an address may make at once. @default 3 */
  readonly burst: number;
  /** Then one every this many ms. @default 20000 */
  readonly everyMs: number;
}

export const CREATION_LIMITS: CreationLimits = { burst: 3, everyMs: 20_000 };

/**
 * The bucket of room creations per source IP. Only a CONNECT with a valid cookie (a proven
 * address) reaches it, and only when it would make a room. A bucket silent for burst × every
 * is full again and forgotten; past `maxSources` remembered addresses, a new one is refused
 * (a flood of creations from that many proven addresses is held by --max-rooms anyway).
 */
export class CreationLimiter {
  private readonly limits: CreationLimits;
  private readonly buckets: Generations<Bucket>;

  constructor(now: number, limits: Partial<CreationLimits> = {}, maxSources = 65_536) {
    this.limits = { ...CREATION_LIMITS, ...limits };
    this.buckets = new Generations(this.limits.burst * this.limits.everyMs, maxSources, now);
  }

  /** Whether `ip` may make a room now; if so, the room is counted against it. */
  allow(ip: string, now: number): boolean {
    const { burst, everyMs } = this.limits;
    let bucket = this.buckets.get(ip, now);
    if (bucket === undefined) {
      bucket = { tokens: burst, at: now };
      if (!this.buckets.set(ip, bucket)) return false;
    }
    bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) / everyMs);
    bucket.at = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
