/** `haunted map [file]`: check a map and print it as the game draws it, lit areas shown. */

import { GLYPHS, staticMapRows } from '../../client/map-view.ts';
import { COLOR_LEVELS, type ColorLevel, detectColorLevel } from '../../client/palette.ts';
import { createLightMaps } from '../../game/light.ts';
import { formatMapErrors, type GameMap } from '../../game/map.ts';
import { type CliIO, EXIT } from '../cli-io.ts';
import { loadMapOption } from './map-source.ts';

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
  const loaded = await loadMapOption(file);
  if ('error' in loaded && !loaded.errors) {
    io.stderr(`haunted map: ${loaded.error}\n`);
    return EXIT.failure;
  }
  if ('error' in loaded) {
    const label = loaded.label ?? String(file);
    const errors = loaded.errors ?? [];
    io.stderr(`${formatMapErrors(label, errors)}\n`);
    io.stderr(
      `haunted map: ${label} is not a valid map (${errors.length} problem${errors.length > 1 ? 's' : ''}); see docs/MAPS.md\n`,
    );
    return EXIT.failure;
  }
  const { map, label, warnings } = loaded;
  // Warnings are printed as compilers do and do not change the exit code: the map can be played.
  for (const w of warnings) io.stderr(`${label}:${w.line}:${w.column}: warning: ${w.reason}\n`);
  const lit = createLightMaps(map).any;
  io.stdout(`${staticMapRows(map, lit, level).join('\n')}\n`);
  io.stdout(`${describe(map, lit, label, level)}\n`);
  return EXIT.ok;
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
