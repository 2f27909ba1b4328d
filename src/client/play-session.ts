/**
 * What one session knows while it plays: its WELCOME, the server clock and the input lead, the
 * unacknowledged inputs, the snapshots, the roster and the game events. A new session (a new token) starts a new
 * one: the server knows none of the old seqs, ticks or roster versions.
 */
import {
  type InputEntry,
  type InputMessage,
  RosterAssembler,
  type RosterEntry,
  type RosterMessage,
  type RosterPartStatus,
  type SnapMessage,
  type WelcomeMessage,
} from '../protocol/index.ts';
import { EventInbox } from './event-inbox.ts';
import { InputLog } from './input-log.ts';
import { LeadControl, ServerClock } from './server-clock.ts';
import { type SnapshotResult, SnapshotStore } from './snapshots.ts';

export class PlaySession {
  readonly inputs = new InputLog();
  readonly snapshots = new SnapshotStore();
  /** The game events taken so far (their ack goes out in every INPUT). */
  readonly events = new EventInbox();
  readonly clock: ServerClock;
  readonly leadControl: LeadControl;
  private readonly rosterAssembler = new RosterAssembler();
  private rosterById = new Map<number, RosterEntry>();
  /** Client ticks count from here (ms): the time of WELCOME. */
  private readonly tickEpoch: number;
  private lastClientTick = 0;
  /** Half the round trip, ms: the part of an input's stamp that covers its trip to the server. */
  private oneWayMs: number;
  /** The round trip's mean deviation, ms (null: not measured yet): the stamps' margin. */
  private jitterMs: number | null;

  /**
   * @param welcome the session's WELCOME, arrived at `now`
   * @param oneWayMs half the round trip if known: the initial clock and lead use it
   * @param jitterMs the round trip's jitter if known: the initial lead's margin uses it
   */
  constructor(
    readonly welcome: WelcomeMessage,
    now: number,
    oneWayMs: number | null,
    jitterMs: number | null = null,
  ) {
    this.clock = new ServerClock(welcome.tickRate);
    this.clock.observe(welcome.tick, now, oneWayMs ?? 0);
    this.oneWayMs = oneWayMs ?? 0;
    this.jitterMs = jitterMs;
    // Before any round trip is known, one tick more covers the trip the clock could not count.
    this.leadControl = new LeadControl(oneWayMs === null ? 1 : 0, welcome.tickRate);
    this.tickEpoch = now;
  }

  get token(): string {
    return this.welcome.token;
  }

  get roster(): ReadonlyMap<number, RosterEntry> {
    return this.rosterById;
  }

  /** The complete roster version held (0: none yet). */
  get rosterVersion(): number {
    return this.rosterAssembler.version;
  }

  /**
   * The tick a new input made at `now` is stamped with: the server tick it will arrive at (the
   * estimated server tick plus the one-way trip) plus the jitter margin, rounded down, plus the
   * lead's correction.
   */
  inputTick(now: number): number {
    return Math.floor(this.inputTickExact(now));
  }

  /**
   * `inputTick` before rounding down: its fraction is how far `now` is into the time during which
   * inputs are stamped with that tick (a tap's release is timed by it, held-keys.ts TapFrom).
   */
  inputTickExact(now: number): number {
    const margin = LeadControl.marginFor(this.jitterMs, this.welcome.tickRate);
    return this.clock.arrival(now, this.oneWayMs) + margin + this.leadControl.lead;
  }

  /** Client ticks since WELCOME, at the server's tick rate. */
  clientTick(now: number): number {
    return Math.floor(((now - this.tickEpoch) * this.welcome.tickRate) / 1000);
  }

  /** Whether a client tick began since the last call that said so. */
  tickBegan(now: number): boolean {
    const tick = this.clientTick(now);
    if (tick <= this.lastClientTick) return false;
    this.lastClientTick = tick;
    return true;
  }

  /** The input due now: the held keys changed, or an action waits. Null when none is due. */
  makeInput(heldKeys: number, now: number): InputEntry | null {
    return this.inputs.make(heldKeys, this.inputTick(now), this.clientTick(now));
  }

  /** The INPUT to send now: acks and every unacknowledged input (the newest 32). */
  inputMessage(): InputMessage {
    return {
      type: 'INPUT',
      token: this.welcome.token,
      ackTick: this.snapshots.ackTick,
      rosterVersion: this.rosterAssembler.version,
      eventAck: this.events.held,
      inputs: this.inputs.toSend(),
    };
  }

  /** Applies a SNAP: its positions, its acks, its lead and its tick for the clock. */
  applySnap(
    msg: SnapMessage,
    now: number,
    oneWayMs: number,
    jitterMs: number | null = null,
  ): SnapshotResult {
    const result = this.snapshots.add(msg, now);
    if (!result.ok) return result;
    this.inputs.ack(msg.ackSeq);
    this.oneWayMs = oneWayMs;
    this.jitterMs = jitterMs;
    const margin = LeadControl.marginFor(jitterMs, this.welcome.tickRate);
    this.leadControl.onSnapshot(msg.lead, msg.ackSeq, this.inputs.upcomingSeq, now, margin);
    this.clock.observe(msg.tick, now, oneWayMs);
    return result;
  }

  applyRoster(msg: RosterMessage): RosterPartStatus {
    const status = this.rosterAssembler.add(msg);
    if (status === 'complete') {
      this.rosterById = new Map(this.rosterAssembler.players.map((p) => [p.id, p]));
    }
    return status;
  }
}
