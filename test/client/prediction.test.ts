/**
 * The own player's prediction against the real server in simulated time: three players whose
 * keys change every 300–1500 ms (seeded, at any millisecond), frames drawn every 33 ms, on a
 * clean 150 ms round trip and on a bad one (150 ms, ±20 ms, 5 % loss, 2 % duplicates,
 * reordering). The server's own positions by tick are the reference: a frame's prediction of
 * tick p must equal the server's state at p.
 *
 * The lead control (server-clock.ts) aims at a margin of 0 ticks below 16.7 ms of round-trip
 * jitter, and an input made late in a tick then reaches the server a tick late: the server
 * applies it one tick after its stamp and the prediction is corrected by one tick's step. The
 * tests with a margin of one tick (what PROTOCOL §9 uses before the jitter is known) show the
 * prediction itself exact; those with the real margin check every correction away from other
 * players is one of those late inputs.
 */
import { describe, expect, spyOn, test } from 'bun:test';
import { ClientConnection } from '../../src/client/connection.ts';
import { type Correction, type OwnPosition, Prediction } from '../../src/client/prediction.ts';
import { LeadControl } from '../../src/client/server-clock.ts';
import { boxHitsWall, KEY, movePlayer } from '../../src/game/movement.ts';
import { rngInt, seedRng } from '../../src/game/rng.ts';
import { findPlayer } from '../../src/game/state.ts';
import { CELL_H, CELL_W, PLAYER_H, PLAYER_W } from '../../src/game/units.ts';
import type { LinkConditions } from '../../src/net/link-conditions.ts';
import type { Position } from '../../src/protocol/index.ts';
import { classicMap, SERVER_ADDRESS, startServer } from '../support/server-harness.ts';

const CLEAN: LinkConditions = { latencyMs: 75, jitterMs: 0, lossPct: 0, dupPct: 0 };
const BAD: LinkConditions = { latencyMs: 75, jitterMs: 20, lossPct: 5, dupPct: 2 };
const WORSE: LinkConditions = { latencyMs: 100, jitterMs: 40, lossPct: 20, dupPct: 10 };
const FRAME_MS = 33;
/** None, the four directions, the four diagonals. */
const DIRECTIONS = [0, KEY.up, KEY.down, KEY.left, KEY.right, 5, 9, 6, 10];

interface Frame {
  readonly at: number;
  readonly own: OwnPosition;
  readonly corrections: number;
}

interface KeyChange {
  readonly at: number;
  readonly keys: number;
  readonly before: number;
  readonly seq: number;
  /** The tick the input applies from: it first shows in the server's state at stamp + 1. */
  readonly stamp: number;
  /** The own frame drawn last before the change. */
  readonly last: Frame | undefined;
}

type Player = ReturnType<typeof world>['players'][number];

/**
 * A server, `n` connections with their predictors, frames every 33 ms, the server's positions
 * by tick, and each player's inputs the server applied after their stamp (late).
 */
function world(link: LinkConditions, seed: number, n: number) {
  const h = startServer({}, seed);
  h.net.setConditions(link);
  const players = Array.from({ length: n }, (_, i) => {
    const conn = new ClientConnection({
      transport: h.net.bind({ address: '127.0.0.1', port: 5001 + i }),
      server: SERVER_ADDRESS,
      name: `Ghost${i}`,
      now: h.net.now,
    });
    const corrections: Correction[] = [];
    const prediction = new Prediction(conn, { onCorrection: (c) => corrections.push(c) });
    const changes: KeyChange[] = [];
    return { conn, prediction, corrections, changes, frames: [] as Frame[], late: 0, applied: 0 };
  });
  /** history.get(k): every player's position in the server's state after ticks 0…k−1. */
  const history = new Map<number, Map<number, Position>>();
  h.each((now) => {
    const s = h.server.state;
    if (!history.has(s.tick)) {
      history.set(s.tick, new Map(s.players.map((p) => [p.id, { x: p.x, y: p.y }])));
    }
    for (const p of players) p.conn.update(now);
    for (const session of h.server.sessions.values()) {
      const p = players.find((q) => q.conn.welcome?.playerId === session.id);
      if (p === undefined || session.appliedSeq === p.applied) continue;
      p.applied = session.appliedSeq;
      const input = p.changes.find((c) => c.seq === session.appliedSeq);
      if (input !== undefined && s.tick - 1 > input.stamp) p.late++; // applied at tick s.tick − 1
    }
  });
  h.each((now) => {
    if (now % FRAME_MS !== 0) return;
    for (const p of players) {
      const own = p.prediction.position(now);
      if (own !== null) {
        p.frames.push({ at: now, own: { ...own }, corrections: p.prediction.stats.corrections });
      }
    }
  });
  return { h, players, history };
}

