/**
 * The client's fog (sight.ts `Fog`, `updateFog`) against the server's culling (`playersSeenBy`):
 * over random positions on the built-in maps, a living player is sent to a viewer exactly when
 * the viewer's fog shows its cell; spectators and caught players see everything and are sent
 * every living player; a seeker held by the head start sees no cell and is sent itself alone.
 * And the fog is recomputed only when what decides it changed, never left stale.
 */
import { describe, expect, test } from 'bun:test';
import { type GameMap, parseMap } from '../../src/game/map.ts';
import { BUILTIN_MAPS } from '../../src/game/maps/index.ts';
import { addPlayer } from '../../src/game/rules.ts';
import {
  createFog,
  createSight,
  fogOf,
  playersSeenBy,
  type Seer,
  updateFog,
  updateSight,
} from '../../src/game/sight.ts';
import { cellSpawnPoint, createGame, DEFAULT_RULES, type GameState } from '../../src/game/state.ts';
import type { Team } from '../../src/game/units.ts';
import { playerCellIndex } from '../../src/game/visibility.ts';
import { randomFloorCells, seeded } from './support/visibility-reference.ts';

function builtin(name: string): GameMap {
  const parsed = parseMap(BUILTIN_MAPS[name]!);
  if (!parsed.ok) throw new Error(`${name} does not parse`);
  return parsed.map;
}

const TEAMS: readonly Team[] = ['R', 'B', 'B', 'N'];

/** A game of `n` players on random floor cells (a few caught, a few spectators), seeded. */
function randomGame(map: GameMap, n: number, seed: number, headStart: boolean): GameState {
  const next = seeded(seed);
  const state = createGame(map, DEFAULT_RULES, seed);
  const cells = randomFloorCells(map, n, next);
  for (let i = 0; i < n; i++) {
    const p = addPlayer(state, i + 1, `p${i + 1}`)!.player;
    Object.assign(p, cellSpawnPoint(map, cells[i]!));
    // A few units off the spawn point, inside the cell or across its edge.
    p.x = Math.max(0, p.x + next(9) - 4);
    p.y = Math.max(0, p.y + next(9) - 4);
    p.team = TEAMS[next(TEAMS.length)]!;
    p.caught = next(8) === 0;
    p.spectator = !p.caught && next(10) === 0;
  }
  state.tick = 100;
  state.phase = {
    kind: 'game',
    startTick: 0,
    endTick: 6000,
    hidersTotal: 1,
    headStartEnd: headStart ? 150 : 50,
  };
  return state;
}

describe('the fog a client draws is the culling the server does', () => {
  for (const name of ['classic', 'grand']) {
    test(`${name}: a player is sent ⇔ its cell is in the viewer's fog, over random games`, () => {
      const map = builtin(name);
      const sight = createSight(map);
      let checked = 0;
      for (let seed = 1; seed <= 24; seed++) {
        const state = randomGame(map, 4 + (seed % 9), seed, seed % 5 === 0);
        updateSight(sight, state);
        for (const viewer of state.players) {
          // The client's fog, from its own Fog and its own copy of the players.
          const fog = createFog(map);
          const seers: Seer[] = state.players.map((p) => ({ ...p }));
          updateFog(fog, { ...state, players: seers }, { ...viewer });
          const sent = new Set(playersSeenBy(sight, state, viewer).map((p) => p.id));
          expect(sent.has(viewer.id)).toBe(true);
          for (const p of state.players) {
            if (p === viewer || p.caught || p.spectator) continue;
            const cell = playerCellIndex(sight.vis, p.x, p.y);
            if (sent.has(p.id) !== (fog.cells[cell] === 1)) {
              throw new Error(`${name} seed ${seed}: viewer ${viewer.id}, player ${p.id}`);
            }
            checked++;
          }
          const watching = viewer.caught || viewer.spectator;
          const blind = !watching && viewer.team === 'R' && seed % 5 === 0;
          if (watching) expect(fog.cells.every((c) => c === 1)).toBe(true);
          if (blind) expect(fog.cells.every((c) => c === 0)).toBe(true);
          if (blind) expect([...sent]).toEqual([viewer.id]);
        }
      }
      expect(checked).toBeGreaterThan(500);
    });
  }

  test('outside a game the lights are up: every cell seen, everybody sent', () => {
    const map = builtin('classic');
    const state = randomGame(map, 6, 7, false);
    state.phase = { kind: 'lobby', notice: null, noticeUntil: 0, timerEnd: null };
    const sight = createSight(map);
    updateSight(sight, state);
    const fog = createFog(map);
    const viewer = state.players.find((p) => !p.caught && !p.spectator)!;
    updateFog(fog, state, viewer);
    expect(fog.cells.every((c) => c === 1)).toBe(true);
    expect(playersSeenBy(sight, state, viewer)).toBe(state.players);
  });
});

describe('the fog is recomputed only when what decides it changed', () => {
  test('same cells: no work; a step inside a cell: none; a cell changed: computed, and right', () => {
    const map = builtin('classic');
    const state = randomGame(map, 8, 3, false);
    for (const p of state.players) {
      p.caught = false;
      p.spectator = false;
      p.team = 'B';
    }
    const viewer = state.players[0]!;
    const fog = createFog(map);
    expect(updateFog(fog, state, viewer)).toBe(true);
    expect(fog.computed).toBe(1);
    expect(updateFog(fog, state, viewer)).toBe(false);
    // One unit within the same cell (whichever way keeps it there).
    const other = state.players[1]!;
    const cell = playerCellIndex(fog.sight.vis, other.x, other.y);
    const step = playerCellIndex(fog.sight.vis, other.x + 1, other.y) === cell ? 1 : -1;
    other.x += step;
    expect(updateFog(fog, state, viewer)).toBe(false);
    expect(fog.computed).toBe(1);

    // A random walk: the cached fog always equals a fresh one.
    const next = seeded(11);
    const fresh = new Uint8Array(map.width * map.height);
    const sight = createSight(map);
    let computed = fog.computed;
    for (let i = 0; i < 200; i++) {
      const p = state.players[next(state.players.length)]!;
      const to = cellSpawnPoint(map, randomFloorCells(map, 1, next)[0]!);
      if (next(3) === 0) Object.assign(p, to);
      if (next(7) === 0) p.caught = !p.caught;
      const changed = updateFog(fog, state, viewer);
      if (changed) computed++;
      expect(fog.computed).toBe(computed);
      updateSight(sight, state);
      fogOf(sight, state, viewer, fresh);
      expect(fog.cells).toEqual(fresh);
    }
    expect(computed).toBeGreaterThan(20);
    expect(computed).toBeLessThan(200);
  });
});
