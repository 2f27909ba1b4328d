/**
 * The game events of one session (EVENTS, docs/PROTOCOL.md §11) taken exactly once and in order:
 * the server resends every event until INPUT.eventAck covers it, so the same event arrives
 * again, and datagrams may come out of order. `held` is what INPUT.eventAck reports.
 */
import type { EventsMessage, GameEventWire } from '../protocol/index.ts';

export class EventInbox {
  /** The highest seq taken with every one before it (or given up by the server): 0 = none. */
  held = 0;
  /** Events the server gave up before this session got them (its queue overflowed). */
  skipped = 0;

  /**
   * The new events of `msg`, in order; [] for a repeat. The server always sends its queue from
   * its oldest kept event, so a `first` beyond held + 1 means the events between were dropped for
   * good (the server's cap): they are skipped, not waited for.
   */
  add(msg: EventsMessage): GameEventWire[] {
    const { first, events } = msg;
    if (first > this.held + 1) {
      this.skipped += first - this.held - 1;
      this.held = first - 1;
    }
    const fresh = events.slice(this.held + 1 - first);
    this.held += fresh.length;
    return fresh;
  }
}
