/**
 * The classic grammar (protocol/classic): requests read as the original server reads them, the
 * replies' shapes, the walls, and the shadow, whose one even-odd polygon must fill exactly the
 * cells the player does not see. Checked against the recorded transcripts too.
 */
import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { PLAYER_COLOURS } from '../../src/client/render/game-theme.ts';
import { parseMap } from '../../src/game/map.ts';
import { BUILTIN_MAPS } from '../../src/game/maps/index.ts';
import { type RngState, rngInt, seedRng } from '../../src/game/rng.ts';
import {
  type ClassicPlayer,
  type ClassicView,
  classicReply,
  formatWalls,
} from '../../src/protocol/classic/replies.ts';
import { decodeClassic } from '../../src/protocol/classic/requests.ts';
import { darkMap, shadesWithin } from '../../src/protocol/classic/shades.ts';
import { classicWalls } from '../../src/protocol/classic/walls.ts';
import { CLASSIC_RGB } from '../../src/server/classic/view.ts';
import { parseClassicReply } from '../support/classic-grammar.ts';

const enc = (s: string) => new TextEncoder().encode(s);
/** Copies of the recorded exchanges (the original client against the original server, and
 * against a one-port prototype on our grid), from the classic protocol's notes. */
const TRANSCRIPTS = `${import.meta.dir}/support/classic`;

/** Every datagram of a transcript: who, direction, declared size, text. */
function transcript(file: string): { proc: string; dir: string; size: number; text: string }[] {
  const path = `${TRANSCRIPTS}/${file}`;
  return gunzipSync(readFileSync(path))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.length > 0 && !l.startsWith('#'))
    .map((l) => {
      const m = /^\s*[\d.]+ (\S+)\s+(in|out)\s.*?(\d+)B \| (.*)$/.exec(l)!;
      return { proc: m[1]!, dir: m[2]!, size: Number(m[3]), text: m[4]! };
    });
}

describe('requests', () => {
  test.each([
    ['CONNECT alice END', { type: 'CONNECT', name: 'alice' }],
    ['CONNECT ca rol END', { type: 'CONNECT', name: 'ca rol' }],
    ['CONNECT a  b END', { type: 'CONNECT', name: 'a  b' }],
    ['INPUT alice RIGHT END\n', { type: 'INPUT', name: 'alice', word: 'RIGHT' }],
    ['INPUT alice . END', { type: 'INPUT', name: 'alice', word: '.' }],
    ['INPUT alice JUMP END', { type: 'INPUT', name: 'alice', word: null }],
    ['PING 1796604444.5182054 END', { type: 'PING', stamp: '1796604444.5182054' }],
    ['DISCONNECTION alice END', { type: 'DISCONNECTION', name: 'alice' }],
    ['HELLO there END', { type: 'invalid' }],
    ['INPUT alice  . END', { type: 'invalid' }],
    ['INPUT alice . . END', { type: 'invalid' }],
    ['PING END', { type: 'invalid' }],
    ['CONNECT alice', { type: 'invalid' }],
  ])('%j', (text, req) => {
    expect(decodeClassic(enc(text))).toEqual({ ok: true, req } as never);
  });

  test('bytes that are no text are typed failures', () => {
    expect(decodeClassic(Uint8Array.of(0xc3))).toEqual({ ok: false, reason: 'not-utf8' });
    expect(decodeClassic(enc(' \n'))).toEqual({ ok: false, reason: 'empty' });
    expect(decodeClassic(new Uint8Array(3073).fill(65))).toEqual({ ok: false, reason: 'oversize' });
  });

  test('seeded random bytes never throw', () => {
    const rng = seedRng(17);
    for (let i = 0; i < 5000; i++) {
      const data = new Uint8Array(rngInt(rng, 40));
      for (let j = 0; j < data.length; j++) data[j] = rngInt(rng, 256);
      expect(() => decodeClassic(data)).not.toThrow();
    }
  });

  test('every datagram the original client sent in the transcripts is read as meant', () => {
    const sent = [
      ...transcript('original-server.log.gz'),
      ...transcript('one-port-prototype.log.gz'),
    ].filter((d) => d.dir === 'out' && d.proc !== 'server' && d.proc !== 'stub');
    expect(sent.length).toBeGreaterThan(500);
    for (const d of sent) {
      const r = decodeClassic(enc(d.text));
      if (!r.ok || r.req.type === 'invalid') throw new Error(`not read: ${d.text}`);
      expect(enc(d.text).length).toBe(d.size);
    }
  });
});

