/**
 * Doors that let you through: a player placed at every unit offset across a one-cell door (and
 * a two-cell passage), as far as corner assistance reaches (half a cell each side), next to it
 * and holding the one key toward it, is through within a second (a second a cell of passage:
 * a hider walks 96 units a second, and two cells down are 64 of them), on the server's tick
 * (rules.ts `step`) and in the client's prediction alike, tick for tick. One unit beyond the
 * reach, it stays where it is.
 */
import { describe, expect, test } from 'bun:test';
import { Prediction, type PredictionSource } from '../../src/client/prediction.ts';
import type { Snapshot } from '../../src/client/snapshots.ts';
import type { GameMap } from '../../src/game/map.ts';
import { ASSIST_X, ASSIST_Y, boxHitsWall, KEY } from '../../src/game/movement.ts';
import { addPlayer, step } from '../../src/game/rules.ts';
import { createGame, DEFAULT_RULES } from '../../src/game/state.ts';
import { CELL_H, CELL_W, PLAYER_H, PLAYER_W, type Team } from '../../src/game/units.ts';
import type { InputEntry, RosterEntry, WelcomeMessage } from '../../src/protocol/index.ts';
import { drawWorld } from '../support/world.ts';

const TICK_RATE = 30;

/**
 * Doors across (left-right, at (9,3) and (11,8)), doors up-down (at (1,5) beside the outer
 * wall, (5,5) and (10,5)), and a passage two cells long (column 15, rows 5-6).
 */
const { map } = drawWorld(`
###################
#........#........#
#........#........#
#.................#
#........#........#
#.###.####.####.###
#..........#..#.#.#
#..........#......#
#.................#
#..........#......#
###################`);

type Pass = 'down' | 'up' | 'left' | 'right';
interface Door {
  /** The passage's first cell (top or left) and its length in cells. */
  readonly col: number;
  readonly row: number;
  readonly len: number;
  readonly pass: Pass;
}

const DOORS: readonly Door[] = [
  ...(['right', 'left'] as const).flatMap((pass) => [
    { col: 9, row: 3, len: 1, pass },
    { col: 11, row: 8, len: 1, pass },
  ]),
  ...(['down', 'up'] as const).flatMap((pass) => [
    { col: 1, row: 5, len: 1, pass },
    { col: 5, row: 5, len: 1, pass },
    { col: 10, row: 5, len: 1, pass },
    { col: 15, row: 5, len: 2, pass },
  ]),
];

const KEYS: Readonly<Record<Pass, number>> = {
  down: KEY.down,
  up: KEY.up,
  left: KEY.left,
  right: KEY.right,
};

/**
 * Starting spots next to `door`, centred in the cell before it along the way through, at every
 * unit offset across it from `extra` units beyond the reach on one side to as many on the other
 * (spots where the box would overlap a wall are left out).
 */
function spots(door: Door, extra = 0): { x: number; y: number; off: number }[] {
  const { col, row, len, pass } = door;
  const out: { x: number; y: number; off: number }[] = [];
  if (pass === 'down' || pass === 'up') {
    const y = (pass === 'down' ? row - 1 : row + len) * CELL_H + (CELL_H - PLAYER_H) / 2;
    const reach = ASSIST_X + extra;
    for (let x = col * CELL_W - reach; x <= col * CELL_W + CELL_W - PLAYER_W + reach; x++) {
      out.push({ x, y, off: x - col * CELL_W });
    }
  } else {
    const x = (pass === 'right' ? col - 1 : col + len) * CELL_W + (CELL_W - PLAYER_W) / 2;
    const reach = ASSIST_Y + extra;
    for (let y = row * CELL_H - reach; y <= row * CELL_H + CELL_H - PLAYER_H + reach; y++) {
      out.push({ x, y, off: y - row * CELL_H });
    }
  }
  return out.filter((p) => !boxHitsWall(map, p.x, p.y));
}

/** Whether a box at `p` is wholly past the door. */
function through(door: Door, p: { x: number; y: number }): boolean {
  const { col, row, len } = door;
  switch (door.pass) {
    case 'down':
      return p.y >= (row + len) * CELL_H;
    case 'up':
      return p.y + PLAYER_H <= row * CELL_H;
    case 'right':
      return p.x >= (col + len) * CELL_W;
    case 'left':
      return p.x + PLAYER_W <= col * CELL_W;
  }
}

