/**
 * The client's inputs not yet acknowledged (docs/PROTOCOL.md §9): an input is made only when the
 * held keys change or a one-shot action is pressed, one action per input and per client tick;
 * every INPUT repeats the unacknowledged ones until SNAP.ackSeq covers them.
 */
import type { Action, InputEntry } from '../protocol/index.ts';
import { MAX_INPUT_ENTRIES, U32_MAX } from '../protocol/index.ts';

/** Inputs kept for the predictor beyond the 32 an INPUT carries (the server never waits for a gap). */
const MAX_KEPT = 4 * MAX_INPUT_ENTRIES;

/** Actions pressed faster than one a tick wait here; more than this and the oldest are dropped. */
const MAX_QUEUED_ACTIONS = 8;

/** Inputs remembered after their acknowledgement, for the predictor (see `recent`). */
const RECENT = 64;

/**
 * How rarely every copy of an input may be lost (PROTOCOL.md §9): at the few inputs a second a
 * player makes, once in about half an hour. Such an input then waits for the next datagram
 * (a new input or the keep-alive), and the server has moved without it: one correction.
 */
export const INPUT_LOSS_TARGET = 1e-4;

/** The loss assumed at least, however clean the link looked: every input goes out twice. */
const LOSS_FLOOR = 0.01;

/**
 * How many datagrams carry a new input: the fewest whose copies are all lost less often than
 * INPUT_LOSS_TARGET at the link's `loss` (0–1), at least 2 (2 at 1 % or less, 4 at 5 %, 6 at
 * 20 %). Null, meaning at every client tick until acknowledged, while the loss is not known
 * (null) or too high for copies to help (50 % and more).
 *
 * Why not repeat every unacknowledged input at every tick, as the protocol first did? On a
 * 150 ms link an input is unacknowledged for 5–6 ticks, so each went out 5–6 times, and each
 * datagram wakes the server's process, about 60 µs of its CPU (docs/NETCODE.md §3).
 */
export function inputCopies(loss: number | null): number | null {
  if (loss === null || !(loss < 0.5)) return null;
  const p = Math.max(loss, LOSS_FLOOR);
  return Math.max(2, Math.ceil(Math.log(INPUT_LOSS_TARGET) / Math.log(p) - 1e-9));
}

export class InputLog {
  private entries: InputEntry[] = [];
  private recentEntries: InputEntry[] = [];
  private nextSeq = 1;
  /** Keys of the newest input made: what the server holds once it has applied it. */
  private keys = 0;
  /** Tick of the newest input: stamps never go back, so seq order is tick order. */
  private lastTick = 0;
  /** Client tick in which the newest action went out (-1: none yet). */
  private actionClientTick = -1;
  private queued: Action[] = [];

  /** Unacknowledged inputs, oldest first (what the predictor replays on a snapshot). */
  get unacked(): readonly InputEntry[] {
    return this.entries;
  }

  /**
   * The newest inputs made, acknowledged or not, oldest first. On a LAN an input can be made and
   * acknowledged between two frames: the predictor must still learn of it, or it would replay
   * the old keys over the ticks before the new snapshot and call the difference a correction.
   */
  get recent(): readonly InputEntry[] {
    return this.recentEntries;
  }

  /** The seq the next input will get. */
  get upcomingSeq(): number {
    return this.nextSeq;
  }

  /** Actions pressed but not yet sent (waiting for the next client tick). */
  get queuedActions(): readonly Action[] {
    return this.queued;
  }

  /** What the newest INPUT carries: the newest 32 unacknowledged inputs, oldest first. */
  toSend(): readonly InputEntry[] {
    const n = this.entries.length;
    return n <= MAX_INPUT_ENTRIES ? this.entries : this.entries.slice(n - MAX_INPUT_ENTRIES);
  }

  queueAction(action: Action): void {
    this.queued.push(action);
    if (this.queued.length > MAX_QUEUED_ACTIONS) this.queued.shift();
  }

  /**
   * Makes the input due at client tick `clientTick` with `heldKeys` held, stamped `tick`: one
   * queued action if none went out in this client tick, and the keys if they changed. Returns
   * the new input, or null when nothing changed.
   */
  make(heldKeys: number, tick: number, clientTick: number): InputEntry | null {
    let action: Action | null = null;
    if (this.queued.length > 0 && this.actionClientTick !== clientTick) {
      action = this.queued.shift() ?? null;
      this.actionClientTick = clientTick;
    }
    if (action === null && heldKeys === this.keys) return null;
    const entry: InputEntry = {
      seq: this.nextSeq,
      tick: Math.min(Math.max(tick, this.lastTick), U32_MAX),
      keys: heldKeys,
      action,
    };
    // seq is u32 on the wire: 2^32 inputs would take years; stop there rather than wrap.
    if (this.nextSeq < U32_MAX) this.nextSeq++;
    this.keys = heldKeys;
    this.lastTick = entry.tick;
    this.entries.push(entry);
    if (this.entries.length > MAX_KEPT) this.entries.shift();
    this.recentEntries.push(entry);
    if (this.recentEntries.length > RECENT) this.recentEntries.shift();
    return entry;
  }

  /** SNAP.ackSeq: the server applied every input up to `seq`. */
  ack(seq: number | null): void {
    if (seq === null) return;
    let drop = 0;
    while (drop < this.entries.length && (this.entries[drop]?.seq ?? 0) <= seq) drop++;
    if (drop > 0) this.entries.splice(0, drop);
  }

  /** A new session: the server knows no input yet. Queued actions are dropped too. */
  reset(): void {
    this.entries = [];
    this.recentEntries = [];
    this.nextSeq = 1;
    this.keys = 0;
    this.lastTick = 0;
    this.actionClientTick = -1;
    this.queued = [];
  }
}
