import { describe, expect, test } from 'bun:test';
import { clearBetween } from '../../src/game/line.ts';
import { parseMap } from '../../src/game/map.ts';
import { BUILTIN_MAPS } from '../../src/game/maps/index.ts';
import { rngInt, seedRng } from '../../src/game/rng.ts';
import { addPlayer } from '../../src/game/rules.ts';
import { createSight, fogOf, playersSeenBy, updateSight } from '../../src/game/sight.ts';
import {
  cellSpawnPoint,
  createGame,
  DEFAULT_RULES,
  type GameState,
  isLiving,
  type Player,
} from '../../src/game/state.ts';
import {
  cellVisible,
  createOccupancy,
  createVisibility,
  playerCellIndex,
  setOccupants,
  visibleOthers,
} from '../../src/game/visibility.ts';
import { drawWorld } from '../support/world.ts';

/**
 * Seeker a and hider b in this room; the wall at column 4 puts the whole right side in the
 * light's shadow, but not out of a's line of sight along the bottom rows:
 *   ##############
 *   #ooo#........#      o  seen by a
 *   #ooo#........#      .  not seen (dark)
 *   #oooo........#
 *   #o@oooo......#
 *   ##############
 */
const ROOM = `
##############
#*..#........#
#...#........#
#............#
#.a..........#
##############`;

function inGame(
  picture: string,
  names: string[],
): { state: GameState; by: Record<string, Player> } {
  const { map, at } = drawWorld(picture);
  const state = createGame(map, DEFAULT_RULES, 1);
  const by: Record<string, Player> = {};
  names.forEach((name, i) => {
    by[name] = addPlayer(state, i + 1, name)!.player;
  });
  state.phase = { kind: 'game', startTick: 0, endTick: 6000, hidersTotal: 1, headStartEnd: 0 };
  for (const [letter, p] of Object.entries(by)) if (at[letter]) Object.assign(p, at[letter]);
  return { state, by };
}

function place(state: GameState, p: Player, x: number, y: number): void {
  Object.assign(p, cellSpawnPoint(state.map, y * state.map.width + x));
}

function seen(state: GameState, viewer: Player): string[] {
  const sight = createSight(state.map);
  updateSight(sight, state);
  return playersSeenBy(sight, state, viewer).map((p) => p.name);
}

describe('culling: the players a client is sent', () => {
  test('a hider in the dark is absent, even in plain line of sight; lit and in sight, present', () => {
    const { state, by } = inGame(ROOM, ['a', 'b']);
    place(state, by.b!, 9, 4); // same row as a, nothing between: but dark
    expect(seen(state, by.a!)).toEqual(['a']);
    place(state, by.b!, 9, 1); // dark and behind the wall
    expect(seen(state, by.a!)).toEqual(['a']);
    place(state, by.b!, 6, 4); // lit and in sight
    expect(seen(state, by.a!)).toEqual(['a', 'b']);
  });

  test('a living player in between hides the one behind', () => {
    const { state, by } = inGame(ROOM, ['a', 'b', 'c']);
    place(state, by.c!, 4, 4);
    place(state, by.b!, 6, 4);
    expect(seen(state, by.a!)).toEqual(['a', 'c']);
  });

  test('a caught player watches: it is sent every living player, and nobody living sees it', () => {
    const { state, by } = inGame(ROOM, ['a', 'b', 'c']);
    place(state, by.b!, 9, 1);
    place(state, by.c!, 3, 4);
    by.c!.caught = true;
    expect(seen(state, by.c!)).toEqual(['a', 'b', 'c']); // in id order, itself included
    expect(seen(state, by.a!)).toEqual(['a']);
  });

  test('outside a game the lights are up: everybody is sent everybody', () => {
    const { state, by } = inGame(ROOM, ['a', 'b']);
    place(state, by.b!, 9, 1);
    for (const phase of [
      { kind: 'lobby', notice: null, noticeUntil: 0, timerEnd: null },
      { kind: 'countdown', endTick: 10, forced: false, timerEnd: null },
      { kind: 'end', winner: 'B', reason: 'time', endTick: 10 },
    ] as const) {
      state.phase = phase;
      expect(seen(state, by.a!)).toEqual(['a', 'b']);
    }
  });
});

