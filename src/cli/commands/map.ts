/** `haunted map [file]`: check a map and print it as the game draws it, lit areas shown. */

import { GLYPHS, staticMapRows } from '../../client/map-view.ts';
import { COLOR_LEVELS, type ColorLevel, detectColorLevel } from '../../client/palette.ts';
import { createLightMaps } from '../../game/light.ts';
import { formatMapErrors, type GameMap, parseMap } from '../../game/map.ts';
import { BUILTIN_MAPS, DEFAULT_MAP } from '../../game/maps/index.ts';
import { type CliIO, EXIT } from '../program.ts';

export async function runMap(
  io: CliIO,
  file: string | undefined,
  opts: { color: string },
): Promise<number> {
  const level = detectColorLevel(io.env, io.isTTY, opts.color);
  if (!level) {
    io.stderr(
      `haunted map: --color must be auto or one of ${COLOR_LEVELS.join(', ')} (got "${opts.color}")\n`,
    );
    return EXIT.usage;
  }
  const source = await readMapSource(file);
  if ('error' in source) {
    io.stderr(`haunted map: ${source.error}\n`);
    return EXIT.failure;
  }
  const parsed = parseMap(source.text);
  if (!parsed.ok) {
    io.stderr(`${formatMapErrors(source.label, parsed.errors)}\n`);
    io.stderr(
      `haunted map: ${source.label} is not a valid map (${parsed.errors.length} problem${parsed.errors.length > 1 ? 's' : ''}); see docs/MAPS.md\n`,
    );
    return EXIT.failure;
  }
  const { map } = parsed;
  const lit = createLightMaps(map).any;
  io.stdout(`${staticMapRows(map, lit, level).join('\n')}\n`);
  io.stdout(`${describe(map, lit, source.label, level)}\n`);
  return EXIT.ok;
}

async function readMapSource(
  file: string | undefined,
): Promise<{ text: string; label: string } | { error: string }> {
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

function describe(map: GameMap, lit: Uint8Array, label: string, level: ColorLevel): string {
  const g = level === 'none' ? GLYPHS.plain : GLYPHS.color;
  let floor = 0;
  let litFloor = 0;
  for (let i = 0; i < map.walls.length; i++) {
    if (map.walls[i]) continue;
    floor++;
    if (lit[i]) litFloor++;
  }
  const spawns = map.spawns.any.length + map.spawns.R.length + map.spawns.B.length;
  const by = map.author ? `, by ${map.author}` : '';
  const lights = `${map.lights.length} light${map.lights.length === 1 ? '' : 's'}`;
  const litShare = `${Math.round((100 * litFloor) / floor)}% of ${floor} floor cells lit`;
  return [
    `${map.name}${by} (${label})`,
    `${map.width}×${map.height} cells, ${lights}, ${litShare}`,
    spawns > 0
      ? `spawn cells: ${map.spawns.any.length} for anyone, ${map.spawns.R.length} for seekers, ${map.spawns.B.length} for hiders`
      : 'spawns: anywhere free',
    `legend: ${g.wall} wall   ${g.floorLit} lit floor   (blank) dark floor   ${g.light} light   + R B spawn cells`,
  ].join('\n');
}
