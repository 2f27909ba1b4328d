/**
 * The SnapWriter (the server's direct SNAP encoder) against the codec: for a target set and a
 * base set, the same bytes as `encodeBytes` of the SNAP whose entries are `snapEntries(target,
 * base)`, and a RangeError wherever the codec throws one. The wire format lives in the codec
 * and snap-delta.ts; this only has to agree with them.
 */
import { describe, expect, test } from 'bun:test';
import {
  encodeBytes,
  type Phase,
  type Position,
  snapEntries,
  U32_MAX,
} from '../../src/protocol/index.ts';
import { type Placed, SnapWriter } from '../../src/protocol/snap-writer.ts';
import { Rng } from './support/prng.ts';
import { randomPhase } from './support/random-messages.ts';

interface Case {
  tick: number;
  baseTick: number | null;
  ackSeq: number | null;
  lead: number | null;
  rosterVersion: number;
  phase: Phase;
  players: Placed[];
  /** The base set (null with baseTick null). */
  base: Placed[] | null;
}

const asMap = (set: readonly Placed[]) =>
  new Map<number, Position>(set.map((p) => [p.id, { x: p.x, y: p.y }]));

function viaCodec(c: Case): Uint8Array {
  return encodeBytes({
    type: 'SNAP',
    tick: c.tick,
    baseTick: c.baseTick,
    ackSeq: c.ackSeq,
    lead: c.lead,
    rosterVersion: c.rosterVersion,
    phase: c.phase,
    entries: snapEntries(asMap(c.players), c.base === null ? null : asMap(c.base)),
  });
}

function viaWriter(w: SnapWriter, c: Case): Uint8Array {
  w.beginTick(c.tick, c.rosterVersion, c.phase);
  const base =
    c.base === null
      ? null
      : {
          data: Int32Array.from(c.base.flatMap((p) => [p.id, p.x, p.y])),
          start: 0,
          end: c.base.length * 3,
        };
  return w.snapshot(c.baseTick, c.ackSeq, c.lead, c.players, base);
}

/** The bytes as text, or 'RangeError'. */
function outcome(f: () => Uint8Array): string {
  try {
    return new TextDecoder().decode(f());
  } catch (e) {
    expect(e).toBeInstanceOf(RangeError);
    return 'RangeError';
  }
}

/** A random set of players: ids from `ids`, positions near the edges of their range now and then. */
function randomSet(rng: Rng, ids: readonly number[]): Placed[] {
  return ids
    .filter(() => rng.bool(0.7))
    .map((id) => ({ id, x: rng.edgy(0, 65535), y: rng.edgy(0, 65535) }));
}

function randomCase(rng: Rng): Case {
  const tick = rng.edgy(1, U32_MAX);
  const ids = [...new Set(Array.from({ length: rng.int(0, 40) }, () => rng.edgy(1, 65535)))].sort(
    (a, b) => a - b,
  );
  const players = randomSet(rng, ids);
  let base: Placed[] | null = null;
  if (rng.bool(0.7)) {
    // A base sharing most players: some still, some moved a little, some jumped.
    base = randomSet(rng, ids).map((b) => {
      const now = players.find((p) => p.id === b.id);
      if (now === undefined || rng.bool(0.2)) return b;
      const roll = rng.int(0, 2);
      if (roll === 0) return { ...now };
      const d = () => rng.int(-20, 20);
      const clamp = (v: number) => Math.max(0, Math.min(65535, v));
      return roll === 1 ? { id: b.id, x: clamp(now.x + d()), y: clamp(now.y + d()) } : b;
    });
  }
  return {
    tick,
    baseTick: base === null ? null : rng.int(0, tick - 1),
    ackSeq: rng.bool(0.2) ? null : rng.edgy(1, U32_MAX),
    lead: rng.bool(0.2) ? null : rng.edgy(-999, 999),
    rosterVersion: rng.edgy(1, U32_MAX),
    phase: randomPhase(rng),
    players,
    base,
  };
}

