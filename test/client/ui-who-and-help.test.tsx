/**
 * Who is who and the layout's help (issue 12): the legend, the "you are in the light" mark, the
 * help overlay's text, the key hints that fit 80 columns, and the whole App at 80×24, 120×40 and
 * 200×60 (ink-testing-library frames, surface-less: the map region is blank).
 */
import { describe, expect, test } from 'bun:test';
import { keyHints, screenModel } from '../../src/client/ui/build-model.ts';
import { HELP_WIDTH, helpLines } from '../../src/client/ui/help-text.ts';
import { playLayout } from '../../src/client/ui/layout.ts';
import { entryWidth, legendEntries, legendLines } from '../../src/client/ui/legend.ts';
import type { PhaseView, ScreenModel, YouView } from '../../src/client/ui/model.ts';
import { litWarning } from '../../src/client/ui/phase-news.ts';
import { fitHints, hintsWidth } from '../../src/client/ui/screens/KeyHints.tsx';
import type { RosterEntry } from '../../src/protocol/index.ts';
import { app, frame, netStats } from '../support/app-frame.tsx';

const CLASSIC = { width: 110, height: 32 };

const YOU: YouView = {
  name: 'Bob',
  team: 'B',
  colour: 1,
  ready: true,
  caught: false,
  spectator: false,
};

const GAME: PhaseView = {
  kind: 'game',
  secondsLeft: 83,
  hidersLeft: 2,
  hidersTotal: 3,
  headStartSeconds: 0,
  nextRoundSeconds: 88,
};

function play(phase: PhaseView, you: Partial<YouView> = {}, layout = 'auto' as const): ScreenModel {
  const me = { ...YOU, ...you };
  return {
    kind: 'play',
    mapName: 'classic',
    mapWidth: CLASSIC.width,
    mapHeight: CLASSIC.height,
    phase,
    you: me,
    teams: { unassigned: [], seekers: [], hiders: [] },
    keys: keyHints(phase, me, layout),
  };
}

const words = (lines: string[]) => lines.join(' ').replace(/ +/g, ' ');

describe('the legend', () => {
  test.each([
    [true, '@ you ☻ seeker ☻ hider ☺ caught ☼ light . seen now . seen before'],
    [false, '@ you R seeker B hider & caught * light . seen now , seen before'],
  ])('coloured %p: the glyphs of the map at that level', (coloured, expected) => {
    const text = legendEntries(coloured)
      .map((e) => `${e.glyph} ${e.words}`)
      .join(' ');
    expect(text).toBe(expected);
  });

  test('one line when it fits, else wrapped between entries, no line too wide', () => {
    const entries = legendEntries(true);
    expect(legendLines(entries, 120)).toHaveLength(1);
    for (const width of [25, 30, 40, 60]) {
      const lines = legendLines(entries, width);
      expect(lines.length).toBeGreaterThan(1);
      expect(lines.flat()).toEqual([...entries]);
      for (const line of lines) {
        const w = line.reduce((n, e, i) => n + (i === 0 ? 0 : 2) + entryWidth(e), 0);
        expect(w).toBeLessThanOrEqual(width);
      }
    }
  });

  test.each([
    [120, 40],
    [80, 24],
  ] as const)('on the game screen at %i×%i', (columns, rows) => {
    const all = words(frame(app(play(GAME), { columns, rows })));
    for (const e of legendEntries(true)) expect(all).toContain(`${e.glyph} ${e.words}`);
  });

  test('without colour, the legend says the plain glyphs', () => {
    const all = words(frame(app(play(GAME), { color: false })));
    expect(all).toContain('R seeker B hider & caught * light . seen now , seen before');
  });
});

