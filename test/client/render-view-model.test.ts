import { describe, expect, test } from 'bun:test';
import { THEME } from '../../src/client/map-view.ts';
import { rgbTo256, sgr } from '../../src/client/palette.ts';
import { cameraAxis } from '../../src/client/render/camera.ts';
import { gameCells } from '../../src/client/render/game-theme.ts';
import {
  buildMapView,
  type MapPlayer,
  type MapViewInput,
  rememberSeen,
  rowsToText,
} from '../../src/client/render/map-view-model.ts';
import { parseMap } from '../../src/game/map.ts';
import { CELL_H, CELL_W, type Team } from '../../src/game/units.ts';

/**
 * A scene drawn as text: the map (`#` wall, `*` light, anything else floor), and a fog picture
 * of the same size (`o` seen now, `r` remembered from before, `.` never seen).
 */
function scene(mapText: string, fogText: string) {
  const parsed = parseMap(mapText.trim());
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const map = parsed.map;
  const fog = new Uint8Array(map.width * map.height);
  const remembered = new Uint8Array(map.width * map.height);
  fogText
    .trim()
    .split('\n')
    .forEach((line, y) => {
      [...line.trim()].forEach((ch, x) => {
        if (ch === 'o') fog[y * map.width + x] = 1;
        if (ch === 'r') remembered[y * map.width + x] = 1;
      });
    });
  return { map, fog, remembered };
}

/** A player standing on cell (cx, cy). */
function on(cx: number, cy: number, p: Partial<MapPlayer> & { name: string }): MapPlayer {
  return {
    id: 1,
    colour: 0,
    team: 'B' as Team,
    isYou: false,
    caught: false,
    x: cx * CELL_W,
    y: cy * CELL_H,
    ...p,
  };
}

const ROOM = `
##########
#...*....#
#........#
#........#
##########`;

const WIDE = `
##############
#.......*....#
#............#
#............#
##############`;

const CORRIDOR = `
#########
####.####
####.####
#.......#
#########`;

function view(input: Partial<MapViewInput> & ReturnType<typeof scene>, w = 10, h = 5) {
  return buildMapView({ players: [], level: 'none', width: w, height: h, ...input });
}

