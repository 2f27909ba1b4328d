/**
 * The client's protocol engine (docs/PROTOCOL.md §7–§11): one session with one server through a
 * Transport, headless and pure of real time. The owner calls `update(now)` every few ms (at
 * least once a client tick) and the transport hands it datagrams with their arrival time; the
 * terminal client, bots, benchmarks and the server's tests all drive it the same way. It never
 * closes the transport: the owner does, once the state is final.
 *
 * States (PROTOCOL §7): hello → connecting → loading → playing → disconnecting → closed; also
 * refused, failed, closed-by-server, and lost (5 s of silence while playing: HELLO again for up
 * to 30 s, resuming the old session if it still lives). NOSESSION starts a fresh session.
 */
import { type Address, addressKey } from '../net/transport.ts';
import {
  type Action,
  CLOSING_TEXT,
  decode,
  encodeBytes,
  MAX_NAME_CHARS,
  type Message,
  type MessageOf,
  makeHello,
  makePing,
  PROTOCOL_VERSION,
  REFUSAL_TEXT,
  type RefusalReason,
  type WelcomeMessage,
} from '../protocol/index.ts';
import {
  type ClientConnectionOptions,
  type ClientDropReason,
  type ConnectionEvent,
  type ConnectionStep,
  type ConnectionTimers,
  DEFAULT_MAX_RESTARTS,
  DEFAULT_TIMERS,
  type Refusal,
} from './connection-types.ts';
import { ConnectionView } from './connection-view.ts';
import { inputCopies } from './input-log.ts';
import { MapDownload } from './map-download.ts';
import { PlaySession } from './play-session.ts';
import { pingStamp } from './round-trip.ts';

export * from './connection-types.ts';
export { ConnectionView } from './connection-view.ts';
export type { Snapshot } from './snapshots.ts';

/**
 * Why a name cannot even travel in CONNECT (the server judges the rest), in the client's own
 * words (the server was not asked), or null.
 */
function untravellableName(name: string): { reason: Refusal; text: string } | null {
  if (name.length === 0) return { reason: 'name-empty', text: 'Names cannot be empty' };
  if (new TextEncoder().encode(name).length > 64)
    return { reason: 'name-too-long', text: `Names have at most ${MAX_NAME_CHARS} characters` };
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f)
      return { reason: 'name-bad-char', text: 'Names cannot contain spaces or control characters' };
  }
  return null;
}

export class ClientConnection extends ConnectionView {
  private readonly o: ConnectionTimers;
  private readonly serverKey: string;
  private stepSince: number;
  /** HELLOs or CONNECTs sent in this step, and when the last went out (an RTT sample if one). */
  private stepSends = 0;
  private stepSentAt = 0;
  private nextSendAt: number;
  private cookie: string | null = null;
  /** Whether the server may still know `play`'s token: session messages only then. */
  private live = false;
  private download: MapDownload | null = null;
  private mapChecksum: string | null = null;
  private restarts = 0;
  /** Client ticks that may still repeat the newest input (inputCopies − 1); null: until acked. */
  private repeatsLeft: number | null = null;
  private lastHeard: number;
  /** When the server was last heard from (ms; the start until it answers). */
  get heardAt(): number {
    return this.lastHeard;
  }
  private lastInputAt = Number.NEGATIVE_INFINITY;
  private nextPingAt = 0;

  constructor(private readonly options: ClientConnectionOptions) {
    super(options.pingTimeoutMs ?? DEFAULT_TIMERS.pingTimeoutMs);
    const { now } = options;
    this.o = { ...DEFAULT_TIMERS };
    for (const key of Object.keys(DEFAULT_TIMERS) as (keyof ConnectionTimers)[]) {
      this.o[key] = options[key] ?? DEFAULT_TIMERS[key];
    }
    this.serverKey = addressKey(options.server);
    this.stepSince = now;
    this.lastHeard = now;
    this.nextSendAt = now;
    if (options.listen ?? true) {
      options.transport.onDatagram((data, from, at) => this.receive(data, from, at));
    }
    const bad = untravellableName(options.name);
    if (bad !== null) {
      this.refusal = bad.reason;
      this.refusedByClient = true;
      this.setStep('refused', now, bad.text);
    } else {
      this.sendHandshake(now);
    }
  }

