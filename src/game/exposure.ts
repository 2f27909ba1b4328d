/**
 * Whether a living player stands in the light: its cell is lit (light.ts) with the living
 * players in the way. That is exactly the test the server's culling makes beyond the proximity
 * zone (visibility.ts `visibleOthers`): a lit player is seen by every living player with a clear
 * line to it, however far; an unlit one only from within the proximity zone. So a hider in the
 * light is one a seeker could see if it looked, and the screen tells it so.
 */
import { litAt } from './light.ts';
import type { Occupancy, Visibility } from './visibility.ts';

/** True when the cell `cell` (index y·width + x) is lit with the occupants of `occ` in the way. */
export function standsInLight(vis: Visibility, occ: Occupancy, cell: number): boolean {
  const { width, height } = vis;
  if (!Number.isInteger(cell) || cell < 0 || cell >= width * height) return false;
  const x = cell % width;
  return litAt(vis.light, occ.cells, x, (cell - x) / width);
}
