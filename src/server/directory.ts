/**
 * The rooms of one server (PROTOCOL.md §15): it makes them (a name given, or a short code it
 * picks), finds them without regard to case, lists them (the default room first, then the others
 * in the order they were made: the order they tick in) and closes them, remembering a closed
 * name for a minute. It knows no addresses: who may make a room, and how often, is the
 * endpoint's to judge (handshake.ts); what a room may be made of is the server's `RoomTemplate`.
 */
import type { GameMap } from '../game/map.ts';
import { rngNext, seedRng } from '../game/rng.ts';
import type { Rules } from '../game/state.ts';
import {
  DEFAULT_ROOM,
  type RefusalReason,
  ROOM_CODE_ALPHABET,
  ROOM_CODE_CHARS,
  roomKey,
} from '../protocol/index.ts';
import { type Logger, withFields } from './log.ts';
import type { CreationLimits } from './rate-limit.ts';
import { type Outbox, Room, type RoomOptions } from './room.ts';
import type { ServerStats } from './stats.ts';

export { DEFAULT_ROOM };

/** What a room is made of, but its outbox: the directory asks the endpoint for that. */
export type RoomSettings = Omit<RoomOptions, 'outbox'>;

/** What the server makes every room of: its maps and the settings all rooms share. */
export interface RoomTemplate {
  /** The maps a room may use, by id; the first is the server's default map. */
  readonly maps: ReadonlyMap<string, GameMap>;
  readonly rules: Rules;
  /** Players per room. */
  readonly maxPlayers: number;
  /** The default room's seed; the others' are derived from it, one per room made. */
  readonly seed: number;
  readonly logger: Logger;
  readonly stats: ServerStats;
}

/** The rooms of an endpoint (PROTOCOL.md §15). */
export interface RoomsOptions {
  /** The maps a room may use, by id; the first is the server's default map. */
  readonly maps: ReadonlyMap<string, GameMap>;
  readonly rules: Rules;
  /** Players per room. */
  readonly maxPlayers: number;
  /** The default room's seed; the other rooms' are derived from it. */
  readonly seed: number;
  /** Rooms at most, the default room included. @default 64 */
  readonly maxRooms?: number;
  /** Whether players may make rooms (`CONNECT … new:…`). @default 'open' */
  readonly create?: 'open' | 'none';
  /** A room other than the kept ones closes after this long without play, ms. @default 300000 */
  readonly idleMs?: number;
  /** Uniform in [0, 1): draws the rooms' codes. Default: a generator seeded with `seed`. */
  readonly random?: () => number;
  /** New rooms per address; the defaults are CREATION_LIMITS. */
  readonly creationLimits?: Partial<CreationLimits>;
}

export const ROOM_DEFAULTS = { maxRooms: 64, idleMs: 300_000 } as const;

/** How long a closed room's name is answered `room-closed` (then `room-unknown`), ms. */
export const CLOSED_NAME_MS = 60_000;

/** Codes drawn before giving up on a free one (64 rooms among 32⁴ codes: never, in practice). */
const CODE_TRIES = 64;

export type RoomRefusal = Extract<
  RefusalReason,
  'map-unknown' | 'room-limit' | 'room-taken' | 'room-rate'
>;

export interface OpenOptions {
  /** The room's name; null: a code the directory picks (`K7QX`). */
  readonly name: string | null;
  /** A map id of the template's; null: the default map. */
  readonly map: string | null;
  /** Never closes when idle (the host's rooms). @default false */
  readonly kept?: boolean;
  /** Asked last, once every other check passed: may this room be made (a rate limit)? */
  readonly allow?: () => boolean;
}

export class RoomDirectory {
  /** By roomKey, in the order they were made. */
  private readonly rooms = new Map<string, Room>();
  /** Closed rooms' keys, and when they closed (ms). */
  private readonly closed = new Map<string, number>();
  private made = 0;
  private readonly random: () => number;

  /**
   * `outboxFor(room)`: how that room reaches its players (the endpoint's). `template`, `random`
   * (uniform in [0, 1), for the codes) and `maxRooms` are needed by `open` only.
   */
  constructor(
    private readonly outboxFor: (key: string) => Outbox,
    private readonly template?: RoomTemplate,
    random?: () => number,
    /** Rooms at most, the default room included. */
    readonly maxRooms = 64,
  ) {
    // Without a random source given (tests), the codes come from the template's seed.
    const rng = seedRng(template?.seed ?? 1);
    this.random = random ?? (() => rngNext(rng) / 2 ** 32);
  }

