/**
 * Who sees what, by phase: the one place that decides which players a client is sent (the
 * server's culling) and which cells it draws as seen (the client's fog), so the two cannot
 * disagree. In the lobby, the countdown and the end banner the lights are up: everybody sees
 * everything. During a game the manor is dark (visibility.ts) for the living; caught players
 * and late joiners watch as spectators, seeing every living player. During the seekers' head
 * start (head-start.ts) a seeker sees nothing: it is sent itself alone, and its fog is all dark.
 *
 * Written on structural types (`Seer`, `SightWorld`), like player-step.ts: the server runs it
 * on its GameState and Players (src/server/room.ts, classic/view.ts), the client on what it
 * knows of the players (src/client/player-view.ts: you predicted, the others interpolated),
 * through a `Fog` that is recomputed only when what decides it changed.
 */
import { standsInLight } from './exposure.ts';
import type { GameMap } from './map.ts';
import { heldAt, isLiving, type PhaseKind } from './player-step.ts';
import type { Player } from './state.ts';
import type { Team } from './units.ts';
import {
  computeFog,
  createOccupancy,
  createVisibility,
  type Occupancy,
  playerCellIndex,
  setOccupants,
  type Visibility,
  visibleOthers,
} from './visibility.ts';

/** A player as sight knows it: where it stands (box top-left, whole units) and what it is. */
export interface Seer {
  readonly id: number;
  readonly x: number;
  readonly y: number;
  readonly team: Team;
  readonly caught: boolean;
  readonly spectator: boolean;
}

/**
 * The moment sight is asked about: the tick, the phase (and when a game's head start ends),
 * and the players in id order. The server's GameState is one; the client makes one from its
 * newest snapshot and the positions it draws.
 */
export interface SightWorld<P extends Seer = Seer> {
  readonly tick: number;
  readonly phase: { readonly kind: PhaseKind; readonly headStartEnd?: number };
  readonly players: readonly P[];
}

export interface Sight<P extends Seer = Player> {
  readonly vis: Visibility;
  readonly occ: Occupancy;
  /** The living players, in the order of `occ.cells`, as of the last `updateSight`. */
  readonly living: P[];
  /**
   * Work arrays, reused tick after tick: the server runs this every tick, and a few arrays per
   * viewer per tick are garbage the collector then has to sweep on a core that just woke up.
   */
  readonly cells: number[];
  readonly seen: number[];
}

/** Built once per map (the static light maps are computed here). */
export function createSight<P extends Seer = Player>(map: GameMap): Sight<P> {
  const vis = createVisibility(map);
  return { vis, occ: createOccupancy(vis), living: [], cells: [], seen: [] };
}

/**
 * The living players of `players` into `living` and their cells into `cells` (both emptied
 * first), in the order given.
 */
function takeLiving<P extends Seer>(
  vis: Visibility,
  players: readonly P[],
  living: P[],
  cells: number[],
): void {
  living.length = 0;
  cells.length = 0;
  for (const p of players) {
    if (!isLiving(p)) continue;
    living.push(p);
    cells.push(playerCellIndex(vis, p.x, p.y));
  }
}

/** Takes the living players' cells from `world`: once per tick, before the queries below. */
export function updateSight<P extends Seer>(sight: Sight<P>, world: SightWorld<P>): void {
  takeLiving(sight.vis, world.players, sight.living, sight.cells);
  setOccupants(sight.vis, sight.occ, sight.cells);
}

/** Whether `viewer` sees in the dark, i.e. a game is on and it is alive in it. */
export function inTheDark(world: Pick<SightWorld, 'phase'>, viewer: Seer): boolean {
  return world.phase.kind === 'game' && isLiving(viewer);
}

/** Whether `viewer` sees nothing now: a seeker held by the head start (head-start.ts). */
export function blindedByHeadStart(world: Omit<SightWorld, 'players'>, viewer: Seer): boolean {
  const { phase } = world;
  return phase.kind === 'game' && heldAt(viewer.team, world.tick, phase.headStartEnd ?? 0);
}

/**
 * The players `viewer` may know about this tick (itself included), in id order: what the server
 * sends it. During a game a spectator is sent every living player, a living player those it sees.
 * During a game the list is written into `out` (emptied first) when given; outside one it is
 * `world.players` itself. Either way, read it before the next call.
 */
