/**
 * A light protocol client for `bun run bench capacity` (docs/PROTOCOL.md §7–§11): what a real
 * client sends, so that the server does the work it does for real clients, at a fraction of the
 * real client's cost, so that one load-generator process can carry hundreds of them.
 * - the handshake (HELLO, CONNECT naming a room or not, resends every 250 ms), the whole map
 *   (MAPREQ for every missing chunk, every 250 ms);
 * - INPUTs as the real client makes them (§9): one when the keys change or an action is due,
 *   stamped with the server tick it reaches, carrying every unacknowledged entry; repeated at
 *   every client tick until acknowledged while the loss is unknown (the first 32 snapshots),
 *   then once (two copies, the real client's figure at ≤ 1 % loss); a keep-alive after 500 ms;
 *   one at once for every complete ROSTER and every EVENTS (their acknowledgements);
 * - `ackTick` the newest SNAP received, so the server deltas against it; `rosterVersion` the
 *   newest complete ROSTER; `eventAck` the highest EVENTS seq held with all before it;
 * - a session PING a second.
 * It reads SNAP's header only (tick, ackSeq, rosterVersion, phase: by bytes, without decoding
 * the entries: it keeps no positions, and needs none to acknowledge); every other message,
 * rare, is decoded in full. It plays like bench server's clients: its team (a seeker or a
 * hider), READY (again in every lobby), then keys that change every 0.1–0.4 s.
 * Time is a parameter: the worker (capacity-worker.ts) passes its clock.
 */
import { KEY } from '../src/game/movement.ts';
import { type RngState, rngInt, seedRng } from '../src/game/rng.ts';
import {
  type Action,
  decode,
  encodeBytes,
  type InputEntry,
  type Message,
  makeHello,
  makePing,
  PROTOCOL_VERSION,
} from '../src/protocol/index.ts';

const KEYSETS = [KEY.up, KEY.down, KEY.left, KEY.right, KEY.up | KEY.right, KEY.down | KEY.left, 0];
const RESEND_MS = 250;
const KEEP_ALIVE_MS = 500;
const PING_MS = 1000;
/** A handshake or map download that takes longer has failed. */
const GIVE_UP_MS = 10_000;
/** Snapshots before the loss is "measured" (§9): until then inputs repeat until acknowledged. */
const LOSS_UNKNOWN_SNAPS = 32;
const MAX_ENTRIES = 32;

export type LightStep = 'hello' | 'connecting' | 'loading' | 'playing' | 'failed';

export interface LightClientOptions {
  readonly name: string;
  /** The room named in CONNECT; null: none (the default room, as a client of before rooms). */
  readonly room: string | null;
  /** R: a seeker, B: a hider. */
  readonly team: 'R' | 'B';
  readonly seed: number;
  /** Sends one datagram to the server. */
  readonly send: (bytes: Uint8Array) => void;
  readonly now: number;
}

/** What a client counted; the worker zeroes it at a window's start. */
export interface LightCounters {
  snapshots: number;
  datagramsIn: number;
  bytesIn: number;
  datagramsOut: number;
  bytesOut: number;
  largestIn: number;
  /** SNAPs whose header did not parse, other datagrams that did not decode. */
  bad: number;
}

export const zeroCounters = (): LightCounters => ({
  snapshots: 0,
  datagramsIn: 0,
  bytesIn: 0,
  datagramsOut: 0,
  bytesOut: 0,
  largestIn: 0,
  bad: 0,
});

