/**
 * CLOSING messages said three times, 100 ms apart (PROTOCOL.md §13): to a kicked player, to
 * every player of a room that closes, to everybody at shutdown. The endpoint sends what is due
 * at each update.
 */
import type { Address } from '../net/transport.ts';
import { type ClosingReason, encodeBytes } from '../protocol/index.ts';

/** How often, and how many times, CLOSING is repeated (PROTOCOL.md §13). */
export const CLOSING_REPEATS = 3;
export const CLOSING_INTERVAL_MS = 100;

interface Closing {
  readonly to: Address;
  readonly bytes: Uint8Array;
  left: number;
  at: number;
}

export class ClosingRepeats {
  private readonly pending: Closing[] = [];

  /** Tells `to` the session is over for `reason`: now (at the next `sendDue`), and twice more. */
  add(to: Address, reason: ClosingReason, now: number): void {
    this.pending.push({
      to,
      bytes: encodeBytes({ type: 'CLOSING', reason }),
      left: CLOSING_REPEATS,
      at: now,
    });
  }

  /** Sends every repeat due by `now`. */
  sendDue(now: number, send: (bytes: Uint8Array, to: Address) => void): void {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const c = this.pending[i]!;
      if (now < c.at) continue;
      send(c.bytes, c.to);
      c.left--;
      c.at = now + CLOSING_INTERVAL_MS;
      if (c.left <= 0) this.pending.splice(i, 1);
    }
  }

  get empty(): boolean {
    return this.pending.length === 0;
  }
}
