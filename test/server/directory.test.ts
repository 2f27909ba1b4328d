/**
 * The directory of rooms and the room's outbox (src/server/directory.ts, room.ts): rooms are
 * made, found, listed and closed by name, the default room never closes, and a room reaches
 * its players only by id.
 */
import { describe, expect, test } from 'bun:test';
import { DEFAULT_ROOM, RoomDirectory, type RoomSettings } from '../../src/server/directory.ts';
import { memoryLogger } from '../../src/server/log.ts';
import type { Outbox } from '../../src/server/room.ts';
import { createSession } from '../../src/server/session.ts';
import { ServerStats } from '../../src/server/stats.ts';
import { classicMap, QUICK_RULES, SERVER_ADDRESS } from '../support/server-harness.ts';

const settings = (name: string): RoomSettings => ({
  name,
  map: classicMap,
  mapId: 'classic',
  rules: QUICK_RULES,
  maxPlayers: 10,
  seed: 1,
  logger: memoryLogger(),
  stats: new ServerStats(),
});

/** An outbox that writes down what each room sent to whom. */
function recording(): { sent: string[]; outboxFor: (room: string) => Outbox } {
  const sent: string[] = [];
  const outboxFor = (room: string): Outbox => ({
    send: (id, bytes) =>
      sent.push(`${room} ${id} ${new TextDecoder().decode(bytes).split(' ')[0]}`),
    close: (id) => sent.push(`${room} ${id} closed`),
  });
  return { sent, outboxFor };
}

describe('RoomDirectory', () => {
  test('creates, finds, lists and closes rooms; the default room never closes', () => {
    const dir = new RoomDirectory(recording().outboxFor);
    const main = dir.create(settings(DEFAULT_ROOM));
    const attic = dir.create(settings('attic'));
    expect(dir.defaultRoom).toBe(main);
    expect(dir.find('attic')).toBe(attic);
    expect(dir.find('cellar')).toBeUndefined();
    expect([...dir.list()].map((r) => r.name)).toEqual([DEFAULT_ROOM, 'attic']);
    expect(() => dir.create(settings('attic'))).toThrow('exists');
    expect(dir.find('ATTIC')).toBe(attic);
    expect(() => dir.create(settings('Attic'))).toThrow('exists');
    expect(dir.close(DEFAULT_ROOM, 0)).toBeNull();
    expect(dir.close('cellar', 0)).toBeNull();
    expect(dir.close('attic', 0)).toBe(attic);
    expect(dir.closedLately('Attic', 59_999)).toBe(true);
    expect(dir.closedLately('attic', 60_000)).toBe(false);
    expect([...dir.list()].map((r) => r.name)).toEqual([DEFAULT_ROOM]);
  });

  test('a map too small for the players is refused, and no room is made', () => {
    const dir = new RoomDirectory(recording().outboxFor);
    expect(() => dir.create({ ...settings(DEFAULT_ROOM), maxPlayers: 100_000 })).toThrow(
      'the map has room for',
    );
    expect(dir.size).toBe(0);
  });

  test('a room sends to its players by id, through its own outbox', () => {
    const { sent, outboxFor } = recording();
    const dir = new RoomDirectory(outboxFor);
    const attic = dir.create(settings('attic'));
    const id = attic.allocateId();
    attic.join(createSession('0123456789abcdef', id, SERVER_ADDRESS, 'k', 'ann', 0, 30));
    attic.mapRequest(id, 0);
    attic.tick(0); // ann joins; no INPUT yet, so no snapshot
    expect(attic.state.players.map((p) => p.name)).toEqual(['ann']);
    expect(sent).toEqual([`attic ${id} MAP`]);
    attic.leave(id);
    attic.tick(34);
    expect(attic.state.players).toEqual([]);
    expect(attic.playerCount).toBe(0);
  });
});
