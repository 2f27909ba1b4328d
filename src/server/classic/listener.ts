/**
 * The classic listener (`haunted serve --classic-port`): a second front on the same rooms, for
 * the original iScsc pygame client, unmodified (../shared/classic/PROTOCOL-CLASSIC.md; our
 * docs/PROTOCOL.md, "Classic"). It owns its UDP transport and its sessions, keyed by source
 * address (the classic protocol has no token), and seats each classic player in a room as an
 * ordinary RoomMember: an id from `room.allocateId()`, `room.join`/`leave`/`input`, the room's
 * rules, tick and culling. The room calls the member's `onView` in its tick instead of sending
 * a SNAP; the replies built there leave in one batch right after the tick (`update`).
 *
 * A request is answered exactly once: PING, refusals and errors at once; INPUT and CONNECT in
 * the next tick, from the state after the input is applied, as the original did.
 */
import type { Sight } from '../../game/sight.ts';
import type { Player } from '../../game/state.ts';
import { CELL_H, CELL_W } from '../../game/units.ts';
import { type Address, addressKey, type Transport } from '../../net/transport.ts';
import {
  CLASSIC_TEXTS,
  classicReply,
  connectedReply,
  disconnectedReply,
  formatWalls,
  pingReply,
} from '../../protocol/classic/replies.ts';
import {
  CLASSIC_MAX_DATAGRAM,
  type ClassicDropReason,
  decodeClassic,
} from '../../protocol/classic/requests.ts';
import { classicWalls } from '../../protocol/classic/walls.ts';
import { checkName } from '../../protocol/index.ts';
import type { Logger } from '../log.ts';
import { HandshakeLimiter, type HandshakeLimits } from '../rate-limit.ts';
import type { Room } from '../room.ts';
import { allowSessionDatagram, type Session } from '../session.ts';
import {
  applyWord,
  type ClassicSession,
  createClassicSession,
  heard,
  hold,
} from './classic-session.ts';
import { checkWallsFit, classicPlayer, classicView } from './view.ts';

export { CLASSIC_HOLD_MS, WALLS_ACK_MS } from './classic-session.ts';

/** Unreadable replies that make the client quit (10 in a row), with room for 2 PINGs among them. */
export const SHUTDOWN_NOTICES = 12;
/** Replies owed to one session at most: more requests within a tick are a client not waiting. */
const MAX_OWED = 4;
/**
 * A reply to an address without a session is at most this many times the request's size (the
 * largest, CONNECTED to `CONNECT a END`, is 7.6×); a larger one is not sent (`amplification`).
 */
export const CLASSIC_AMPLIFICATION = 8;

export const CLASSIC_DROPS = ['empty', 'oversize', 'not-utf8', 'rate', 'amplification'] as const;
export type ClassicDrop = (typeof CLASSIC_DROPS)[number];

export interface ClassicCounters {
  datagramsIn: number;
  bytesIn: number;
  datagramsOut: number;
  bytesOut: number;
  largestOut: number;
  readonly dropped: Record<ClassicDrop, number>;
}

export interface ClassicListenerOptions {
  readonly transport: Transport;
  /** The room classic players join. */
  readonly room: Room;
  /** A session silent this long is dropped, ms (the endpoint's timeout). */
  readonly timeoutMs: number;
  readonly logger: Logger;
  readonly now: number;
  /** Whether the server refuses new players (console `deaf`). */
  readonly deaf: () => boolean;
  /** Limits of the requests from addresses without a session; the handshake's by default. */
  readonly limits?: Partial<HandshakeLimits>;
}

const ENCODER = new TextEncoder();

export class ClassicListener {
  readonly counters: ClassicCounters = {
    datagramsIn: 0,
    bytesIn: 0,
    datagramsOut: 0,
    bytesOut: 0,
    largestOut: 0,
    dropped: { empty: 0, oversize: 0, 'not-utf8': 0, rate: 0, amplification: 0 },
  };
  readonly sessions = new Map<string, ClassicSession>();
  readonly room: Room;
  /** The room's walls in the classic grammar, made once. */
  readonly walls: string;
  private readonly options: ClassicListenerOptions;
  private readonly limiter: HandshakeLimiter;
  private readonly fog: Uint8Array;
  private batch: [Uint8Array, Address][] = [];
  private stopped = false;