  // ── What the owner does ───────────────────────────────────────────────────────────────

  /** The held direction keys changed (KEY mask 0–15): an input goes out at once while playing. */
  setInput(keys: number, now: number): void {
    this.heldKeys = keys & 15;
    this.makeInput(now);
  }

  /**
   * A one-shot action: one input each, at most one a client tick (a second one in the same
   * tick waits for the next). False when not playing: the action is dropped.
   */
  pressAction(action: Action, now: number): boolean {
    if (this.step !== 'playing' || this.play === null) return false;
    this.play.inputs.queueAction(action);
    this.makeInput(now);
    return true;
  }

  /** Leaves: DISCONNECT until DISCONNECTED or 1 s, then `closed` (at once without a session). */
  disconnect(now: number): void {
    if (this.isFinal || this.step === 'disconnecting') return;
    this.lostSince = null;
    if (!this.live) {
      this.setStep('closed', now, 'left before joining');
      return;
    }
    this.setStep('disconnecting', now, 'leaving the server');
    this.sendDisconnect(now);
  }

  /** Resends, inputs, keep-alives, pings and timeouts due at `now`. Call every few ms. */
  update(now: number): void {
    if (this.step === 'hello' || this.step === 'connecting') this.updateJoining(now);
    else if (this.step === 'loading') this.updateLoading(now);
    else if (this.step === 'playing') this.updatePlaying(now);
    else if (this.step === 'disconnecting') {
      if (now - this.stepSince >= this.o.disconnectLimitMs) {
        this.setStep('closed', now, 'left (the server did not confirm)');
      } else if (now >= this.nextSendAt) {
        this.sendDisconnect(now);
      }
    }
  }

  /**
   * An error the socket reported (its owner passes them on). ECONNREFUSED is the system's ICMP
   * "port unreachable": during a first handshake nothing listens there, so waiting 5 s for an
   * answer is pointless. Once joined, or while lost and retrying (the server may be restarting),
   * it is only a loss like any other. True when it ended the connection.
   */
  socketError(error: Error, now: number): boolean {
    const code = (error as { code?: unknown }).code;
    const joining = this.step === 'hello' || this.step === 'connecting';
    if (code !== 'ECONNREFUSED' || !joining || this.lostSince !== null) return false;
    this.fail(now, 'server unreachable: nothing is listening on that port');
    return true;
  }

  /** One datagram from `from`, arrived at `now` (the transport's handler calls this). */
  receive(data: Uint8Array, from: Address, now: number): void {
    this.stats.datagramsIn++;
    this.stats.bytesIn += data.length;
    if (addressKey(from) !== this.serverKey) {
      this.drop('wrong-sender', `from ${addressKey(from)}, not the server ${this.serverKey}`);
      return;
    }
    const decoded = decode(data, 'client');
    if (!decoded.ok) {
      this.drop(decoded.reason, decoded.detail);
      return;
    }
    const unexpected = this.handle(decoded.msg, now);
    if (unexpected !== null) {
      this.drop('unexpected', unexpected);
      return;
    }
    this.lastHeard = Math.max(this.lastHeard, now);
  }

  // ── Timers ────────────────────────────────────────────────────────────────────────────

  private updateJoining(now: number): void {
    if (this.lostSince !== null) {
      if (now - this.lostSince >= this.o.lostRetryMs) {
        this.fail(now, `connection lost: no answer for ${this.o.lostRetryMs / 1000} s`);
        return;
      }
      // If only the server's direction was cut, the old session still hears us: keep it alive.
      if (this.live && now - this.lastInputAt >= this.o.keepAliveMs) this.sendInput(now);
    } else if (now - this.stepSince >= this.o.giveUpMs) {
      this.fail(now, `server unreachable: no answer for ${this.o.giveUpMs / 1000} s`);
      return;
    }
    if (now >= this.nextSendAt) this.sendHandshake(now);
  }