describe('the strict reply parser agrees with the recorded prototype', () => {
  test('every reply the original client accepted from the one-port prototype parses', () => {
    const got = transcript('one-port-prototype.log.gz').filter(
      (d) => d.dir === 'in' && d.proc !== 'stub',
    );
    expect(got.length).toBeGreaterThan(300);
    for (const d of got) {
      expect(enc(d.text).length).toBe(d.size);
      expect(() => parseClassicReply(enc(d.text))).not.toThrow();
    }
  });

  test('it rejects what the client cannot read', () => {
    for (const bad of [
      'GAME 1.0 STATE [(0,a,(1,2,3),(4.5,6),(12,24))] SHADES [] END', // a float
      'LOBBY []  STATE [] END', // a double space
      'GAME 1.0 STATE [] SHADES [(1,2)', // cut: no END
      'LOBBY [] STATE [(0,a,(1,2,3),(4,6),(12,24)),] END', // an empty item
      'CONNECTED 1 a (1,1) WALLS [] GAME 1.0 STATE [] END', // not the LOBBY form
      'LOBBY [] STATE [(0,a,(1,2,300),(4,6),(12,24))] END', // colour over 255
    ]) {
      expect(() => parseClassicReply(enc(bad))).toThrow();
    }
  });
});

const classic = (() => {
  const p = parseMap(BUILTIN_MAPS.classic!);
  if (!p.ok) throw new Error('classic');
  return p.map;
})();

describe('walls', () => {
  test('the rectangles cover the wall cells exactly once; the lights follow', () => {
    const rects = classicWalls(classic);
    const cover = new Uint8Array(classic.width * classic.height);
    const walls = rects.filter((r) => r.rgb[0] === 30);
    for (const r of walls) {
      for (let y = r.y / 32; y < (r.y + r.h) / 32; y++) {
        for (let x = r.x / 16; x < (r.x + r.w) / 16; x++) cover[y * classic.width + x]! += 1;
      }
    }
    expect([...cover]).toEqual([...classic.walls]);
    expect(rects.length - walls.length).toBe(classic.lights.length);
    expect(formatWalls(rects).length).toBeLessThan(1100);
  });

  test('a player has the colour the terminal draws it in', () => {
    expect(CLASSIC_RGB).toEqual(PLAYER_COLOURS);
  });
});

/** Even-odd, as pygame fills one polygon: is (px, py) inside the closed point list? */
function inside(points: readonly (readonly [number, number])[], px: number, py: number): boolean {
  let odd = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i]!;
    const [xj, yj] = points[j]!;
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) odd = !odd;
  }
  return odd;
}