export function playersSeenBy<P extends Seer>(
  sight: Sight<P>,
  world: SightWorld<P>,
  viewer: P,
  out: P[] = [],
): readonly P[] {
  if (world.phase.kind !== 'game') return world.players;
  const { living } = sight;
  if (!isLiving(viewer)) return withViewer(living, null, viewer, out);
  if (blindedByHeadStart(world, viewer)) return withViewer(living, NOBODY, viewer, out);
  const index = living.indexOf(viewer);
  if (index < 0) return withViewer(living, NOBODY, viewer, out);
  return withViewer(living, visibleOthers(sight.vis, sight.occ, index, sight.seen), viewer, out);
}

const NOBODY: readonly number[] = [];

/**
 * `players` (in id order; only those at `indices` when given) with `viewer` added in its place,
 * into `out`: results stay in id order.
 */
function withViewer<P extends Seer>(
  players: readonly P[],
  indices: readonly number[] | null,
  viewer: P,
  out: P[],
): P[] {
  out.length = 0;
  let placed = false;
  const n = indices === null ? players.length : indices.length;
  for (let k = 0; k < n; k++) {
    const p = players[indices === null ? k : indices[k]!]!;
    if (!placed && p.id > viewer.id) {
      out.push(viewer);
      placed = true;
    }
    if (p !== viewer) out.push(p);
  }
  if (!placed) out.push(viewer);
  return out;
}

/**
 * Fills out[c] = 1 for each cell `viewer` sees, 0 elsewhere: the fog the client draws. Exactly
 * the cells whose occupants `playersSeenBy` would send.
 */
export function fogOf<P extends Seer>(
  sight: Sight<P>,
  world: Omit<SightWorld<P>, 'players'>,
  viewer: Seer,
  out: Uint8Array,
): void {
  if (!inTheDark(world, viewer)) {
    out.fill(1);
    return;
  }
  if (blindedByHeadStart(world, viewer)) {
    out.fill(0);
    return;
  }
  computeFog(sight.vis, sight.occ, playerCellIndex(sight.vis, viewer.x, viewer.y), out);
}

/**
 * One viewer's fog kept from frame to frame (the client's): `updateFog` recomputes it only when
 * what decides it changed (lights up, blind or dark; the viewer's cell; the living players'
 * cells), so a frame where nobody changed cell costs a comparison of a few numbers.
 */
export interface Fog {
  /** 1 per cell the viewer sees, 0 elsewhere (width · height of the map). */
  readonly cells: Uint8Array;
  /** Whether the viewer is alive in a game and stands in the light (exposure.ts). */
  lit: boolean;
  /** Times `cells` was computed (each `updateFog` that returned true). */
  computed: number;
  readonly sight: Sight<Seer>;
  /** What decided `cells`: -1 before the first, 0 lights up, 1 blind, 2 dark. */
  mode: number;
  viewerCell: number;
  /** The living players' cells `cells` was computed with (mode 2), in the order given. */
  readonly occupied: number[];
}

export function createFog(map: GameMap): Fog {
  return {
    cells: new Uint8Array(map.width * map.height),
    lit: false,
    computed: 0,
    sight: createSight<Seer>(map),
    mode: -1,
    viewerCell: -1,
    occupied: [],
  };
}

/**
 * Brings `fog` up to date for `viewer` at `world`, whose players are those the viewer knows of
 * (the viewer among them: it casts its own shadow). Returns whether `cells` changed.
 */
export function updateFog(fog: Fog, world: SightWorld, viewer: Seer): boolean {
  const { sight } = fog;
  const mode = !inTheDark(world, viewer) ? 0 : blindedByHeadStart(world, viewer) ? 1 : 2;
  const viewerCell = mode === 2 ? playerCellIndex(sight.vis, viewer.x, viewer.y) : -1;
  if (mode === 2) takeLiving(sight.vis, world.players, sight.living, sight.cells);
  else sight.cells.length = 0;
  if (mode === fog.mode && viewerCell === fog.viewerCell && sameCells(sight.cells, fog.occupied)) {
    return false;
  }
  fog.mode = mode;
  fog.viewerCell = viewerCell;
  fog.occupied.length = 0;
  for (const c of sight.cells) fog.occupied.push(c);
  fog.computed++;
  if (mode !== 2) {
    fog.cells.fill(mode === 0 ? 1 : 0);
    fog.lit = false;
    return true;
  }
  setOccupants(sight.vis, sight.occ, sight.cells);
  fogOf(sight, world, viewer, fog.cells);
  fog.lit = standsInLight(sight.vis, sight.occ, viewerCell);
  return true;
}

function sameCells(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
