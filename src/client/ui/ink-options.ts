/**
 * How Ink draws the game screen, shared by `haunted play` and the client bench so the bench
 * measures what players run (PLATFORM.md): interactive even under CI=true (Ink would otherwise
 * draw nothing until exit), only changed lines rewritten, the alternate screen, no console
 * patching (nothing may print over the game: the log goes to a file), Ctrl-C left to the key
 * handler (quitting sends the disconnect), and maxFps at twice the frame rate (at the frame rate
 * itself Ink halves it).
 */
export const SCREEN_INK_OPTIONS = {
  interactive: true,
  incrementalRendering: true,
  alternateScreen: true,
  patchConsole: false,
  exitOnCtrlC: false,
  maxFps: 60,
} as const;
