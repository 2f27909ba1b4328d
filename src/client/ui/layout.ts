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

/** Width of the panel at the right of the map. */
export const RIGHT_PANEL_WIDTH = 26;

/** The play screen's body, split between the map region and the panel. */
export interface PlayLayout {
  /** The map region in cells: never bigger than the map, nor than the body. */
  readonly map: { readonly width: number; readonly height: number };
  /** Where the panel stands: below the map, or at its right. */
  readonly panel: 'bottom' | 'right';
  /** The panel's size in cells. */
  readonly panelWidth: number;
  readonly panelHeight: number;
}

/**
 * Splits the body of a `columns`×`rows` terminal between a `mapWidth`×`mapHeight` map and the
 * panel. Below the map, the panel takes the whole width and every row left under the map; at the
 * right, it takes every column left of the map region (26 when the map fills the rest) and the
 * whole body height.
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
    return {
      map: { width: mapW, height: mapH },
      panel: 'bottom',
      panelWidth: width,
      panelHeight: body - mapH,
    };
  }
  const mapRegionWidth = Math.min(mapW, Math.max(0, width - RIGHT_PANEL_WIDTH));
  return {
    map: { width: mapRegionWidth, height: Math.min(mapH, body) },
    panel: 'right',
    panelWidth: width - mapRegionWidth,
    panelHeight: body,
  };
}
