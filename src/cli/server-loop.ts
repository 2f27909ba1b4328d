/**
 * Runs a GameServer on the real clock: a fixed-step accumulator (PLATFORM.md) that runs every
 * tick due, then sleeps until the next; after `shutdown` it keeps going (every 20 ms) while the
 * CLOSING messages repeat, until the server is finished or the deadline passes. `haunted serve`
 * and the local game of `haunted play` (no host) both run their server through it.
 */
import type { GameServer } from '../server/server.ts';

/**
 * Ticks may run this long before their time, ms (ServerOptions.tickEarlyMs): the loop's timer
 * wakes in whole milliseconds, late, and this centres the ticks on their times.
 */
export const TICK_EARLY_MS = 0.5;

/** How long shutdown may take before the loop ends anyway, ms. */
export const SHUTDOWN_DEADLINE_MS = 1000;

export interface ServerLoop {
  /** Tells every client the server is closing; `finished` resolves once that is done. */
  shutdown(): void;
  /** Resolves when the loop has stopped (after `shutdown`, or when the server finished). */
  readonly finished: Promise<void>;
  /** Whether `shutdown` was called. */
  readonly stopping: boolean;
}

export function startServerLoop(server: GameServer, clock: () => number): ServerLoop {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let deadline: number | null = null;
  let resolveFinished: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    resolveFinished = resolve;
  });
  const loop = () => {
    timer = null;
    const now = clock();
    server.update(now);
    if (server.finished || (deadline !== null && now >= deadline)) {
      resolveFinished();
      return;
    }
    const next = deadline !== null ? now + 20 : server.nextTickTime;
    timer = setTimeout(loop, Math.max(0, Math.ceil(next - clock())));
  };
  loop();
  return {
    finished,
    get stopping() {
      return deadline !== null;
    },
    shutdown() {
      if (deadline !== null) return;
      deadline = clock() + SHUTDOWN_DEADLINE_MS;
      server.shutdown(clock());
      if (timer !== null) clearTimeout(timer);
      loop();
    },
  };
}