/** Holds seeded keys, changing every 300–1500 ms at any millisecond; logs each change. */
function walk(h: ReturnType<typeof startServer>, p: Player, seed: number): void {
  const rng = seedRng(seed);
  let next = 0;
  h.each((now) => {
    if (now < next || p.conn.state !== 'playing') return;
    const keys = DIRECTIONS[rngInt(rng, DIRECTIONS.length)]!;
    const before = p.conn.keys;
    const last = p.frames[p.frames.length - 1];
    p.conn.setInput(keys, now);
    const input = p.conn.pendingInputs[p.conn.pendingInputs.length - 1];
    if (keys !== before && input !== undefined) {
      p.changes.push({ at: now, keys, before, seq: input.seq, stamp: input.tick, last });
    }
    next = now + 300 + rngInt(rng, 1201);
  });
}

function start(p: Player, after: number): void {
  p.prediction.resetStats();
  p.corrections.length = 0;
  p.late = 0;
  p.frames = p.frames.filter((f) => f.at >= after);
}

type History = ReadonlyMap<number, ReadonlyMap<number, Position>>;

/**
 * Whether another player came within 3 cells of `id` in the server's states of the 12 ticks up
 * to `tick`: the span a replay covers, where others' moves can block the own player.
 */
function crowded(history: History, id: number, tick: number): boolean {
  for (let t = tick - 12; t <= tick; t++) {
    const row = history.get(t);
    const me = row?.get(id);
    if (row === undefined || me === undefined) return true;
    for (const [other, q] of row) {
      if (other !== id && Math.abs(q.x - me.x) < 3 * CELL_W && Math.abs(q.y - me.y) < 3 * CELL_H) {
        return true;
      }
    }
  }
  return false;
}

/**
 * Frames whose tick the server reached with nobody near, and those off the server's position.
 * A frame is provisional (skipped) when a key change after it was stamped before its tick: the
 * player changed its mind within the tick drawn, and the next frame shows it.
 */
function compare(p: Player, history: History) {
  const id = p.conn.welcome?.playerId ?? -1;
  let checked = 0;
  const wrong: { frame: Frame; server: Position }[] = [];
  let c = 0;
  for (const f of p.frames) {
    // Frames are drawn before the walker acts in the same millisecond.
    while (c < p.changes.length && p.changes[c]!.at < f.at) c++;
    if ((p.changes[c]?.stamp ?? Number.POSITIVE_INFINITY) < f.own.tick) continue;
    const server = history.get(f.own.tick)?.get(id);
    if (server === undefined || crowded(history, id, f.own.tick)) continue;
    checked++;
    if (server.x !== f.own.predictedX || server.y !== f.own.predictedY) {
      wrong.push({ frame: f, server });
    }
  }
  return { checked, wrong };
}

/**
 * Own input to own movement: for each key change, the first frame after it must have moved the
 * new way on every axis whose direction changed (unless a wall is in the way). Checked on the
 * predicted position and on the drawn one, unless a correction came in between.
 */