export class LightClient {
  step: LightStep = 'hello';
  /** Why it failed (REFUSED's reason, CLOSING's, a timeout), and in which step. */
  failure = '';
  failedWhile: LightStep | null = null;
  counters = zeroCounters();
  /** First letter of the newest SNAP's phase: L(OBBY), C(OUNTDOWN), G(AME), E(ND); '' before. */
  phase = '';
  private readonly rng: RngState;
  private stepSince: number;
  private nextSendAt: number;
  private cookie = '';
  private token = '';
  private playerId = 0;
  private tickMs = 1000 / 30;
  private chunks: boolean[] = [];
  // Snapshots and acknowledgements.
  private snaps = 0;
  private ackTick = -1;
  private snapTick = 0;
  private snapAt = 0;
  private lastHeard: number;
  private rosterVersion = 0;
  private rosterParts = new Map<number, Message & { type: 'ROSTER' }>();
  private rosterBuilding = 0;
  private eventAck = 0;
  // Inputs.
  private pending: InputEntry[] = [];
  private nextSeq = 1;
  private lastStamp = 0;
  private repeatsLeft = Number.POSITIVE_INFINITY;
  private keys = 0;
  private nextKeysAt = 0;
  private nextClientTick = 0;
  private lastInputAt = Number.NEGATIVE_INFINITY;
  private nextPingAt = 0;
  // Team and ready, from the roster.
  private myTeam = 'N';
  private myReady = false;
  /** The seq of the newest team or READY input (0: none yet). */
  private actionSeq = 0;
  /**
   * The roster version that shows the newest action's effect: that of the SNAP acknowledging
   * it (the tick that applied it updated the roster before the SNAP). Until the client holds
   * it, a press is not repeated (READY toggles: a second press would undo the first).
   */
  private actionRoster = 0;

  constructor(private readonly o: LightClientOptions) {
    this.rng = seedRng(o.seed);
    this.stepSince = o.now;
    this.nextSendAt = o.now;
    this.lastHeard = o.now;
  }

  get playing(): boolean {
    return this.step === 'playing';
  }

  /** Resends, client ticks, inputs, keep-alives and pings due at `now`. */
  update(now: number): void {
    const step = this.step;
    if (step === 'failed') return;
    if (step !== 'playing' && now - this.stepSince > GIVE_UP_MS) {
      this.fail(`no answer while ${step} for ${GIVE_UP_MS / 1000} s`);
      return;
    }
    if (step === 'hello' || step === 'connecting') {
      if (now >= this.nextSendAt) this.sendHandshake(now);
    } else if (step === 'loading') {
      if (now >= this.nextSendAt) this.requestChunks(now);
    } else {
      if (now - this.lastHeard > 5000) {
        this.fail('the server went silent for 5 s');
        return;
      }
      if (now >= this.nextClientTick) {
        this.nextClientTick += this.tickMs;
        if (this.nextClientTick < now) this.nextClientTick = now + this.tickMs;
        this.clientTick(now);
      }
      if (now - this.lastInputAt >= KEEP_ALIVE_MS) this.sendInput(now);
      if (now >= this.nextPingAt) {
        this.nextPingAt = now + PING_MS;
        this.send(encodeBytes(makePing(this.token, Math.floor(now) % 4_294_967_296)));
      }
    }
  }

  /** Leaves: one DISCONNECT (not repeated: the bench is over, a lost one times out). */
  disconnect(): void {
    if (this.step === 'playing' || this.step === 'loading') {
      this.send(encodeBytes({ type: 'DISCONNECT', token: this.token }));
    }
    this.fail('left');
  }

  /** One datagram from the server. */
  receive(data: Uint8Array, now: number): void {
    const c = this.counters;
    c.datagramsIn++;
    c.bytesIn += data.length;
    if (data.length > c.largestIn) c.largestIn = data.length;
    this.lastHeard = now;
    // SNAP: the only frequent message, read by its header alone.
    if (data[0] === 0x53 && data[1] === 0x4e) {
      if (!this.readSnap(data, now)) c.bad++;
      return;
    }
    const decoded = decode(data, 'client');
    if (!decoded.ok) {
      c.bad++;
      return;
    }
    this.handle(decoded.msg, now);
  }

