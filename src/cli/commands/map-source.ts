/** Reading a map for a command: a file, a built-in map's name, or the default built-in map. */
import { formatMapErrors, type GameMap, type MapError, parseMap } from '../../game/map.ts';
import { BUILTIN_MAPS, DEFAULT_MAP } from '../../game/maps/index.ts';

export type MapSource = { text: string; label: string } | { error: string };

export async function readMapSource(file: string | undefined): Promise<MapSource> {
  if (file === undefined)
    return { text: BUILTIN_MAPS[DEFAULT_MAP]!, label: `built-in map "${DEFAULT_MAP}"` };
  const handle = Bun.file(file);
  if (!(await handle.exists())) {
    const builtin = BUILTIN_MAPS[file];
    if (builtin) return { text: builtin, label: `built-in map "${file}"` };
    return { error: `cannot read "${file}": no such file` };
  }
  try {
    return { text: await handle.text(), label: file };
  } catch (err) {
    return { error: `cannot read "${file}": ${err instanceof Error ? err.message : String(err)}` };
  }
}

export type LoadedMap =
  | { map: GameMap; label: string; warnings: readonly MapError[] }
  | { error: string; errors?: readonly MapError[]; label?: string };

/** A map for `--map`: parsed, or an error of one line (the first problem, with its place). */
export async function loadMapOption(file: string | undefined): Promise<LoadedMap> {
  const source = await readMapSource(file);
  if ('error' in source) return source;
  const parsed = parseMap(source.text);
  if (!parsed.ok) {
    const more =
      parsed.errors.length > 1
        ? ` (and ${parsed.errors.length - 1} more: haunted map ${file})`
        : '';
    return {
      error: `bad map: ${formatMapErrors(source.label, parsed.errors.slice(0, 1))}${more}`,
      errors: parsed.errors,
      label: source.label,
    };
  }
  return { map: parsed.map, label: source.label, warnings: parsed.warnings };
}
