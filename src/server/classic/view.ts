/**
 * What a classic player is sent, from the room's own state and sight: the players the room's
 * culling gives it (playersSeenBy), the cells it sees as the shadow (fogOf), the phase's texts.
 * The same rules as every player's SNAP, written in the classic grammar (protocol/classic).
 */
import { PLAYER_RGB } from '../../game/colours.ts';
import type { GameMap } from '../../game/map.ts';
import { fogOf, inTheDark, type Sight } from '../../game/sight.ts';
import type { GameState, Player } from '../../game/state.ts';
import { CELL_H, CELL_W, PLAYER_H, PLAYER_W, type Team } from '../../game/units.ts';
import {
  type ClassicPhase,
  type ClassicPlayer,
  type ClassicView,
  classicReply,
} from '../../protocol/classic/replies.ts';
import { CLASSIC_MAX_DATAGRAM } from '../../protocol/classic/requests.ts';

/** Player colours by palette index: the terminal client's (src/game/colours.ts). */
export const CLASSIC_RGB = PLAYER_RGB;

const TEAM_NUMBER: Readonly<Record<Team, 0 | 1 | 2>> = { N: 0, R: 1, B: 2 };

export function classicPlayer(p: Player): ClassicPlayer {
  return {
    team: TEAM_NUMBER[p.team],
    name: p.name,
    rgb: CLASSIC_RGB[p.colour % CLASSIC_RGB.length]!,
    x: p.x,
    y: p.y,
    w: PLAYER_W,
    h: PLAYER_H,
    ready: p.ready,
  };
}

export function classicPhase(state: GameState): ClassicPhase {
  const { phase, tick } = state;
  const rate = state.rules.tickRate;
  switch (phase.kind) {
    case 'lobby':
      return { kind: 'lobby' };
    case 'countdown':
      return { kind: 'countdown', seconds: (phase.endTick - tick) / rate };
    case 'game':
      return { kind: 'game', seconds: (phase.endTick - tick) / rate };
    case 'end':
      return { kind: 'end', winner: phase.winner, seconds: (phase.endTick - tick) / rate };
  }
}

/**
 * `viewer`'s view this tick. `seen` is the room's culling for it (itself included); `fog` a
 * work array of the map's size. Others are listed nearest first, so a reply that cannot hold
 * them all drops the farthest.
 */
export function classicView(
  state: GameState,
  sight: Sight,
  viewer: Player,
  seen: readonly Player[],
  fog: Uint8Array,
  walls: string | null,
): ClassicView {
  const { map } = state;
  const others: Player[] = [];
  for (const p of seen) if (p !== viewer) others.push(p);
  const d = (p: Player) => (p.x - viewer.x) ** 2 + (p.y - viewer.y) ** 2;
  if (others.length > 1) others.sort((a, b) => d(a) - d(b) || a.id - b.id);
  let shadow: ClassicView['shadow'] = null;
  if (inTheDark(state, viewer)) {
    fogOf(sight, state, viewer, fog);
    shadow = { seen: fog, width: map.width, height: map.height, cellW: CELL_W, cellH: CELL_H };
  }
  return {
    phase: classicPhase(state),
    self: classicPlayer(viewer),
    others: others.map(classicPlayer),
    shadow,
    mapW: map.width * CELL_W,
    mapH: map.height * CELL_H,
    walls,
  };
}

/**
 * Whether the walls, with the longest phase text and the player itself, fit a reply: checked
 * at start, so that a map too big for the client is refused before anybody joins.
 */
export function checkWallsFit(map: GameMap, walls: string): void {
  const widest = {
    team: 2 as const,
    name: 'W'.repeat(10),
    rgb: [255, 255, 255] as const,
    x: map.width * CELL_W,
    y: map.height * CELL_H,
    w: PLAYER_W,
    h: PLAYER_H,
    ready: true,
  };
  const view = {
    phase: { kind: 'end' as const, winner: 'B' as const, seconds: 600 },
    self: widest,
    others: [],
    shadow: {
      seen: new Uint8Array(map.width * map.height),
      width: map.width,
      height: map.height,
      cellW: CELL_W,
      cellH: CELL_H,
    },
    mapW: map.width * CELL_W,
    mapH: map.height * CELL_H,
    walls,
  };
  try {
    classicReply(view);
  } catch {
    throw new Error(
      `the map ${map.name} is too big for the classic client: its walls take ${walls.length} bytes, and a classic reply holds ${CLASSIC_MAX_DATAGRAM} bytes in all (use a smaller map, or no --classic-port)`,
    );
  }
}
