/**
 * The original pygame client's network behaviour (PROTOCOL-CLASSIC.md §3, transcripts/), on the
 * simulated network, in simulated time: stop-and-wait, 0.5 s timeout, 50 ms sleep between
 * loops, a PING every 10th loop, one word per INPUT, 10 failed updates in a row and it quits,
 * DISCONNECTION until `DISCONNECTED <name> END` comes back exactly. Every datagram it receives
 * goes through the strict parser (classic-grammar.ts); what it would draw is kept as the client
 * keeps it (PLAYERS, WALLS, UNVISIBLE, LOBBY, GAME_TIME, TRANSITION_TEXT).
 */
import type { SimNetwork } from '../../src/net/sim.ts';
import type { Address, Transport } from '../../src/net/transport.ts';
import {
  type ParsedPlayer,
  type ParsedReply,
  type ParsedWall,
  parseClassicReply,
} from './classic-grammar.ts';

export const CLASSIC_ADDRESS: Address = { address: '127.0.0.1', port: 9999 };

/** The client's constants (client.py). */
const SOCKET_TIMEOUT_MS = 500;
const COMM_FREQUENCY_MS = 50;
const WAITING_TIME_MS = 100;
const MAX_FAILURES = 10;

type Mode =
  | { kind: 'idle' }
  | { kind: 'connecting'; attempts: number; waitUntil: number | null; sleepUntil: number }
  | { kind: 'playing' }
  | { kind: 'quitting'; sends: number; until: number }
  | { kind: 'gone'; why: string };

export class ClassicClient {
  readonly transport: Transport;
  /** Every datagram received, parsed (or the parse error), with its size and time. */
  readonly received: {
    reply: ParsedReply | null;
    error: string | null;
    size: number;
    at: number;
  }[] = [];
  readonly refusals: string[] = [];
  name: string;
  /** The word sent with each INPUT until changed (a held key; '.' for none). */
  word = '.';
  /** Loop sleep, ms: 50 is the client's; tests poll 5× faster or slower with it. */
  sleepMs = COMM_FREQUENCY_MS;
  // What the client keeps and draws.
  players: readonly ParsedPlayer[] = [];
  walls: readonly ParsedWall[] = [];
  shades: readonly (readonly [number, number])[] = [];
  lobby = true;
  inTransition = false;
  transitionText = '';
  gameTime = 0;
  ready: readonly string[] = [];
  failures = 0;
  serverPort = CLASSIC_ADDRESS.port;
  mode: Mode = { kind: 'idle' };
  /** INPUT datagrams sent, and PINGs answered with their own stamp. */
  inputsSent = 0;
  pingsMatched = 0;
  private readonly inbox: Uint8Array[] = [];
  private readonly net: SimNetwork;
  private port: number;
  private loop = 0;
  private oneShot: string | null = null;
  /** Stop-and-wait: what the client is waiting for, and until when. */
  private waiting: { what: 'ping' | 'input'; until: number; stamp: string } | null = null;
  private sleepUntil = 0;

  constructor(net: SimNetwork, port: number, name: string) {
    this.net = net;
    this.port = port;
    this.name = name;
    this.transport = this.bind(port);
  }

  get connected(): boolean {
    return this.mode.kind === 'playing' || this.mode.kind === 'quitting';
  }

  /** Replies parsed as game states, oldest first. */
  states() {
    return this.received.flatMap((r) => (r.reply?.kind === 'state' ? [r.reply] : []));
  }

  /** Starts the connect phase (the name may be changed first, as after a refusal). */
  connect(name = this.name): void {
    this.name = name;
    this.mode = { kind: 'connecting', attempts: 0, waitUntil: null, sleepUntil: 0 };
  }

  /** One Space press: READY, sent once in place of the held key. */
  press(word: string): void {
    this.oneShot = word;
  }

  /** Escape: DISCONNECTION until the exact answer, at most 10 sends in 5 s. */
  quit(): void {
    this.mode = { kind: 'quitting', sends: 0, until: this.net.now + 5000 };
    this.waiting = null;
  }

  /** Called every simulated millisecond. */
  step(now: number): void {
    const m = this.mode;
    if (m.kind === 'connecting') this.stepConnect(m, now);
    else if (m.kind === 'playing') this.stepPlay(now);
    else if (m.kind === 'quitting') this.stepQuit(m, now);
  }

