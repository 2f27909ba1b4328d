/**
 * What one direction of a simulated link does to datagrams: the settings of the network simulator
 * (sim.ts), and what the `--lag/--jitter/--loss/--dup` options turn into.
 */

/** How one direction of a link treats the datagrams that cross it. */
export interface LinkConditions {
  /** One-way base delay, ms. */
  readonly latencyMs: number;
  /** Each delay is latency + uniform(−jitter, +jitter), ms; a delay is never below 0. */
  readonly jitterMs: number;
  /** Chance a datagram is lost, percent (0–100). */
  readonly lossPct: number;
  /** Chance a datagram that was not lost arrives twice, percent (0–100); the copy has its own delay. */
  readonly dupPct: number;
  /**
   * true: each datagram draws its own delay, so a later one can overtake; false: first in, first
   * out per link (a datagram never arrives before one sent earlier on the same link).
   * @default true
   */
  readonly reorder?: boolean;
}

/** No delay, no loss: the default for every link until told otherwise. */
export const PERFECT_LINK: LinkConditions = Object.freeze({
  latencyMs: 0,
  jitterMs: 0,
  lossPct: 0,
  dupPct: 0,
  reorder: true,
});

/** Throws a RangeError naming the first setting out of range (a configuration mistake). */
export function checkLinkConditions(c: LinkConditions): void {
  const bad = (what: string) => new RangeError(`bad link conditions: ${what}`);
  if (!(c.latencyMs >= 0 && Number.isFinite(c.latencyMs))) throw bad(`latencyMs ${c.latencyMs}`);
  if (!(c.jitterMs >= 0 && Number.isFinite(c.jitterMs))) throw bad(`jitterMs ${c.jitterMs}`);
  if (!(c.lossPct >= 0 && c.lossPct <= 100)) throw bad(`lossPct ${c.lossPct} (0–100)`);
  if (!(c.dupPct >= 0 && c.dupPct <= 100)) throw bad(`dupPct ${c.dupPct} (0–100)`);
}
