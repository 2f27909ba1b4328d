/**
 * Reserves the place of a live text of the HUD (the clock, a countdown, the status line's
 * figures) in an Ink layout: a blank box of fixed size, like MapRegion for the map, whose text
 * the MapSurface paints from each model (`content`) at absolute positions, rewriting only the
 * characters that changed. Ink draws the box's lines once and renders again only when the
 * screen's structure changes, not when the text does.
 */
import { Box, type DOMElement, measureElement } from 'ink';
import { useCallback, useId, useLayoutEffect, useRef } from 'react';
import type { FieldContent, MapRegionBox, MapSurface } from './map-surface.ts';

export interface LiveTextProps<M> {
  readonly surface: MapSurface<M>;
  /** Size of the box in cells (columns, rows). */
  readonly width: number;
  readonly height: number;
  /** The rows to paint for a model (the surface calls it with each model it is shown). */
  readonly content: FieldContent<M>;
}

export function LiveText<M>({ surface, width, height, content }: LiveTextProps<M>) {
  const ref = useRef<DOMElement>(null);
  const id = useId();
  const source = useCallback((): MapRegionBox | null => {
    const node = ref.current;
    if (!node?.yogaNode) return null;
    const { x, y, width: w, height: h } = measureElement(node);
    return { row: y, col: x, width: w, height: h };
  }, []);
  // Layout effects: the cleanup runs before Ink writes the next screen (the box is erased
  // first); the registration after every render (the box may have moved, the content changed).
  useLayoutEffect(() => () => surface.removeField(id), [surface, id]);
  useLayoutEffect(() => surface.setField(id, source, content));
  return <Box ref={ref} width={width} height={height} flexShrink={0} flexGrow={0} />;
}