function points(shades: string): [number, number][] {
  return [...shades.matchAll(/\((\d+),(\d+)\)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

function randomSeen(rng: RngState, w: number, h: number): Uint8Array {
  const seen = new Uint8Array(w * h);
  // A few blobs, as sight makes: rectangles and single cells.
  for (let k = 0; k < 6; k++) {
    const x0 = rngInt(rng, w);
    const y0 = rngInt(rng, h);
    const bw = 1 + rngInt(rng, 6);
    const bh = 1 + rngInt(rng, 4);
    for (let y = y0; y < Math.min(h, y0 + bh); y++)
      for (let x = x0; x < Math.min(w, x0 + bw); x++) seen[y * w + x] = 1;
  }
  for (let k = 0; k < 8; k++) seen[rngInt(rng, w * h)] = 1;
  return seen;
}

describe('shades', () => {
  test('the one even-odd polygon fills exactly the cells not seen (bridges and all)', () => {
    const rng = seedRng(5);
    for (let round = 0; round < 60; round++) {
      const w = 6 + rngInt(rng, 20);
      const h = 4 + rngInt(rng, 10);
      const seen = randomSeen(rng, w, h);
      const text = shadesWithin(seen, w, h, 16, 32, 100_000)!;
      const pts = points(text);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          expect(inside(pts, x * 16 + 8, y * 32 + 16)).toBe(seen[y * w + x] === 0);
        }
      }
    }
  });

  test('a smaller budget coarsens (seen grows, never shrinks), down to the dark map', () => {
    const rng = seedRng(9);
    const w = classic.width;
    const h = classic.height;
    const seen = randomSeen(rng, w, h);
    const full = shadesWithin(seen, w, h, 16, 32, 100_000)!;
    const half = shadesWithin(seen, w, h, 16, 32, Math.floor(full.length / 2))!;
    expect(half.length).toBeLessThanOrEqual(full.length / 2);
    const pts = points(half);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        if (seen[y * w + x]) expect(inside(pts, x * 16 + 8, y * 32 + 16)).toBe(false);
    expect(shadesWithin(seen, w, h, 16, 32, 60)).toBe(darkMap(w * 16, h * 32));
    expect(darkMap(1760, 1024)).toBe('[(0,0),(0,1024),(1760,1024),(1760,0),(0,0),(0,0),(0,0)]');
  });
});

describe('replies', () => {
  const me: ClassicPlayer = {
    team: 1,
    name: 'alice',
    rgb: [1, 2, 3],
    x: 100,
    y: 200,
    w: 12,
    h: 24,
    ready: false,
  };
  const crowd = Array.from({ length: 63 }, (_, i) => ({
    ...me,
    name: `p${String(i).padStart(9, '0')}`,
    team: 2 as const,
    rgb: [255, 255, 255] as const,
    x: 1000 + i,
    y: 1000,
    ready: true,
  }));

  test('64 players in the lobby: within 3072 bytes, itself first, nearest next', () => {
    const view: ClassicView = {
      phase: { kind: 'lobby' },
      self: me,
      others: crowd,
      shadow: null,
      mapW: 1760,
      mapH: 1024,
      walls: null,
    };
    const text = classicReply(view);
    expect(text.length).toBeLessThanOrEqual(3072);
    const r = parseClassicReply(enc(text));
    if (r.kind !== 'state' || r.phase.kind !== 'lobby') throw new Error();
    expect(r.players[0]!.name).toBe('alice');
    expect(r.players.length).toBeGreaterThan(20);
    expect(r.players.length).toBeLessThan(64);
    expect(r.players[1]!.name).toBe('p000000000');
    // The ready list names only players sent.
    expect(r.phase.ready.every((n) => r.players.some((p) => p.name === n))).toBe(true);
  });

  test('in a game the shadow gets the bytes left and is never cut', () => {
    const seen = randomSeen(seedRng(3), classic.width, classic.height);
    const view: ClassicView = {
      phase: { kind: 'game', seconds: 64.96 },
      self: me,
      others: crowd,
      shadow: { seen, width: classic.width, height: classic.height, cellW: 16, cellH: 32 },
      mapW: 1760,
      mapH: 1024,
      walls: formatWalls(classicWalls(classic)),
    };
    const text = classicReply(view);
    expect(text.length).toBeLessThanOrEqual(3072);
    const r = parseClassicReply(enc(text));
    if (r.kind !== 'state') throw new Error();
    expect(r.phase).toEqual({ kind: 'game', seconds: 65 });
    expect(r.walls!.length).toBe(29);
    expect(r.shades!.length).toBeGreaterThanOrEqual(7);
  });
});
