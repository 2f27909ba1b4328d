/**
 * Light: which cells the map's lights reach. A light L lights cell c when no wall cell and no
 * cell where a living player stands lies on line(L, c) strictly between the two (the ends never
 * block: a wall's face and a player are lit). Range is unlimited, as in the original game.
 *
 * The walls never move, so each light's wall-only map is computed once per map; players only
 * take cells away from it, each one the wedge of cells behind it (`castShadow`).
 */

import { castShadow, clearBetween, onLineBetween } from './line.ts';
import type { Cell, GameMap } from './map.ts';

export interface LightMaps {
  readonly width: number;
  readonly height: number;
  readonly lights: readonly Cell[];
  /** Per light (in map order), 1 where it reaches the cell when no player is in the way. */
  readonly perLight: readonly Uint8Array[];
  /** 1 where at least one light reaches the cell when no player is in the way. */
  readonly any: Uint8Array;
}

/** The static light maps of a map: what a server and a client build once per map. */
export function createLightMaps(map: GameMap): LightMaps {
  const { width, height, walls } = map;
  const any = new Uint8Array(width * height);
  const perLight = map.lights.map((light) => {
    const lit = new Uint8Array(width * height);
    for (let y = 0, index = 0; y < height; y++) {
      for (let x = 0; x < width; x++, index++) {
        if (clearBetween(walls, width, light.x, light.y, x, y)) {
          lit[index] = 1;
          any[index] = 1;
        }
      }
    }
    return lit;
  });
  return { width, height, lights: map.lights.map((l) => ({ x: l.x, y: l.y })), perLight, any };
}

/**
 * Fills out[c] = 1 where at least one light reaches c with the living players in `playerCells`
 * (cell indices) in the way, 0 elsewhere. `scratch` is a work array of the same size. About
 * (lights × players) shadow wedges: cheap enough to run every frame.
 */
export function computeLit(
  maps: LightMaps,
  playerCells: readonly number[],
  out: Uint8Array,
  scratch: Uint8Array,
): void {
  const { width, height, lights, perLight } = maps;
  const size = width * height;
  out.fill(0);
  for (let l = 0; l < lights.length; l++) {
    const light = lights[l]!;
    scratch.set(perLight[l]!);
    for (const cell of playerCells) {
      const px = cell % width;
      castShadow(scratch, width, height, light.x, light.y, px, (cell - px) / width);
    }
    for (let c = 0; c < size; c++) if (scratch[c] === 1) out[c] = 1;
  }
}

/**
 * True when cell (x, y) is lit with the living players in `playerCells` in the way: the point
 * form of `computeLit`, O(lights × players) without walking any line.
 */
export function litAt(
  maps: LightMaps,
  playerCells: readonly number[],
  x: number,
  y: number,
): boolean {
  const { width, lights, perLight } = maps;
  const index = y * width + x;
  for (let l = 0; l < lights.length; l++) {
    if (perLight[l]![index] !== 1) continue;
    const light = lights[l]!;
    let shaded = false;
    for (let p = 0; p < playerCells.length && !shaded; p++) {
      const cell = playerCells[p]!;
      const px = cell % width;
      shaded = onLineBetween(light.x, light.y, x, y, px, (cell - px) / width);
    }
    if (!shaded) return true;
  }
  return false;
}