  private updateLoading(now: number): void {
    if (now - this.lastHeard < this.o.giveUpMs) {
      this.requestMapChunks(now);
    } else if (this.lostSince !== null && now - this.lostSince < this.o.lostRetryMs) {
      this.restart(now, 'connection lost, retrying', false);
    } else {
      this.fail(now, `server unreachable: the map stalled for ${this.o.giveUpMs / 1000} s`);
    }
  }

  private updatePlaying(now: number): void {
    if (now - this.lastHeard >= this.o.sessionTimeoutMs) {
      this.lostSince = now;
      this.cookie = null;
      this.setStep('hello', now, 'connection lost, retrying');
      this.sendHandshake(now);
      return;
    }
    this.link.expire(now);
    // A client tick: a new input goes out at once; else the unacknowledged ones are repeated,
    // as many times as the loss asks for (inputCopies), and then only by the keep-alive.
    if (
      this.play?.tickBegan(now) &&
      !this.makeInput(now) &&
      this.pendingInputs.length > 0 &&
      this.repeatsLeft !== 0
    ) {
      if (this.repeatsLeft !== null) this.repeatsLeft--;
      this.sendInput(now);
    }
    if (now - this.lastInputAt >= this.o.keepAliveMs) this.sendInput(now);
    if (now >= this.nextPingAt) this.sendPing(now);
  }

  // ── Received messages: null when accepted, else why it is unexpected ─────────────────

  private handle(msg: Message, now: number): string | null {
    const step = this.step;
    const recovering = this.lostSince !== null && this.live;
    const inSession = step === 'loading' || step === 'playing' || recovering;
    switch (msg.type) {
      case 'CHALLENGE':
        if (step === 'connecting') {
          this.cookie = msg.cookie; // it answers a repeated HELLO: as good as the first
          return null;
        }
        if (step !== 'hello') return `CHALLENGE while ${step}`;
        this.stepRoundTrip(now);
        this.cookie = msg.cookie;
        this.setStep('connecting', now, 'joining the server');
        this.sendHandshake(now);
        return null;
      case 'REFUSED':
        if (step !== 'hello' && step !== 'connecting') return `REFUSED while ${step}`;
        this.onRefused(msg.reason, now);
        return null;
      case 'WELCOME':
        if (step === 'connecting') {
          this.onWelcome(msg, now);
          return null;
        }
        // A repeated WELCOME answers a repeated CONNECT: nothing new.
        return this.live && this.play?.token === msg.token ? null : `WELCOME while ${step}`;
      case 'MAP':
        return this.onMap(msg, now);
      case 'SNAP':
        return step === 'playing' || recovering ? this.onSnap(msg, now) : `SNAP while ${step}`;
      case 'ROSTER': {
        if (this.play === null || !(step === 'playing' || recovering))
          return `ROSTER while ${step}`;
        const status = this.play.applyRoster(msg);
        if (status === 'complete') {
          this.emit({ type: 'roster', version: msg.version });
          // Said at once: until the server hears of it, it resends the roster every 250 ms.
          if (step === 'playing') this.sendInput(now);
        }
        // Older versions and duplicates are ignored, not dropped.
        return status === 'bad' ? `ROSTER ${msg.version}: its parts or ids disagree` : null;
      }
      case 'EVENTS': {
        if (this.play === null || !(step === 'playing' || recovering))
          return `EVENTS while ${step}`;
        for (const event of this.play.events.add(msg)) this.emit({ type: 'game', event });
        // Acknowledged at once, new or repeated: until the server hears of it, it resends them
        // every 250 ms.
        if (step === 'playing') this.sendInput(now);
        return null;
      }
      case 'PONG': {
        if (this.play === null || this.isFinal) return `PONG while ${step}`;
        const rtt = this.link.answered(msg.stamp, now);
        if (rtt === null) return `PONG of stamp ${msg.stamp}: no such PING pending`;
        this.play.clock.observe(msg.tick, now, rtt / 2);
        return null;
      }
      case 'NOSESSION':
        // It echoes the start of the token it answers: one naming another token was provoked by
        // somebody else (a spoofer using our address), not by us.
        if (this.play === null || !this.play.token.startsWith(msg.token)) {
          return `NOSESSION for token ${msg.token}…, not ours`;
        }
        if (step === 'disconnecting') {
          this.setStep('closed', now, 'left');
        } else if (step === 'loading' || step === 'playing') {
          this.restart(now, 'the server forgot the session; joining again', true);
        } else if (recovering) {
          this.live = false; // the old session is gone: only a new one can follow
        } else {
          return `NOSESSION while ${step}`;
        }
        return null;
      case 'CLOSING':
        if (step === 'disconnecting') {
          this.setStep('closed', now, 'left');
        } else if (inSession) {
          this.closing = msg.reason;
          this.finish('closed-by-server', now, CLOSING_TEXT[msg.reason]);
        } else {
          return `CLOSING while ${step}`;
        }
        return null;
      case 'DISCONNECTED':
        if (step !== 'disconnecting') return `DISCONNECTED while ${step}`;
        this.setStep('closed', now, 'left');
        return null;
      default:
        return `${msg.type} is not sent to clients`; // decode drops these already
    }
  }

