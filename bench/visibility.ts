/**
 * Visibility benchmark on the classic map (110×32 cells, 3 lights) with 10 living players on
 * random floor cells (seeded: the same states on every run).
 *
 * Method: `STATES` independent random states (every tick a new state, so nothing is cached from
 * one tick to the next); one round runs every state once; after `WARMUP_ROUNDS` rounds, each
 * figure is the median over `ROUNDS` rounds of (round time / operations in the round).
 * - cullUsPerPlayerTick: per tick, setOccupants + visibleOthers for each of the 10 viewers,
 *   divided by 10 (what the server pays per player per tick);
 * - fogUsPerCall: per tick, setOccupants + one computeFog (the lit map is rebuilt every call:
 *   what a client pays per frame when anyone moved);
 * - fogSameTickUs: computeFog for each of the 10 viewers of one tick, per call (the lit map is
 *   shared by the viewers of a tick);
 * - fogWorstStateUs: the slowest of the first `WORST_STATES` states for fog (setOccupants +
 *   computeFog), each timed `WORST_REPEATS` times and taken at its median;
 * - loadMs: createVisibility (the static light maps), once per map, mean of 20.
 */

import { type GameMap, parseMap } from '../src/game/map.ts';
import classicText from '../src/game/maps/classic.map' with { type: 'text' };
import { rngInt, seedRng } from '../src/game/rng.ts';
import {
  computeFog,
  createOccupancy,
  createVisibility,
  setOccupants,
  visibleOthers,
} from '../src/game/visibility.ts';

const PLAYERS = 10;
const STATES = 1000;
const WARMUP_ROUNDS = 5;
const ROUNDS = 21;
const WORST_STATES = 200;
const WORST_REPEATS = 31;

export interface VisibilityBench {
  cullUsPerPlayerTick: number;
  fogUsPerCall: number;
  fogSameTickUs: number;
  fogWorstStateUs: number;
  loadMs: number;
  method: string;
}

/** Seeded uniform integers in [0, n), from the game's own generator. */
function seeded(seed: number): (n: number) => number {
  const rng = seedRng(seed);
  return (n) => rngInt(rng, n);
}

function randomStates(map: GameMap, seed: number): number[][] {
  const floor: number[] = [];
  for (let c = 0; c < map.walls.length; c++) if (map.walls[c] !== 1) floor.push(c);
  const next = seeded(seed);
  return Array.from({ length: STATES }, () =>
    Array.from({ length: PLAYERS }, () => floor[next(floor.length)]!),
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

/** Median over rounds of the time per operation, in µs. `round` returns its operation count. */
function measure(round: () => number): number {
  for (let r = 0; r < WARMUP_ROUNDS; r++) round();
  const perOp: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = performance.now();
    const ops = round();
    perOp.push(((performance.now() - start) * 1000) / ops);
  }
  return median(perOp);
}

export function benchVisibility(): VisibilityBench {
  const parsed = parseMap(classicText);
  if (!parsed.ok) throw new Error('classic map does not parse');
  const map = parsed.map;

  const loadStart = performance.now();
  const loads = 20;
  for (let i = 0; i < loads; i++) createVisibility(map);
  const loadMs = (performance.now() - loadStart) / loads;

  const vis = createVisibility(map);
  const occ = createOccupancy(vis);
  const states = randomStates(map, 0x5eed);
  const fog = new Uint8Array(map.width * map.height);
  let sink = 0;

  const cullUsPerPlayerTick = measure(() => {
    for (const cells of states) {
      setOccupants(vis, occ, cells);
      for (let v = 0; v < PLAYERS; v++) sink += visibleOthers(vis, occ, v).length;
    }
    return STATES * PLAYERS;
  });

  const fogUsPerCall = measure(() => {
    for (let s = 0; s < STATES; s++) {
      const cells = states[s]!;
      setOccupants(vis, occ, cells);
      computeFog(vis, occ, cells[s % PLAYERS]!, fog);
      sink += fog[s % fog.length]!;
    }
    return STATES;
  });

  const fogSameTickUs = measure(() => {
    for (const cells of states) {
      setOccupants(vis, occ, cells);
      for (let v = 0; v < PLAYERS; v++) {
        computeFog(vis, occ, cells[v]!, fog);
        sink += fog[v]!;
      }
    }
    return STATES * PLAYERS;
  });

  let fogWorstStateUs = 0;
  for (let s = 0; s < WORST_STATES; s++) {
    const cells = states[s]!;
    const viewer = cells[s % PLAYERS]!;
    const times: number[] = [];
    for (let r = 0; r < WORST_REPEATS; r++) {
      const start = performance.now();
      setOccupants(vis, occ, cells);
      computeFog(vis, occ, viewer, fog);
      times.push((performance.now() - start) * 1000);
    }
    fogWorstStateUs = Math.max(fogWorstStateUs, median(times));
  }

  if (sink < 0) throw new Error('unreachable');
  return {
    cullUsPerPlayerTick: round2(cullUsPerPlayerTick),
    fogUsPerCall: round2(fogUsPerCall),
    fogSameTickUs: round2(fogSameTickUs),
    fogWorstStateUs: round2(fogWorstStateUs),
    loadMs: round2(loadMs),
    method: `classic map, ${PLAYERS} living players, ${STATES} seeded random states per round, median of ${ROUNDS} rounds after ${WARMUP_ROUNDS} warm-up rounds`,
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

if (import.meta.main) {
  console.log(JSON.stringify(benchVisibility(), null, 2));
}
