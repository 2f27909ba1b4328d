/**
 * The players' colours, by palette index (state.ts gives each player one of COLOURS): the
 * terminal client draws names in them (render/game-theme.ts) and the classic listener sends
 * them to the original client (server/classic/view.ts), so a player has one colour everywhere.
 */
export const PLAYER_RGB: readonly (readonly [number, number, number])[] = [
  [255, 99, 71],
  [255, 165, 0],
  [255, 215, 0],
  [154, 205, 50],
  [60, 179, 113],
  [64, 224, 208],
  [100, 149, 237],
  [147, 112, 219],
  [218, 112, 214],
  [255, 105, 180],
  [210, 180, 140],
  [192, 192, 192],
];