function nextFrameMoves(p: Player, history: History) {
  const id = p.conn.welcome?.playerId ?? -1;
  let checked = 0;
  let predictedLate = 0;
  let drawnLate = 0;
  for (const c of p.changes) {
    const next = p.frames.find((f) => f.at > c.at); // drawn before the walker in the same ms
    const from = c.last;
    if (from === undefined || next === undefined || next.at - c.at > FRAME_MS) continue;
    for (const mask of [KEY.left | KEY.right, KEY.up | KEY.down]) {
      const key = c.keys & mask;
      if (key === 0 || key === mask || key === (c.before & mask)) continue;
      const others = [...(history.get(from.own.tick) ?? [])]
        .filter(([other]) => other !== id)
        .map(([, q]) => ({ x: q.x, y: q.y, w: PLAYER_W, h: PLAYER_H }));
      const { predictedX: x, predictedY: y } = from.own;
      // One tick's step with the new keys (x first, then y, as the server moves).
      const probe = movePlayer(classicMap, x, y, c.keys, 10, others);
      const horizontal = mask === (KEY.left | KEY.right);
      if ((horizontal ? probe.x - x : probe.y - y) === 0) continue;
      // The input rewrites the ticks from its stamp, which may be one the frame before already
      // drew: a key that a wall blocks where the player was at the stamp, or where it ends up,
      // was blocked there too.
      const { predictedX: nx, predictedY: ny } = next.own;
      const after = movePlayer(classicMap, nx, ny, c.keys, 10, others);
      if ((horizontal ? after.x - nx : after.y - ny) === 0) continue;
      if (c.stamp < from.own.tick) {
        const atStamp = p.frames.findLast((f) => f.at <= from.at && f.own.tick === c.stamp);
        if (atStamp === undefined) continue;
        const { predictedX: sx, predictedY: sy } = atStamp.own;
        const there = movePlayer(classicMap, sx, sy, c.keys, 10, others);
        if ((horizontal ? there.x - sx : there.y - sy) === 0) continue;
      }
      checked++;
      const sign = key === KEY.left || key === KEY.up ? -1 : 1;
      const predicted = horizontal
        ? next.own.predictedX - from.own.predictedX
        : next.own.predictedY - from.own.predictedY;
      const drawn = horizontal ? next.own.x - from.own.x : next.own.y - from.own.y;
      // Near another player the prediction sees it where it was a round trip ago, and a
      // snapshot showing it in the way corrects both: checked where nobody is near.
      if (next.corrections !== from.corrections || crowded(history, id, next.own.tick)) continue;
      if (Math.sign(predicted) !== sign) predictedLate++;
      if (Math.sign(drawn) !== sign) drawnLate++;
    }
  }
  return { checked, predictedLate, drawnLate };
}

function alone(p: Player): Correction[] {
  return p.corrections.filter((c) => !c.crowded);
}

function report(
  label: string,
  p: Player,
  minutes: number,
  history: Map<number, Map<number, Position>>,
) {
  const s = p.prediction.stats;
  const cmp = compare(p, history);
  const soloVisible = alone(p).filter((c) => c.visible).length;
  console.log(
    `${label}: ${s.corrections} corrections in ${minutes} min (${s.crowdedCorrections} near`,
    `another player), ${alone(p).length} alone of which ${soloVisible} visible`,
    `(${(soloVisible / minutes).toFixed(2)}/min); ${s.visibleCorrections} visible and ${s.snaps}`,
    `snaps in all, largest ${s.largestCorrection.toFixed(1)} u; ${p.late} inputs applied late;`,
    `${cmp.wrong.length}/${cmp.checked} uncrowded frames off the server; lead ${p.conn.lead}`,
  );
  return { cmp, soloVisible };
}