describe('the fog the client draws agrees with what the server sends', () => {
  test('on random game states of the classic manor: a player is sent iff its cell is drawn as seen', () => {
    const parsed = parseMap(BUILTIN_MAPS.classic!);
    if (!parsed.ok) throw new Error('classic');
    const rng = seedRng(2024);
    const state = createGame(parsed.map, DEFAULT_RULES, 5);
    for (let i = 1; i <= 10; i++) addPlayer(state, i, `p${i}`);
    state.phase = { kind: 'game', startTick: 0, endTick: 6000, hidersTotal: 5, headStartEnd: 0 };
    const sight = createSight(parsed.map);
    const fog = new Uint8Array(parsed.map.width * parsed.map.height);
    let sent = 0;
    let withheld = 0;
    for (let round = 0; round < 300; round++) {
      // Scatter everyone on random floor cells (overlaps do not matter here); some are caught.
      for (const p of state.players) {
        let cell: number;
        do cell = rngInt(rng, fog.length);
        while (parsed.map.walls[cell]);
        Object.assign(p, cellSpawnPoint(parsed.map, cell));
        p.caught = rngInt(rng, 5) === 0;
      }
      updateSight(sight, state);
      for (const viewer of state.players) {
        const names = new Set(playersSeenBy(sight, state, viewer).map((p) => p.name));
        fogOf(sight, state, viewer, fog);
        for (const other of state.players) {
          if (other === viewer) continue;
          const drawnSeen = fog[playerCellIndex(sight.vis, other.x, other.y)] === 1;
          const expected = isLiving(other) && drawnSeen;
          expect(names.has(other.name)).toBe(expected);
          if (expected) sent++;
          else withheld++;
        }
      }
    }
    // Both outcomes happen often: the test is not vacuous.
    expect(sent).toBeGreaterThan(1000);
    expect(withheld).toBeGreaterThan(1000);
  });
});