  private onRefused(reason: RefusalReason, now: number): void {
    if (reason === 'cookie') {
      this.restart(now, 'the handshake expired; starting over', this.lostSince === null);
    } else if (reason === 'name-taken' && this.lostSince !== null) {
      // Our old session may hold the name (from another port after a NAT rebinding) until the
      // server times it out: keep trying while the recovery lasts.
      this.cookie = null;
      this.setStep('hello', now, 'connection lost, retrying (the name is still taken)');
      this.nextSendAt = now + this.o.resendMs;
    } else {
      this.refusal = reason;
      this.finish('refused', now, REFUSAL_TEXT[reason]);
    }
  }

  private onWelcome(msg: WelcomeMessage, now: number): void {
    this.stepRoundTrip(now);
    const same = this.play?.token === msg.token;
    if (!same) {
      this.play = new PlaySession(
        msg,
        now,
        this.oneWayMs(),
        this.link.rtt === null ? null : this.link.jitter,
      );
      this.link.forgetOutstanding();
    }
    this.live = true;
    if (this.map !== null && this.mapChecksum === msg.mapChecksum) {
      this.enterPlaying(now, same ? 'connection restored' : 'playing');
    } else {
      this.map = null;
      this.mapChecksum = null;
      this.download = new MapDownload(msg, this.o.resendMs);
      this.setStep('loading', now, `downloading the map ${msg.mapName}`);
      this.requestMapChunks(now);
    }
  }

  private onMap(msg: MessageOf<'MAP'>, now: number): string | null {
    if (this.step !== 'loading' || this.download === null || this.play === null) {
      return `MAP while ${this.step}`;
    }
    const status = this.download.add(msg);
    if (status.kind === 'foreign') return status.detail;
    if (status.kind === 'more') this.requestMapChunks(now);
    else if (status.kind === 'failed') this.fail(now, status.detail);
    else {
      this.map = status.map;
      this.mapChecksum = this.play.welcome.mapChecksum;
      this.download = null;
      this.enterPlaying(now, 'playing');
    }
    return null;
  }

  private onSnap(msg: MessageOf<'SNAP'>, now: number): string | null {
    if (this.play === null) return 'SNAP without a session';
    const jitter = this.link.rtt === null ? null : this.link.jitter;
    const result = this.play.applySnap(msg, now, this.oneWayMs() ?? 0, jitter);
    if (!result.ok) return result.detail;
    this.restarts = 0;
    if (this.step !== 'playing') this.enterPlaying(now, 'connection restored');
    this.emit({ type: 'snapshot', snapshot: result.snapshot });
    return null;
  }

  // ── Transitions ───────────────────────────────────────────────────────────────────────

