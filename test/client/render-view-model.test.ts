import { describe, expect, test } from 'bun:test';
import { THEME } from '../../src/client/map-view.ts';
import { sgr } from '../../src/client/palette.ts';
import { cameraAxis } from '../../src/client/render/camera.ts';
import { gameCells } from '../../src/client/render/game-theme.ts';
import {
  buildMapView,
  type MapPlayer,
  type MapViewInput,
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

  test('what is seen now is remembered afterwards', () => {
    const s = scene(ROOM, '.....\n.ooo.\n.....\n.....\n.....');
    view(s);
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

  test('names: above the player, else below; never over a player', () => {
    const s = scene(ROOM, 'oooooooooo\n'.repeat(5));
    const players = [
      on(2, 1, { id: 1, name: 'Ann', isYou: true }),
      on(6, 2, { id: 2, name: 'Bob' }),
      on(6, 3, { id: 3, name: 'Cyd' }), // above is Bob's glyph: below
    ];
    expect(rowsToText(view({ ...s, players }).rows)).toEqual([
      '#Ann######',
      '#.@.*Bob.#',
      '#.....B..#',
      '#.....B..#',
      '#####Cyd##',
    ]);
    // Without the row below, Cyd's name fits nowhere: none is drawn.
    expect(rowsToText(view({ ...s, players }, 10, 4).rows)[3]).toBe('#.....B..#');
  });

  test('names: a blank column between two names, yours placed first', () => {
    const s = scene(ROOM, 'oooooooooo\n'.repeat(5));
    const players = [
      on(5, 2, { id: 1, name: 'Bob' }),
      on(2, 2, { id: 2, name: 'Ann', isYou: true }),
    ];
    expect(rowsToText(view({ ...s, players }).rows).slice(1, 4)).toEqual([
      '#Ann*....#',
      '#.@..B...#',
      '#...Bob..#',
    ]);
  });

  test('a name at the viewport edge is shifted inside it', () => {
    const s = scene(ROOM, 'oooooooooo\n'.repeat(5));
    const players = [on(8, 2, { name: 'Edward', isYou: true })];
    expect(rowsToText(view({ ...s, players }).rows)[1]).toBe('#...Edward');
  });

  test('a name that is not printable ASCII cannot break the grid', () => {
    const s = scene(ROOM, 'oooooooooo\n'.repeat(5));
    const players = [on(4, 2, { name: 'Zoë\x1b', isYou: true })];
    expect(rowsToText(view({ ...s, players }).rows)[1]).toBe('#..Zo??..#');
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
    expect(rows[1]![1]!.style.fg).toEqual([154, 205, 50]); // the name in your colour (3)
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

  test('cells are shared objects: an unchanged map gives the same references', () => {
    const a = view({ ...s, level: '256' });
    const b = view({ ...s, level: '256' });
    expect(a.rows[1]![1]).toBe(b.rows[1]![1]!);
  });
});
