/**
 * How the game screen's map looks: one prebuilt cell (glyph + style) per kind of cell, per colour
 * level. It extends map-view.ts's THEME/GLYPHS (the static `haunted map` view) with what only the
 * game shows: fog (seen now / remembered / never seen), players, ghosts and name labels.
 *
 * Cells and styles are built once per level and shared by reference, so the painter can tell an
 * unchanged cell by `===` and cache one SGR string per style.
 *
 * - truecolor/256 ('rich'): the states differ by colour (seen floor warm, remembered floor cold
 *   and dim, never seen black).
 * - 16 ('basic'): nearest16 folds the rich dark colours together (seen and remembered floor both
 *   come out grey on black), so this level gets its own styles picked from the 16 basic colours.
 * - none: no escapes at all; the glyphs alone tell the states apart (see PLAIN below).
 */
import { PLAYER_RGB } from '../../game/colours.ts';
import type { Team } from '../../game/units.ts';
import { GLYPHS, type StyledCell, THEME } from '../map-view.ts';
import type { ColorLevel, Rgb, Style } from '../palette.ts';

/** Player colours by palette index (src/game/colours.ts): names are drawn in them. */
export const PLAYER_COLOURS: readonly Rgb[] = PLAYER_RGB;

/** Glyphs of the game map. `other` is per team: at level none the letter is the only hint. */
export interface GameGlyphs {
  readonly wall: string;
  readonly floorSeen: string;
  readonly floorRemembered: string;
  readonly dark: string;
  readonly light: string;
  readonly you: string;
  readonly other: Readonly<Record<Team, string>>;
  readonly ghost: string;
  readonly youGhost: string;
}

/** With colour: the shapes of map-view's GLYPHS; players as faces, ghosts hollow. */
export const RICH_GLYPHS: GameGlyphs = {
  wall: GLYPHS.color.wall,
  floorSeen: GLYPHS.color.floorLit,
  floorRemembered: GLYPHS.color.floorLit,
  dark: GLYPHS.color.floorDark,
  light: GLYPHS.color.light,
  you: '@',
  other: { N: '☻', R: '☻', B: '☻' },
  ghost: '☺',
  youGhost: '☺',
};

/** NO_COLOR: ASCII only. Seen floor '.', remembered ',', never seen ' '; teams by letter. */
export const PLAIN_GLYPHS: GameGlyphs = {
  wall: GLYPHS.plain.wall,
  floorSeen: GLYPHS.plain.floorLit,
  floorRemembered: ',',
  dark: ' ',
  light: GLYPHS.plain.light,
  you: '@',
  other: { N: 'N', R: 'R', B: 'B' },
  ghost: '&',
  youGhost: '@',
};

/** The styles of one colour level. */
interface ThemeStyles {
  wall: Style;
  wallDim: Style;
  floorSeen: Style;
  floorRemembered: Style;
  dark: Style;
  light: Style;
  lightDim: Style;
  team: Record<Team, Rgb>;
  /** Names, by team: lighter than the glyphs' colours, to read as text on the dark. */
  teamLabel: Record<Team, Rgb>;
  ghost: Rgb;
  labelBg: Rgb;
}

const RICH: ThemeStyles = {
  wall: THEME.wall,
  wallDim: { fg: [74, 68, 84], bg: [30, 27, 35] },
  // Seen now: a warm floor bright enough that the 256-colour cube keeps it apart from the
  // remembered floor (it comes out grey 237 there, the remembered floor 233, never seen 232).
  floorSeen: { fg: [170, 146, 80], bg: [78, 68, 40] },
  floorRemembered: { fg: [70, 70, 96], bg: [17, 17, 23] },
  dark: THEME.floorDark,
  light: { ...THEME.light, bg: [78, 68, 40] },
  lightDim: { fg: [130, 112, 60], bg: [17, 17, 23] },
  team: { N: [160, 160, 170], R: THEME.spawnSeekers.fg!, B: THEME.spawnHiders.fg! },
  teamLabel: { N: [200, 200, 210], R: [255, 135, 135], B: [135, 175, 255] },
  ghost: [175, 175, 200],
  labelBg: [10, 10, 14],
};

