/** Reading a map for a command: a file, a built-in map's name, or the default built-in map. */
import { existsSync } from 'node:fs';
import { formatMapErrors, type GameMap, type MapError, parseMap } from '../../game/map.ts';
import { BUILTIN_MAPS, DEFAULT_MAP } from '../../game/maps/index.ts';
import { MAX_MAP_ID_CHARS } from '../../protocol/index.ts';

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

/** A map id (PROTOCOL.md §15: 1–16 of `a–z 0–9 -`) from a file's name: `Annexe 2.map` → `annexe-2`. */
export function mapIdOf(file: string): string {
  const base = (file.split(/[\\/]/).pop() ?? '').replace(/\.[^.]*$/, '');
  const id = base
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, MAX_MAP_ID_CHARS)
    .replace(/-$/, '');
  return id === '' ? 'custom' : id;
}

export interface ServerMaps {
  /** The default map's id (`--map`'s, or `classic`): the default room's map, first in the list. */
  readonly defaultId: string;
  /** Every map a room may use, by id, the default first. */
  readonly maps: ReadonlyMap<string, GameMap>;
}

/**
 * The server's list of maps (ROOMLIST's `maps`): `--map`'s first (a file's id from its name; a
 * built-in name stays that name), then the built-in maps with room for `maxPlayers` (a file
 * named like a built-in map takes its place).
 */
export function serverMaps(
  file: string | undefined,
  defaultMap: GameMap,
  maxPlayers: number,
): ServerMaps {
  const defaultId =
    file === undefined
      ? DEFAULT_MAP
      : BUILTIN_MAPS[file] !== undefined && !existsSync(file)
        ? file
        : mapIdOf(file);
  const maps = new Map<string, GameMap>([[defaultId, defaultMap]]);
  for (const [id, text] of Object.entries(BUILTIN_MAPS)) {
    if (maps.has(id)) continue;
    const parsed = parseMap(text);
    if (parsed.ok && floorCells(parsed.map) >= maxPlayers) maps.set(id, parsed.map);
  }
  return { defaultId, maps };
}

function floorCells(map: GameMap): number {
  return map.walls.length - map.walls.reduce((n, w) => n + w, 0);
}