  /** Throws when the room's walls leave no room for a reply (a map too big for the client). */
  constructor(options: ClassicListenerOptions) {
    this.options = options;
    this.room = options.room;
    this.walls = formatWalls(classicWalls(this.room.map));
    this.limiter = new HandshakeLimiter(options.now, options.limits);
    this.fog = new Uint8Array(this.room.map.width * this.room.map.height);
    checkWallsFit(this.room.map, this.walls);
  }

  get port(): number {
    return this.options.transport.local.port;
  }

  listen(): void {
    this.options.transport.onDatagram((data, from, now) => this.receive(data, from, now));
  }

  /** One datagram: answered at once, or its answer owed to the next tick. Never throws. */
  receive(data: Uint8Array, from: Address, now: number): void {
    if (this.stopped) return;
    const c = this.counters;
    c.datagramsIn++;
    c.bytesIn += data.length;
    const key = addressKey(from);
    const session = this.sessions.get(key);
    const allowed =
      session === undefined
        ? this.limiter.allow(from.address, now)
        : allowSessionDatagram(session, now, this.room.tickRate);
    if (!allowed) {
      this.drop('rate');
      return;
    }
    const decoded = decodeClassic(data);
    if (!decoded.ok) {
      this.drop(decoded.reason);
      return;
    }
    const req = decoded.req;
    const log = this.options.logger;
    if (log.debugEnabled) log.debug(`classic in ${key} ${new TextDecoder().decode(data)}`);
    // The reply to an address without a session is bounded (CLASSIC_AMPLIFICATION).
    const answer = (text: string) => this.answer(text, from, session ? null : data.length);
    switch (req.type) {
      case 'PING':
        if (session) session.lastHeard = now;
        answer(pingReply(req.stamp));
        return;
      case 'CONNECT':
        this.connect(req.name, session, from, key, now, answer);
        return;
      case 'INPUT':
        if (session?.name !== req.name) {
          answer(this.strangerText(req.name));
          return;
        }
        heard(session, now);
        applyWord(this.room, session, req.word, now);
        session.owed = Math.min(MAX_OWED, session.owed + 1);
        return;
      case 'DISCONNECTION':
        if (session?.name === req.name) {
          this.end(session);
          this.options.logger.event('disconnect', { name: session.name, addr: key, classic: true });
        } else if (session || this.room.findMember(req.name) !== undefined) {
          // Somebody else's name; an unknown one is confirmed: its session may have timed out.
          answer(CLASSIC_TEXTS.impersonating);
          return;
        }
        answer(disconnectedReply(req.name));
        return;
      case 'invalid':
        answer(CLASSIC_TEXTS.invalid);
        return;
    }
  }

  /** Sends the tick's replies, lets go of keys no longer asked for, drops silent sessions. */
  update(now: number): void {
    if (this.batch.length > 0) {
      this.options.transport.sendBatch(this.batch);
      this.batch = [];
    }
    if (this.stopped) return;
    for (const s of this.sessions.values()) {
      if (this.room.members.get(s.id) !== s) {
        // The room could not seat it (no free spot on the map).
        this.sessions.delete(s.key);
        this.answer(CLASSIC_TEXTS.full, s.address, null);
      } else if (now - s.lastHeard > this.options.timeoutMs) {
        this.end(s);
        this.options.logger.event('timeout', { name: s.name, addr: s.key, classic: true });
      } else if (s.held !== 0 && now >= s.heldUntil) {
        hold(this.room, s, 0, null);
      }
    }
  }

  /**
   * Stops answering. The classic protocol has no word for "closing" and its client polls a silent
   * server for ever, but quits after 10 replies it cannot read in a row: each player is sent
   * SHUTDOWN_NOTICES of them at once (the client never drains its socket: it reads one a
   * request, a PING's included), so its window closes within about a second.
   */
  shutdown(): void {
    this.stopped = true;
    for (const s of this.sessions.values()) {
      this.room.leave(s.id);
      for (let i = 0; i < SHUTDOWN_NOTICES; i++) this.queue(CLASSIC_TEXTS.shutdown, s.address);
    }
    this.sessions.clear();
  }

  /** Console `kick`: ends the session; its next requests get `No player of that name`. */
  kick(name: string): boolean {
    const wanted = name.toLowerCase();
    for (const s of this.sessions.values()) {
      if (s.name.toLowerCase() !== wanted) continue;
      this.end(s);
      return true;
    }
    return false;
  }