  /** A new room; throws when the name is taken or the room cannot be made (Room's constructor). */
  create(settings: RoomSettings): Room {
    const key = roomKey(settings.name);
    if (this.rooms.has(key)) throw new Error(`a room named ${settings.name} exists`);
    const room = new Room({
      ...settings,
      logger: withFields(settings.logger, { room: settings.name }),
      outbox: this.outboxFor(key),
    });
    this.rooms.set(key, room);
    this.closed.delete(key);
    this.made++;
    return room;
  }

  /**
   * A room made from the template (a player's `new:<map>:<room>`, or the host's `--rooms`), or
   * why not, checked in PROTOCOL.md §15's order: map, limit, name, then `allow`.
   */
  open(options: OpenOptions, now: number): Room | RoomRefusal {
    const template = this.template;
    if (!template) throw new Error('this directory has no template to make rooms of');
    const mapId = options.map ?? this.defaultMapId;
    const map = template.maps.get(mapId);
    if (!map) return 'map-unknown';
    if (this.rooms.size >= this.maxRooms) return 'room-limit';
    let name = options.name;
    if (name !== null && this.taken(name, now)) return 'room-taken';
    name ??= this.freeCode(now);
    if (name === null) return 'room-limit';
    if (options.allow && !options.allow()) return 'room-rate';
    // The server's maps all fit its players (the CLI checks): a map that did not is unknown.
    try {
      return this.createFrom(template, name, map, mapId, options.kept ?? false);
    } catch {
      return 'map-unknown';
    }
  }

  private createFrom(
    template: RoomTemplate,
    name: string,
    map: GameMap,
    mapId: string,
    kept: boolean,
  ): Room {
    return this.create({
      name,
      map,
      mapId,
      rules: template.rules,
      maxPlayers: template.maxPlayers,
      // Rooms made in the same order get the same games; no two rooms share a generator.
      seed: (template.seed + Math.imul(0x9e3779b9, this.made)) >>> 0,
      logger: template.logger,
      stats: template.stats,
      tick: this.rooms.get(DEFAULT_ROOM)?.state.tick ?? 0,
      kept,
    });
  }

  /** The template's map ids, the default first. */
  get mapIds(): string[] {
    return this.template ? [...this.template.maps.keys()] : [];
  }

  get defaultMapId(): string {
    return this.mapIds[0] ?? '';
  }

  find(name: string): Room | undefined {
    return this.rooms.get(roomKey(name));
  }

  /** Whether a room of that name closed less than CLOSED_NAME_MS ago. */
  closedLately(name: string, now: number): boolean {
    const at = this.closed.get(roomKey(name));
    return at !== undefined && now - at < CLOSED_NAME_MS;
  }

  /** The default room; throws before it is made (the server makes it first). */
  get defaultRoom(): Room {
    const room = this.rooms.get(DEFAULT_ROOM);
    if (!room) throw new Error('no default room');
    return room;
  }

  /** The rooms in the order they were made (the order they tick in). */
  list(): IterableIterator<Room> {
    return this.rooms.values();
  }

  get size(): number {
    return this.rooms.size;
  }

  /**
   * Removes the room `name` from the directory and returns it; null for an unknown name or the
   * default room, which never closes. Its players' sessions are the caller's (the endpoint ends
   * them). Call it between ticks, never while iterating `list()`.
   */
  close(name: string, now: number): Room | null {
    const key = roomKey(name);
    const room = this.rooms.get(key);
    if (!room || key === DEFAULT_ROOM) return null;
    this.rooms.delete(key);
    this.forgetClosed(now);
    this.closed.set(key, now);
    return room;
  }

  private taken(name: string, now: number): boolean {
    return this.rooms.has(roomKey(name)) || this.closedLately(name, now);
  }

  private freeCode(now: number): string | null {
    for (let i = 0; i < CODE_TRIES; i++) {
      let code = '';
      for (let c = 0; c < ROOM_CODE_CHARS; c++) {
        const n = Math.floor(this.random() * ROOM_CODE_ALPHABET.length);
        code += ROOM_CODE_ALPHABET[Math.min(n, ROOM_CODE_ALPHABET.length - 1)];
      }
      if (!this.taken(code, now)) return code;
    }
    return null;
  }

  /** Names closed long enough ago are forgotten: the memory is bounded by a minute's closings. */
  private forgetClosed(now: number): void {
    for (const [key, at] of this.closed) if (now - at >= CLOSED_NAME_MS) this.closed.delete(key);
  }
}
