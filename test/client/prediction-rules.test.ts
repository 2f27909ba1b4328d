/**
 * The predictor's rules on hand-made state: which tick it draws, which keys it replays, who
 * blocks and how fast, when it replays, and how it smooths or snaps a correction.
 */
import { describe, expect, test } from 'bun:test';
import { type Correction, Prediction, type PredictionSource } from '../../src/client/prediction.ts';
import type { Snapshot } from '../../src/client/snapshots.ts';
import type { GameMap } from '../../src/game/map.ts';
import { KEY } from '../../src/game/movement.ts';
import { SPEED, stepDistance, type Team } from '../../src/game/units.ts';
import type { Action, InputEntry, RosterEntry, WelcomeMessage } from '../../src/protocol/index.ts';

/** A 40 × 12 room: walls all round, nothing inside. */
function room(): GameMap {
  const width = 40;
  const height = 12;
  const walls = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (x === 0 || y === 0 || x === width - 1 || y === height - 1) walls[y * width + x] = 1;
    }
  }
  const spawns = { any: [], R: [], B: [] };
  return { name: 'room', author: '', width, height, walls, lights: [], spawns };
}

function entry(id: number, team: Team, caught = false): RosterEntry {
  return { id, name: `P${id}`, colour: id, team, ready: false, caught, spectator: false };
}

class Fake implements PredictionSource {
  welcome = { token: 't', playerId: 1, tickRate: 30 } as WelcomeMessage;
  map: GameMap | null = room();
  roster: ReadonlyMap<number, RosterEntry> = new Map([[1, entry(1, 'N')]]);
  latestSnapshot: Snapshot | null = null;
  pendingInputs: InputEntry[] = [];
  recentInputs: InputEntry[] = [];
  keys = 0;
  tick = 104;
  private seq = 0;

  inputTick(): number {
    return this.tick;
  }

  snap(
    tick: number,
    players: Record<number, [number, number]>,
    ackSeq: number | null = null,
    phase: Snapshot['phase'] = { kind: 'LOBBY', notice: null, startIn: null },
  ) {
    const positions = new Map(
      Object.entries(players).map(([id, [x, y]]) => [Number(id), { x, y }]),
    );
    this.latestSnapshot = {
      tick,
      arrivedAt: 0,
      phase,
      ackSeq,
      lead: 0,
      rosterVersion: 1,
      positions,
    };
    this.pendingInputs = this.pendingInputs.filter((e) => e.seq > (ackSeq ?? 0));
  }

  press(keys: number, action: Action | null = null, tick = this.tick): void {
    this.keys = keys;
    const entry = { seq: ++this.seq, tick, keys, action };
    this.pendingInputs.push(entry);
    this.recentInputs.push(entry);
  }
}

/** Units walked at `speed` over ticks from … to−1. */
function walked(speed: number, from: number, to: number): number {
  let d = 0;
  for (let t = from; t < to; t++) d += stepDistance(speed, t, 30);
  return d;
}

