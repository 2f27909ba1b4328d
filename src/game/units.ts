/**
 * World units. Positions are integers in units; a map cell is CELL_W × CELL_H units, twice as
 * tall as wide like a terminal glyph, so one speed in units per second looks the same across
 * and down the screen. The original game's map was 1728×972 units with 20×20 players; a
 * 16×32 cell keeps its scale (108 columns × 30 rows for the same area).
 */
export const CELL_W = 16;
export const CELL_H = 32;

/** Player box in units (three quarters of a cell, so one-cell doorways can be walked through). */
export const PLAYER_W = 12;
export const PLAYER_H = 24;

/** Teams, with the original's letters: N unassigned, R seekers (red), B hiders (blue). */
export const TEAMS = ['N', 'R', 'B'] as const;
export type Team = (typeof TEAMS)[number];

/**
 * Speeds in units per second, in the original's ratio 10 : 4 : 3 (it moved 10, 4 and 3 units per
 * input at 20 inputs/s). A hider crosses the 108-column manor in 18 s.
 */
export const SPEED: Readonly<Record<Team, number>> = { N: 320, R: 128, B: 96 };

/** Column of the cell holding a player's centre. */
export function playerCellX(x: number): number {
  return Math.floor((x + PLAYER_W / 2) / CELL_W);
}

/** Row of the cell holding a player's centre. */
export function playerCellY(y: number): number {
  return Math.floor((y + PLAYER_H / 2) / CELL_H);
}

/**
 * Units moved during tick `tick` at `speed` units/s and `tickRate` ticks/s. Integer, and exact
 * over time: the sum over ticks 0..n-1 is floor(speed·n / tickRate), so every tick rate gives
 * the same speed and the client's prediction of tick t matches the server's to the unit.
 */
export function stepDistance(speed: number, tick: number, tickRate: number): number {
  return Math.floor((speed * (tick + 1)) / tickRate) - Math.floor((speed * tick) / tickRate);
}