describe('you are in the light', () => {
  test.each([
    ['a hider in the light', {}, true],
    ['a hider in the dark', { lit: false }, false],
    ['a seeker in the light', { team: 'R' as const }, false],
    ['a caught hider', { caught: true }, false],
    ['a spectator', { spectator: true }, false],
  ])('%s', (_, you, shown) => {
    const me = { ...YOU, lit: true, ...you };
    expect(litWarning(me) !== null).toBe(shown);
    const all = words(frame(app(play(GAME, me))));
    expect(all.includes('You are in the light!')).toBe(shown);
    // At 80×24 too, with time left and the side kept.
    const small = words(frame(app(play(GAME, me), { columns: 80, rows: 24 })));
    expect(small.includes('You are in the light!')).toBe(shown);
    expect(small).toContain('Time left 1:23');
  });

  test('screenModel passes the game loop\'s "lit" to you', () => {
    const roster = new Map<number, RosterEntry>([
      [
        1,
        { id: 1, name: 'Bob', team: 'B', colour: 1, ready: true, caught: false, spectator: false },
      ],
    ]);
    const model = (youLit: boolean | undefined) =>
      screenModel({
        state: 'playing',
        detail: '',
        refusal: null,
        everPlayed: true,
        leaving: false,
        draft: '',
        draftError: null,
        sinceStartMs: 0,
        lostForMs: null,
        giveUpMs: 5000,
        lostRetryMs: 30000,
        layout: 'auto',
        playing: {
          mapName: 'classic',
          mapWidth: 110,
          mapHeight: 32,
          phase: {
            kind: 'GAME',
            ticksLeft: 300,
            hidersLeft: 1,
            hidersTotal: 1,
            headStart: 0,
            endTicks: 150,
          },
          tickRate: 30,
          roster,
          youId: 1,
          name: 'Bob',
          ...(youLit === undefined ? {} : { youLit }),
        },
      });
    for (const [lit, expected] of [
      [true, true],
      [false, false],
      [undefined, false],
    ] as const) {
      const m = model(lit);
      expect(m.kind === 'play' && m.you.lit).toBe(expected);
    }
  });
});

describe('the help', () => {
  test("keys, each team's goal, the legend and the network words; fits the 80×24 map region", () => {
    const lines = helpLines(true);
    const { width, height } = playLayout(80, 24, CLASSIC.width, CLASSIC.height).map;
    expect(lines.length).toBeLessThanOrEqual(height - 1); // a row for its title
    const text = lines.map((l) =>
      l.kind === 'key'
        ? `  ${l.key}  ${l.does}`
        : l.kind === 'legend'
          ? l.entries.map((e) => `  ${e.glyph} ${e.words}`).join('')
          : l.kind === 'title'
            ? l.text
            : `  ${l.text}`,
    );
    for (const line of text) expect(line.length).toBeLessThanOrEqual(width);
    expect(Math.max(...text.map((t) => t.length))).toBeLessThanOrEqual(HELP_WIDTH);
    const all = text.join(' ');
    for (const needed of [
      'Seekers (red)',
      'Hiders (blue)',
      'move',
      'Space',
      'Esc',
      'F2',
      'seen before',
      'Round trip',
      'Jitter',
      'Lost packets',
      'Smoothing delay',
      'Input margin',
      'Prediction',
      'jumps',
    ]) {
      expect(all).toContain(needed);
    }
  });

  test.each([
    [80, 24],
    [120, 40],
    [200, 60],
  ] as const)('the overlay at %i×%i: all of it, the panel and the footer kept', (columns, rows) => {
    const lines = frame(app(play(GAME), { columns, rows, help: true }));
    const all = words(lines);
    expect(all).toContain('Help (? or Esc closes)');
    expect(all).toContain('(visible: you saw it; jumps: moved at once).');
    expect(all).toContain('Time left 1:23');
    expect(lines[rows - 1]).toContain('Esc  quit');
  });

  test("a small map: the help takes the whole of the map's share, not the small region", () => {
    const small: ScreenModel = { ...play(GAME), mapWidth: 20, mapHeight: 8 } as ScreenModel;
    const all = words(frame(app(small, { help: true })));
    expect(all).toContain('Seekers (red): catch every hider before time is up.');
    expect(all).toContain('(visible: you saw it; jumps: moved at once).');
  });

  test('q quits in the help only where it does', () => {
    const keys = (layout: 'qwerty' | 'azerty') =>
      helpLines(false, layout)
        .filter((l) => l.kind === 'key')
        .map((l) => (l.kind === 'key' ? l.key : ''));
    expect(keys('qwerty')).toContain('q Esc');
    expect(keys('azerty')).toContain('Esc');
  });
});

