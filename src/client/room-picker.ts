/**
 * Choosing a room before the game (`haunted play host` on a server with rooms): headless and
 * pure of real time, like game-client.ts. Keys in (room-keys.ts), the list screen's model out
 * (ui/model.ts RoomsScreen), and a `choice` for the caller once made.
 *
 * The first list decides: a server with one room (or of before rooms: no ROOMLIST within 1 s,
 * room-list.ts) is joined as before rooms, without a room name (`choice` {kind: 'default'}) and
 * without the list ever being drawn. With more, the list: ↑/↓ choose, Enter joins, N opens the
 * new-room form (a map of the server's list, an optional name), R refreshes, and every 2 s it
 * refreshes by itself. A join refused for a reason another room can fix comes back here
 * (`back`), with the reason said.
 */
import type { Address, Transport } from '../net/transport.ts';
import {
  isRoomName,
  MAX_ROOM_NAME_CHARS,
  REFUSAL_TEXT,
  type RoomRequest,
  roomKey,
} from '../protocol/index.ts';
import type { Refusal } from './connection-types.ts';
import type { KeyEvent } from './keys.ts';
import { roomFormIntents, roomListIntents } from './room-keys.ts';
import { RoomList, type RoomListOptions } from './room-list.ts';
import type { RoomForm, RoomsScreen } from './ui/model.ts';

/** What the player chose: the default room as before rooms, a room (join or make), or leave. */
export type RoomChoice =
  | { readonly kind: 'default' }
  | { readonly kind: 'room'; readonly request: RoomRequest }
  | { readonly kind: 'quit' };

/**
 * Refusals of a join chosen from the list that another room (or another try) can fix: the
 * player goes back to the list, told why. The name refusals keep the game's rename prompt.
 */
export const BACK_TO_LIST: ReadonlySet<Refusal> = new Set<Refusal>([
  'full',
  'closed',
  'room-unknown',
  'room-full',
  'room-closed',
  'room-taken',
  'room-limit',
  'room-rate',
  'no-create',
  'map-unknown',
]);

export interface RoomPickerOptions {
  readonly transport: Transport;
  readonly server: Address;
  /** When the first ROOMS goes out, ms. */
  readonly now: number;
  /** Refresh the list by itself this often, ms. @default 2000 */
  readonly refreshMs?: number;
  /** The fetcher's timers (tests). */
  readonly list?: Partial<Pick<RoomListOptions, 'resendMs' | 'silentMs' | 'giveUpMs'>>;
}

const NO_CREATE_TEXT = 'This server does not let players make rooms: join one of these.';

export class RoomPicker {
  readonly list: RoomList;
  /** Set once the player chose (or the first list chose for them); null while choosing. */
  choice: RoomChoice | null = null;
  /** For the player: why the last try failed, or why no room can be made. */
  message: string | null = null;
  private selectedName: string | null = null;
  private form: RoomForm | null = null;
  /** Whether the list was shown at least once (after that a one-room list still shows). */
  private shown = false;
  private nextRefreshAt: number;
  private lastRound = 0;
  private dirty = true;

  constructor(private readonly options: RoomPickerOptions) {
    this.list = new RoomList({
      transport: options.transport,
      server: options.server,
      now: options.now,
      ...options.list,
    });
    this.nextRefreshAt = options.now + (options.refreshMs ?? 2000);
  }

  /** The fetch's resends and timeouts, the first list's decision, the automatic refresh. */
  update(now: number): void {
    if (this.choice !== null) return;
    this.list.update(now);
    if (this.list.rounds !== this.lastRound) {
      this.lastRound = this.list.rounds;
      this.dirty = true;
      if (!this.shown) {
        if (this.list.state === 'silent' || this.list.rooms.length <= 1) {
          this.choice = { kind: 'default' };
          return;
        }
        this.shown = true;
      }
      this.nextRefreshAt = now + (this.options.refreshMs ?? 2000);
    }
    if (this.shown && !this.list.busy && now >= this.nextRefreshAt) {
      this.list.refresh(now);
      this.dirty = true;
    }
  }

  /**
   * A socket error: "nothing listens there" during the first round means no list will come;
   * join as before rooms, whose handshake says it in the game's words.
   */
  socketError(error: Error): void {
    const code = (error as { code?: unknown }).code;
    if (code === 'ECONNREFUSED' && !this.shown && this.choice === null) {
      this.choice = { kind: 'default' };
    }
  }

