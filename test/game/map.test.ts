import { describe, expect, test } from 'bun:test';
import { formatMapErrors, mapRows, parseMap, serializeMap } from '../../src/game/map.ts';
import { BUILTIN_MAPS } from '../../src/game/maps/index.ts';
import { convertOriginalManor } from '../support/original-manor.ts';

function errorsOf(text: string) {
  const r = parseMap(text);
  if (r.ok) throw new Error('expected the map to be rejected');
  return r.errors;
}

describe('the classic manor', () => {
  const parsed = parseMap(BUILTIN_MAPS.classic!);
  if (!parsed.ok) throw new Error('classic map does not parse');
  const { map } = parsed;

  test('is the original map drawn on our grid: same walls, same three lights', () => {
    expect(mapRows(map)).toEqual(convertOriginalManor());
  });

  test('fits a 120×40 terminal with room for the HUD', () => {
    expect(map.width).toBe(110);
    expect(map.height).toBe(32);
    expect(map.lights).toEqual([
      { x: 13, y: 7 },
      { x: 95, y: 16 },
      { x: 32, y: 25 },
    ]);
    expect(map.name).toBe('The classic manor');
  });

  test('serializes and parses back to the same map', () => {
    const again = parseMap(serializeMap(map));
    expect(again.ok && mapRows(again.map)).toEqual(mapRows(map));
  });
});

describe('parseMap', () => {
  test('reads the header, the glyphs and the spawn cells', () => {
    const r = parseMap('name: Tiny\nauthor: me\n---\n########\n#*.+RB #\n########\n########\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.map.name).toBe('Tiny');
    expect(r.map.author).toBe('me');
    expect(r.map.lights).toEqual([{ x: 1, y: 1 }]);
    expect(r.map.spawns).toEqual({ any: [11], R: [12], B: [13] });
    expect(r.map.walls[14]).toBe(0); // a space is floor
  });

  test('pads short rows with floor (editors trim trailing spaces)', () => {
    const r = parseMap('########\n#.\n#......#\n########');
    expect(r.ok && mapRows(r.map)[1]).toBe('#.......');
  });

  test('points at an unknown character with its line and column', () => {
    expect(errorsOf('name: x\n---\n########\n#..?...#\n########\n########')).toEqual([
      { line: 4, column: 4, reason: 'unknown character "?" (see docs/MAPS.md)' },
    ]);
  });

  test('rejects tabs, unknown header keys and header lines without a colon', () => {
    expect(errorsOf('########\n#.\t....#\n########\n########')[0]).toMatchObject({
      line: 2,
      column: 3,
    });
    expect(errorsOf('size: 3\n---\n########\n#......#\n########\n########')[0]?.reason).toContain(
      'unknown header key "size"',
    );
    expect(errorsOf('just words\n---\n########\n#......#\n########\n########')[0]).toMatchObject({
      line: 1,
      column: 1,
    });
  });

  test('rejects maps too small, too large, empty or without floor', () => {
    expect(errorsOf('####\n#..#\n####\n####')[0]?.reason).toContain('at least 8 columns');
    expect(errorsOf('########\n#......#')[0]?.reason).toContain('at least 4 rows');
    expect(errorsOf(`${'#'.repeat(251)}\n`.repeat(4))[0]).toMatchObject({ line: 1, column: 251 });
    expect(errorsOf(`${'#'.repeat(10)}\n`.repeat(121))[0]?.reason).toContain('taller than 120');
    expect(errorsOf('name: x\n---\n\n')[0]?.reason).toBe('the map has no grid');
    expect(errorsOf('########\n########\n########\n########')[0]?.reason).toContain('no floor');
  });

  test('rejects more than 32 lights', () => {
    const row = `#${'*'.repeat(33)}#`;
    const wall = '#'.repeat(35);
    expect(errorsOf([wall, row, wall, wall].join('\n'))[0]).toMatchObject({ line: 2, column: 34 });
  });

  test("a header error does not hide the grid's: every problem, header and grid", () => {
    const errors = errorsOf('size: 3\n---\n########\n#..?...#\n#.....x#\n########');
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [1, 1],
      [4, 4],
      [5, 7],
    ]);
  });

  test('a floor split into sealed parts: a warning at each part cut off from the largest', () => {
    const r = parseMap(
      [
        'name: split', // line 1
        '---',
        '##########', // line 3: grid row 0
        '#....#..+#',
        '#*...#..B#',
        '######.###', // the right part goes on below, still sealed
        '#R...#####', // line 7: a third part at the left
        '##########',
      ].join('\n'),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings).toEqual([
      {
        line: 4,
        column: 7,
        reason:
          'this floor (7 cells) is sealed off from the largest floor (8 cells): nobody can walk from one to the other',
      },
      {
        line: 7,
        column: 2,
        reason:
          'this floor (4 cells) is sealed off from the largest floor (8 cells): nobody can walk from one to the other',
      },
    ]);
    // Diagonal gaps do not connect: a player cannot squeeze between two corners.
    const diagonal = parseMap('########\n#..#...#\n###....#\n########');
    expect(diagonal.ok && diagonal.warnings.map((w) => [w.line, w.column])).toEqual([[2, 2]]);
  });

  test('the built-in maps have no warning', () => {
    for (const [name, text] of Object.entries(BUILTIN_MAPS)) {
      const r = parseMap(text);
      expect(r.ok && r.warnings, name).toEqual([]);
    }
  });

  test('formats errors as file:line:column: reason', () => {
    expect(formatMapErrors('m.map', [{ line: 3, column: 7, reason: 'oops' }])).toBe(
      'm.map:3:7: oops',
    );
  });
});