  /** The classic session of player `id`, for the console. */
  sessionOf(id: number): Session | undefined {
    for (const s of this.sessions.values()) if (s.id === id) return s;
    return undefined;
  }

  private connect(
    name: string,
    session: ClassicSession | undefined,
    from: Address,
    key: string,
    now: number,
    answer: (text: string) => void,
  ): void {
    if (session) {
      if (session.name === name) {
        // CONNECTED was lost: the client asks again with the same name, on the same socket.
        heard(session, now);
        session.connectedDue = true;
        return;
      }
      this.end(session); // the same address comes back as somebody else
    }
    const room = this.room;
    const check = checkName(name);
    const refusal = this.options.deaf()
      ? CLASSIC_TEXTS.closed
      : room.full
        ? CLASSIC_TEXTS.full
        : room.findMember(name) !== undefined
          ? CLASSIC_TEXTS.nameTaken
          : check === 'too-long'
            ? CLASSIC_TEXTS.nameTooLong
            : check !== 'ok'
              ? CLASSIC_TEXTS.nameBadChar
              : null;
    if (refusal !== null) {
      this.options.logger.event('refuse', { reason: refusal, addr: key, classic: true });
      answer(refusal);
      return;
    }
    const s: ClassicSession = createClassicSession(room, from, key, name, now, (...view) =>
      this.view(s, ...view),
    );
    this.sessions.set(key, s);
    room.join(s);
    const phase = room.state.phase.kind;
    this.options.logger.event('connect', {
      name,
      addr: key,
      id: s.id,
      spectator: phase === 'game' || phase === 'end',
      classic: true,
    });
  }

  /** The room's tick, for player `s`: the replies it is owed, from this tick's state. */
  private view(
    s: ClassicSession,
    now: number,
    viewer: Player,
    seen: readonly Player[],
    sight: Sight,
  ): void {
    const room = this.room;
    if (s.connectedDue) {
      s.connectedDue = false;
      const { map } = room;
      const self = classicPlayer(viewer);
      this.queue(
        connectedReply(this.port, s.name, map.width * CELL_W, map.height * CELL_H, self),
        s.address,
      );
    }
    if (s.owed === 0) return;
    const walls = s.wallsDue ? this.walls : null;
    if (s.wallsDue) s.wallsSentAt = now;
    const text = classicReply(classicView(room.state, sight, viewer, seen, this.fog, walls));
    for (; s.owed > 0; s.owed--) this.queue(text, s.address);
  }

  private end(s: ClassicSession): void {
    if (this.sessions.get(s.key) !== s) return;
    this.sessions.delete(s.key);
    this.room.leave(s.id);
  }

  /** `No player of that name`, or the name belongs to a player who is not at this address. */
  private strangerText(name: string): string {
    return this.room.findMember(name) !== undefined
      ? CLASSIC_TEXTS.impersonating
      : CLASSIC_TEXTS.noPlayer;
  }

  /** Sends `text` now; `limitFrom` is the request's size when the address has no session. */
  private answer(text: string, to: Address, limitFrom: number | null): void {
    const bytes = ENCODER.encode(text);
    if (limitFrom !== null && bytes.length > CLASSIC_AMPLIFICATION * limitFrom) {
      this.drop('amplification');
      return;
    }
    if (this.count(bytes, to)) this.options.transport.send(bytes, to);
  }

  private queue(text: string, to: Address): void {
    const bytes = ENCODER.encode(text);
    if (this.count(bytes, to)) this.batch.push([bytes, to]);
  }

  private count(bytes: Uint8Array, to: Address): boolean {
    const c = this.counters;
    const log = this.options.logger;
    if (log.debugEnabled)
      log.debug(`classic out ${addressKey(to)} ${new TextDecoder().decode(bytes)}`);
    // classicReply keeps every reply within the buffer; this is the guard of that promise.
    if (bytes.length > CLASSIC_MAX_DATAGRAM) {
      this.options.logger.event('classic-oversize', { bytes: bytes.length });
      return false;
    }
    c.datagramsOut++;
    c.bytesOut += bytes.length;
    if (bytes.length > c.largestOut) c.largestOut = bytes.length;
    return true;
  }

  private drop(reason: ClassicDropReason | ClassicDrop): void {
    this.counters.dropped[reason]++;
  }
}