describe('80×24: nothing essential cut', () => {
  const lobbyYous: Partial<YouView>[] = [
    { team: 'N', ready: false },
    { team: 'R', ready: false },
    { team: 'B', ready: false },
    { team: 'B', ready: true },
    { spectator: true },
  ];
  const lobby: PhaseView = { kind: 'lobby', notice: null, startsInSeconds: null };

  test('every lobby footer fits 80 columns with help and quit kept', () => {
    for (const you of lobbyYous) {
      for (const layout of ['auto', 'qwerty'] as const) {
        const hints = fitHints(keyHints(lobby, { ...YOU, ...you }, layout), 80);
        expect(hintsWidth(hints)).toBeLessThanOrEqual(80);
        const does = hints.map((h) => h.does);
        expect(does).toContain('quit');
        expect(does).toContain('help');
        // What a lobby player must do is kept too: choose a team, or get ready.
        if (you.spectator !== true && you.team !== 'N') expect(does.join()).toContain('ready');
        if (you.team === 'N') expect(does).toContain('seekers');
      }
    }
  });

  test('hints that fit are left as they are', () => {
    const hints = keyHints(GAME, YOU, 'auto');
    expect(fitHints(hints, 120)).toEqual(hints);
    expect(fitHints(hints, 80)).toEqual(hints);
  });

  test.each([
    ['lobby', lobby, 'Esc  quit'],
    ['game', GAME, 'Esc  quit'],
  ] as const)(
    '%s at 80×24: the footer keeps Esc quit; time, team and hiders left shown',
    (_, phase, quit) => {
      for (const you of lobbyYous) {
        const lines = frame(app(play(phase, you), { columns: 80, rows: 24 }));
        expect(lines).toHaveLength(24);
        expect(lines[23]).toContain(quit);
        expect(lines[23]).toContain('?  help');
        if (phase.kind === 'game') {
          const all = words(lines);
          expect(all).toContain('Time left 1:23');
          expect(all).toMatch(/You (hide|seek|watch)|Watching this round|you are watching/);
          expect(all).toContain('2 of 3 hiders left');
        }
      }
    },
  );

  test('the end banner and the way back at 80×24, F2 open', () => {
    const end: PhaseView = { kind: 'end', winner: 'B', secondsLeft: 4 };
    const all = words(
      frame(
        app(play(end), {
          columns: 80,
          rows: 24,
          netstats: netStats({ rttMs: 40, jitterMs: 2, bytesInPerSec: 0, bytesOutPerSec: 0 }),
        }),
      ),
    );
    expect(all).toContain('The hiders won!');
    expect(all).toContain('Back to the lobby in 4.0 s');
  });
});

describe('big terminals', () => {
  test('200×60: the classic map centred both ways, the panel under it', () => {
    const l = playLayout(200, 60, CLASSIC.width, CLASSIC.height);
    expect(l.mapLeft).toBe(45);
    expect(l.mapTop).toBe(7);
    // The panel stands under the map's area, just above the footer.
    const lines = frame(app(play(GAME), { columns: 200, rows: 60 }));
    const timeRow = lines.findIndex((line) => line.includes('Time left'));
    expect(timeRow).toBe(1 + 58 - l.panelHeight);
    // Nothing drawn in the rows above and beside the map: the region is blank in tests.
    for (let y = 1; y < timeRow; y++) expect(lines[y]?.trim() ?? '').toBe('');
  });
});