  private handle(msg: Message, now: number): void {
    switch (msg.type) {
      case 'CHALLENGE':
        if (this.step !== 'hello') return;
        this.cookie = msg.cookie;
        this.setStep('connecting', now);
        this.sendHandshake(now);
        return;
      case 'REFUSED':
        if (this.step === 'hello' || this.step === 'connecting') this.fail(`refused ${msg.reason}`);
        return;
      case 'WELCOME':
        if (this.step !== 'connecting') return;
        this.token = msg.token;
        this.playerId = msg.playerId;
        this.tickMs = 1000 / msg.tickRate;
        this.snapTick = msg.tick;
        this.snapAt = now;
        this.chunks = new Array<boolean>(msg.mapChunks).fill(false);
        this.setStep('loading', now);
        this.requestChunks(now);
        return;
      case 'MAP':
        if (this.step !== 'loading' || msg.chunk >= this.chunks.length) return;
        this.chunks[msg.chunk] = true;
        if (this.chunks.every(Boolean)) {
          this.setStep('playing', now);
          // Client ticks at a phase of their own, as real clients' are.
          this.nextClientTick = now + rngInt(this.rng, Math.floor(this.tickMs));
          this.sendInput(now);
        }
        return;
      case 'ROSTER':
        this.onRoster(msg, now);
        return;
      case 'EVENTS': {
        const last = msg.first + msg.events.length - 1;
        // A first above held + 1: the server dropped the ones between (§11); skip them.
        if (last > this.eventAck) this.eventAck = last;
        if (this.step === 'playing') this.sendInput(now);
        return;
      }
      case 'CLOSING':
        this.fail(`closing ${msg.reason}`);
        return;
      case 'NOSESSION':
        this.fail('no session');
        return;
      default:
        return; // PONG, DISCONNECTED: nothing to do
    }
  }

  /** `SNAP <tick> <baseTick> <ackSeq> <lead> <rosterVersion> <phase> …`: false if malformed. */
  private readSnap(data: Uint8Array, now: number): boolean {
    if (this.step !== 'playing') return true;
    let i = 5;
    const field = (): number => {
      // A decimal (−1 for '-'; a leading '-' of a negative lead is skipped), then its space.
      if (data[i] === 0x2d) {
        i++;
        if (data[i] === 0x20) {
          i++;
          return -1;
        }
      }
      let v = 0;
      const start = i;
      while (i < data.length && data[i]! >= 0x30 && data[i]! <= 0x39)
        v = v * 10 + data[i++]! - 0x30;
      if (i === start || data[i] !== 0x20) return Number.NaN;
      i++;
      return v;
    };
    const tick = field();
    field(); // baseTick
    const ackSeq = field();
    field(); // lead
    const rosterVersion = field();
    if (Number.isNaN(tick) || Number.isNaN(ackSeq) || Number.isNaN(rosterVersion)) return false;
    const phase = data[i];
    this.phase =
      phase === 0x4c
        ? 'L'
        : phase === 0x43
          ? 'C'
          : phase === 0x47
            ? 'G'
            : phase === 0x45
              ? 'E'
              : '';
    this.counters.snapshots++;
    this.snaps++;
    if (tick > this.ackTick) {
      this.ackTick = tick;
      this.snapTick = tick;
      this.snapAt = now;
    }
    if (ackSeq >= this.actionSeq && this.actionRoster === Number.POSITIVE_INFINITY) {
      this.actionRoster = rosterVersion;
    }
    if (ackSeq >= 0 && this.pending.length > 0) {
      let n = 0;
      while (n < this.pending.length && this.pending[n]!.seq <= ackSeq) n++;
      if (n > 0) this.pending.splice(0, n);
    }
    return true;
  }

