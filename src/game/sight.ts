/**
 * Who sees what, by phase: the one place that decides which players a client is sent (the
 * server's culling) and which cells it draws as seen (the client's fog), so the two cannot
 * disagree. In the lobby, the countdown and the end banner the lights are up: everybody sees
 * everything. During a game the manor is dark (visibility.ts) for the living; caught players
 * and late joiners watch as spectators, seeing every living player.
 */
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
  living: Player[];
}

/** Built once per map (the static light maps are computed here). */
export function createSight(map: GameMap): Sight {
  const vis = createVisibility(map);
  return { vis, occ: createOccupancy(vis), living: [] };
}

/** Takes the living players' cells from `state`: once per tick, before the queries below. */
export function updateSight(sight: Sight, state: GameState): void {
  sight.living = state.players.filter(isLiving);
  setOccupants(
    sight.vis,
    sight.occ,
    sight.living.map((p) => playerCellIndex(sight.vis, p.x, p.y)),
  );
}

/** Whether `viewer` sees in the dark, i.e. a game is on and it is alive in it. */
export function inTheDark(state: GameState, viewer: Player): boolean {
  return state.phase.kind === 'game' && isLiving(viewer);
}

/**
 * The players `viewer` may know about this tick (itself included), in id order: what the server
 * sends it. During a game a spectator is sent every living player, a living player those it sees.
 */
export function playersSeenBy(sight: Sight, state: GameState, viewer: Player): Player[] {
  if (state.phase.kind !== 'game') return state.players;
  if (!isLiving(viewer)) return withViewer(sight.living, viewer);
  const index = sight.living.indexOf(viewer);
  if (index < 0) return [viewer];
  const seen = visibleOthers(sight.vis, sight.occ, index).map((i) => sight.living[i]!);
  return withViewer(seen, viewer);
}

/** `players` (in id order) with `viewer` added in its place: results stay in id order. */
function withViewer(players: readonly Player[], viewer: Player): Player[] {
  const out: Player[] = [];
  let placed = false;
  for (const p of players) {
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
  computeFog(sight.vis, sight.occ, playerCellIndex(sight.vis, viewer.x, viewer.y), out);
}
