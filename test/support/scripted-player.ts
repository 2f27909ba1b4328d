/**
 * A scripted player speaking the raw protocol, for server tests: it joins, holds keys and
 * presses actions when told, sends its unacknowledged inputs every tick (a keep-alive every
 * 250 ms otherwise, as the protocol says), and rebuilds what it is sent. Deterministic: it acts only on simulated
 * time and on what arrives.
 */
import type { Action } from '../../src/game/rules.ts';
import {
  applySnapEntries,
  type InputEntry,
  type Message,
  makeHello,
  type Phase,
  type Position,
  PROTOCOL_VERSION,
  type RoomRequest,
  type WelcomeMessage,
} from '../../src/protocol/index.ts';
import { type Harness, RawClient } from './server-harness.ts';

/** Input lead: inputs are stamped this many ticks after the newest snapshot tick. */
const LEAD = 3;

export class ScriptedPlayer extends RawClient {
  welcome: WelcomeMessage | null = null;
  /** Positions by id as of the newest snapshot, and its tick and phase. */
  seen = new Map<number, Position>();
  snapTick = -1;
  phase: Phase | null = null;
  ackSeq = 0;
  private readonly history = new Map<number, Map<number, Position>>();
  private unacked: InputEntry[] = [];
  private seq = 0;
  private lastSent = Number.NEGATIVE_INFINITY;
  private keys = 0;

  constructor(
    private readonly h: Harness,
    port: number,
    readonly name: string,
    /** The room named in CONNECT (PROTOCOL.md §15); absent: the default room. */
    readonly room?: RoomRequest,
  ) {
    super(h.net, port);
    h.each((now) => this.tick(now));
  }

  /** Handshake in simulated time, retrying every 250 ms as a client would; returns the WELCOME. */
  join(): WelcomeMessage {
    for (let attempt = 0; attempt < 20 && !this.welcome; attempt++) {
      const challenge = this.last('CHALLENGE');
      if (!challenge) this.send(makeHello());
      else
        this.send({
          type: 'CONNECT',
          version: PROTOCOL_VERSION,
          cookie: challenge.cookie,
          name: this.name,
          ...(this.room ? { room: this.room } : {}),
        });
      for (
        let waited = 0;
        waited < 250 && !this.last(challenge ? 'WELCOME' : 'CHALLENGE');
        waited += 1
      ) {
        if (this.last('REFUSED'))
          throw new Error(`${this.name}: refused (${this.last('REFUSED')!.reason})`);
        this.h.run(1);
      }
      this.welcome = this.last('WELCOME') ?? null;
    }
    const welcome = this.welcome;
    if (!welcome) throw new Error(`${this.name}: no WELCOME after 20 tries`);
    this.snapTick = welcome.tick;
    this.sendInputs(this.h.net.now); // the first INPUT asks for snapshots
    return welcome;
  }

  get id(): number {
    return this.welcome!.playerId;
  }

  hold(keys: number): void {
    if (keys !== this.keys) {
      this.keys = keys;
      this.makeInput(null);
    }
  }

  press(action: Action): void {
    this.makeInput(action);
  }

  private makeInput(action: Action | null): void {
    this.unacked.push({ seq: ++this.seq, tick: this.snapTick + LEAD, keys: this.keys, action });
    this.sendInputs(this.h.net.now);
  }

  private tick(now: number): void {
    if (!this.welcome) return;
    const period = 1000 / this.welcome.tickRate;
    if (this.unacked.length > 0 ? now - this.lastSent >= period : now - this.lastSent >= 250) {
      this.sendInputs(now);
    }
  }

  private sendInputs(now: number): void {
    this.lastSent = now;
    this.send({
      type: 'INPUT',
      token: this.welcome!.token,
      ackTick: this.snapTick >= 0 && this.history.has(this.snapTick) ? this.snapTick : null,
      rosterVersion: 0,
      eventAck: 0,
      inputs: this.unacked.slice(-32),
    });
  }

  protected override onMessage(got: Message): void {
    if (got.type !== 'SNAP' || got.tick <= this.snapTick) return;
    const base = got.baseTick === null ? null : this.history.get(got.baseTick);
    if (got.baseTick !== null && !base) return;
    const applied = applySnapEntries(base ?? new Map(), got.entries);
    if (!applied.ok) return;
    this.seen = new Map(applied.positions);
    this.history.set(got.tick, this.seen);
    this.history.delete(got.tick - 64);
    this.snapTick = got.tick;
    this.phase = got.phase;
    if (got.ackSeq !== null) {
      const acked = got.ackSeq;
      this.ackSeq = acked;
      this.unacked = this.unacked.filter((e) => e.seq > acked);
    }
  }
}