describe('map view-model, level none (glyphs only)', () => {
  test('fog: seen floor ".", remembered ",", never seen " ", walls "#", lights "*"', () => {
    const s = scene(
      ROOM,
      `
      ooooo.....
      ooooo.rr..
      ooooo.rr..
      ..........
      ..........`,
    );
    expect(rowsToText(view(s).rows)).toEqual([
      '##########',
      '#...* ,, #',
      '#.... ,, #',
      '#        #',
      '##########',
    ]);
  });

  test('remembered is only read (PlayerView remembers when its fog changes); rememberSeen adds the seen cells', () => {
    const s = scene(ROOM, '.....\n.ooo.\n.....\n.....\n.....');
    view(s);
    expect(s.remembered.every((v) => v === 0)).toBe(true);
    rememberSeen(s.fog, s.remembered);
    s.fog.fill(0);
    expect(rowsToText(view(s).rows)[1]).toBe('#,,,*    #');
  });

  test('players: you "@", others by team letter, ghosts "&", you drawn on top', () => {
    const s = scene(ROOM, 'oooooooooo\n'.repeat(5));
    const players = [
      on(1, 2, { id: 1, name: '', team: 'R' }),
      on(3, 2, { id: 2, name: '', team: 'B' }),
      on(5, 2, { id: 3, name: '', team: 'N' }),
      on(7, 2, { id: 4, name: '', caught: true }),
      on(8, 3, { id: 5, name: '', team: 'R' }),
      on(8, 3, { id: 6, name: '', isYou: true }),
    ];
    expect(rowsToText(view({ ...s, players }).rows).slice(2, 4)).toEqual([
      '#R.B.N.&.#',
      '#.......@#',
    ]);
  });

  test('names: at the right, else the left, else above, else below; never over a player', () => {
    const s = scene(WIDE, 'oooooooooooooo\n'.repeat(5));
    const players = [
      on(2, 1, { id: 1, name: 'Ann', isYou: true }), // right
      on(11, 2, { id: 2, name: 'Bob' }), // the wall at the right: left
      on(5, 3, { id: 3, name: 'Cyd' }), // right
    ];
    expect(rowsToText(view({ ...s, players }, 14, 5).rows)).toEqual([
      '##############',
      '#.@.Ann.*....#',
      '#......Bob.B.#',
      '#....B.Cyd...#',
      '##############',
    ]);
  });

  test('names: never over a wall, a light or the border; left out when nothing fits', () => {
    const s = scene(CORRIDOR, 'ooooooooo\n'.repeat(5));
    // In a one-cell corridor nothing beside or above fits; below is floor for Ann, walls for Cyd.
    const players = [
      on(4, 2, { id: 1, name: 'Ann', isYou: true }),
      on(4, 1, { id: 2, name: 'Cyd' }),
    ];
    expect(rowsToText(view({ ...s, players }, 9, 5).rows)).toEqual([
      '#########',
      '####B####',
      '####@####',
      '#..Ann..#',
      '#########',
    ]);
    // At the room's bottom row below is the border: Bob's name is left out.
    const bottom = [on(4, 3, { id: 2, name: 'Bobby', team: 'R' })];
    expect(rowsToText(view({ ...s, players: bottom }, 9, 5).rows).slice(1)).toEqual([
      '####.####',
      '####.####',
      '#...R...#',
      '#########',
    ]);
    expect(rowsToText(view({ ...s, players: bottom }, 9, 5).rows).join('')).not.toContain('B');
    // A wall right beside the player: not a name beyond it, which would read as someone else's.
    const thin = scene('##########\n#....#...#\n#........#\n##########', 'oooooooooo\n'.repeat(4));
    const byWall = [on(4, 1, { id: 1, name: 'Ann', isYou: true })];
    expect(rowsToText(view({ ...thin, players: byWall }, 10, 4).rows).slice(1, 3)).toEqual([
      '#...@#...#',
      '#..Ann...#',
    ]);
    // At the top of a corridor that opens upwards: above.
    const up = scene('#########\n#.......#\n####.####\n#########', 'ooooooooo\n'.repeat(4));
    const atTop = [on(4, 2, { id: 1, name: 'Ann', isYou: true })];
    expect(rowsToText(view({ ...up, players: atTop }, 9, 4).rows)).toEqual([
      '#########',
      '#..Ann..#',
      '####@####',
      '#########',
    ]);
  });

  test('names: a blank column between two names, yours placed first', () => {
    const s = scene(ROOM, 'oooooooooo\n'.repeat(5));
    const players = [
      on(6, 2, { id: 1, name: 'Bob' }),
      on(1, 2, { id: 2, name: 'Ann', isYou: true }),
      on(8, 3, { id: 3, name: 'C' }),
    ];
    // Ann at your right; Bob's right is the border, its left is Ann's place: above. C's left
    // would touch Ann's name, not at all Bob's: the row above is free.
    expect(rowsToText(view({ ...s, players }).rows).slice(1, 4)).toEqual([
      '#...*Bob.#',
      '#@.AnnB..#',
      '#.....C.B#',
    ]);
  });

  test('a name that is not printable ASCII cannot break the grid', () => {
    const s = scene(ROOM, 'oooooooooo\n'.repeat(5));
    const players = [on(1, 2, { name: 'Zo\u00eb\x1b', isYou: true })];
    expect(rowsToText(view({ ...s, players }).rows)[2]).toBe('#@.Zo??..#');
  });
});