  private enterPlaying(now: number, detail: string): void {
    this.lostSince = null;
    this.setStep('playing', now, detail);
    this.play?.tickBegan(now);
    if (!this.makeInput(now)) this.sendInput(now);
    this.sendPing(now);
  }

  /** Back to HELLO; a `counted` restart is a fresh session, and only maxRestarts in a row. */
  private restart(now: number, detail: string, counted: boolean): void {
    if (counted) {
      this.restarts++;
      if (this.restarts > (this.options.maxRestarts ?? DEFAULT_MAX_RESTARTS)) {
        this.fail(now, `${detail}: gave up after ${this.restarts - 1} restarts`);
        return;
      }
      this.live = false;
    }
    this.cookie = null;
    this.setStep('hello', now, detail);
    this.sendHandshake(now);
  }

  private fail(now: number, detail: string): void {
    this.finish('failed', now, detail);
  }

  private finish(step: 'failed' | 'refused' | 'closed-by-server', now: number, detail: string) {
    this.lostSince = null;
    this.live = false;
    this.setStep(step, now, detail);
  }

  private setStep(step: ConnectionStep, now: number, detail: string): void {
    const before = this.state;
    const beforeDetail = this.detail;
    if (step !== this.step) {
      this.stepSends = 0;
      this.stepSince = now;
    }
    this.step = step;
    this.detail = detail;
    if (this.state !== before || detail !== beforeDetail) {
      this.emit({ type: 'state', state: this.state, detail });
    }
  }

  // ── Sending ───────────────────────────────────────────────────────────────────────────

  private send(msg: Message): void {
    const bytes = encodeBytes(msg);
    this.stats.datagramsOut++;
    this.stats.bytesOut += bytes.length;
    if (!this.options.transport.send(bytes, this.options.server)) this.stats.sendFailures++;
  }

  private sendHandshake(now: number): void {
    if (this.step === 'connecting' && this.cookie !== null) {
      const { name, room } = this.options;
      const cookie = this.cookie;
      this.send({
        type: 'CONNECT',
        version: PROTOCOL_VERSION,
        cookie,
        name,
        ...(room ? { room } : {}),
      });
    } else {
      this.send(makeHello());
    }
    this.stepSends++;
    this.stepSentAt = now;
    this.nextSendAt = now + this.o.resendMs;
  }

  /** A round-trip sample from the handshake, when only one request of this step went out. */
  private stepRoundTrip(now: number): void {
    if (this.stepSends === 1) this.link.sample(now - this.stepSentAt);
  }

  private requestMapChunks(now: number): void {
    if (this.download === null || this.play === null) return;
    for (const chunk of this.download.due(now)) {
      this.send({ type: 'MAPREQ', token: this.play.token, chunk });
    }
  }

  /** Makes the input due now (held keys changed, or a queued action) and sends it at once. */
  private makeInput(now: number): boolean {
    if (this.step !== 'playing' || this.play?.makeInput(this.heldKeys, now) == null) return false;
    const copies = inputCopies(this.linkLoss);
    this.repeatsLeft = copies === null ? null : copies - 1;
    this.sendInput(now);
    return true;
  }

  private sendInput(now: number): void {
    if (this.play === null || !this.live) return;
    this.send(this.play.inputMessage());
    this.lastInputAt = now;
  }

  private sendPing(now: number): void {
    if (this.play === null || !this.live) return;
    const stamp = pingStamp(now);
    this.link.sent(stamp, now);
    this.send(makePing(this.play.token, stamp));
    this.nextPingAt = now + this.o.pingIntervalMs;
  }

  private sendDisconnect(now: number): void {
    if (this.play !== null) this.send({ type: 'DISCONNECT', token: this.play.token });
    this.nextSendAt = now + this.o.disconnectResendMs;
  }

  private oneWayMs(): number | null {
    return this.link.rtt === null ? null : this.link.rtt / 2;
  }

  private drop(reason: ClientDropReason, detail: string): void {
    this.stats.drops[reason]++;
    this.emit({ type: 'drop', reason, detail });
  }

  private emit(event: ConnectionEvent): void {
    this.options.onEvent?.(event);
  }
}
