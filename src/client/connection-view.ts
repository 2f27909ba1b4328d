/**
 * What the owner of a client connection reads: its state and why, the session's snapshots,
 * roster and pending inputs, the server clock and the link's quality. The behaviour is in
 * connection.ts (ClientConnection extends this).
 */
import type { GameMap } from '../game/map.ts';
import type { ClosingReason, InputEntry, RosterEntry, WelcomeMessage } from '../protocol/index.ts';
import {
  type ConnectionState,
  type ConnectionStats,
  type ConnectionStep,
  emptyStats,
  FINAL_STATES,
  type Refusal,
} from './connection-types.ts';
import type { PlaySession } from './play-session.ts';
import { RoundTrip } from './round-trip.ts';
import type { Snapshot } from './snapshots.ts';

/** Ticks of snapshots the loss is measured over before `linkLoss` trusts it (about a second). */
const LOSS_MIN_TICKS = 32;

export abstract class ConnectionView {
  /** People's words for the state: what it is doing, or why it failed, was refused, closed. */
  detail = 'saying hello to the server';
  /** The REFUSED reason once `refused`. */
  refusal: Refusal | null = null;
  /** Whether the refusal is the client's own check of the name (nothing was sent), not the server's. */
  refusedByClient = false;
  /** The CLOSING reason once `closed-by-server`. */
  closing: ClosingReason | null = null;
  /** The map once downloaded and checked; kept for a new session with the same checksum. */
  map: GameMap | null = null;
  /** Datagrams and bytes in and out, drops by reason. */
  readonly stats: ConnectionStats = emptyStats();
  /** Round trip (smoothed, jitter, last sample) and PING loss, measured across sessions. */
  readonly link: RoundTrip;

  protected step: ConnectionStep = 'hello';
  /** When the connection was lost (5 s of silence while playing), while recovering; else null. */
  protected lostSince: number | null = null;
  /** The newest session; kept (for display) after the server forgot it, until a new one. */
  protected play: PlaySession | null = null;
  protected heldKeys = 0;

  /** @param pingTimeoutMs a PING unanswered this long counts as lost */
  constructor(pingTimeoutMs: number) {
    this.link = new RoundTrip(pingTimeoutMs);
  }

  get state(): ConnectionState {
    const joining = this.step === 'hello' || this.step === 'connecting' || this.step === 'loading';
    return this.lostSince !== null && joining ? 'lost' : this.step;
  }

  /** The protocol step: the same as `state`, except that `lost` is one of the joining steps. */
  get handshakeStep(): ConnectionStep {
    return this.step;
  }

  get isFinal(): boolean {
    return FINAL_STATES.has(this.step);
  }

  /** The newest session's WELCOME (player id, tick rate, map); null before the first. */
  get welcome(): WelcomeMessage | null {
    return this.play?.welcome ?? null;
  }

  /** The room joined, as the server's WELCOME named it; null: the default room of a CONNECT without one. */
  get room(): string | null {
    return this.play?.welcome.room ?? null;
  }

  /** Applied snapshots, oldest first, over the last 64 ticks. */
  get snapshots(): readonly Snapshot[] {
    return this.play?.snapshots.history ?? [];
  }

  get latestSnapshot(): Snapshot | null {
    return this.play?.snapshots.newest ?? null;
  }

  /** The newest applied snapshot tick, as INPUT.ackTick reports it. */
  get ackTick(): number | null {
    return this.play?.snapshots.ackTick ?? null;
  }

  /** Players by id, from the newest complete roster. */
  get roster(): ReadonlyMap<number, RosterEntry> {
    return this.play?.roster ?? new Map();
  }

  /** The complete roster version held (0: none), as INPUT.rosterVersion reports it. */
  get rosterVersion(): number {
    return this.play?.rosterVersion ?? 0;
  }

  /** Inputs not acknowledged yet, oldest first: what the predictor replays. */
  get pendingInputs(): readonly InputEntry[] {
    return this.play?.inputs.unacked ?? [];
  }

  /** The newest inputs made in this session, acknowledged or not, oldest first (the predictor's). */
  get recentInputs(): readonly InputEntry[] {
    return this.play?.inputs.recent ?? [];
  }

  /** Direction keys held now (a KEY mask). */
  get keys(): number {
    return this.heldKeys;
  }

  /** Ticks added to the estimated server tick when stamping inputs. */
  get lead(): number {
    return this.play?.leadControl.lead ?? 0;
  }

  /** Smoothed round trip in ms (null before a sample); `link` has the rest. */
  get rtt(): number | null {
    return this.link.rtt;
  }

  /** Mean deviation of the round trip in ms. */
  get jitter(): number {
    return this.link.jitter;
  }

  /** Share of the server's snapshots (one a tick) that did not arrive, recently. */
  get downstreamLoss(): number {
    return this.play?.snapshots.downstreamLoss ?? 0;
  }

  /**
   * Rough upstream loss: PING loss with the downstream share taken out,
   * 1 − (1 − pingLoss) / (1 − downstreamLoss); null before any PING outcome. Nothing on the
   * wire counts the client's datagrams, so this is all a client can know.
   */
  get upstreamLoss(): number | null {
    const ping = this.link.loss;
    if (ping === null) return null;
    const down = Math.min(this.downstreamLoss, 0.99);
    return Math.min(1, Math.max(0, 1 - (1 - ping) / (1 - down)));
  }

  /**
   * The link's loss as far as the client can tell (0–1): the larger of the downstream and the
   * rough upstream loss. Null until LOSS_MIN_TICKS snapshots' worth of ticks were measured.
   */
  get linkLoss(): number | null {
    if ((this.play?.snapshots.lossSpan ?? 0) < LOSS_MIN_TICKS) return null;
    return Math.max(this.downstreamLoss, this.upstreamLoss ?? 0);
  }

  /** The server's tick at `now` (fractional, never going back); 0 before WELCOME. */
  serverTickEstimate(now: number): number {
    return this.play?.clock.estimate(now) ?? 0;
  }

  /** The tick a new input made at `now` is stamped with: estimated server tick + lead. */
  inputTick(now: number): number {
    return this.play?.inputTick(now) ?? 0;
  }

  /** `inputTick` before rounding down (PlaySession.inputTickExact); 0 before WELCOME. */
  inputTickExact(now: number): number {
    return this.play?.inputTickExact(now) ?? 0;
  }
}
