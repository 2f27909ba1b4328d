/**
 * One session's game events until its client acknowledges them (docs/PROTOCOL.md §11): numbered
 * from 1 per session, kept until INPUT.eventAck covers them, resent at once when a new one comes
 * and else at most every 250 ms. Bounded: past MAX_EVENTS unacknowledged, the oldest is dropped
 * (counted); the client then skips the gap, as EVENTS always starts at the oldest event kept.
 */
import {
  encodeEvent,
  type GameEventWire,
  MAX_DATAGRAM,
  MAX_EVENTS,
  U32_MAX,
} from '../protocol/index.ts';

/** How often unacknowledged events are sent again, ms (as the roster). */
export const EVENT_RESEND_MS = 250;

/** Bytes of `EVENTS <first>` at its longest, and ` END`. */
const FRAME_BYTES = 'EVENTS 4294967295'.length + ' END'.length;

const ENCODER = new TextEncoder();

export class EventQueue {
  /** The seq of `pending[0]` (the next seq when empty). */
  private first = 1;
  /** Unacknowledged events, each with its token, oldest first. */
  private readonly pending: { readonly event: GameEventWire; readonly token: string }[] = [];
  private sentAt = Number.NEGATIVE_INFINITY;
  /** An event came since the last send: the next send is now, not in 250 ms. */
  private fresh = false;
  /** Events dropped unacknowledged because the queue was full. */
  dropped = 0;

  get length(): number {
    return this.pending.length;
  }

  /** The seq the next event gets. */
  get nextSeq(): number {
    return this.first + this.pending.length;
  }

  /** Queues `event`; false when the oldest unacknowledged one had to go to make room. */
  push(event: GameEventWire): boolean {
    if (this.nextSeq > U32_MAX) return true; // 2^32 events in one session: no more
    this.pending.push({ event, token: encodeEvent(event) });
    this.fresh = true;
    if (this.pending.length <= MAX_EVENTS) return true;
    this.pending.shift();
    this.first++;
    this.dropped++;
    return false;
  }

  /** The client holds every event up to `seq` (INPUT.eventAck); larger than sent is ignored. */
  ack(seq: number): void {
    if (seq < this.first || seq >= this.nextSeq) return;
    const n = seq - this.first + 1;
    this.pending.splice(0, n);
    this.first += n;
  }

  /**
   * The EVENTS datagram due at `now`, or null: the oldest events that fit 1200 bytes (the rest
   * follow once these are acknowledged).
   */
  due(now: number): Uint8Array | null {
    if (this.pending.length === 0) return null;
    if (!this.fresh && now - this.sentAt < EVENT_RESEND_MS) return null;
    this.fresh = false;
    this.sentAt = now;
    let text = `EVENTS ${this.first}`;
    let size = FRAME_BYTES;
    for (const { token } of this.pending) {
      if (size + 1 + token.length > MAX_DATAGRAM) break;
      text += ` ${token}`;
      size += 1 + token.length;
    }
    return ENCODER.encode(`${text} END`);
  }
}