describe('SnapWriter writes what encodeBytes writes', () => {
  test('30 000 random cases, one writer reused (oversize ones refused by both)', () => {
    const rng = new Rng(77);
    const w = new SnapWriter();
    const seen = { refused: 0, deltas: 0, plus: 0, equals: 0, gone: 0 };
    for (let n = 0; n < 30_000; n++) {
      const c = randomCase(rng);
      // Now and then a crowd, past 1200 bytes.
      if (rng.bool(0.02)) {
        c.players = Array.from({ length: rng.int(60, 255) }, (_, k) => ({
          id: k + 1,
          x: rng.edgy(0, 65535),
          y: rng.edgy(0, 65535),
        }));
      }
      const want = outcome(() => viaCodec(c));
      expect(outcome(() => viaWriter(w, c))).toBe(want);
      if (want === 'RangeError') seen.refused++;
      if (c.base !== null) seen.deltas++;
      for (const token of want.split(' ')) {
        if (/^\d+\+/.test(token)) seen.plus++;
        else if (/^\d+=/.test(token)) seen.equals++;
        else if (/^\d+x$/.test(token)) seen.gone++;
      }
    }
    // Every case happened, often.
    for (const count of Object.values(seen)) expect(count).toBeGreaterThan(100);
  }, 20_000); // about 2.7 s on an idle core; over 5 s on a loaded 2-core machine

  test('every phase, several clients per tick', () => {
    const rng = new Rng(5);
    const w = new SnapWriter();
    for (let t = 0; t < 300; t++) {
      const shared = randomCase(rng);
      w.beginTick(shared.tick, shared.rosterVersion, shared.phase);
      for (let client = 0; client < 5; client++) {
        const c = { ...randomCase(rng), tick: shared.tick, rosterVersion: shared.rosterVersion };
        c.phase = shared.phase;
        if (c.baseTick !== null) c.baseTick = Math.min(c.baseTick, c.tick - 1);
        const base =
          c.base === null
            ? null
            : {
                data: Int32Array.from(c.base.flatMap((p) => [p.id, p.x, p.y])),
                start: 0,
                end: c.base.length * 3,
              };
        const got = outcome(() => w.snapshot(c.baseTick, c.ackSeq, c.lead, c.players, base));
        expect(got).toBe(outcome(() => viaCodec(c)));
      }
    }
  });

  test('numbers of every length: each side of every power of ten, up to u32', () => {
    const w = new SnapWriter();
    const edges = [0, 1, 9];
    for (let p = 10; p <= U32_MAX; p *= 10) edges.push(p - 1, p, p + 1);
    edges.push(U32_MAX - 1, U32_MAX);
    for (const tick of edges.filter((v) => v >= 1)) {
      for (const v of edges) {
        const small = Math.min(v, 65535);
        const c: Case = {
          tick,
          baseTick: Math.min(v, tick - 1),
          ackSeq: v,
          lead: v % 2 === 0 ? -Math.min(v, 255) : Math.min(v, 255),
          rosterVersion: Math.min(v, 65535),
          phase: { kind: 'COUNTDOWN', ticksLeft: Math.min(v, 65535) },
          players: [{ id: Math.max(1, Math.min(v, 65535)), x: small, y: 65535 - small }],
          base: [{ id: Math.max(1, Math.min(v, 65535)), x: 65535 - small, y: small }],
        };
        expect(outcome(() => viaWriter(w, c))).toBe(outcome(() => viaCodec(c)));
      }
    }
  });

  test('+ or =: the shorter, + on a tie, nothing for a player that did not move', () => {
    const w = new SnapWriter();
    const text = (x: number, y: number, fromX: number, fromY: number) =>
      outcome(() =>
        viaWriter(w, {
          tick: 10,
          baseTick: 9,
          ackSeq: null,
          lead: null,
          rosterVersion: 1,
          phase: { kind: 'LOBBY', notice: null, startIn: null },
          players: [{ id: 7, x, y }],
          base: [{ id: 7, x: fromX, y: fromY }],
        }),
      );
    expect(text(100, 200, 100, 200)).toBe('SNAP 10 9 - - 1 LOBBY - - END');
    expect(text(104, 200, 100, 200)).toBe('SNAP 10 9 - - 1 LOBBY - - 7+4,0 END');
    expect(text(1, 2, 100, 200)).toBe('SNAP 10 9 - - 1 LOBBY - - 7=1,2 END');
    // "-4,0" and "10,5" are as long: the tie goes to the change.
    expect(text(10, 5, 14, 5)).toBe('SNAP 10 9 - - 1 LOBBY - - 7+-4,0 END');
    expect(text(5, 5, 9, 9)).toBe('SNAP 10 9 - - 1 LOBBY - - 7=5,5 END');
  });
});