describe('Prediction against the real server', () => {
  for (const [name, link, seed] of [
    ['clean', CLEAN, 3],
    ['bad', BAD, 5],
  ] as const) {
    test(`${name} link, margin of one tick, 3 min: exact wherever nobody is near`, () => {
      const margin = spyOn(LeadControl, 'marginFor').mockReturnValue(1);
      try {
        const { h, players, history } = world(link, seed, 3);
        for (const [i, p] of players.entries()) walk(h, p, 100 + i);
        h.run(5000);
        for (const p of players) start(p, 5000);
        h.run(180_000);
        for (const [i, p] of players.entries()) {
          const { cmp, soloVisible } = report(`${name}, margin 1, client ${i}`, p, 3, history);
          expect(p.conn.state).toBe('playing');
          expect(cmp.checked).toBeGreaterThan(2500);
          const moves = nextFrameMoves(p, history);
          expect(moves.checked).toBeGreaterThan(120);
          expect(moves.predictedLate).toBe(0);
          expect(moves.drawnLate).toBe(0);
          if (name === 'clean') {
            expect(p.late).toBe(0);
            expect(alone(p)).toEqual([]);
            expect(cmp.wrong).toEqual([]);
          } else {
            expect(soloVisible).toBeLessThanOrEqual(3); // ≤ 1 a minute
            expect(alone(p).length).toBeLessThanOrEqual(p.late);
            expect(cmp.wrong.length / cmp.checked).toBeLessThan(0.01);
          }
        }
      } finally {
        margin.mockRestore();
      }
    });

    test(`${name} link, the real lead control, 3 min: corrections alone are late inputs`, () => {
      const { h, players, history } = world(link, seed, 3);
      for (const [i, p] of players.entries()) walk(h, p, 100 + i);
      h.run(5000);
      for (const p of players) start(p, 5000);
      h.run(180_000);
      for (const [i, p] of players.entries()) {
        const { cmp } = report(`${name}, real margin, client ${i}`, p, 3, history);
        expect(p.conn.state).toBe('playing');
        expect(alone(p).length).toBeLessThanOrEqual(p.late);
        expect(cmp.wrong.length / cmp.checked).toBeLessThan(0.05);
        expect(nextFrameMoves(p, history).predictedLate).toBe(0);
      }
    });
  }

  test('worse link (200 ms, ±40 ms, 20 % loss, 10 % duplicates), 2 min: still holds up', () => {
    const { h, players, history } = world(WORSE, 9, 3);
    for (const [i, p] of players.entries()) walk(h, p, 100 + i);
    h.run(5000);
    for (const p of players) start(p, 5000);
    h.run(120_000);
    for (const [i, p] of players.entries()) {
      const { cmp } = report(`worse, real margin, client ${i}`, p, 2, history);
      expect(p.conn.state).toBe('playing');
      expect(p.conn.stats.drops.unexpected).toBeGreaterThan(50); // duplicated, overtaken SNAPs
      expect(cmp.checked).toBeGreaterThan(2000);
      // Beyond the targets' link: a correction alone is still a late input, but for one at most
      // (another player just beyond the 3 cells that make a correction crowded).
      expect(alone(p).length).toBeLessThanOrEqual(p.late + 1);
      expect(cmp.wrong.length / cmp.checked).toBeLessThan(0.05);
      expect(nextFrameMoves(p, history).predictedLate).toBe(0);
    }
  });

  test('bad link: the server moves the player; a cell or more snaps, less is smoothed', () => {
    const { h, players } = world(BAD, 7, 1);
    const p = players[0]!;
    h.run(4000);
    const id = p.conn.welcome!.playerId;
    const server = findPlayer(h.server.state, id)!;
    const frameAt = (t: number) => p.frames.find((f) => f.at >= t)!;
    // Somewhere to move to, free of walls: an admin's teleport, 3 cells across, then 5 units.
    const dx = [48, -48].find((d) => !boxHitsWall(classicMap, server.x + d, server.y))!;
    expect(dx).toBeDefined();
    start(p, h.net.now);
    const target = { x: server.x + dx, y: server.y };
    Object.assign(server, target);
    const movedAt = h.net.now;
    h.run(600);
    expect(p.prediction.stats.corrections).toBe(1);
    expect(p.prediction.stats.snaps).toBe(1);
    const snap = p.corrections[0]!;
    expect(Math.abs(snap.dx)).toBe(48);
    expect(snap.at - movedAt).toBeGreaterThanOrEqual(55); // the next snapshot's one-way trip
    const first = frameAt(snap.at);
    expect(first.own.x).toBe(target.x); // drawn there at once
    expect(first.own.predictedX).toBe(target.x);

    const small = dx > 0 ? -5 : 5;
    if (boxHitsWall(classicMap, target.x + small, target.y)) throw new Error('no room');
    Object.assign(server, { x: target.x + small });
    h.run(600);
    expect(p.prediction.stats.corrections).toBe(2);
    expect(p.prediction.stats.snaps).toBe(1);
    const smooth = p.corrections[1]!;
    expect(smooth.dx).toBe(small);
    expect(smooth.visible).toBe(false);
    const drawn = p.frames.filter((f) => f.at >= smooth.at).slice(0, 6);
    // Starts where it was drawn, then converges: under a unit off after 150 ms, exact after.
    expect(Math.abs(drawn[0]!.own.x - target.x)).toBeLessThanOrEqual(1);
    for (const f of drawn) expect(f.own.predictedX).toBe(target.x + small);
    for (let i = 1; i < drawn.length; i++) {
      const gap = Math.abs(drawn[i]!.own.x - (target.x + small));
      expect(gap).toBeLessThan(Math.abs(drawn[i - 1]!.own.x - (target.x + small)) + 1e-9);
    }
    const later = p.frames.find((f) => f.at >= smooth.at + 150)!;
    expect(Math.abs(later.own.x - (target.x + small))).toBeLessThan(1);
    expect(frameAt(smooth.at + 400).own.x).toBe(target.x + small);
  });
});