  private onRoster(msg: Message & { type: 'ROSTER' }, now: number): void {
    if (msg.version <= this.rosterVersion) return;
    if (msg.version !== this.rosterBuilding) {
      if (msg.version < this.rosterBuilding) return;
      this.rosterBuilding = msg.version;
      this.rosterParts.clear();
    }
    this.rosterParts.set(msg.part, msg);
    if (this.rosterParts.size < msg.parts) return;
    this.rosterVersion = msg.version;
    for (const part of this.rosterParts.values()) {
      for (const p of part.players) {
        if (p.id !== this.playerId) continue;
        this.myTeam = p.team;
        this.myReady = p.ready;
      }
    }
    this.rosterParts.clear();
    if (this.step === 'playing') this.sendInput(now);
  }

  /** The client's tick: what a player does now, then the input it makes or repeats. */
  private clientTick(now: number): void {
    let action: Action | null = null;
    // The roster shows what the last press did: only then is another one due.
    const settled = this.rosterVersion > 0 && this.rosterVersion >= this.actionRoster;
    const lobby = this.phase === 'L';
    if (lobby && settled && this.myTeam !== this.o.team) {
      action = this.o.team === 'R' ? 'RED' : 'BLUE';
    } else if (lobby && settled && !this.myReady) {
      action = 'READY';
    }
    let keys = this.keys;
    if (now >= this.nextKeysAt && (this.myReady || !lobby)) {
      this.nextKeysAt = now + 100 + rngInt(this.rng, 300);
      keys = KEYSETS[rngInt(this.rng, KEYSETS.length)]!;
    }
    if (action !== null || keys !== this.keys) {
      this.keys = keys;
      // The server tick this input reaches: the newest snapshot's tick and the ticks since.
      const estimate = this.snapTick + Math.floor((now - this.snapAt) / this.tickMs);
      this.lastStamp = Math.max(this.lastStamp, estimate);
      if (action !== null) {
        this.actionSeq = this.nextSeq;
        this.actionRoster = Number.POSITIVE_INFINITY;
      }
      this.pending.push({ seq: this.nextSeq++, tick: this.lastStamp, keys, action });
      if (this.pending.length > MAX_ENTRIES) this.pending.shift();
      this.repeatsLeft = this.snaps < LOSS_UNKNOWN_SNAPS ? Number.POSITIVE_INFINITY : 1;
      this.sendInput(now);
    } else if (this.pending.length > 0 && this.repeatsLeft > 0) {
      this.repeatsLeft--;
      this.sendInput(now);
    }
  }

  private sendInput(now: number): void {
    this.lastInputAt = now;
    this.send(
      encodeBytes({
        type: 'INPUT',
        token: this.token,
        ackTick: this.ackTick < 0 ? null : this.ackTick,
        rosterVersion: this.rosterVersion,
        eventAck: this.eventAck,
        inputs: this.pending,
      }),
    );
  }

  private sendHandshake(now: number): void {
    if (this.step === 'connecting') {
      const { name, room } = this.o;
      this.send(
        encodeBytes({
          type: 'CONNECT',
          version: PROTOCOL_VERSION,
          cookie: this.cookie,
          name,
          ...(room === null ? {} : { room: { kind: 'join', name: room } as const }),
        }),
      );
    } else {
      this.send(encodeBytes(makeHello()));
    }
    this.nextSendAt = now + RESEND_MS;
  }

  private requestChunks(now: number): void {
    for (let chunk = 0; chunk < this.chunks.length; chunk++) {
      if (!this.chunks[chunk]) this.send(encodeBytes({ type: 'MAPREQ', token: this.token, chunk }));
    }
    this.nextSendAt = now + RESEND_MS;
  }

  private send(bytes: Uint8Array): void {
    this.counters.datagramsOut++;
    this.counters.bytesOut += bytes.length;
    this.o.send(bytes);
  }

  private setStep(step: LightStep, now: number): void {
    this.step = step;
    this.stepSince = now;
  }

  private fail(why: string): void {
    this.failure = `${why} (while ${this.step})`;
    this.failedWhile = this.step;
    this.step = 'failed';
  }
}