describe('Prediction rules', () => {
  test('in a game nobody on the move blocks a prediction (the others are a round trip old); in the lobby they do', () => {
    const src = new Fake();
    const pred = new Prediction(src);
    const game = {
      kind: 'GAME',
      ticksLeft: 6000,
      hidersLeft: 1,
      hidersTotal: 1,
      headStart: 0,
      endTicks: 150,
    } as const;
    src.roster = new Map([
      [1, entry(1, 'R')],
      [2, entry(2, 'B')],
      [3, entry(3, 'R')],
    ]);
    src.snap(104, { 1: [100, 100], 2: [130, 100], 3: [128, 140] }, null, game);
    src.press(KEY.right);
    src.tick = 110;
    expect(pred.position(0)!.predictedX).toBe(100 + walked(SPEED.R, 104, 111)); // through the hider
    src.press(KEY.down, null, 110);
    src.tick = 116;
    expect(pred.position(30)!.predictedY).toBe(100 + walked(SPEED.R, 110, 117)); // and the seeker
    // Back in the lobby (everybody where they were): the other seeker's box stops it again.
    src.snap(117, { 1: [100, 100], 2: [130, 100], 3: [100, 140] }, 2);
    src.tick = 130;
    expect(pred.position(60)!.predictedY).toBe(116);
  });

  test('in a game a teammate the snapshots show standing still for 0.3 s blocks; the other team never', () => {
    const src = new Fake();
    const pred = new Prediction(src);
    const game = {
      kind: 'GAME',
      ticksLeft: 6000,
      hidersLeft: 1,
      hidersTotal: 1,
      headStart: 0,
      endTicks: 150,
    } as const;
    src.roster = new Map([
      [1, entry(1, 'R')],
      [2, entry(2, 'R')],
      [3, entry(3, 'B')],
    ]);
    // The teammate stands at x 130 from tick 100, the hider at x 100, y 160 from tick 100 too.
    for (let t = 100; t <= 108; t += 2) {
      src.snap(t, { 1: [100, 100], 2: [130, 100], 3: [100, 160] }, null, game);
      pred.position(t);
    }
    src.press(KEY.right, null, 108);
    src.tick = 114;
    // Still for 8 ticks (0.27 s): no obstacle yet, walked through.
    expect(pred.position(200)!.predictedX).toBe(100 + walked(SPEED.R, 108, 115));
    src.snap(109, { 1: [100, 100], 2: [130, 100], 3: [100, 160] }, 1, game);
    // Still for 9 ticks: flush against its box (x 130 − 12).
    expect(pred.position(210)!.predictedX).toBe(118);
    // It moved: no obstacle any more, even where it stands now.
    src.snap(110, { 1: [100, 100], 2: [126, 100], 3: [100, 160] }, 1, game);
    expect(pred.position(220)!.predictedX).toBe(100 + walked(SPEED.R, 110, 115));
    // The hider has stood still all along: walking down goes through it (a touch is a catch).
    src.press(KEY.down, null, 114);
    src.tick = 120;
    src.snap(114, { 1: [100, 100], 2: [126, 100], 3: [100, 160] }, 2, game);
    expect(pred.position(230)!.predictedY).toBe(100 + walked(SPEED.R, 114, 121));
  });

  test('a respawn (the phase changed) moves the player at once and is no correction', () => {
    const src = new Fake();
    const pred = new Prediction(src);
    src.snap(100, { 1: [100, 100] });
    pred.position(0);
    src.snap(101, { 1: [900, 500] }, null, {
      kind: 'GAME',
      ticksLeft: 6000,
      hidersLeft: 1,
      hidersTotal: 1,
      headStart: 0,
      endTicks: 150,
    });
    expect(pred.position(33)).toMatchObject({ x: 900, y: 500 });
    expect(pred.stats.corrections).toBe(0);
    // The same move within a phase is a correction (a cell or more: snapped).
    src.snap(102, { 1: [100, 100] }, null, {
      kind: 'GAME',
      ticksLeft: 5999,
      hidersLeft: 1,
      hidersTotal: 1,
      headStart: 0,
      endTicks: 150,
    });
    pred.position(66);
    expect(pred.stats.corrections).toBe(1);
    expect(pred.stats.snaps).toBe(1);
  });

  test('draws tick inputTick + 1: a key pressed now moves the very next frame', () => {
    const src = new Fake();
    const pred = new Prediction(src);
    expect(pred.position(0)).toBeNull(); // no snapshot yet
    src.snap(100, { 1: [100, 100] });
    expect(pred.position(0)).toMatchObject({ x: 100, y: 100, tick: 105 });
    src.press(KEY.right); // stamped 104: the server moves it in tick 104, shown in state 105
    expect(pred.position(1)).toMatchObject({ x: 100 + walked(320, 104, 105), y: 100, tick: 105 });
    src.tick = 106;
    expect(pred.position(60)).toMatchObject({ x: 100 + walked(320, 104, 107), tick: 107 });
    expect(pred.stats.replays).toBe(1); // extended and cut, never replayed without a snapshot
  });

  test("replays the server's keys: the acknowledged input's, then each pending one from its stamp", () => {
    const src = new Fake();
    const pred = new Prediction(src);
    src.tick = 98;
    src.snap(95, { 1: [100, 100] });
    src.press(KEY.right); // seq 1, stamped 98
    pred.position(0);
    src.tick = 102;
    src.press(KEY.down); // seq 2, stamped 102
    src.snap(100, { 1: [100 + walked(320, 98, 100), 100] }, 1); // the server applied seq 1
    src.tick = 104;
    const own = pred.position(50)!;
    expect(own.tick).toBe(105);
    expect(own.predictedX).toBe(100 + walked(320, 98, 102)); // right until tick 101
    expect(own.predictedY).toBe(100 + walked(320, 102, 105)); // down from tick 102
    expect(pred.stats.corrections).toBe(0);
  });

  test('speed by team, a pending team action from its stamp; caught players do not block', () => {
    const src = new Fake();
    const pred = new Prediction(src);
    src.roster = new Map([
      [1, entry(1, 'B')],
      [2, entry(2, 'N')],
    ]);
    src.snap(104, { 1: [100, 100], 2: [130, 100] }); // 2 stands 18 units to the right
    src.press(KEY.right);
    expect(pred.position(0)!.predictedX).toBe(100 + walked(SPEED.B, 104, 105));
    src.tick = 110;
    expect(pred.position(30)!.predictedX).toBe(118); // flush against player 2's box
    src.roster = new Map([
      [1, entry(1, 'B')],
      [2, entry(2, 'N', true)],
    ]);
    expect(pred.position(60)!.predictedX).toBe(100 + walked(SPEED.B, 104, 111)); // walks through
    src.press(KEY.right, 'RED', 110); // seekers from tick 110: 128 u/s
    src.tick = 115;
    const x = 100 + walked(SPEED.B, 104, 110) + walked(SPEED.R, 110, 116);
    expect(pred.position(90)!.predictedX).toBe(x);
  });

  test('a pending READY counts as the server counts it: a team action after it changes nothing', () => {
    // The rules' own actOn (src/game/player-step.ts): READY makes a player on a team ready, and
    // a ready player's team actions are ignored until it un-readies.
    const src = new Fake();
    const pred = new Prediction(src);
    src.roster = new Map([[1, entry(1, 'B')]]);
    src.snap(104, { 1: [100, 100] });
    src.press(KEY.right, 'READY', 104);
    src.press(KEY.right, 'RED', 106); // ignored: ready
    src.tick = 110;
    expect(pred.position(0)!.predictedX).toBe(100 + walked(SPEED.B, 104, 111));
    src.press(KEY.right, 'READY', 111); // un-ready
    src.press(KEY.right, 'RED', 112); // now a seeker: 128 u/s from tick 112
    src.tick = 115;
    const x = 100 + walked(SPEED.B, 104, 112) + walked(SPEED.R, 112, 116);
    expect(pred.position(30)!.predictedX).toBe(x);
  });

  test('the present holds when the lead shrinks, and follows a clock that jumps back far', () => {
    const src = new Fake();
    const pred = new Prediction(src);
    src.snap(80, { 1: [100, 100] });
    expect(pred.position(0)!.tick).toBe(105);
    src.tick = 103; // the lead shrank by one: hold still rather than step back
    expect(pred.position(10)!.tick).toBe(105);
    src.tick = 105;
    expect(pred.position(20)!.tick).toBe(106);
    src.tick = 95; // 10 ticks back: a resynchronised clock, followed
    expect(pred.position(30)!.tick).toBe(96);
  });

  test('a correction under a cell is smoothed away in ~120 ms; a cell or more snaps', () => {
    const src = new Fake();
    const seen: Correction[] = [];
    const pred = new Prediction(src, { onCorrection: (c) => seen.push(c) });
    src.snap(100, { 1: [100, 100] });
    pred.position(0);
    src.snap(101, { 1: [105, 100] }); // the server says 5 units further right
    const first = pred.position(0)!;
    expect(first).toMatchObject({ x: 100, predictedX: 105 }); // drawn where it was
    expect(pred.position(30)!.x).toBeCloseTo(102.5, 6); // half-life 30 ms
    expect(pred.position(120)!.x).toBeCloseTo(105 - 5 / 16, 6);
    expect(pred.position(200)!.x).toBe(105);
    src.snap(102, { 1: [105, 100 + 32] }); // a cell down: snapped
    expect(pred.position(210)).toMatchObject({ x: 105, y: 132 });
    expect(seen.map((c) => [c.dx, c.dy, c.visible, c.snapped])).toEqual([
      [5, 0, false, false],
      [0, 32, true, true],
    ]);
    expect(pred.stats).toMatchObject({ corrections: 2, visibleCorrections: 1, snaps: 1 });
    expect(pred.stats.largestCorrection).toBe(32);
  });
});
