/**
 * `haunted serve`'s rooms flags, as pure functions: `--rooms NAME[:MAP],…`, a map file's id,
 * and the server's list of maps (ROOMLIST's `maps`).
 */
import { expect, test } from 'bun:test';
import { mapIdOf, serverMaps } from '../../src/cli/commands/map-source.ts';
import { parseRooms } from '../../src/cli/commands/room-flags.ts';
import { isMapId } from '../../src/protocol/index.ts';
import { classicMap } from '../support/server-harness.ts';

test('--rooms: names and maps, or one clear error', () => {
  expect(parseRooms('')).toEqual([]);
  expect(parseRooms('a,b:grand,Fri_days')).toEqual([
    { name: 'a' },
    { name: 'b', map: 'grand' },
    { name: 'Fri_days' },
  ]);
  expect(parseRooms('a,,b')).toEqual([{ name: 'a' }, { name: 'b' }]);
  expect(parseRooms('a b')).toEqual({
    error: '"a b" is not NAME[:MAP] (a name is 1–16 of A–Z a–z 0–9 - _)',
  });
  expect(parseRooms('a:b:c')).toHaveProperty('error');
  expect(parseRooms('seventeen-chars-x')).toHaveProperty('error');
  expect(parseRooms('a:Grand')).toEqual({ error: '"Grand" is not a map id (1–16 of a–z 0–9 -)' });
  expect(parseRooms('a,A')).toEqual({ error: 'room A is named twice (or is the default room)' });
  expect(parseRooms('Default')).toHaveProperty('error');
});

test("a map file's id is its cleaned name", () => {
  for (const [file, id] of [
    ['maps/My Manor.map', 'my-manor'],
    ['annexe.map', 'annexe'],
    ['C:\\maps\\Big_House v2.txt', 'big-house-v2'],
    ['///.map', 'custom'],
    ['a-very-long-name-for-a-map.map', 'a-very-long-name'],
  ] as const) {
    expect(mapIdOf(file)).toBe(id);
    expect(isMapId(mapIdOf(file))).toBe(true);
  }
});

test("the server's maps: --map's first, then the built-in maps with room for the players", () => {
  expect([...serverMaps(undefined, classicMap, 10).maps.keys()]).toEqual(['classic', 'grand']);
  expect(serverMaps(undefined, classicMap, 10).defaultId).toBe('classic');
  expect([...serverMaps('grand', classicMap, 10).maps.keys()]).toEqual(['grand', 'classic']);
  expect([...serverMaps('annexe.map', classicMap, 10).maps.keys()]).toEqual([
    'annexe',
    'classic',
    'grand',
  ]);
  // More players than the classic manor has floor cells (110 × 32): only the grand manor.
  expect([...serverMaps('grand', classicMap, 4000).maps.keys()]).toEqual(['grand']);
});