describe('SnapWriter refuses what the codec refuses', () => {
  const ok: Case = {
    tick: 100,
    baseTick: 90,
    ackSeq: 3,
    lead: 1,
    rosterVersion: 2,
    phase: {
      kind: 'GAME',
      ticksLeft: 50,
      hidersLeft: 1,
      hidersTotal: 2,
      headStart: 0,
      endTicks: 150,
    },
    players: [{ id: 1, x: 2, y: 3 }],
    base: [{ id: 2, x: 5, y: 5 }],
  };
  test('the case itself is fine', () => {
    expect(outcome(() => viaWriter(new SnapWriter(), ok))).toBe(outcome(() => viaCodec(ok)));
  });
  const bad: [string, Partial<Case>][] = [
    ['tick above u32', { tick: U32_MAX + 1 }],
    ['tick not an integer', { tick: 1.5 }],
    ['baseTick = tick', { baseTick: 100 }],
    ['ackSeq 0', { ackSeq: 0 }],
    ['lead 1000', { lead: 1000 }],
    ['rosterVersion 0', { rosterVersion: 0 }],
    [
      'hidersLeft > hidersTotal',
      {
        phase: {
          kind: 'GAME',
          ticksLeft: 1,
          hidersLeft: 3,
          hidersTotal: 2,
          headStart: 0,
          endTicks: 150,
        },
      },
    ],
    ['countdown too long', { phase: { kind: 'COUNTDOWN', ticksLeft: 65536 } }],
    [
      'bad notice name',
      { phase: { kind: 'LOBBY', notice: { why: 'left', name: 'a b' }, startIn: null } },
    ],
    ['id 0', { players: [{ id: 0, x: 1, y: 1 }] }],
    ['id above 65535', { players: [{ id: 65536, x: 1, y: 1 }] }],
    ['x above 65535', { players: [{ id: 1, x: 65536, y: 1 }] }],
    ['negative y', { players: [{ id: 1, x: 1, y: -1 }] }],
    ['x not an integer', { players: [{ id: 1, x: 1.5, y: 1 }] }],
    [
      '256 entries',
      { players: Array.from({ length: 256 }, (_, k) => ({ id: k + 1, x: 0, y: 0 })) },
    ],
  ];
  for (const [why, change] of bad) {
    test(why, () => {
      const c = { ...ok, ...change };
      expect(outcome(() => viaCodec(c))).toBe('RangeError');
      expect(outcome(() => viaWriter(new SnapWriter(), c))).toBe('RangeError');
    });
  }
  test('players out of id order: refused (snapEntries would sort them; the writer needs them sorted)', () => {
    const c = {
      ...ok,
      players: [
        { id: 3, x: 1, y: 1 },
        { id: 1, x: 1, y: 1 },
      ],
    };
    expect(outcome(() => viaWriter(new SnapWriter(), c))).toBe('RangeError');
  });
});
