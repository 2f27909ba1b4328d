import classicText from './classic.map' with { type: 'text' };
import grandText from './grand.map' with { type: 'text' };

/** Built-in maps by name; `classic` is the default. The text is embedded in the executable. */
export const BUILTIN_MAPS: Readonly<Record<string, string>> = {
  classic: classicText,
  /** Four classic manors joined by doors: 219×63 cells, 12 lights, room for 64 players. */
  grand: grandText,
};

export const DEFAULT_MAP = 'classic';
