/**
 * The tick's snapshot path (`writeSnapshot`: a ring of typed arrays per session, bytes written
 * directly) against the reference (`buildSnapshot`: a Map of Maps, a SnapMessage, encodeBytes):
 * the same datagrams, tick after tick, for random histories of players coming, going, walking and
 * jumping, acknowledgements recent, stale, missing or 32 ticks old, and every phase.
 */
import { describe, expect, test } from 'bun:test';
import type { GameState, Player } from '../../src/game/state.ts';
import { encodeBytes, type Phase, type Positions } from '../../src/protocol/index.ts';
import { SnapWriter } from '../../src/protocol/snap-writer.ts';
import { SNAPSHOT_HISTORY } from '../../src/server/sent-sets.ts';
import { createSession, type Session } from '../../src/server/session.ts';
import { buildSnapshot, type SnapshotSession, writeSnapshot } from '../../src/server/snapshots.ts';
import { Rng } from '../protocol/support/prng.ts';
import { randomName, randomPhase } from '../protocol/support/random-messages.ts';

function player(id: number, x: number, y: number): Player {
  return {
    id,
    name: `p${id}`,
    colour: 0,
    team: 'N',
    ready: false,
    caught: false,
    spectator: false,
    x,
    y,
    keys: 0,
  };
}

/** The two sides: a real session (fast path) and a reference one with a Map of sets. */
interface Pair {
  fast: Session;
  ref: SnapshotSession & { ackTick: number | null; appliedSeq: number; lead: number | null };
}

function pair(i: number): Pair {
  const fast = createSession(
    '0'.repeat(16),
    i + 1,
    { address: '127.0.0.1', port: 5000 + i },
    'k',
    'n',
    0,
    30,
  );
  return {
    fast,
    ref: { ackTick: null, appliedSeq: 0, lead: null, sent: new Map<number, Positions>() },
  };
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** One tick of every session through both paths; returns the reference datagrams. */
function tickBoth(
  w: SnapWriter,
  tick: number,
  rosterVersion: number,
  phase: Phase,
  sessions: readonly Pair[],
  seenOf: (i: number) => readonly Player[],
): string[] {
  const out: string[] = [];
  w.beginTick(tick, rosterVersion, phase);
  sessions.forEach((s, i) => {
    const seen = seenOf(i);
    const want = text(
      encodeBytes(buildSnapshot(s.ref, { tick } as GameState, phase, seen, rosterVersion)),
    );
    const got = text(writeSnapshot(w, s.fast, tick, seen));
    expect(got).toBe(want);
    out.push(want);
  });
  return out;
}

describe('writeSnapshot gives the bytes of encodeBytes(buildSnapshot(…))', () => {
  for (const seed of [1, 2, 3, 4]) {
    test(`random histories, seed ${seed}: 3 sessions × 3000 ticks`, () => {
      const rng = new Rng(seed);
      const w = new SnapWriter();
      const sessions = [pair(0), pair(1), pair(2)];
      // A pool of players, ids spread from 1 to 65535, walking or jumping about.
      const pool = Array.from({ length: 40 }, (_, k) =>
        player(k < 35 ? k + 1 : 65535 - k, rng.edgy(0, 65535), rng.edgy(0, 65535)),
      );
      let present = new Set(pool.filter(() => rng.bool(0.5)));
      let deltas = 0;
      let absolute = 0;
      const ops = { '=': 0, '+': 0, x: 0 };
      let tick = rng.bool() ? 0 : rng.int(0, 2 ** 32 - 5000);
      let rosterVersion = rng.edgy(1, 2 ** 32 - 5000);
      let phase = randomPhase(rng);
      for (let t = 0; t < 3000; t++, tick++) {
        for (const p of pool) {
          const roll = rng.int(0, 99);
          if (roll < 30) {
            p.x = Math.max(0, Math.min(65535, p.x + rng.int(-12, 12)));
            p.y = Math.max(0, Math.min(65535, p.y + rng.int(-12, 12)));
          } else if (roll < 32) {
            p.x = rng.edgy(0, 65535);
            p.y = rng.edgy(0, 65535);
          }
        }
        if (rng.bool(0.1)) {
          present = new Set(pool.filter((p) => (present.has(p) ? rng.bool(0.9) : rng.bool(0.2))));
        }
        if (rng.bool(0.05)) rosterVersion++;
        if (rng.bool(0.05)) phase = randomPhase(rng);
        for (const s of sessions) {
          // What handlers.ts would have recorded from the client's INPUTs.
          const roll = rng.int(0, 99);
          const ack =
            roll < 5
              ? null
              : roll < 70
                ? tick - rng.int(1, 3)
                : roll < 80
                  ? tick - SNAPSHOT_HISTORY + rng.int(-1, 1)
                  : roll < 85
                    ? tick
                    : tick - rng.int(1, 60);
          const ackTick = ack === null || ack < 0 ? null : ack;
          const appliedSeq = rng.bool(0.1) ? 0 : rng.edgy(1, 2 ** 32 - 1);
          const lead = rng.bool(0.1) ? null : rng.int(-999, 999);
          Object.assign(s.fast, { ackTick, appliedSeq, lead });
          Object.assign(s.ref, { ackTick, appliedSeq, lead });
        }
        const visible = pool.filter((p) => present.has(p)).sort((a, b) => a.id - b.id);
        const datagrams = tickBoth(w, tick, rosterVersion, phase, sessions, () => {
          const seen = visible.filter(() => rng.bool(0.8));
          // Now and then out of order, or a player twice: the reference's Map copes, so must we.
          if (rng.bool(0.01)) return rng.shuffle([...seen, ...seen.slice(0, 2)]);
          return seen;
        });
        for (const d of datagrams) {
          if (d.split(' ')[2] === '-') absolute++;
          else deltas++;
          for (const token of d.split(' ').slice(6)) {
            if (/^\d+=/.test(token)) ops['=']++;
            else if (/^\d+\+/.test(token)) ops['+']++;
            else if (/^\d+x$/.test(token)) ops.x++;
          }
        }
      }
      // The histories did exercise every case.
      expect(deltas).toBeGreaterThan(1000);
      expect(absolute).toBeGreaterThan(100);
      expect(ops['=']).toBeGreaterThan(100);
      expect(ops['+']).toBeGreaterThan(100);
      expect(ops.x).toBeGreaterThan(100);
    });
  }

  test('a base acknowledged exactly 32 ticks ago is still used, 33 ticks ago not', () => {
    const w = new SnapWriter();
    const s = pair(0);
    const a = player(1, 10, 20);
    const phase: Phase = {
      kind: 'LOBBY',
      notice: { why: 'left', name: randomName(new Rng(1)) },
      startIn: null,
    };
    for (let tick = 100; tick < 140; tick++) {
      a.x++;
      s.fast.ackTick = s.ref.ackTick = 100;
      const [d] = tickBoth(w, tick, 1, phase, [s], () => [a]);
      expect(d!.split(' ')[2]).toBe(tick > 100 && tick <= 132 ? '100' : '-');
    }
  });
});