describe('the culling as the server runs it (reused arrays, lit cells cached per occupant)', () => {
  test('on random states of the grand manor with 64 players: visibleOthers is cellVisible on every pair, and a reused out array changes nothing', () => {
    const parsed = parseMap(BUILTIN_MAPS.grand!);
    if (!parsed.ok) throw new Error('grand');
    const { map } = parsed;
    const rng = seedRng(77);
    const state = createGame(map, DEFAULT_RULES, 3);
    for (let i = 1; i <= 64; i++) addPlayer(state, i * 3, `p${i}`);
    const sight = createSight(map);
    const out: Player[] = [];
    const indices: number[] = [];
    let seenPairs = 0;
    for (let round = 0; round < 40; round++) {
      for (const p of state.players) {
        let cell: number;
        do cell = rngInt(rng, map.width * map.height);
        while (map.walls[cell]);
        // Now and then two on one cell.
        const other = state.players[rngInt(rng, state.players.length)]!;
        Object.assign(
          p,
          rngInt(rng, 10) === 0 ? { x: other.x, y: other.y } : cellSpawnPoint(map, cell),
        );
        p.caught = rngInt(rng, 6) === 0;
        p.spectator = rngInt(rng, 20) === 0;
      }
      state.phase =
        round % 4 === 3
          ? { kind: 'lobby', notice: null, noticeUntil: 0, timerEnd: null }
          : { kind: 'game', startTick: 0, endTick: 6000, hidersTotal: 5, headStartEnd: 0 };
      updateSight(sight, state);
      const { vis, occ } = sight;
      for (let v = 0; v < occ.cells.length; v++) {
        const expected: number[] = [];
        for (let i = 0; i < occ.cells.length; i++) {
          if (i !== v && cellVisible(vis, occ, occ.cells[v]!, occ.cells[i]!)) expected.push(i);
        }
        expect(visibleOthers(vis, occ, v, indices)).toEqual(expected);
        expect(visibleOthers(vis, occ, v)).toEqual(expected);
        seenPairs += expected.length;
      }
      for (const viewer of state.players) {
        const fresh = [...playersSeenBy(sight, state, viewer)];
        expect([...playersSeenBy(sight, state, viewer, out)]).toEqual(fresh);
        const ids = fresh.map((p) => p.id);
        expect(ids).toEqual([...ids].sort((a, b) => a - b));
        expect(ids).toContain(viewer.id);
      }
    }
    expect(seenPairs).toBeGreaterThan(500);
  });

  test('tick after tick, players walking a cell at a time in a crowd: visibleOthers is cellVisible on every pair', () => {
    // The server's case: most players stand where they stood, a few step to a neighbour cell,
    // now and then one is caught (fewer occupants) or two swap places (same cells, other order).
    for (const name of ['classic', 'grand'] as const) {
      const parsed = parseMap(BUILTIN_MAPS[name]!);
      if (!parsed.ok) throw new Error(name);
      const { map } = parsed;
      const vis = createVisibility(map);
      const occ = createOccupancy(vis);
      const rng = seedRng(name === 'classic' ? 5 : 6);
      const floor = (cell: number) =>
        cell >= 0 && cell < map.width * map.height && map.walls[cell] === 0;
      // A crowd around one spot, so that players stand in each other's way.
      let start: number;
      do start = rngInt(rng, map.width * map.height);
      while (!floor(start));
      let cells = Array.from({ length: 12 }, () => start);
      let blockedByPlayers = 0;
      let seen = 0;
      let hidden = 0;
      for (let t = 0; t < 400; t++) {
        cells = cells.map((cell) => {
          if (rngInt(rng, 4) !== 0) return cell;
          const step = [1, -1, map.width, -map.width][rngInt(rng, 4)]!;
          return floor(cell + step) ? cell + step : cell;
        });
        if (rngInt(rng, 25) === 0 && cells.length > 4) cells.splice(rngInt(rng, cells.length), 1);
        if (rngInt(rng, 25) === 0) cells.push(cells[rngInt(rng, cells.length)]!);
        if (rngInt(rng, 10) === 0) {
          const i = rngInt(rng, cells.length);
          const j = rngInt(rng, cells.length);
          [cells[i], cells[j]] = [cells[j]!, cells[i]!];
        }
        setOccupants(vis, occ, cells);
        for (let v = 0; v < cells.length; v++) {
          const expected: number[] = [];
          for (let i = 0; i < cells.length; i++) {
            if (i === v) continue;
            if (cellVisible(vis, occ, cells[v]!, cells[i]!)) expected.push(i);
            else hidden++;
          }
          expect(visibleOthers(vis, occ, v)).toEqual(expected);
          seen += expected.length;
        }
        // How often a player, not a wall, was what stood in the way.
        for (let v = 0; v < cells.length; v++) {
          for (let i = 0; i < cells.length; i++) {
            const [a, b] = [cells[v]!, cells[i]!];
            const ax = a % map.width;
            const bx = b % map.width;
            const ay = (a - ax) / map.width;
            const by = (b - bx) / map.width;
            if (
              clearBetween(map.walls, map.width, ax, ay, bx, by) &&
              !clearBetween(occ.blockers, map.width, ax, ay, bx, by)
            ) {
              blockedByPlayers++;
            }
          }
        }
      }
      // Every outcome happened, often: seen, hidden, and hidden by a player alone.
      expect(seen).toBeGreaterThan(1000);
      expect(hidden).toBeGreaterThan(1000);
      expect(blockedByPlayers).toBeGreaterThan(100);
    }
  });
});
