/**
 * Choosing a room among every room of every server a list server knows (`haunted play --list
 * HOST`): RoomPicker's counterpart for many servers, with the same surface for play.ts and the
 * same screen (ui/model.ts RoomsScreen, each row naming its server). Headless and pure of real
 * time. The rows come from ServerList (server-list.ts): every room of every listed server,
 * nearest first; a new round every `refreshMs` (and on R) replaces them when it ends.
 *
 * ↑/↓ choose, Enter joins (the choice names the server), R refreshes, Esc quits; N says how to
 * make a room (on one server: `haunted play host`), since a room is made on a server, not on a
 * list.
 */
import type { Address, Transport } from '../net/transport.ts';
import { type ListFilters, NO_FILTERS } from '../protocol/codec-list.ts';
import type { RoomRequest } from '../protocol/index.ts';
import type { Refusal } from './connection-types.ts';
import type { KeyEvent } from './keys.ts';
import { roomListIntents } from './room-keys.ts';
import type { ListedRoom } from './room-list.ts';
import { type RoomChoice, refusalMessage } from './room-picker.ts';
import { ServerList, type ServerRoomRow } from './server-list.ts';
import type { RoomsScreen } from './ui/model.ts';

/** A row of the screen: a room, and the server it is on (`name (host:port)`). */
export type ServerListedRoom = ListedRoom & { readonly server: string };

/** The choice, with the server it is on (none for `quit`). */
export type ServerRoomChoice =
  | { readonly kind: 'quit' }
  | (Exclude<RoomChoice, { kind: 'quit' }> & { readonly server: Address; readonly label: string });

export interface ServerRoomPickerOptions {
  readonly transport: Transport;
  readonly list: Address;
  readonly filters?: ListFilters;
  readonly now: number;
  /** A new round this long after the last one ended, ms. @default 5000 */
  readonly refreshMs?: number;
  /** ServerList's give-up time, ms. @default 2000 */
  readonly giveUpMs?: number;
}

const NO_CREATE_TEXT =
  'Rooms are made on one server: choose one of these, or run haunted play HOST to make one there.';

function where(a: Address): string {
  return a.address.includes(':') ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
}

export class ServerRoomPicker {
  choice: ServerRoomChoice | null = null;
  message: string | null = null;
  private round: ServerList;
  private rows: readonly ServerRoomRow[] = [];
  private listed = false;
  private selected = 0;
  private nextRoundAt = Number.POSITIVE_INFINITY;
  private dirty = true;

  constructor(private readonly options: ServerRoomPickerOptions) {
    this.round = this.start(options.now);
  }

  private start(now: number): ServerList {
    const round = new ServerList({
      transport: this.options.transport,
      list: this.options.list,
      filters: this.options.filters ?? NO_FILTERS,
      now,
      giveUpMs: this.options.giveUpMs ?? 2000,
    });
    this.options.transport.onDatagram((d, from, at) => round.receive(d, from, at));
    this.nextRoundAt = Number.POSITIVE_INFINITY;
    return round;
  }

  /** For the status line: the chosen row's round trip. */
  get list(): { readonly pingMs: number | null } {
    return { pingMs: this.rows[this.selected]?.pingMs ?? null };
  }

  get changed(): boolean {
    return this.dirty;
  }

  /** The list is drawn from the first moment (it says it is asking until rows come). */
  get showing(): boolean {
    return this.choice === null;
  }

  get busy(): boolean {
    return this.round.state === 'listing' || this.round.state === 'probing';
  }

  update(now: number): void {
    if (this.choice !== null) return;
    const was = this.busy;
    this.round.update(now);
    if (was && !this.busy) {
      // The round ended: its rows replace the last, the chosen row kept by server and room.
      const chosen = this.rows[this.selected];
      this.rows = this.round.state === 'done' ? this.round.rows() : this.rows;
      if (this.round.state === 'no-list') this.message = 'The list server does not answer.';
      else if (this.message === 'The list server does not answer.') this.message = null;
      const again = chosen
        ? this.rows.findIndex(
            (r) =>
              r.server.address === chosen.server.address &&
              r.server.port === chosen.server.port &&
              r.room?.name === chosen.room?.name,
          )
        : -1;
      this.selected = Math.max(
        0,
        Math.min(again >= 0 ? again : this.selected, this.rows.length - 1),
      );
      this.listed = true;
      this.dirty = true;
      this.nextRoundAt = now + (this.options.refreshMs ?? 5000);
    }
    if (!this.busy && now >= this.nextRoundAt) this.refresh(now);
  }

  private refresh(now: number): void {
    if (this.busy) return;
    this.round = this.start(now);
    this.dirty = true;
  }

  /** A socket error concerns one server of many: the list goes on. */
  socketError(_error: Error): void {}

  /** Back from a refused join: the list again, refreshed, the reason said. */
  back(refusal: Refusal, request: RoomRequest | null, now: number): void {
    this.message = refusalMessage(refusal, request);
    this.choice = null;
    this.refresh(now);
    this.dirty = true;
  }

  onKey(event: KeyEvent, now: number): void {
    if (this.choice !== null) return;
    this.dirty = true;
    for (const intent of roomListIntents(event)) {
      switch (intent.kind) {
        case 'quit':
          this.choice = { kind: 'quit' };
          return;
        case 'move':
          this.selected = Math.max(0, Math.min(this.rows.length - 1, this.selected + intent.by));
          break;
        case 'join': {
          const row = this.rows[this.selected];
          if (row === undefined) break;
          const server: Address = { address: row.server.address, port: row.server.port };
          const label = where(server);
          this.message = null;
          this.choice =
            row.room === null
              ? { kind: 'default', server, label }
              : { kind: 'room', request: { kind: 'join', name: row.room.name }, server, label };
          return;
        }
        case 'create':
          this.message = NO_CREATE_TEXT;
          break;
        case 'refresh':
          this.refresh(now);
          break;
      }
    }
  }

  screen(): RoomsScreen {
    this.dirty = false;
    const rooms: ServerListedRoom[] = this.rows.map((r) => {
      const s = r.server;
      const server = `${s.name} (${where(s)})`;
      // A server that did not list its rooms (before rooms): its default room, from the list.
      const room = r.room ?? {
        name: 'default',
        map: s.map,
        phase: 'lobby' as const,
        players: s.players,
        maxPlayers: s.maxPlayers,
        access: 'open' as const,
      };
      return { ...room, pingMs: r.pingMs ?? Number.NaN, server };
    });
    return {
      kind: 'rooms',
      rooms,
      selected: this.selected,
      loading: !this.listed,
      refreshing: this.listed && this.busy,
      message: this.message,
      canCreate: false,
      form: null,
    };
  }
}
