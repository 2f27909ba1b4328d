import classicText from './classic.map' with { type: 'text' };

/** Built-in maps by name; `classic` is the default. The text is embedded in the executable. */
export const BUILTIN_MAPS: Readonly<Record<string, string>> = {
  classic: classicText,
};

export const DEFAULT_MAP = 'classic';
