/**
 * Terminal colours: the level the terminal supports (truecolor, 256, 16 or none) and SGR escape
 * sequences for a colour at that level. Everything the game shows must stay readable at level
 * `none` (NO_COLOR): glyphs carry the meaning, colour only helps.
 */
export const COLOR_LEVELS = ['none', '16', '256', 'truecolor'] as const;
export type ColorLevel = (typeof COLOR_LEVELS)[number];

export type Rgb = readonly [number, number, number];

/**
 * The colour level from the environment (https://no-color.org, COLORTERM, TERM), or the one asked
 * for: `auto` detects, anything else must be one of COLOR_LEVELS.
 */
export function detectColorLevel(
  env: Readonly<Record<string, string | undefined>>,
  isTTY: boolean,
  asked = 'auto',
): ColorLevel | null {
  if (asked !== 'auto')
    return (COLOR_LEVELS as readonly string[]).includes(asked) ? (asked as ColorLevel) : null;
  if (env.NO_COLOR) return 'none';
  if (env.FORCE_COLOR === '0') return 'none';
  if (!isTTY && !env.FORCE_COLOR) return 'none';
  const term = env.TERM ?? '';
  if (term === 'dumb') return 'none';
  const colorterm = (env.COLORTERM ?? '').toLowerCase();
  if (colorterm === 'truecolor' || colorterm === '24bit') return 'truecolor';
  if (term.includes('256') || term.startsWith('xterm-kitty') || term === 'alacritty') return '256';
  return '16';
}

/** The 16 basic colours as xterm draws them, for finding the nearest. */
const BASIC16: readonly Rgb[] = [
  [0, 0, 0],
  [205, 0, 0],
  [0, 205, 0],
  [205, 205, 0],
  [0, 0, 238],
  [205, 0, 205],
  [0, 205, 205],
  [229, 229, 229],
  [127, 127, 127],
  [255, 0, 0],
  [0, 255, 0],
  [255, 255, 0],
  [92, 92, 255],
  [255, 0, 255],
  [0, 255, 255],
  [255, 255, 255],
];

function nearest16(c: Rgb): number {
  let best = 0;
  let bestD = Number.POSITIVE_INFINITY;
  BASIC16.forEach((b, i) => {
    const d = (b[0] - c[0]) ** 2 + (b[1] - c[1]) ** 2 + (b[2] - c[2]) ** 2;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  });
  return best;
}

/** Ink's (chalk's) names of the 16 basic colours, in BASIC16's order. */
const INK_NAMES16 = [
  'black',
  'red',
  'green',
  'yellow',
  'blue',
  'magenta',
  'cyan',
  'white',
  'gray',
  'redBright',
  'greenBright',
  'yellowBright',
  'blueBright',
  'magentaBright',
  'cyanBright',
  'whiteBright',
] as const;

/**
 * The nearest of the 16 basic colours as an Ink colour name (black, unreadable on the dark
 * screens, becomes gray). Ink writes a `#rrggbb` at whatever depth the terminal reports, not
 * at the `--color` level asked for; a name is SGR 30–37 / 90–97 on every terminal that has
 * colours, so the screens' texts use names only.
 */
export function inkColorName(c: Rgb): (typeof INK_NAMES16)[number] {
  const n = nearest16(c);
  return n === 0 ? 'gray' : INK_NAMES16[n]!;
}

/** xterm 256-colour index: the 6×6×6 cube or the grey ramp, whichever is closer. */
export function rgbTo256(c: Rgb): number {
  const level = (v: number) => (v < 48 ? 0 : v < 115 ? 1 : Math.floor((v - 35) / 40));
  const steps = [0, 95, 135, 175, 215, 255];
  const [r, g, b] = [level(c[0]), level(c[1]), level(c[2])];
  const cube = 16 + 36 * r + 6 * g + b;
  const cubeRgb: Rgb = [steps[r]!, steps[g]!, steps[b]!];
  const avg = Math.round((c[0] + c[1] + c[2]) / 3);
  const greyIdx = avg > 238 ? 23 : Math.max(0, Math.floor((avg - 3) / 10));
  const grey = 8 + greyIdx * 10;
  const dist = (a: Rgb, b2: Rgb) => (a[0] - b2[0]) ** 2 + (a[1] - b2[1]) ** 2 + (a[2] - b2[2]) ** 2;
  return dist(c, [grey, grey, grey]) < dist(c, cubeRgb) ? 232 + greyIdx : cube;
}

/** SGR parameters for a foreground (`fg`) or background colour at a level ('' at level none). */
export function sgrColor(level: ColorLevel, c: Rgb, fg: boolean): string {
  switch (level) {
    case 'none':
      return '';
    case 'truecolor':
      return `${fg ? 38 : 48};2;${c[0]};${c[1]};${c[2]}`;
    case '256':
      return `${fg ? 38 : 48};5;${rgbTo256(c)}`;
    case '16': {
      const n = nearest16(c);
      return String((fg ? 30 : 40) + (n % 8) + (n >= 8 ? 60 : 0));
    }
  }
}

/** A style: colours and boldness of a run of text. */
export interface Style {
  readonly fg?: Rgb;
  readonly bg?: Rgb;
  readonly bold?: boolean;
}

/** The escape sequence that sets `style` after a reset ('' when it sets nothing). */
export function sgr(level: ColorLevel, style: Style): string {
  if (level === 'none') return ''; // NO_COLOR: plain text, no escapes at all
  const parts: string[] = [];
  if (style.bold) parts.push('1');
  if (style.fg) parts.push(sgrColor(level, style.fg, true));
  if (style.bg) parts.push(sgrColor(level, style.bg, false));
  return parts.length > 0 ? `\x1b[0;${parts.join(';')}m` : '';
}

export const RESET = '\x1b[0m';
