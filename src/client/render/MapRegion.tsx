/**
 * Reserves the map's place in an Ink layout: a box of fixed size whose text never changes (it
 * is blank), so Ink writes its lines once and then leaves them to the MapSurface. The surface
 * measures the box from Ink's layout whenever it paints or Ink writes (see map-surface.ts for
 * what the screen around it must do).
 */
import { Box, type DOMElement, measureElement } from 'ink';
import { useLayoutEffect, useRef } from 'react';
import type { MapSurface } from './map-surface.ts';

export interface MapRegionProps<M> {
  readonly surface: MapSurface<M>;
  /** Size of the region in cells (columns, rows). */
  readonly width: number;
  readonly height: number;
}

export function MapRegion<M>({ surface, width, height }: MapRegionProps<M>) {
  const ref = useRef<DOMElement>(null);
  // A layout effect: its cleanup runs before Ink writes the next screen, so the surface can
  // erase the map first.
  useLayoutEffect(() => {
    surface.setRegionSource(() => {
      const node = ref.current;
      if (!node?.yogaNode) return null;
      const { x, y, width: w, height: h } = measureElement(node);
      return { row: y, col: x, width: w, height: h };
    });
    return () => surface.setRegionSource(null);
  }, [surface]);
  // Every render of the App may move the region: measured again before the next paint.
  useLayoutEffect(() => surface.layoutChanged());
  return <Box ref={ref} width={width} height={height} flexShrink={0} flexGrow={0} />;
}
