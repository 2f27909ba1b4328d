/** Roster transfer: parts fit a datagram and reassemble into the newest complete version. */
import { describe, expect, test } from 'bun:test';
import { TEAMS } from '../../src/game/units.ts';
import {
  decode,
  encodeBytes,
  MAX_DATAGRAM,
  RosterAssembler,
  type RosterEntry,
  type RosterMessage,
  splitRoster,
  U32_MAX,
} from '../../src/protocol/index.ts';
import { Rng } from './support/prng.ts';

function players(n: number, rng: Rng): RosterEntry[] {
  return Array.from({ length: n }, (_, i) => ({
    id: 65535 - i,
    name: `N${String(i).padStart(2, '0')}~abcdefg`.slice(0, 10),
    colour: i % 16,
    team: rng.pick(TEAMS),
    ready: true,
    caught: true,
    spectator: true,
  }));
}

function viaWire(parts: readonly RosterMessage[]): RosterMessage[] {
  return parts.map((p) => {
    const bytes = encodeBytes(p);
    expect(bytes.length).toBeLessThanOrEqual(MAX_DATAGRAM);
    const r = decode(bytes, 'client');
    if (!r.ok || r.msg.type !== 'ROSTER') throw new Error('a roster part does not decode');
    return r.msg;
  });
}

describe('splitRoster and RosterAssembler', () => {
  test('64 players with 10-character names', () => {
    const rng = new Rng(1);
    const list = players(64, rng);
    const parts = viaWire(splitRoster(U32_MAX, list));
    expect(parts.length).toBe(2);
    const assembler = new RosterAssembler();
    const shuffled = rng.shuffle([...parts, ...parts]);
    const statuses = shuffled.map((p) => assembler.add(p));
    expect(statuses.filter((s) => s === 'complete').length).toBe(1);
    expect(assembler.version).toBe(U32_MAX);
    expect([...assembler.players].sort((a, b) => b.id - a.id)).toEqual(list);
  });

  test('an empty server sends one part with no players', () => {
    const parts = splitRoster(1, []);
    expect(parts).toEqual([{ type: 'ROSTER', version: 1, part: 0, parts: 1, players: [] }]);
    const assembler = new RosterAssembler();
    expect(assembler.add(viaWire(parts)[0] as RosterMessage)).toBe('complete');
    expect(assembler.players).toEqual([]);
  });

  test('the newest version wins; older parts are ignored', () => {
    const rng = new Rng(2);
    const v2 = splitRoster(2, players(60, rng));
    const v3 = splitRoster(3, players(5, rng));
    const assembler = new RosterAssembler();
    expect(assembler.add(v2[0] as RosterMessage)).toBe('partial');
    expect(assembler.add(v3[0] as RosterMessage)).toBe('complete');
    expect(assembler.add(v2[1] as RosterMessage)).toBe('old');
    expect(assembler.version).toBe(3);
    expect(assembler.players.length).toBe(5);
  });

  test('parts that disagree, or repeat a player across parts, are refused', () => {
    const p = (part: number, parts: number, id: number): RosterMessage => ({
      type: 'ROSTER',
      version: 4,
      part,
      parts,
      players: [
        { id, name: 'x', colour: 0, team: 'N', ready: false, caught: false, spectator: false },
      ],
    });
    const a = new RosterAssembler();
    expect(a.add(p(0, 2, 1))).toBe('partial');
    expect(a.add(p(1, 3, 2))).toBe('bad');
    expect(a.add(p(1, 2, 1))).toBe('bad');
    expect(a.version).toBe(0);
  });

  test('throws when 16 parts are not enough', () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({
      id: i + 1,
      name: 'abcdefghij',
      colour: 0,
      team: 'N' as const,
      ready: false,
      caught: false,
      spectator: false,
    }));
    expect(() => splitRoster(1, many)).toThrow();
  });
});