/** Exact basic colours (palette.ts BASIC16), so nearest16 keeps them apart. */
const BASIC: ThemeStyles = {
  wall: { fg: [229, 229, 229], bg: [0, 0, 0] },
  wallDim: { fg: [127, 127, 127], bg: [0, 0, 0] },
  floorSeen: { fg: [205, 205, 0], bg: [0, 0, 0] },
  floorRemembered: { fg: [127, 127, 127], bg: [0, 0, 0] },
  dark: { bg: [0, 0, 0] },
  light: { fg: [255, 255, 0], bg: [0, 0, 0], bold: true },
  lightDim: { fg: [205, 205, 0], bg: [0, 0, 0] },
  team: { N: [229, 229, 229], R: [255, 0, 0], B: [92, 92, 255] },
  teamLabel: { N: [229, 229, 229], R: [255, 0, 0], B: [92, 92, 255] },
  ghost: [127, 127, 127],
  labelBg: [0, 0, 0],
};

/** Every cell the map view draws at one level, prebuilt. */
export interface GameCells {
  readonly glyphs: GameGlyphs;
  readonly wall: StyledCell;
  readonly wallDim: StyledCell;
  readonly floorSeen: StyledCell;
  readonly floorRemembered: StyledCell;
  readonly dark: StyledCell;
  readonly light: StyledCell;
  readonly lightDim: StyledCell;
  /** Outside the map (a map smaller than the viewport): the terminal's own background. */
  readonly void: StyledCell;
  /** Another living player, by team. */
  readonly other: Readonly<Record<Team, StyledCell>>;
  /** You, by team: white on the team colour, bold. */
  readonly you: Readonly<Record<Team, StyledCell>>;
  readonly ghost: StyledCell;
  readonly youGhost: StyledCell;
  /** Name label style by team; `youLabel` the same, bold; a caught player's in the ghost's. */
  readonly label: Readonly<Record<Team, Style>>;
  readonly youLabel: Readonly<Record<Team, Style>>;
  readonly ghostLabel: Style;
}

const VOID_STYLE: Style = {};
const cache = new Map<ColorLevel, GameCells>();

/** The cells of `level`, built on first use and shared afterwards. */
export function gameCells(level: ColorLevel): GameCells {
  let cells = cache.get(level);
  if (!cells) {
    cells = buildCells(
      level === 'none' ? PLAIN_GLYPHS : RICH_GLYPHS,
      level === '16' ? BASIC : RICH,
    );
    cache.set(level, cells);
  }
  return cells;
}

function buildCells(g: GameGlyphs, t: ThemeStyles): GameCells {
  const cell = (ch: string, style: Style): StyledCell => ({ ch, style });
  const seenBg = t.floorSeen.bg;
  const byTeam = (make: (team: Team) => StyledCell) =>
    ({ N: make('N'), R: make('R'), B: make('B') }) as const;
  const white: Rgb = [255, 255, 255];
  const labelStyle = (team: Team, bold = false): Style => ({
    fg: t.teamLabel[team],
    bg: t.labelBg,
    ...(bold ? { bold } : {}),
  });
  return {
    glyphs: g,
    wall: cell(g.wall, t.wall),
    wallDim: cell(g.wall, t.wallDim),
    floorSeen: cell(g.floorSeen, t.floorSeen),
    floorRemembered: cell(g.floorRemembered, t.floorRemembered),
    dark: cell(g.dark, t.dark),
    light: cell(g.light, t.light),
    lightDim: cell(g.light, t.lightDim),
    void: cell(' ', VOID_STYLE),
    other: byTeam((team) => cell(g.other[team], { fg: t.team[team], bg: seenBg, bold: true })),
    you: byTeam((team) => cell(g.you, { fg: white, bg: t.team[team], bold: true })),
    ghost: cell(g.ghost, { fg: t.ghost, bg: seenBg }),
    youGhost: cell(g.youGhost, { fg: white, bg: t.ghost, bold: true }),
    label: { N: labelStyle('N'), R: labelStyle('R'), B: labelStyle('B') },
    youLabel: { N: labelStyle('N', true), R: labelStyle('R', true), B: labelStyle('B', true) },
    ghostLabel: { fg: t.ghost, bg: t.labelBg },
  };
}