/** The server's positions after each of `n` ticks, the key pressed at tick `from`. */
function serverPath(
  team: Team,
  start: { x: number; y: number },
  keys: number,
  from: number,
  n: number,
) {
  const state = createGame(map, { ...DEFAULT_RULES, tickRate: TICK_RATE }, 1);
  const p = addPlayer(state, 1, 'Ann')!.player;
  p.team = team;
  p.x = start.x;
  p.y = start.y;
  state.tick = from;
  const out: { x: number; y: number }[] = [];
  for (let i = 0; i < n; i++) {
    step(state, i === 0 ? new Map([[1, [{ keys, action: null }]]]) : new Map());
    out.push({ x: p.x, y: p.y });
  }
  return out;
}

/** What the predictor reads: a snapshot at `from` with the player at `start`, one input. */
class Source implements PredictionSource {
  welcome = { token: 't', playerId: 1, tickRate: TICK_RATE } as WelcomeMessage;
  map: GameMap = map;
  roster: ReadonlyMap<number, RosterEntry>;
  latestSnapshot: Snapshot;
  pendingInputs: InputEntry[];
  recentInputs: InputEntry[];
  tick: number;

  constructor(
    team: Team,
    start: { x: number; y: number },
    readonly keys: number,
    from: number,
  ) {
    const entry = { id: 1, name: 'Ann', colour: 1, team, ready: false, caught: false };
    this.roster = new Map([[1, { ...entry, spectator: false }]]);
    this.latestSnapshot = {
      tick: from,
      arrivedAt: 0,
      phase: { kind: 'LOBBY', notice: null, startIn: null },
      ackSeq: null,
      lead: 0,
      rosterVersion: 1,
      positions: new Map([[1, start]]),
    };
    this.pendingInputs = [{ seq: 1, tick: from, keys, action: null }];
    this.recentInputs = [...this.pendingInputs];
    this.tick = from;
  }

  inputTick(): number {
    return this.tick;
  }
}

/** The predicted positions for the present ticks from + 1 … from + n. */
function predictedPath(
  team: Team,
  start: { x: number; y: number },
  keys: number,
  from: number,
  n: number,
) {
  const src = new Source(team, start, keys, from);
  const prediction = new Prediction(src);
  const out: { x: number; y: number }[] = [];
  for (let k = 1; k <= n; k++) {
    src.tick = from + k - 1; // the present drawn is inputTick + 1
    const own = prediction.position(k * 33)!;
    expect(own.tick).toBe(from + k);
    out.push({ x: own.predictedX, y: own.predictedY });
  }
  return out;
}

const name = (d: Door) => `${d.pass} through (${d.col},${d.row})${d.len > 1 ? ` ×${d.len}` : ''}`;

describe('one-cell doors with corner assistance', () => {
  for (const team of ['B', 'R', 'N'] as const) {
    test(`${team}: every offset within reach is through within a second, server = prediction`, () => {
      for (const door of DOORS) {
        const starts = spots(door);
        expect(starts.length).toBeGreaterThan(8);
        for (const [i, start] of starts.entries()) {
          const from = 1000 + i; // every phase of the speed's fractions of a unit per tick
          const ticks = TICK_RATE * door.len;
          const server = serverPath(team, start, KEYS[door.pass], from, ticks);
          const predicted = predictedPath(team, start, KEYS[door.pass], from, ticks);
          expect({ door: name(door), off: start.off, path: predicted }).toEqual({
            door: name(door),
            off: start.off,
            path: server,
          });
          const at = server.findIndex((p) => through(door, p));
          expect({ door: name(door), off: start.off, through: at >= 0 }).toEqual({
            door: name(door),
            off: start.off,
            through: true,
          });
        }
      }
    });
  }

  test('one unit beyond the reach, the key only pushes against the wall', () => {
    for (const door of DOORS) {
      const within = new Set(spots(door).map((s) => s.off));
      for (const start of spots(door, 1).filter((s) => !within.has(s.off))) {
        const server = serverPath('B', start, KEYS[door.pass], 1000, TICK_RATE * door.len);
        const across = door.pass === 'down' || door.pass === 'up' ? 'x' : 'y';
        expect({
          door: name(door),
          off: start.off,
          moved: server.at(-1)![across] !== start[across],
        }).toEqual({ door: name(door), off: start.off, moved: false });
        expect(server.some((p) => through(door, p))).toBe(false);
      }
    }
  });
});
