/**
 * The rooms of one server, by name. Today it holds exactly one, the default room, which never
 * closes; issue 14 adds more through the same calls (a CONNECT that names a room, `--rooms`).
 */
import { DEFAULT_ROOM } from '../protocol/index.ts';
import { type Outbox, Room, type RoomOptions } from './room.ts';

export { DEFAULT_ROOM };

/** What a room is made of, but its outbox: the directory asks the endpoint for that. */
export type RoomSettings = Omit<RoomOptions, 'outbox'>;

export class RoomDirectory {
  private readonly rooms = new Map<string, Room>();

  /** `outboxFor(name)`: how the room of that name reaches its players (the endpoint's). */
  constructor(private readonly outboxFor: (name: string) => Outbox) {}

  /** A new room; throws when the name is taken or the room cannot be made (Room's constructor). */
  create(settings: RoomSettings): Room {
    if (this.rooms.has(settings.name)) throw new Error(`a room named ${settings.name} exists`);
    const room = new Room({ ...settings, outbox: this.outboxFor(settings.name) });
    this.rooms.set(room.name, room);
    return room;
  }

  find(name: string): Room | undefined {
    return this.rooms.get(name);
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
   * Removes the room `name` from the directory; false for an unknown name or the default room,
   * which never closes. Its players' sessions are the caller's (the endpoint ends them).
   */
  close(name: string): boolean {
    if (name === DEFAULT_ROOM || !this.rooms.has(name)) return false;
    this.rooms.delete(name);
    return true;
  }
}
