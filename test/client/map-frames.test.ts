import { describe, expect, test } from 'bun:test';
import type { FramePlayer } from '../../src/client/player-frame.ts';
import { InputTrack, type MapFrameInput, MapFrames } from '../../src/client/render/map-frames.ts';
import { rowsToText } from '../../src/client/render/map-view-model.ts';
import { parseMap } from '../../src/game/map.ts';
import { CELL_H, CELL_W } from '../../src/game/units.ts';

const ROOM = `
##############
#...*........#
#............#
#............#
#............#
##############`;

function room() {
  const parsed = parseMap(ROOM.trim());
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.map;
}

/** A player whose box is `dx`, `dy` units into cell (cx, cy). */
function at(cx: number, cy: number, p: Partial<FramePlayer> = {}, dx = 1, dy = 1): FramePlayer {
  return {
    id: 1,
    name: 'ann',
    colour: 0,
    team: 'B',
    ready: true,
    caught: false,
    spectator: false,
    isYou: false,
    x: cx * CELL_W + dx,
    y: cy * CELL_H + dy,
    ...p,
  };
}

/** A still scene: you and one other, everything seen, no messages. */
function still(): MapFrameInput & { fog: Uint8Array } {
  const map = room();
  const fog = new Uint8Array(map.width * map.height).fill(1);
  return {
    map,
    fog,
    remembered: fog.slice(),
    fogVersion: 1,
    players: [at(6, 3, { id: 2, name: 'bob', team: 'R' }), at(2, 2, { isYou: true })],
    level: 'none',
    width: 14,
    height: 6,
    news: null,
    panel: null,
  };
}

describe('InputTrack', () => {
  test('the same inputs in the same order: no change; any slot or the count differing: a change', () => {
    const t = new InputTrack();
    const frame = (...values: unknown[]) => {
      t.begin();
      for (const v of values) t.note(v);
      return t.end();
    };
    expect(frame(1, 'a', null)).toBe(true);
    expect(frame(1, 'a', null)).toBe(false);
    expect(frame(1, 'b', null)).toBe(true);
    expect(frame(1, 'b')).toBe(true);
    expect(frame(1, 'b')).toBe(false);
    expect(frame(1, 'b', undefined)).toBe(true);
    t.forget();
    expect(frame(1, 'b', undefined)).toBe(true);
  });
});

describe('MapFrames: frames that change nothing build nothing', () => {
  test('100 frames with nobody leaving their cell build no rows and give the same rows', () => {
    const frames = new MapFrames();
    const input = still();
    const first = frames.draw(input);
    const text = rowsToText(first);
    expect(frames.builds).toBe(1);
    for (let i = 0; i < 100; i++) {
      // Moving inside their cells (interpolation, smoothing), the arrays new each frame.
      const wobble = i % 3;
      const players = [
        at(6, 3, { id: 2, name: 'bob', team: 'R' }, wobble, 2),
        at(2, 2, { isYou: true }, 2, wobble),
      ];
      const rows = frames.draw({ ...input, players });
      expect(frames.changed).toBe(false);
      expect(rows).toBe(first);
    }
    expect(frames.builds).toBe(1);
    expect(rowsToText(first)).toEqual(text);
  });

  test('each single drawn change builds the rows again and shows it', () => {
    const base = still();
    const changes: [string, (i: MapFrameInput) => MapFrameInput, (rows: string[]) => void][] = [
      [
        'a player crossing into the next cell',
        (i) => ({ ...i, players: [at(7, 3, { id: 2, name: 'bob', team: 'R' }), i.players[1]!] }),
        (rows) => expect(rows[3]).toContain('.R.bob'),
      ],
      [
        'the fog (a new version)',
        (i) => {
          const fog = i.fog.slice();
          fog.fill(0, 14, 28); // row 1 out of sight, remembered
          return { ...i, fog, fogVersion: i.fogVersion + 1 };
        },
        (rows) => expect(rows[1]).toBe('#,,,*,,,,,,,,#'),
      ],
      [
        'a player caught',
        (i) => ({ ...i, players: [at(6, 3, { id: 2, name: 'bob', caught: true }), i.players[1]!] }),
        (rows) => expect(rows[3]).toContain('&'),
      ],
      [
        'a flash over the map',
        (i) => ({ ...i, news: { flash: 'caught!', banner: null } }),
        (rows) => expect(rows[1]).toContain('caught!'),
      ],
      [
        'the network panel opened',
        (i) => ({ ...i, panel: [{ text: 'Net', bold: true }] }),
        (rows) => expect(rows.join('\n')).toContain('Net'),
      ],
      [
        'a resize',
        (i) => ({ ...i, width: 12, height: 5 }),
        (rows) => expect(rows.map((r) => r.length)).toEqual([12, 12, 12, 12, 12]),
      ],
    ];
    for (const [what, change, shows] of changes) {
      const frames = new MapFrames();
      frames.draw(base);
      frames.draw(base);
      expect(frames.changed).toBe(false);
      const changed = change(base);
      const rows = rowsToText(frames.draw(changed));
      expect({ what, changed: frames.changed, builds: frames.builds }).toEqual({
        what,
        changed: true,
        builds: 2,
      });
      shows(rows);
      frames.draw(changed);
      expect({ what, again: frames.changed }).toEqual({ what, again: false });
    }
  });

  test('an overlay tick (the panel figures) draws; the message gone, the map under it is clean', () => {
    const frames = new MapFrames();
    const base = still();
    const clean = rowsToText(frames.draw(base));
    frames.draw({ ...base, panel: [{ text: 'ping 10 ms' }] });
    const next = rowsToText(frames.draw({ ...base, panel: [{ text: 'ping 11 ms' }] }));
    expect(frames.changed).toBe(true);
    expect(next.join('\n')).toContain('ping 11 ms');
    frames.draw({ ...base, news: { flash: 'caught!', banner: null } });
    expect(rowsToText(frames.draw(base))).toEqual(clean);
    expect(frames.builds).toBe(5);
  });

  test('players moving, the fog now and then: every frame as a whole build draws it (only their rows drawn again)', () => {
    const frames = new MapFrames();
    const base = still();
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const spots = [
      [2, 2],
      [6, 3],
      [9, 1],
    ];
    let fog = base.fog;
    let fogVersion = base.fogVersion;
    for (let i = 0; i < 300; i++) {
      const s = spots[rand(spots.length)]!;
      s[0] = Math.min(12, Math.max(1, s[0]! + rand(3) - 1));
      s[1] = Math.min(4, Math.max(1, s[1]! + rand(3) - 1));
      if (rand(10) === 0) {
        fog = fog.slice();
        fog[rand(fog.length)] = rand(2);
        fogVersion++;
      }
      const players = spots.map(([x, y], id) =>
        at(x!, y!, { id: id + 1, name: `p${id}`, isYou: id === 0, team: id === 1 ? 'R' : 'B' }),
      );
      const input = { ...base, fog, fogVersion, players, level: 'truecolor' as const };
      const rows = frames.draw(input);
      const whole = new MapFrames().draw({ ...input, remembered: input.remembered.slice() });
      expect({ i, rows: rows.map((r) => r.slice()) }).toEqual({ i, rows: whole });
    }
  });

  test('forget: the next frame is built whatever it is given', () => {
    const frames = new MapFrames();
    const base = still();
    frames.draw(base);
    frames.forget();
    frames.draw(base);
    expect(frames.changed).toBe(true);
    expect(frames.builds).toBe(2);
  });
});
