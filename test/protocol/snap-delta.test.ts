/** Snapshot deltas: building entries against a base and applying them gives the target back. */
import { describe, expect, test } from 'bun:test';
import {
  applySnapEntries,
  decode,
  encodeBytes,
  type Position,
  snapEntries,
} from '../../src/protocol/index.ts';
import { Rng } from './support/prng.ts';

function randomSet(rng: Rng, ids: number[]): Map<number, Position> {
  return new Map(ids.map((id) => [id, { x: rng.edgy(0, 65535), y: rng.edgy(0, 65535) }]));
}

/** A target that keeps, moves (a little or a lot), drops and adds players of `base`. */
function evolve(rng: Rng, base: Map<number, Position>): Map<number, Position> {
  const out = new Map<number, Position>();
  for (const [id, p] of base) {
    const roll = rng.int(0, 4);
    if (roll === 0) continue;
    if (roll === 1) out.set(id, p);
    else if (roll === 2) out.set(id, { x: rng.int(0, 65535), y: rng.int(0, 65535) });
    else {
      out.set(id, {
        x: Math.max(0, Math.min(65535, p.x + rng.int(-20, 20))),
        y: Math.max(0, Math.min(65535, p.y + rng.int(-20, 20))),
      });
    }
  }
  for (let i = 0; i < rng.int(0, 5); i++) out.set(rng.int(1, 200), { x: rng.int(0, 4000), y: 7 });
  return out;
}

/** The entries through the wire in a SNAP, then applied. */
function sendAndApply(
  target: Map<number, Position>,
  base: Map<number, Position> | null,
): Map<number, Position> {
  const entries = snapEntries(target, base);
  const bytes = encodeBytes({
    type: 'SNAP',
    tick: 50,
    baseTick: base === null ? null : 40,
    ackSeq: 9,
    lead: 1,
    rosterVersion: 1,
    phase: { kind: 'COUNTDOWN', ticksLeft: 30 },
    entries,
  });
  const r = decode(bytes, 'client');
  if (!r.ok || r.msg.type !== 'SNAP') throw new Error('the SNAP does not decode');
  const applied = applySnapEntries(base, r.msg.entries);
  if (!applied.ok) throw new Error(applied.detail);
  return applied.positions;
}

describe('snapEntries and applySnapEntries', () => {
  test('absolute: every player as =', () => {
    const target = new Map([
      [3, { x: 16, y: 32 }],
      [1, { x: 0, y: 65535 }],
    ]);
    expect(snapEntries(target, null)).toEqual([
      { op: 'set', id: 1, x: 0, y: 65535 },
      { op: 'set', id: 3, x: 16, y: 32 },
    ]);
    expect(sendAndApply(target, null)).toEqual(target);
  });

  test('delta: unchanged players are left out, moved ones as +, gone ones as x', () => {
    const base = new Map([
      [1, { x: 100, y: 100 }],
      [2, { x: 200, y: 200 }],
      [3, { x: 300, y: 300 }],
    ]);
    const target = new Map([
      [1, { x: 100, y: 100 }],
      [2, { x: 196, y: 203 }],
      [4, { x: 5, y: 6 }],
    ]);
    expect(snapEntries(target, base)).toEqual([
      { op: 'move', id: 2, dx: -4, dy: 3 },
      { op: 'gone', id: 3 },
      { op: 'set', id: 4, x: 5, y: 6 },
    ]);
    expect(sendAndApply(target, base)).toEqual(target);
  });

  test('a long jump is sent as = when that is shorter', () => {
    const base = new Map([[1, { x: 60000, y: 60000 }]]);
    const target = new Map([[1, { x: 1, y: 2 }]]);
    expect(snapEntries(target, base)).toEqual([{ op: 'set', id: 1, x: 1, y: 2 }]);
  });

  test('seeded random sets: apply(build(target, base)) = target', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 500; i++) {
      const ids = Array.from({ length: rng.int(0, 60) }, () => rng.int(1, 65535));
      const base = randomSet(rng, ids);
      const target = evolve(rng, base);
      expect(sendAndApply(target, base)).toEqual(target);
      expect(sendAndApply(target, null)).toEqual(target);
    }
  });

  test('fails when + or x names a player absent from the base, or moves out of range', () => {
    const base = new Map([[1, { x: 10, y: 10 }]]);
    const fails = (entries: Parameters<typeof applySnapEntries>[1], b: typeof base | null = base) =>
      !applySnapEntries(b, entries).ok;
    expect(fails([{ op: 'move', id: 2, dx: 1, dy: 1 }])).toBe(true);
    expect(fails([{ op: 'gone', id: 2 }])).toBe(true);
    expect(fails([{ op: 'move', id: 1, dx: -11, dy: 0 }])).toBe(true);
    expect(fails([{ op: 'move', id: 1, dx: 0, dy: 65530 }])).toBe(true);
    expect(fails([{ op: 'gone', id: 1 }], null)).toBe(true);
    expect(fails([{ op: 'move', id: 1, dx: 1, dy: 0 }])).toBe(false);
  });

  test('the base is not modified', () => {
    const base = new Map([[1, { x: 10, y: 10 }]]);
    applySnapEntries(base, [{ op: 'gone', id: 1 }]);
    expect(base.size).toBe(1);
  });
});
