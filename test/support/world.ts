/**
 * Worlds drawn as ASCII for tests. Grid glyphs as in docs/MAPS.md; a letter a–z is a player
 * standing centred on that (floor) cell, in alphabetical order of the letters given.
 */
import { type GameMap, parseMap } from '../../src/game/map.ts';
import { cellSpawnPoint } from '../../src/game/state.ts';

export interface DrawnWorld {
  readonly map: GameMap;
  /** Player positions (box top-left, units) by letter. */
  readonly at: Readonly<Record<string, { x: number; y: number }>>;
}

export function drawWorld(picture: string): DrawnWorld {
  const rows = picture
    .replace(/^\n/, '')
    .replace(/\n\s*$/, '')
    .split('\n');
  const at: Record<string, { x: number; y: number }> = {};
  const clean = rows.map((row, y) =>
    [...row]
      .map((ch, x) => {
        if (ch >= 'a' && ch <= 'z') {
          at[ch] = { x, y };
          return '.';
        }
        return ch;
      })
      .join(''),
  );
  const parsed = parseMap(clean.join('\n'));
  if (!parsed.ok) throw new Error(`bad test map: ${JSON.stringify(parsed.errors)}`);
  const { map } = parsed;
  const positions: Record<string, { x: number; y: number }> = {};
  for (const [k, c] of Object.entries(at))
    positions[k] = cellSpawnPoint(map, c.y * map.width + c.x);
  return { map, at: positions };
}
