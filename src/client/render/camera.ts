/**
 * The camera: which map cell the viewport's top-left corner shows. A map wider (taller) than the
 * viewport scrolls to keep the focus (you) in the middle, clamped so no space is wasted past
 * the map's edges; a map that fits is centred, the camera then negative (blank margin).
 */
import type { Cell } from '../../game/map.ts';

/** Camera coordinate along one axis, in cells: map size, viewport size, focus cell. */
export function cameraAxis(mapSize: number, viewSize: number, focus: number): number {
  if (mapSize <= viewSize) return 0 - Math.floor((viewSize - mapSize) / 2); // 0 - 0 is +0
  const centred = focus - Math.floor(viewSize / 2);
  return Math.min(Math.max(centred, 0), mapSize - viewSize);
}

/** The map cell shown at the viewport's (0, 0). */
export function cameraFor(
  map: { readonly width: number; readonly height: number },
  viewWidth: number,
  viewHeight: number,
  focus: Cell,
): Cell {
  return {
    x: cameraAxis(map.width, viewWidth, focus.x),
    y: cameraAxis(map.height, viewHeight, focus.y),
  };
}
