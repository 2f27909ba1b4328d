/**
 * Every room of every server a list server knows (`haunted servers`, `haunted play --list`):
 * headless and pure of real time, like room-list.ts, which it runs once per server. The owner
 * hands it the datagrams of one socket (`receive`) and calls `update(now)` every few ms.
 *
 * First the list server is asked (LIST padded to 1200 bytes, resent every 250 ms until
 * answered, paging on until `total`; docs/LIST-SERVER.md), then every server listed is asked
 * for its rooms (ROOMS, PROTOCOL.md §15) at once, each with its own RoomList. A server of before
 * rooms (silent to ROOMS) shows as one row, its default room, without a ping; a server that
 * answers nothing at all within `giveUpMs` likewise. `rows()` is every room, sorted by its
 * server's ping (unanswered last).
 */
import { type Address, addressKey, type Transport } from '../net/transport.ts';
import {
  decodeList,
  encodeList,
  type ListedServer,
  type ListFilters,
  NO_FILTERS,
  paddedList,
} from '../protocol/codec-list.ts';
import type { RoomInfo } from '../protocol/index.ts';
import { RoomList } from './room-list.ts';
import { pingStamp } from './round-trip.ts';

export interface ServerListOptions {
  readonly transport: Transport;
  /** The list server. */
  readonly list: Address;
  readonly filters?: ListFilters;
  /** When the first LIST goes out, ms. */
  readonly now: number;
  /** Resend an unanswered LIST page after this long, ms. @default 250 */
  readonly resendMs?: number;
  /** Give up on the list server, or on a game server, after this long, ms. @default 2000 */
  readonly giveUpMs?: number;
  /** Servers asked at most (the list server's `total` is not trusted further). @default 500 */
  readonly maxServers?: number;
}

/** One row of the list: a room of a server, with the server's round trip. */
export interface ServerRoomRow {
  readonly server: ListedServer;
  /** null: the server did not list its rooms (before rooms, or silent): its default room. */
  readonly room: RoomInfo | null;
  /** Round trip of the server's ROOMS, ms; null when it did not answer. */
  readonly pingMs: number | null;
}

export type ServerListState = 'listing' | 'probing' | 'done' | 'no-list';

const ENCODER = new TextEncoder();

export class ServerList {
  state: ServerListState = 'listing';
  /** The servers the list server gave, in its order. */
  readonly servers: ListedServer[] = [];
  /** The list server's total for the filters. */
  total = 0;
  private from = 0;
  private stamp: number;
  private sentAt: number;
  private pageSince: number;
  private readonly probes = new Map<
    string,
    { server: ListedServer; list: RoomList; since: number }
  >();
  private readonly listKey: string;

  constructor(private readonly options: ServerListOptions) {
    this.listKey = addressKey(options.list);
    this.stamp = pingStamp(options.now);
    this.sentAt = this.pageSince = options.now;
    this.ask();
  }

  private get giveUpMs(): number {
    return this.options.giveUpMs ?? 2000;
  }

  private ask(): void {
    const q = paddedList({
      stamp: this.stamp,
      from: this.from,
      filters: this.options.filters ?? NO_FILTERS,
    });
    this.options.transport.send(ENCODER.encode(encodeList(q)), this.options.list);
  }

  /** One datagram of the socket; false when it is none of ours. */
  receive(data: Uint8Array, from: Address, now: number): boolean {
    const key = addressKey(from);
    if (key === this.listKey && this.state === 'listing') {
      const d = decodeList(data);
      if (!d.ok || d.msg.type !== 'SERVERS') return false;
      const m = d.msg;
      if (m.stamp !== this.stamp || m.from !== this.from) return true; // an older page
      const max = this.options.maxServers ?? 500;
      for (const s of m.servers) if (this.servers.length < max) this.servers.push(s);
      this.total = m.total;
      this.from += m.servers.length;
      if (m.servers.length === 0 || this.from >= m.total || this.servers.length >= max) {
        this.probe(now);
      } else {
        this.stamp = (this.stamp + 1) % 2 ** 32;
        this.sentAt = this.pageSince = now;
        this.ask();
      }
      return true;
    }
    const probe = this.probes.get(key);
    return probe?.list.receive(data, from, now) ?? false;
  }

  private probe(now: number): void {
    this.state = this.servers.length === 0 ? 'done' : 'probing';
    for (const server of this.servers) {
      const address: Address = { address: server.address, port: server.port };
      const list = new RoomList({
        transport: this.options.transport,
        server: address,
        now,
        listen: false,
        silentMs: this.giveUpMs,
        giveUpMs: this.giveUpMs,
      });
      this.probes.set(addressKey(address), { server, list, since: now });
    }
  }

  /** Resends, pages on, gives up: call every few ms. */
  update(now: number): void {
    if (this.state === 'listing') {
      if (now - this.pageSince >= this.giveUpMs) {
        // Nothing (more) from the list server: with no page at all there is no list.
        if (this.servers.length === 0) this.state = 'no-list';
        else this.probe(now);
      } else if (now - this.sentAt >= (this.options.resendMs ?? 250)) {
        this.sentAt = now;
        this.ask();
      }
      return;
    }
    if (this.state !== 'probing') return;
    let pending = false;
    for (const p of this.probes.values()) {
      p.list.update(now);
      const waiting = p.list.state === 'asking' || p.list.busy;
      if (waiting && now - p.since < this.giveUpMs * 2) pending = true;
    }
    if (!pending) this.state = 'done';
  }

  /** Every room of every server, by the server's ping (unanswered last), then as listed. */
  rows(): ServerRoomRow[] {
    const rows: ServerRoomRow[] = [];
    for (const { server, list } of this.probes.values()) {
      if (list.state === 'listed' && list.rooms.length > 0) {
        for (const room of list.rooms) rows.push({ server, room, pingMs: list.pingMs });
      } else {
        rows.push({ server, room: null, pingMs: list.pingMs });
      }
    }
    const order = (r: ServerRoomRow) => r.pingMs ?? Number.POSITIVE_INFINITY;
    return rows.sort((a, b) => order(a) - order(b));
  }
}
