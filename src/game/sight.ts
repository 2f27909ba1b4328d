/**
 * Who sees what, by phase: the one place that decides which players a client is sent (the
 * server's culling) and which cells it draws as seen (the client's fog), so the two cannot
 * disagree. In the lobby, the countdown and the end banner the lights are up: everybody sees
 * everything. During a game the manor is dark (visibility.ts) for the living; caught players
 * and late joiners watch as spectators, seeing every living player. During the seekers' head
 * start (head-start.ts) a seeker sees nothing: it is sent itself alone, and its fog is all dark.
 */
import { heldByHeadStart } from './head-start.ts';
import type { GameMap } from './map.ts';
import { type GameState, isLiving, type Player } from './state.ts';
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

export interface Sight {
  readonly vis: Visibility;
  readonly occ: Occupancy;
  /** The living players, in the order of `occ.cells`, as of the last `updateSight`. */
  readonly living: Player[];
  /**
   * Work arrays, reused tick after tick: the server runs this every tick, and a few arrays per
   * viewer per tick are garbage the collector then has to sweep on a core that just woke up.
   */
  readonly cells: number[];
  readonly seen: number[];
}

/** Built once per map (the static light maps are computed here). */
export function createSight(map: GameMap): Sight {
  const vis = createVisibility(map);
  return { vis, occ: createOccupancy(vis), living: [], cells: [], seen: [] };
}

/** Takes the living players' cells from `state`: once per tick, before the queries below. */
export function updateSight(sight: Sight, state: GameState): void {
  const { living, cells } = sight;
  living.length = 0;
  cells.length = 0;
  for (const p of state.players) {
    if (!isLiving(p)) continue;
    living.push(p);
    cells.push(playerCellIndex(sight.vis, p.x, p.y));
  }
  setOccupants(sight.vis, sight.occ, cells);
}

/** Whether `viewer` sees in the dark, i.e. a game is on and it is alive in it. */
export function inTheDark(state: GameState, viewer: Player): boolean {
  return state.phase.kind === 'game' && isLiving(viewer);
}

/**
 * The players `viewer` may know about this tick (itself included), in id order: what the server
 * sends it. During a game a spectator is sent every living player, a living player those it sees.
 * During a game the list is written into `out` (emptied first) when given; outside one it is
 * `state.players` itself. Either way, read it before the next call.
 */
export function playersSeenBy(
  sight: Sight,
  state: GameState,
  viewer: Player,
  out: Player[] = [],
): readonly Player[] {
  if (state.phase.kind !== 'game') return state.players;
  const { living } = sight;
  if (!isLiving(viewer)) return withViewer(living, null, viewer, out);
  if (heldByHeadStart(state, viewer)) return withViewer(living, NOBODY, viewer, out);
  const index = living.indexOf(viewer);
  if (index < 0) return withViewer(living, NOBODY, viewer, out);
  return withViewer(living, visibleOthers(sight.vis, sight.occ, index, sight.seen), viewer, out);
}

const NOBODY: readonly number[] = [];

/**
 * `players` (in id order; only those at `indices` when given) with `viewer` added in its place,
 * into `out`: results stay in id order.
 */
function withViewer(
  players: readonly Player[],
  indices: readonly number[] | null,
  viewer: Player,
  out: Player[],
): Player[] {
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
export function fogOf(sight: Sight, state: GameState, viewer: Player, out: Uint8Array): void {
  if (!inTheDark(state, viewer)) {
    out.fill(1);
    return;
  }
  if (heldByHeadStart(state, viewer)) {
    out.fill(0);
    return;
  }
  computeFog(sight.vis, sight.occ, playerCellIndex(sight.vis, viewer.x, viewer.y), out);
}
