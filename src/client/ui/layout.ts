/**
 * Where the play screen puts the map and its panel, as a pure function of the terminal's size
 * and the map's, so that the Play screen (screens/Play.tsx) and the game loop, which sizes the
 * map viewport and its camera from it, always agree on the region.
 *
 * The play screen is: row 0 the status line, then the body, then the key-hints line on the last
 * row. In the body the map region is never bigger than the map nor than the space. The side
 * panel (team columns in the lobby, the game's facts in game) goes below the map when the whole
 * map width fits and enough rows remain under it for the three team columns side by side;
 * otherwise it stands at the right, and the map region takes the rest of the width (the map then
 * scrolls: a camera follows the player).
 *
 * On a terminal bigger than the map, the map is centred in the space it has (above the panel, or
 * left of it), rather than sitting in the top-left corner with empty rows under it; a panel below
 * takes at most BOTTOM_PANEL_MAX_HEIGHT rows, the rest goes round the map.
 */

/** Rows of the screen that are not the body: the status line and the key-hints line. */
export const PLAY_CHROME_ROWS = 2;

/**
 * Rows under the map, counting the key-hints line, that a panel below the map needs: a panel of
 * six rows (a line of news, the column titles and four names). The classic manor (110×32) in a
 * 120×40 terminal leaves exactly that.
 */
export const BOTTOM_PANEL_MIN_ROWS_UNDER_MAP = 7;

/** Height of a panel below the map, at least. */
export const BOTTOM_PANEL_MIN_HEIGHT = BOTTOM_PANEL_MIN_ROWS_UNDER_MAP - 1;

/**
 * Height of a panel below the map, at most: the phase's news, the legend and the team columns
 * of ten players fit; more rows would only push the map up.
 */
export const BOTTOM_PANEL_MAX_HEIGHT = 12;

/** Width of the panel at the right of the map. */
export const RIGHT_PANEL_WIDTH = 26;

/** The play screen's body, split between the map region and the panel. */
export interface PlayLayout {
  /** The map region in cells: never bigger than the map, nor than the body. */
  readonly map: { readonly width: number; readonly height: number };
  /** Blank columns left of the map region and rows above it, in the space it has: centred. */
  readonly mapLeft: number;
  readonly mapTop: number;
  /** Where the panel stands: below the map, or at its right. */
  readonly panel: 'bottom' | 'right';
  /** The panel's size in cells. */
  readonly panelWidth: number;
  readonly panelHeight: number;
}

/**
 * Splits the body of a `columns`×`rows` terminal between a `mapWidth`×`mapHeight` map and the
 * panel. Below the map, the panel takes the whole width and the rows under the map, at most
 * BOTTOM_PANEL_MAX_HEIGHT; at the right, it takes every column right of the map region (26 when
 * the map fills the rest) and the whole body height. The map is centred in what is left.
 */
export function playLayout(
  columns: number,
  rows: number,
  mapWidth: number,
  mapHeight: number,
): PlayLayout {
  const width = Math.max(0, Math.floor(columns));
  const body = Math.max(0, Math.floor(rows) - PLAY_CHROME_ROWS);
  const mapW = Math.max(0, Math.floor(mapWidth));
  const mapH = Math.max(0, Math.floor(mapHeight));
  if (mapW <= width && body - mapH >= BOTTOM_PANEL_MIN_HEIGHT) {
    const panelHeight = Math.min(body - mapH, BOTTOM_PANEL_MAX_HEIGHT);
    return {
      map: { width: mapW, height: mapH },
      mapLeft: (width - mapW) >> 1,
      mapTop: (body - panelHeight - mapH) >> 1,
      panel: 'bottom',
      panelWidth: width,
      panelHeight,
    };
  }
  const mapRegionWidth = Math.min(mapW, Math.max(0, width - RIGHT_PANEL_WIDTH));
  const mapRegionHeight = Math.min(mapH, body);
  const mapLeft = Math.max(0, width - RIGHT_PANEL_WIDTH - mapRegionWidth) >> 1;
  return {
    map: { width: mapRegionWidth, height: mapRegionHeight },
    mapLeft,
    mapTop: (body - mapRegionHeight) >> 1,
    panel: 'right',
    panelWidth: width - mapLeft - mapRegionWidth,
    panelHeight: body,
  };
}
