/**
 * The room list of a server (PROTOCOL.md §15, ROOMS → ROOMLIST), fetched headless and pure of
 * real time: `haunted play host` shows it, `haunted ping` prints it. The owner hands it the
 * datagrams (or lets it take the transport's handler) and calls `update(now)` every few ms.
 *
 * A round asks from room 0, padded to 1200 bytes (the answer is never larger than the question,
 * so the padding buys whole pages), repeats the question every 250 ms until answered, then asks
 * from where each page ended until it has the `total` rooms. A server of before rooms never
 * answers (it drops ROOMS as an unknown type): with nothing by `silentMs` (1 s) the first round
 * ends `silent`, and the caller does what it did before rooms. A later page unanswered for
 * `giveUpMs` ends the round with what came. Rooms made or closed between two pages may be
 * missed or seen twice: a name seen already is dropped.
 */
import { type Address, addressKey, type Transport } from '../net/transport.ts';
import {
  decode,
  encodeBytes,
  MAX_DATAGRAM,
  makeRooms,
  type RoomInfo,
  type RoomListMessage,
  roomKey,
} from '../protocol/index.ts';
import { pingStamp } from './round-trip.ts';

/** One room as listed, with the round trip of the page that brought it. */
export interface ListedRoom extends RoomInfo {
  /** ms from the ROOMS to its ROOMLIST. */
  readonly pingMs: number;
}

export interface RoomListOptions {
  readonly transport: Transport;
  /** The server; answers from anywhere else are ignored. */
  readonly server: Address;
  /** The time the first round starts, ms: the first ROOMS goes out at once. */
  readonly now: number;
  /** Whether to take the transport's datagram handler (else call `receive`). @default true */
  readonly listen?: boolean;
  /** Repeat an unanswered ROOMS after this long, ms. @default 250 */
  readonly resendMs?: number;
  /** No answer at all in the first round by then: a server of before rooms, ms. @default 1000 */
  readonly silentMs?: number;
  /** A later round, or a later page, unanswered this long ends with what came, ms. @default 2000 */
  readonly giveUpMs?: number;
  /** Size of each ROOMS, bytes. @default 1200 (MAX_DATAGRAM) */
  readonly size?: number;
  /** Rooms kept at most (a server's `total` is not trusted further). @default 1024 */
  readonly maxRooms?: number;
}

/**
 * `asking`: the first round, nothing answered yet; `listed`: a whole list came (`rooms`);
 * `silent`: nothing answered the first round (a server of before rooms, or none at all).
 */
export type RoomListState = 'asking' | 'listed' | 'silent';

interface Round {
  readonly startedAt: number;
  /** The index asked for now, and when it was first and last asked. */
  from: number;
  pageSince: number;
  lastSentAt: number;
  readonly rooms: ListedRoom[];
  readonly seen: Set<string>;
  maps: readonly string[] | null;
  total: number;
  answered: boolean;
}

export class RoomList {
  state: RoomListState = 'asking';
  /** The last whole list (or what a round that gave up had), in the server's order. */
  rooms: readonly ListedRoom[] = [];
  /** Maps a new room may use, the default first; null: players may not make rooms. */
  maps: readonly string[] | null = null;
  /** Rooms the server said it hosts, in the last round answered. */
  total = 0;
  /** The round trip of the last page answered, ms; null before any. */
  pingMs: number | null = null;
  /** Rounds finished (answered or given up), the first included. */
  rounds = 0;
  /** Whether the last round ended before it had every room (a page went unanswered). */
  partial = false;
  private round: Round | null = null;
  private readonly sentAt = new Map<number, { at: number; from: number }>();
  private nextStamp: number;
  private readonly serverKey: string;

  constructor(private readonly options: RoomListOptions) {
    this.serverKey = addressKey(options.server);
    this.nextStamp = pingStamp(options.now);
    if (options.listen ?? true) this.listen();
    this.refresh(options.now);
  }

  /** Takes the transport's datagram handler (again, after a game client had it). */
  listen(): void {
    this.options.transport.onDatagram((data, from, at) => this.receive(data, from, at));
  }

  /** Whether a round is under way. */
  get busy(): boolean {
    return this.round !== null;
  }

  /** Starts a new round from room 0 (the list shown stays until it ends); none if one runs. */
  refresh(now: number): void {
    if (this.round !== null) return;
    this.round = {
      startedAt: now,
      from: 0,
      pageSince: now,
      lastSentAt: now,
      rooms: [],
      seen: new Set(),
      maps: null,
      total: 0,
      answered: false,
    };
    this.sendRooms(now);
  }

  /** Resends, timeouts; call every few ms. */
  update(now: number): void {
    const round = this.round;
    if (round === null) return;
    const first = this.rounds === 0 && !round.answered;
    if (first && now - round.startedAt >= (this.options.silentMs ?? 1000)) {
      this.state = 'silent';
      this.endRound(null);
      return;
    }
    if (now - round.pageSince >= (this.options.giveUpMs ?? 2000)) {
      this.endRound(round.answered ? round : null);
      return;
    }
    if (now - round.lastSentAt >= (this.options.resendMs ?? 250)) this.sendRooms(now);
  }

  /** A datagram from `from` at `now`; true when it was a ROOMLIST this list took. */
  receive(data: Uint8Array, from: Address, now: number): boolean {
    if (addressKey(from) !== this.serverKey) return false;
    const d = decode(data, 'client');
    return d.ok && d.msg.type === 'ROOMLIST' && this.take(d.msg, now);
  }

  /** One ROOMLIST: true when it answered the page asked for now. */
  take(msg: RoomListMessage, now: number): boolean {
    const round = this.round;
    const asked = this.sentAt.get(msg.stamp);
    if (round === null || asked === undefined || asked.from !== msg.from) return false;
    if (msg.from !== round.from) return false; // an answer to a page of an earlier round
    const pingMs = now - asked.at;
    this.pingMs = pingMs;
    round.answered = true;
    round.maps = msg.maps;
    round.total = msg.total;
    const max = this.options.maxRooms ?? 1024;
    for (const room of msg.rooms) {
      const key = roomKey(room.name);
      if (round.seen.has(key) || round.rooms.length >= max) continue;
      round.seen.add(key);
      round.rooms.push({ ...room, pingMs });
    }
    const next = msg.from + msg.rooms.length;
    if (msg.rooms.length === 0 || next >= msg.total || round.rooms.length >= max) {
      this.endRound(round, true);
    } else {
      round.from = next;
      round.pageSince = now;
      this.sendRooms(now);
    }
    return true;
  }

  private endRound(round: Round | null, whole = false): void {
    this.round = null;
    this.sentAt.clear();
    this.rounds++;
    if (round === null) return;
    this.state = 'listed';
    this.rooms = round.rooms;
    this.maps = round.maps;
    this.total = round.total;
    this.partial = !whole;
  }

  private sendRooms(now: number): void {
    const round = this.round;
    if (round === null) return;
    const stamp = this.nextStamp;
    this.nextStamp = (this.nextStamp + 1) % 2 ** 32;
    this.sentAt.set(stamp, { at: now, from: round.from });
    round.lastSentAt = now;
    const msg = makeRooms(stamp, round.from, this.options.size ?? MAX_DATAGRAM);
    this.options.transport.send(encodeBytes(msg), this.options.server);
  }
}