describe('camera', () => {
  test.each([
    // map, view, focus → camera
    [10, 14, 3, -2], // fits: centred
    [10, 10, 0, 0],
    [100, 20, 50, 40], // follows the focus
    [100, 20, 3, 0], // clamped at the left edge
    [100, 20, 97, 80], // and at the right edge
  ])('map %i, view %i, focus %i → %i', (map, viewSize, focus, expected) => {
    expect(cameraAxis(map, viewSize, focus)).toBe(expected);
  });

  test('a map larger than the viewport scrolls to keep you in the middle', () => {
    const wide = `${'#'.repeat(30)}\n#${'.'.repeat(28)}#\n${'#'.repeat(30)}\n#${'.'.repeat(28)}#\n${'#'.repeat(30)}`;
    const s = scene(wide, `${'o'.repeat(30)}\n`.repeat(5));
    const v = view({ ...s, players: [on(20, 1, { name: '', isYou: true })] }, 9, 3);
    expect(v.camera).toEqual({ x: 16, y: 0 });
    expect(rowsToText(v.rows)).toEqual(['#########', '....@....', '#########']);
  });

  test('a map smaller than the viewport is centred with blank margins', () => {
    const s = scene(ROOM, '..........\n'.repeat(5));
    expect(rowsToText(view(s, 12, 7).rows)).toEqual([
      ' '.repeat(12),
      ' ########## ',
      ' #   *    # ',
      ' #        # ',
      ' #        # ',
      ' ########## ',
      ' '.repeat(12),
    ]);
  });
});

describe('styles at the colour levels', () => {
  const s = scene(ROOM, 'ooooo.....\nooooo.rr..\nooooo.rr..\n..........\n..........');
  const players = [on(2, 2, { name: 'Ann', isYou: true, team: 'R', colour: 3 })];

  test('truecolor: seen walls in the theme, unseen walls dim; you white on your team colour', () => {
    const { rows } = view({ ...s, players, level: 'truecolor' });
    expect(rows[0]![0]!.style).toBe(THEME.wall);
    expect(rows[0]![9]!.style).not.toBe(THEME.wall);
    expect(rows[0]![9]!.ch).toBe('█');
    expect(rows[2]![2]!.ch).toBe('@');
    expect(rows[2]![2]!.style).toEqual({
      fg: [255, 255, 255],
      bg: THEME.spawnSeekers.fg,
      bold: true,
    });
    // Your name at your right, in the seekers' colour, bold; not in your own colour (3).
    expect(rows[2]![4]!.ch).toBe('A');
    expect(rows[2]![4]!.style).toBe(gameCells('truecolor').youLabel.R);
    expect(rows[2]![4]!.style.bold).toBe(true);
  });

  test.each(['truecolor', '256', '16'] as const)(
    '%s: names in team colours, seekers red and hiders blue, whatever their own colour',
    (level) => {
      const both = [
        on(1, 2, { id: 1, name: 'Red', team: 'R', colour: 6 }), // a blue own colour
        on(1, 3, { id: 2, name: 'Blu', team: 'B', colour: 0 }), // a red own colour
      ];
      const { rows } = view({ ...s, players: both, level });
      const fg = (y: number) => sgr(level, { fg: rows[y]![3]!.style.fg! });
      expect(rows[2]![3]!.ch).toBe('R');
      expect(rows[3]![3]!.ch).toBe('B');
      const red = sgr(level, { fg: gameCells(level).label.R.fg! });
      const blue = sgr(level, { fg: gameCells(level).label.B.fg! });
      expect(fg(2)).toBe(red);
      expect(fg(3)).toBe(blue);
      expect(red).not.toBe(blue);
      if (level === '16') {
        expect(red).toBe('\x1b[0;91m'); // bright red
        expect(blue).toBe('\x1b[0;94m'); // bright blue
      } else {
        const [r, , b] = gameCells(level).label.R.fg!;
        const [r2, , b2] = gameCells(level).label.B.fg!;
        expect(r).toBeGreaterThan(b);
        expect(b2).toBeGreaterThan(r2);
      }
    },
  );

  test('none: the team mark survives without colour (each team its own glyph)', () => {
    const c = gameCells('none');
    expect(new Set([c.other.R.ch, c.other.B.ch, c.other.N.ch]).size).toBe(3);
    expect(sgr('none', c.label.R)).toBe('');
  });

  test('the three floor states get three different SGR codes at 256, 16 colours', () => {
    for (const level of ['256', '16'] as const) {
      const c = gameCells(level);
      const codes = new Set(
        [c.floorSeen, c.floorRemembered, c.dark].map(
          (cell) => `${cell.ch}${sgr(level, cell.style)}`,
        ),
      );
      expect(codes.size).toBe(3);
      expect(sgr(level, c.wall.style)).not.toBe(sgr(level, c.wallDim.style));
    }
  });

  /** The colour a terminal shows for a 256-colour index (cube or grey ramp; not the first 16). */
  function xterm256(index: number): readonly number[] {
    if (index >= 232) return Array(3).fill(8 + (index - 232) * 10);
    const steps = [0, 95, 135, 175, 215, 255];
    const i = index - 16;
    return [steps[Math.floor(i / 36)]!, steps[Math.floor(i / 6) % 6]!, steps[i % 6]!];
  }
  const luma = (c: readonly number[]) => 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;

  test.each(['truecolor', '256', '16', 'none'] as const)(
    '%s: floor seen now and floor seen before stand clearly apart',
    (level) => {
      const c = gameCells(level);
      const seen = c.floorSeen;
      const before = c.floorRemembered;
      if (level === 'none') {
        expect(new Set([seen.ch, before.ch, c.dark.ch]).size).toBe(3);
        return;
      }
      if (level === '16') {
        // Black backgrounds throughout: the dots tell, yellow now, grey before.
        expect(sgr(level, { fg: seen.style.fg! })).toBe('\x1b[0;33m');
        expect(sgr(level, { fg: before.style.fg! })).toBe('\x1b[0;90m');
        return;
      }
      const shown = (rgb: readonly [number, number, number]) =>
        level === 'truecolor' ? rgb : xterm256(rgbTo256(rgb));
      // The background fills the cell: at least 30 levels of brightness between the two.
      expect(luma(shown(seen.style.bg!)) - luma(shown(before.style.bg!))).toBeGreaterThan(30);
      expect(luma(shown(seen.style.fg!)) - luma(shown(before.style.fg!))).toBeGreaterThan(30);
    },
  );

  test('cells are shared objects: an unchanged map gives the same references', () => {
    const a = view({ ...s, level: '256' });
    const b = view({ ...s, level: '256' });
    expect(a.rows[1]![1]).toBe(b.rows[1]![1]!);
  });
});