  private stepConnect(m: Extract<Mode, { kind: 'connecting' }>, now: number): void {
    if (m.waitUntil === null) {
      if (now < m.sleepUntil) return;
      if (m.attempts >= 10) {
        this.mode = { kind: 'gone', why: 'ten attempts' };
        return;
      }
      m.attempts++;
      this.inbox.length = 0;
      this.send(`CONNECT ${this.name} END`, CLASSIC_ADDRESS.port);
      m.waitUntil = now + SOCKET_TIMEOUT_MS;
      return;
    }
    const data = this.inbox.shift();
    if (data === undefined) {
      if (now >= m.waitUntil) {
        m.waitUntil = null;
        m.sleepUntil = now + WAITING_TIME_MS;
      }
      return;
    }
    const r = this.parse(data, now);
    const text = new TextDecoder().decode(data).trim();
    if (!text.split(' ').includes('CONNECTED')) {
      // A refusal: printed; the user types a new name; a new socket (a new source port).
      this.refusals.push(text);
      this.mode = { kind: 'idle' };
      this.transport.close();
      this.port += 1000;
      (this as { transport: Transport }).transport = this.bind(this.port);
      return;
    }
    if (r?.kind !== 'connected' || r.name !== this.name) {
      m.waitUntil = null;
      m.sleepUntil = now + WAITING_TIME_MS;
      return;
    }
    this.serverPort = r.port;
    this.walls = r.walls;
    this.players = r.players;
    this.ready = r.ready;
    this.lobby = true;
    this.mode = { kind: 'playing' };
    this.loop = 0;
    this.sleepUntil = now;
  }

  private stepPlay(now: number): void {
    if (this.waiting === null) {
      if (now < this.sleepUntil) return;
      if (this.loop % 10 === 0) {
        const stamp = String(1796604444 + now / 1000 + 0.0000001);
        this.send(`PING ${stamp} END`, this.serverPort);
        this.waiting = { what: 'ping', until: now + SOCKET_TIMEOUT_MS, stamp };
      } else this.sendInput(now);
      this.loop++;
      return;
    }
    const data = this.inbox.shift();
    if (data === undefined) {
      if (now < this.waiting.until) return;
      // A timeout is not a failure.
      this.afterReply(now);
      return;
    }
    const r = this.parse(data, now);
    if (this.waiting.what === 'ping') {
      if (r?.kind === 'ping' && Number(r.stamp) === Number(this.waiting.stamp)) this.pingsMatched++;
      this.sendInput(now);
      return;
    }
    if (this.apply(r)) this.failures = 0;
    else if (++this.failures >= MAX_FAILURES) {
      this.mode = { kind: 'gone', why: 'Max number of request has been passed for inputs!' };
      return;
    }
    this.afterReply(now);
  }

  private sendInput(now: number): void {
    const word = this.oneShot ?? this.word;
    this.oneShot = null;
    this.send(`INPUT ${this.name} ${word} END`, this.serverPort);
    this.inputsSent++;
    this.waiting = { what: 'input', until: now + SOCKET_TIMEOUT_MS, stamp: '' };
  }

  private afterReply(now: number): void {
    this.waiting = null;
    this.sleepUntil = now + this.sleepMs;
  }

  private stepQuit(m: Extract<Mode, { kind: 'quitting' }>, now: number): void {
    if (now >= m.until) {
      this.mode = { kind: 'playing' }; // no answer: it stays connected
      return;
    }
    if (this.waiting === null) {
      if (m.sends >= 10) {
        this.mode = { kind: 'gone', why: 'exitError' };
        return;
      }
      m.sends++;
      this.send(`DISCONNECTION ${this.name} END`, this.serverPort);
      this.waiting = { what: 'input', until: m.until, stamp: '' };
      return;
    }
    const data = this.inbox.shift();
    if (data === undefined) return;
    this.parse(data, now);
    this.waiting = null;
    if (new TextDecoder().decode(data).trim() === `DISCONNECTED ${this.name} END`) {
      this.mode = { kind: 'gone', why: 'quit' };
      this.transport.close();
    }
  }

  /** `update()`: true when the reply was applied. */
  private apply(r: ParsedReply | null): boolean {
    if (r?.kind !== 'state') return false;
    if (r.walls) this.walls = r.walls;
    this.players = r.players;
    if (r.shades) this.shades = r.shades;
    const p = r.phase;
    if (p.kind === 'lobby') {
      this.lobby = true;
      this.inTransition = false;
      this.ready = p.ready;
    } else if (p.kind === 'game') {
      this.lobby = false;
      this.inTransition = false;
      this.gameTime = p.seconds;
    } else {
      this.inTransition = true;
      const token =
        p.kind === 'countdown'
          ? `Entering_game_in_${p.seconds.toFixed(1)}s`
          : `${p.text}_Going_back_to_lobby_in_${p.seconds.toFixed(1)}s`;
      this.transitionText = token.replace(/_/g, ' ');
    }
    return true;
  }

  private parse(data: Uint8Array, now: number): ParsedReply | null {
    try {
      const reply = parseClassicReply(data);
      this.received.push({ reply, error: null, size: data.length, at: now });
      return reply;
    } catch (err) {
      this.received.push({
        reply: null,
        error: (err as Error).message,
        size: data.length,
        at: now,
      });
      return null;
    }
  }

  private send(text: string, port: number): void {
    this.transport.send(new TextEncoder().encode(text), { address: CLASSIC_ADDRESS.address, port });
  }

  private bind(port: number): Transport {
    const t = this.net.bind({ address: '127.0.0.1', port });
    t.onDatagram((data) => this.inbox.push(data));
    return t;
  }
}