  /** Back from a refused join: listening again, the list refreshed, the reason said. */
  back(refusal: Refusal, request: RoomRequest | null, now: number): void {
    this.message = refusalMessage(refusal, request);
    this.choice = null;
    this.form = null;
    this.shown = true;
    this.list.listen();
    this.list.refresh(now);
    this.dirty = true;
  }

  /** Whether the screen changed since the last `screen()`. */
  get changed(): boolean {
    return this.dirty;
  }

  /** Whether the list is on screen (else the caller shows what it shows while it asks). */
  get showing(): boolean {
    return this.shown && this.choice === null;
  }

  onKey(event: KeyEvent, now: number): void {
    if (this.choice !== null) return;
    this.dirty = true;
    if (this.form !== null) this.formKey(event);
    else this.listKey(event, now);
  }

  private listKey(event: KeyEvent, now: number): void {
    for (const intent of roomListIntents(event)) {
      switch (intent.kind) {
        case 'quit':
          this.choice = { kind: 'quit' };
          return;
        case 'move':
          this.move(intent.by);
          break;
        case 'join': {
          const room = this.list.rooms[this.selectedIndex()];
          if (!this.shown || room === undefined) break;
          this.message = null;
          this.choice = { kind: 'room', request: { kind: 'join', name: room.name } };
          return;
        }
        case 'create':
          if (!this.shown) break;
          if (this.list.maps === null) this.message = NO_CREATE_TEXT;
          else this.form = { maps: this.list.maps, mapIndex: 0, draft: '', error: null };
          break;
        case 'refresh':
          this.list.refresh(now);
          this.nextRefreshAt = now + (this.options.refreshMs ?? 2000);
          break;
      }
    }
  }

  private formKey(event: KeyEvent): void {
    const form = this.form;
    if (form === null) return;
    for (const intent of roomFormIntents(event)) {
      switch (intent.kind) {
        case 'quit':
          this.choice = { kind: 'quit' };
          return;
        case 'cancel':
          this.form = null;
          return;
        case 'map': {
          const n = form.maps.length;
          this.form = { ...form, mapIndex: (form.mapIndex + intent.by + n) % n, error: null };
          break;
        }
        case 'erase':
          this.form = { ...form, draft: form.draft.slice(0, -1), error: null };
          break;
        case 'type':
          this.form = typed(form, intent.text);
          break;
        case 'submit': {
          const map = form.maps[form.mapIndex] ?? null;
          const name = form.draft === '' ? null : form.draft;
          this.message = null;
          this.form = null;
          this.choice = { kind: 'room', request: { kind: 'new', map, name } };
          return;
        }
      }
    }
  }

  private move(by: -1 | 1): void {
    const rooms = this.list.rooms;
    if (rooms.length === 0) return;
    const i = Math.min(rooms.length - 1, Math.max(0, this.selectedIndex() + by));
    this.selectedName = rooms[i]!.name;
  }

  /** The chosen room's index in the list shown: by name, so a refresh keeps it. */
  private selectedIndex(): number {
    if (this.selectedName === null) return 0;
    const key = roomKey(this.selectedName);
    const i = this.list.rooms.findIndex((r) => roomKey(r.name) === key);
    return Math.max(i, 0);
  }

  /** The list screen's model. */
  screen(): RoomsScreen {
    this.dirty = false;
    return {
      kind: 'rooms',
      rooms: this.list.rooms,
      selected: this.selectedIndex(),
      loading: this.list.state === 'asking',
      refreshing: this.list.busy && this.list.state === 'listed',
      message: this.message,
      canCreate: this.list.maps !== null,
      form: this.form,
    };
  }
}

/** The form after typing `text`: room-name characters only, at most 16. */
function typed(form: RoomForm, text: string): RoomForm {
  let draft = form.draft;
  let error: string | null = null;
  for (const ch of text) {
    if (!isRoomName(ch)) error = 'Room names have only letters A–Z a–z, digits, - and _';
    else if (draft.length >= MAX_ROOM_NAME_CHARS)
      error = `Room names have at most ${MAX_ROOM_NAME_CHARS} characters`;
    else draft += ch;
  }
  return { ...form, draft, error };
}

/** What a room list says when a join from it was refused: what was asked, and why not. */
export function refusalMessage(refusal: Refusal, request: RoomRequest | null): string {
  const what =
    request === null
      ? 'The server'
      : request.kind === 'join'
        ? `Room ${request.name}`
        : 'A new room';
  const text = refusal === 'name-empty' ? 'names cannot be empty' : REFUSAL_TEXT[refusal];
  return `${what}: ${text}.`;
}