describe('frames of one viewer reuse their rows', () => {
  test('the next frame rewrites every cell: what the caller drew over the last one is gone', () => {
    const s = scene(ROOM, 'oooooooooo\n'.repeat(5));
    const first = view({ ...s, players: [on(2, 2, { name: 'Al', isYou: true })] });
    const text = rowsToText(first.rows);
    // The caller paints a message over the rows (map-overlay.ts does), and the player moves.
    for (const row of first.rows) row.fill({ ch: 'X', style: {} });
    const next = view({ ...s, players: [on(3, 2, { name: 'Al', isYou: true })] });
    expect(next.rows).toBe(first.rows); // the same arrays, rewritten
    expect(rowsToText(next.rows)).toEqual([
      '##########',
      '#...*....#',
      '#..@.Al..#',
      '#........#',
      '##########',
    ]);
    expect(text[2]).toBe('#.@.Al...#');
  });

  test('another viewer (another remembered array) has rows of its own; a new size new rows', () => {
    const a = scene(ROOM, 'oooooooooo\n'.repeat(5));
    const b = scene(ROOM, '..........\n'.repeat(5));
    const va = view(a);
    const vb = view(b);
    expect(vb.rows).not.toBe(va.rows);
    expect(rowsToText(va.rows)[1]).toBe('#...*....#');
    expect(rowsToText(vb.rows)[1]).toBe('#   *    #');
    const wider = view(a, 12, 5);
    expect(wider.rows[0]!.length).toBe(12);
    expect(rowsToText(wider.rows)[1]).toBe(' #...*....# ');
  });
});
