/**
 * The terminal client's screens (src/client/ui/App.tsx, screens/*.tsx) rendered from given
 * models with ink-testing-library, asserting on the text; the play screen's layout
 * (src/client/ui/layout.ts) as a table; the colour props chosen with NO_COLOR, by walking the
 * element tree; and the App with a real MapSurface on a terminal in memory, to check that the
 * map region sits where the layout says and stays put when the panel changes.
 */
import { afterEach, describe, expect, test } from 'bun:test';
import { PassThrough } from 'node:stream';
import { Box, type Instance, render as inkRender, Text } from 'ink';
import { render } from 'ink-testing-library';
import { Fragment, isValidElement, type ReactNode } from 'react';
import type { StyledCell } from '../../src/client/map-view.ts';
import { InkTap } from '../../src/client/render/ink-tap.ts';
import { MapSurface } from '../../src/client/render/map-surface.ts';
import { App } from '../../src/client/ui/App.tsx';
import { type PlayLayout, playLayout } from '../../src/client/ui/layout.ts';
import type {
  AppModel,
  NetStatsView,
  PhaseView,
  ScreenModel,
  TeamMember,
  TeamsView,
  YouView,
} from '../../src/client/ui/model.ts';
import { clock, tenths, wrapWords } from '../../src/client/ui/screens/Shared.tsx';
import { shareRows, visibleMembers } from '../../src/client/ui/screens/TeamColumns.tsx';
import { REFUSAL_REASONS, REFUSAL_TEXT } from '../../src/protocol/index.ts';
import { FakeTerminal } from '../support/fake-terminal.ts';

// ---------------------------------------------------------------------------------------------
// Models

const CLASSIC = { width: 110, height: 32 };
const GRAND = { width: 219, height: 63 };

function member(id: number, name: string, flags = '', isYou = false): TeamMember {
  return {
    id,
    name,
    colour: id % 12,
    ready: flags.includes('r'),
    caught: flags.includes('c'),
    spectator: flags.includes('s'),
    isYou,
  };
}

const YOU: YouView = {
  name: 'Bob',
  team: 'R',
  colour: 1,
  ready: false,
  caught: false,
  spectator: false,
};

const TEAMS: TeamsView = {
  unassigned: [member(3, 'Cid')],
  seekers: [member(1, 'Bob', '', true), member(2, 'Ana', 'r')],
  hiders: [member(4, 'Dee', 'r'), member(5, 'Eve', 'c'), member(6, 'Fay', 's')],
};

const KEYS = [
  { key: '←↑↓→ WASD ZQSD', does: 'move' },
  { key: 'Space', does: 'ready' },
  { key: 'F2/?', does: 'network' },
  { key: 'Esc', does: 'quit' },
];

function play(
  phase: PhaseView,
  you: Partial<YouView> = {},
  teams: TeamsView = TEAMS,
  map = CLASSIC,
): ScreenModel {
  return {
    kind: 'play',
    mapName: 'classic',
    mapWidth: map.width,
    mapHeight: map.height,
    phase,
    you: { ...YOU, ...you },
    teams,
    keys: KEYS,
  };
}

const LOBBY = play({ kind: 'lobby', notice: null, startsInSeconds: null });

const NETSTATS: NetStatsView = {
  rttMs: 42.4,
  jitterMs: 3.2,
  lossDownPct: 0,
  lossUpPct: 1.5,
  bytesInPerSec: 12_345,
  bytesOutPerSec: 800,
  snapshotsPerSec: 30,
  tickRate: 30,
  leadTicks: 2,
  interpolationDelayMs: 100,
  corrections: 12,
  visibleCorrections: 3,
  snaps: 1,
  pendingInputs: 4,
  drops: 7,
  simulated: null,
};

function app(screen: ScreenModel, over: Partial<AppModel> = {}): AppModel {
  return {
    screen,
    status: { address: '192.168.1.20:9998', pingMs: 12, lossPct: 0, fps: 30 },
    netstats: null,
    columns: 120,
    rows: 40,
    color: true,
    ...over,
  };
}

/** The App's frame as text lines (ink-testing-library), unmounted at once. */
function frame(model: AppModel): string[] {
  const { lastFrame, unmount } = render(<App model={model} surface={null} />);
  const text = lastFrame() ?? '';
  unmount();
  return text.split('\n');
}

function text(model: AppModel): string {
  return frame(model).join('\n');
}

/**
 * The frame, or the columns `from`–`to` of it, every run of spaces made one: wrapped text reads
 * as a sentence.
 */
function words(model: AppModel, from = 0, to = model.columns): string {
  return frame(model)
    .map((line) => line.slice(from, to).trim())
    .join(' ')
    .replace(/ +/g, ' ');
}

/** The play panel's news: at the left of a panel below the map, or the panel at the right. */
function news(model: AppModel): string {
  return model.columns >= 110 ? words(model, 0, 30) : words(model, 55);
}

// ---------------------------------------------------------------------------------------------
// Layout

describe('playLayout', () => {
  test.each<[string, number, number, { width: number; height: number }, PlayLayout]>([
    [
      'classic in 120×40: whole map, panel below',
      120,
      40,
      CLASSIC,
      { map: { width: 110, height: 32 }, panel: 'bottom', panelWidth: 120, panelHeight: 6 },
    ],
    [
      'classic in 110×40: exactly as wide',
      110,
      40,
      CLASSIC,
      { map: { width: 110, height: 32 }, panel: 'bottom', panelWidth: 110, panelHeight: 6 },
    ],
    [
      'classic in 120×39: one row short of a panel below',
      120,
      39,
      CLASSIC,
      { map: { width: 94, height: 32 }, panel: 'right', panelWidth: 26, panelHeight: 37 },
    ],
    [
      'classic in 109×40: one column short',
      109,
      40,
      CLASSIC,
      { map: { width: 83, height: 32 }, panel: 'right', panelWidth: 26, panelHeight: 38 },
    ],
    [
      'classic in 80×24: panel at the right, map scrolls',
      80,
      24,
      CLASSIC,
      { map: { width: 54, height: 22 }, panel: 'right', panelWidth: 26, panelHeight: 22 },
    ],
    [
      'grand in 200×60: panel at the right',
      200,
      60,
      GRAND,
      { map: { width: 174, height: 58 }, panel: 'right', panelWidth: 26, panelHeight: 58 },
    ],
    [
      'grand in 218×80: one column short',
      218,
      80,
      GRAND,
      { map: { width: 192, height: 63 }, panel: 'right', panelWidth: 26, panelHeight: 78 },
    ],
    [
      'grand in 219×71: whole, the panel below',
      219,
      71,
      GRAND,
      { map: { width: 219, height: 63 }, panel: 'bottom', panelWidth: 219, panelHeight: 6 },
    ],
    [
      'a small map in a big terminal: the whole map, the panel takes the rest below',
      100,
      30,
      { width: 40, height: 12 },
      { map: { width: 40, height: 12 }, panel: 'bottom', panelWidth: 100, panelHeight: 16 },
    ],
    [
      'a narrow map too tall for a panel below: the panel takes every column left',
      100,
      24,
      { width: 60, height: 20 },
      { map: { width: 60, height: 20 }, panel: 'right', panelWidth: 40, panelHeight: 22 },
    ],
    [
      'the smallest map in the smallest terminal',
      80,
      24,
      { width: 8, height: 4 },
      { map: { width: 8, height: 4 }, panel: 'bottom', panelWidth: 80, panelHeight: 18 },
    ],
  ])('%s', (_, columns, rows, map, expected) => {
    expect(playLayout(columns, rows, map.width, map.height)).toEqual(expected);
  });

  test('the region never exceeds the map nor the space, and the panel fills the rest', () => {
    for (let columns = 80; columns <= 260; columns += 7)
      for (let rows = 24; rows <= 90; rows += 5)
        for (const [mw, mh] of [
          [8, 4],
          [110, 32],
          [219, 63],
          [250, 120],
          [60, 40],
        ] as const) {
          const l = playLayout(columns, rows, mw, mh);
          const body = rows - 2;
          expect(l.map.width).toBeLessThanOrEqual(Math.min(mw, columns));
          expect(l.map.height).toBeLessThanOrEqual(Math.min(mh, body));
          if (l.panel === 'bottom') {
            expect(l.map).toEqual({ width: mw, height: mh });
            expect(l.panelWidth).toBe(columns);
            expect(l.map.height + l.panelHeight).toBe(body);
            expect(l.panelHeight).toBeGreaterThanOrEqual(6);
          } else {
            expect(l.map.width + l.panelWidth).toBe(columns);
            expect(l.panelWidth).toBeGreaterThanOrEqual(26);
            expect(l.panelHeight).toBe(body);
          }
        }
  });
});

// ---------------------------------------------------------------------------------------------
// Pieces

describe('screen helpers', () => {
  test.each([
    [200, '3:20'],
    [151, '2:31'],
    [150.1, '2:31'],
    [59.9, '1:00'],
    [0.1, '0:01'],
    [0, '0:00'],
  ])('clock(%p) = %p', (seconds, shown) => {
    expect(clock(seconds)).toBe(shown);
  });

  test.each([
    [4.2, '4.2'],
    [5, '5.0'],
    [0, '0.0'],
  ])('tenths(%p) = %p', (seconds, shown) => {
    expect(tenths(seconds)).toBe(shown);
  });

  test('wrapWords cuts at spaces, and long words where it must', () => {
    expect(wrapWords('Countdown stopped: Ana is not ready', 12)).toEqual([
      'Countdown',
      'stopped: Ana',
      'is not ready',
    ]);
    expect(wrapWords('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapWords('', 10)).toEqual(['']);
  });

  test('shareRows gives each what it needs when it fits, else shares evenly', () => {
    expect(shareRows([2, 3, 4], 20)).toEqual([2, 3, 4]);
    expect(shareRows([2, 10, 10], 14)).toEqual([2, 6, 6]);
    expect(shareRows([5, 5, 5], 7)).toEqual([3, 2, 2]);
    expect(shareRows([5, 5], 0)).toEqual([0, 0]);
  });

  test('a column too short for its team keeps you and says how many are left out', () => {
    const team = [1, 2, 3, 4, 5, 6].map((id) => member(id, `P${id}`, '', id === 6));
    const { shown, hidden } = visibleMembers(team, 3);
    expect(shown.map((m) => m.name)).toEqual(['P6', 'P1']);
    expect(hidden).toBe(4);
    expect(visibleMembers(team, 6)).toEqual({ shown: team, hidden: 0 });
  });
});

// ---------------------------------------------------------------------------------------------
// The App's frame

describe('the frame', () => {
  const screens: [string, AppModel][] = [
    [
      'connecting',
      app({
        kind: 'connecting',
        detail: 'saying hello to the server',
        elapsedSeconds: 2,
        giveUpSeconds: 5,
      }),
    ],
    ['refused', app({ kind: 'refused', reason: 'full', message: REFUSAL_TEXT.full, rename: null })],
    ['failed', app({ kind: 'failed', title: 'Server unreachable', message: 'no answer' })],
    ['lost', app({ kind: 'lost', elapsedSeconds: 12, giveUpSeconds: 30 })],
    ['leaving', app({ kind: 'leaving' })],
    ['play, panel below', app(LOBBY)],
    ['play, panel at the right', app(LOBBY, { columns: 80, rows: 24 })],
    ['play, network panel', app(LOBBY, { netstats: NETSTATS, columns: 80, rows: 24 })],
    ['play, network panel below', app(LOBBY, { netstats: NETSTATS })],
    ['too small', app(LOBBY, { columns: 70, rows: 20 })],
  ];

  test.each(screens)('%s: exactly as tall as the terminal, no line wider', (_, model) => {
    const lines = frame(model);
    expect(lines).toHaveLength(model.rows);
    for (const line of lines) expect(Bun.stringWidth(line)).toBeLessThanOrEqual(model.columns);
  });

  test.each(screens.filter(([name]) => name !== 'too small'))(
    '%s: the status line on row 0',
    (_, model) => {
      const top = frame(model)[0] ?? '';
      expect(top).toStartWith('Haunted Chronicles  192.168.1.20:9998');
      expect(top).toEndWith('ping 12 ms  loss 0.0%  30 fps');
    },
  );

  test('the status line before the first measures', () => {
    const top =
      frame(
        app(LOBBY, { status: { address: 'localhost:9998', pingMs: null, lossPct: null, fps: 0 } }),
      )[0] ?? '';
    expect(top).toContain('ping – ms');
    expect(top).toContain('loss –%');
    expect(top).toContain('0 fps');
  });

  test.each([
    [70, 20],
    [79, 24],
    [80, 23],
    [40, 10],
  ])('below 80×24 (%p×%p) only a request for a bigger window', (columns, rows) => {
    const model = app(LOBBY, { columns, rows, netstats: NETSTATS });
    const all = words(model);
    expect(all).toContain(
      `The window is ${columns}×${rows}; Haunted Chronicles needs at least 80×24.`,
    );
    expect(all).toContain('Make it bigger, or press Esc to quit.');
    expect(all).not.toContain('ping');
    expect(all).not.toContain('Network');
    expect(frame(model)).toHaveLength(rows);
  });

  test('the request is centred', () => {
    const lines = frame(app(LOBBY, { columns: 70, rows: 20 }));
    const row = lines.findIndex((l) => l.includes('The window is'));
    expect(row).toBeGreaterThanOrEqual(8);
    expect(row).toBeLessThanOrEqual(10);
    expect(lines[row]).toStartWith('    ');
  });

  test('80×24 is big enough', () => {
    expect(text(app(LOBBY, { columns: 80, rows: 24 }))).not.toContain('The window is');
  });
});

describe('the screens before and after playing', () => {
  test('connecting says where, what it does, and for how long', () => {
    const all = text(
      app({
        kind: 'connecting',
        detail: 'saying hello to the server',
        elapsedSeconds: 2.7,
        giveUpSeconds: 5,
      }),
    );
    expect(all).toContain('Connecting to 192.168.1.20:9998');
    expect(all).toContain('saying hello to the server… 2 s (gives up after 5 s)');
  });

  test('connecting while the map downloads', () => {
    const all = text(
      app({
        kind: 'connecting',
        detail: 'downloading the map 3/5',
        elapsedSeconds: 0,
        giveUpSeconds: 5,
      }),
    );
    expect(all).toContain('downloading the map 3/5… 0 s (gives up after 5 s)');
  });

  const nameReasons = new Set(['name-taken', 'name-empty', 'name-too-long', 'name-bad-char']);

  test.each(REFUSAL_REASONS.map((reason) => [reason]))(
    'refused (%s) without a new name: the reason in words, Esc quits',
    (reason) => {
      const all = words(
        app({ kind: 'refused', reason, message: REFUSAL_TEXT[reason], rename: null }),
      );
      expect(all).toContain('192.168.1.20:9998 refused to let you in');
      expect(all).toContain(`The server says: ${REFUSAL_TEXT[reason]}.`);
      expect(all).not.toContain('Type another name');
      expect(all).toContain('Esc quits');
    },
  );

  test.each(REFUSAL_REASONS.filter((r) => nameReasons.has(r)).map((reason) => [reason]))(
    'refused (%s) with a new name: the prompt, the draft and the cursor',
    (reason) => {
      const all = words(
        app({
          kind: 'refused',
          reason,
          message: REFUSAL_TEXT[reason],
          rename: { draft: 'Bobby', error: null },
        }),
      );
      expect(all).toContain(`The server says: ${REFUSAL_TEXT[reason]}.`);
      expect(all).toContain('Type another name and press Enter:');
      expect(all).toContain('> Bobby█');
      expect(all).not.toContain('✗');
      expect(all).toContain('Esc quits');
    },
  );

  test('refused with a new name that is wrong too: the error under the prompt', () => {
    const lines = frame(
      app({
        kind: 'refused',
        reason: 'name-bad-char',
        message: REFUSAL_TEXT['name-bad-char'],
        rename: { draft: 'Bo b', error: 'no spaces in a name' },
      }),
    );
    const prompt = lines.findIndex((l) => l.includes('> Bo b█'));
    expect(prompt).toBeGreaterThan(0);
    expect(lines[prompt + 1]).toContain('✗ no spaces in a name');
  });

  test('refused with an empty draft shows the cursor alone', () => {
    const all = text(
      app({
        kind: 'refused',
        reason: 'name-empty',
        message: REFUSAL_TEXT['name-empty'],
        rename: { draft: '', error: null },
      }),
    );
    expect(all).toContain('> █');
  });

  test('failed: title, message (wrapped whole), how to quit', () => {
    const message =
      'nothing answered from 192.168.1.20:9998 in 5 seconds: check the address and the port, and that the server runs and its firewall lets UDP in';
    const model = app({ kind: 'failed', title: 'Server unreachable', message });
    expect(words(model)).toContain('Server unreachable');
    expect(words(model)).toContain(message);
    expect(words(model)).toContain('press any key to quit');
    for (const line of frame(model)) expect(line.length).toBeLessThanOrEqual(120);
  });

  test('lost: a screen of its own, counting the retries', () => {
    const all = text(app({ kind: 'lost', elapsedSeconds: 12.9, giveUpSeconds: 30 }));
    expect(all).toContain('Connection lost — retrying… 12 s of 30');
    expect(all).not.toContain('Seekers');
  });

  test('leaving', () => {
    expect(text(app({ kind: 'leaving' }))).toContain('Leaving the game…');
  });
});

describe('the play screen', () => {
  const sizes = [
    ['panel below', 120, 40],
    ['panel at the right', 80, 24],
  ] as const;

  test.each(sizes)('lobby (%s): the teams, their marks, what to do', (_, columns, rows) => {
    const all = words(app(LOBBY, { columns, rows }));
    expect(all).toContain('Lobby · classic');
    expect(all).toContain('Unassigned (1)');
    expect(all).toContain('Seekers (2)');
    expect(all).toContain('Hiders (3)');
    expect(all).toContain('Cid');
    expect(all).toContain('Bob (you)');
    expect(all).toContain('✓ Ana');
    expect(all).toContain('✓ Dee');
    expect(all).toContain('✗ Eve (caught)');
    expect(all).toContain('Fay (watching)');
    expect(all).not.toContain('✓ Bob');
    expect(all).toContain('Press Space when ready');
  });

  test.each(sizes)('lobby (%s): the key hints on the last row', (_, columns, rows) => {
    const lines = frame(app(LOBBY, { columns, rows }));
    const last = lines[rows - 1] ?? '';
    expect(last).toContain('←↑↓→ WASD ZQSD  move');
    expect(last).toContain('Space  ready');
    expect(last).toContain('F2/?  network');
    expect(last).toContain('Esc  quit');
  });

  test('lobby without a team: choose one', () => {
    expect(
      news(app(play({ kind: 'lobby', notice: null, startsInSeconds: null }, { team: 'N' }))),
    ).toContain('Choose a team: R seekers, B hiders');
  });

  test('lobby, ready: waiting for the others', () => {
    expect(
      news(app(play({ kind: 'lobby', notice: null, startsInSeconds: null }, { ready: true }))),
    ).toContain('Ready: waiting for the others');
  });

  test.each(sizes)('lobby (%s): the notice, whole', (_, columns, rows) => {
    const model = app(
      play({ kind: 'lobby', notice: 'Countdown stopped: Ana is not ready', startsInSeconds: null }),
      {
        columns,
        rows,
      },
    );
    expect(news(model)).toContain('Countdown stopped: Ana is not ready');
  });

  test.each(sizes)('countdown (%s): the seconds, and the columns', (_, columns, rows) => {
    const all = words(
      app(play({ kind: 'countdown', secondsLeft: 4.2 }, { ready: true }), { columns, rows }),
    );
    expect(all).toContain('Entering game in 4.2 s');
    expect(all).toContain('Seekers (2)');
    expect(all).toContain('Hiders (3)');
  });

  test.each(sizes)('game (%s): time left, your side, hiders left', (_, columns, rows) => {
    const all = words(
      app(
        play({
          kind: 'game',
          secondsLeft: 150.3,
          hidersLeft: 3,
          hidersTotal: 5,
          headStartSeconds: 0,
          nextRoundSeconds: 200,
        }),
        {
          columns,
          rows,
        },
      ),
    );
    expect(all).toContain('Time left 2:31');
    expect(all).toContain('You seek');
    expect(all).toContain('3 of 5 hiders left');
    expect(all).not.toContain('watching the others');
    expect(all).not.toContain('watching until');
  });

  test('game as a hider', () => {
    const all = words(
      app(
        play(
          {
            kind: 'game',
            secondsLeft: 9,
            hidersLeft: 1,
            hidersTotal: 2,
            headStartSeconds: 0,
            nextRoundSeconds: 200,
          },
          { team: 'B' },
        ),
      ),
    );
    expect(all).toContain('You hide');
    expect(all).toContain('Time left 0:09');
    expect(all).toContain('1 of 2 hiders left');
  });

  test.each(sizes)('game (%s): caught, the banner says so', (_, columns, rows) => {
    const all = news(
      app(
        play(
          {
            kind: 'game',
            secondsLeft: 80,
            hidersLeft: 2,
            hidersTotal: 3,
            headStartSeconds: 0,
            nextRoundSeconds: 200,
          },
          { team: 'B', caught: true },
        ),
        { columns, rows },
      ),
    );
    expect(all).toContain('You were caught — watching the others');
    expect(all).toContain('You hide');
  });

  test.each(sizes)('game (%s): joined during the game, the banner says so', (_, columns, rows) => {
    const all = news(
      app(
        play(
          {
            kind: 'game',
            secondsLeft: 80,
            hidersLeft: 2,
            hidersTotal: 3,
            headStartSeconds: 0,
            nextRoundSeconds: 85,
          },
          { team: 'N', spectator: true },
        ),
        { columns, rows },
      ),
    );
    expect(all).toContain('Watching this round: next round in about 85 s');
    expect(all).not.toContain('You were caught');
  });

  test.each([
    ['R', 'The seekers won!'],
    ['B', 'The hiders won!'],
    [null, 'Nobody won: everybody left'],
  ] as const)('end, winner %p: %p', (winner, words_) => {
    for (const [, columns, rows] of sizes) {
      const all = words(app(play({ kind: 'end', winner, secondsLeft: 3.2 }), { columns, rows }));
      expect(all).toContain(words_);
      expect(all).toContain('Back to the lobby in 3.2 s');
    }
  });

  test('the panel below starts under the whole map', () => {
    const lines = frame(app(LOBBY));
    // Rows 1–32 are the map (blank without a surface), the panel starts on row 33.
    for (let y = 1; y <= 32; y++) expect(lines[y]).toBe('');
    expect(lines[33]).toStartWith('Lobby · classic');
    expect(lines[33]).toContain('Unassigned (1)');
  });

  test('the panel at the right starts one column past the map region', () => {
    const lines = frame(app(LOBBY, { columns: 80, rows: 24 }));
    expect(lines[1]?.indexOf('Lobby · classic')).toBe(55);
    for (const line of lines.slice(1, 23)) expect(line.slice(0, 54).trim()).toBe('');
  });

  test('a big team in the panel below: the rows left over are counted', () => {
    const many = Array.from({ length: 9 }, (_, i) => member(10 + i, `H${i}`, 'r'));
    const all = words(
      app(
        play(
          { kind: 'lobby', notice: null, startsInSeconds: null },
          {},
          { ...TEAMS, hiders: many },
        ),
      ),
    );
    expect(all).toContain('Hiders (9)');
    expect(all).toContain('… 5 more');
    expect(all).toContain('✓ H0');
    expect(all).not.toContain('H8');
  });

  test('nobody in a team', () => {
    const all = words(
      app(
        play(
          { kind: 'lobby', notice: null, startsInSeconds: null },
          {},
          { ...TEAMS, unassigned: [] },
        ),
      ),
    );
    expect(all).toContain('Unassigned (0) Seekers');
    expect(all).toContain('nobody');
  });
});

describe('the network panel', () => {
  const labels = [
    'round trip 42 ms',
    'jitter 3 ms',
    'loss down/up 0.0% / 1.5%',
    'bytes in 12.3 kB/s',
    'bytes out 800 B/s',
    'snapshots 30.0/s',
    'tick rate 30 Hz',
    'lead 2 ticks',
    'interpolation 100 ms',
    'corrections 12',
    'visible 3',
    'snapped 1',
    'pending 4 inputs',
    'drops 7',
  ];

  test.each([
    ['at the right', 80, 24],
    ['below the map', 120, 40],
    ['below the map, wide', 200, 40],
  ] as const)('in the panel %s: every measure, how to close it', (_, columns, rows) => {
    const all = words(app(LOBBY, { columns, rows, netstats: NETSTATS }));
    expect(all).toContain('Network F2 or ? closes');
    for (const label of labels) expect(all).toContain(label);
    expect(all).not.toContain('simulated');
    expect(all).not.toContain('Seekers'); // it takes the panel's place
  });

  test.each([
    ['at the right', 80, 24],
    ['below the map', 120, 40],
  ] as const)('%s, with the network simulator on', (_, columns, rows) => {
    const all = words(
      app(LOBBY, {
        columns,
        rows,
        netstats: { ...NETSTATS, simulated: 'lag 100 ms ±20' },
      }),
    );
    expect(all).toContain('simulated');
    expect(all).toContain('lag 100 ms ±20');
    for (const label of labels) expect(all).toContain(label);
  });

  test('unknown measures show a dash', () => {
    const all = words(
      app(LOBBY, {
        columns: 80,
        rows: 24,
        netstats: {
          ...NETSTATS,
          rttMs: null,
          jitterMs: null,
          lossDownPct: null,
          lossUpPct: null,
          tickRate: null,
          interpolationDelayMs: null,
          leadTicks: 1,
          pendingInputs: 1,
          bytesInPerSec: 2_500_000,
        },
      }),
    );
    expect(all).toContain('round trip – ms');
    expect(all).toContain('loss down/up –% / –%');
    expect(all).toContain('tick rate –');
    expect(all).toContain('lead 1 tick ');
    expect(all).toContain('pending 1 input ');
    expect(all).toContain('bytes in 2.5 MB/s');
  });

  test('the map region keeps its place when the panel opens', () => {
    for (const [columns, rows] of [
      [80, 24],
      [120, 40],
    ] as const) {
      const without = frame(app(LOBBY, { columns, rows }));
      const withStats = frame(app(LOBBY, { columns, rows, netstats: NETSTATS }));
      const l = playLayout(columns, rows, CLASSIC.width, CLASSIC.height);
      for (let y = 1; y <= l.map.height; y++) {
        expect(without[y]?.slice(0, l.map.width).trim()).toBe('');
        expect(withStats[y]?.slice(0, l.map.width).trim()).toBe('');
      }
      expect(withStats[rows - 1]).toBe(without[rows - 1]);
    }
  });

  test('on the other screens it stands at the right', () => {
    const lines = frame(
      app(
        { kind: 'connecting', detail: 'saying hello', elapsedSeconds: 1, giveUpSeconds: 5 },
        { netstats: NETSTATS },
      ),
    );
    expect(lines[1]?.indexOf('Network')).toBe(120 - 25);
    expect(lines.join('\n')).toContain('saying hello… 1 s');
  });
});

// ---------------------------------------------------------------------------------------------
// Colours

/** Every Ink Text and Box element the App's tree comes down to, with their props. */
function inkElements(
  node: ReactNode,
  out: Record<string, unknown>[] = [],
): Record<string, unknown>[] {
  if (Array.isArray(node)) {
    for (const child of node) inkElements(child, out);
    return out;
  }
  if (!isValidElement(node)) return out;
  const props = node.props as Record<string, unknown> & { children?: ReactNode };
  if (node.type === Text || node.type === Box) {
    out.push(props);
    inkElements(props.children, out);
  } else if (node.type === Fragment) {
    inkElements(props.children, out);
  } else if (typeof node.type === 'function') {
    // The screens are pure functions of their props, without hooks: call them.
    inkElements((node.type as (p: unknown) => ReactNode)(props), out);
  } else {
    throw new Error(`unexpected element type ${String(node.type)}`);
  }
  return out;
}

const EVERY_SCREEN: AppModel[] = [
  app({ kind: 'connecting', detail: 'saying hello', elapsedSeconds: 1, giveUpSeconds: 5 }),
  app({
    kind: 'refused',
    reason: 'name-taken',
    message: REFUSAL_TEXT['name-taken'],
    rename: { draft: 'Bo', error: 'taken too' },
  }),
  app({ kind: 'failed', title: 'Disconnected', message: 'you were kicked by the server' }),
  app({ kind: 'lost', elapsedSeconds: 3, giveUpSeconds: 30 }),
  app({ kind: 'leaving' }),
  app(LOBBY),
  app(
    play({ kind: 'lobby', notice: 'Countdown stopped: a team is empty', startsInSeconds: null }),
    {
      columns: 80,
      rows: 24,
    },
  ),
  app(play({ kind: 'countdown', secondsLeft: 3 })),
  app(
    play(
      {
        kind: 'game',
        secondsLeft: 30,
        hidersLeft: 1,
        hidersTotal: 3,
        headStartSeconds: 0,
        nextRoundSeconds: 200,
      },
      { caught: true },
    ),
  ),
  app(play({ kind: 'end', winner: 'B', secondsLeft: 2 })),
  app(LOBBY, { netstats: { ...NETSTATS, simulated: 'lag 50 ms' } }),
  app(LOBBY, { columns: 70, rows: 20 }),
];

/** A foreground or background colour escape (SGR 30–49, 90–107). */
const COLOUR_SGR = new RegExp(`${String.fromCharCode(27)}\\[(3|4|9|10)\\d`);

describe('colours', () => {
  test.each(EVERY_SCREEN.map((m) => [m.screen.kind, m] as const))(
    'NO_COLOR (%s): no colour prop reaches Ink',
    (_, model) => {
      const elements = inkElements(<App model={{ ...model, color: false }} surface={null} />);
      expect(elements.length).toBeGreaterThan(0);
      for (const props of elements) {
        expect(props.color).toBeUndefined();
        expect(props.backgroundColor).toBeUndefined();
        expect(props.dimColor).toBeUndefined();
      }
      // Frames carry escapes only under FORCE_COLOR (chalk decides); then none may be a colour.
      const all = text({ ...model, color: false });
      expect(all).not.toMatch(COLOUR_SGR);
    },
  );

  test('with colours: team titles, ready marks and players are tinted; never a background', () => {
    const elements = inkElements(<App model={app(LOBBY)} surface={null} />);
    const colours = new Set(elements.map((p) => p.color).filter((c) => c !== undefined));
    expect(colours).toContain('redBright');
    expect(colours).toContain('blueBright');
    expect(colours).toContain('green');
    expect([...colours].some((c) => String(c).startsWith('#'))).toBe(true);
    for (const props of elements) expect(props.backgroundColor).toBeUndefined();
  });

  test('without colours the meaning stays in words and glyphs', () => {
    const all = words(app(LOBBY, { color: false }));
    expect(all).toContain('✓ Ana');
    expect(all).toContain('Bob (you)');
    expect(all).toContain('✗ Eve (caught)');
    expect(all).toContain('Seekers (2)');
  });
});

// ---------------------------------------------------------------------------------------------
// With the map surface, on a terminal in memory

/** A map frame of `fill` characters, each row starting with its number. */
function mapFrame(width: number, height: number, fill: string): StyledCell[][] {
  const style = {};
  return Array.from({ length: height }, (_, y) =>
    [...`${String(y).padStart(2, '0')}${fill.repeat(width - 2)}`].map((ch) => ({ ch, style })),
  );
}

let ink: Instance | null = null;
afterEach(() => {
  ink?.unmount();
  ink = null;
});

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await ink?.waitUntilRenderFlush();
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('the App with a map surface', () => {
  test.each([
    ['panel at the right', 80, 24],
    ['panel below', 120, 40],
  ] as const)(
    '%s: the region is where the layout says, and the network panel leaves the map alone',
    async (_, columns, rows) => {
      const term = new FakeTerminal(rows, columns);
      const tap = new InkTap(term);
      const surface = new MapSurface(tap, 'none');
      const { width, height } = playLayout(columns, rows, CLASSIC.width, CLASSIC.height).map;
      const show = (model: AppModel) => {
        const tree = <App model={model} surface={surface} />;
        if (ink) ink.rerender(tree);
        else
          ink = inkRender(tree, {
            stdout: tap as unknown as NodeJS.WriteStream,
            stdin: Object.assign(new PassThrough(), {
              isTTY: false,
            }) as unknown as NodeJS.ReadStream,
            interactive: true,
            incrementalRendering: true,
            alternateScreen: true,
            patchConsole: false,
            exitOnCtrlC: false,
          });
      };
      const mapRows = () =>
        term.screen
          .lines()
          .slice(1, 1 + height)
          .map((line) => line.slice(0, width));

      show(app(LOBBY, { columns, rows }));
      await settle();
      expect(surface.size).toEqual({ width, height });
      const painted = mapFrame(width, height, '#');
      surface.present(painted);
      const expected = painted.map((r) => r.map((c) => c.ch).join(''));
      expect(mapRows()).toEqual(expected);
      expect(term.screen.line(0)).toStartWith('Haunted Chronicles');
      expect(term.screen.lines().join('\n')).toContain('Lobby · classic');

      show(app(LOBBY, { columns, rows, netstats: NETSTATS }));
      await settle();
      expect(surface.size).toEqual({ width, height });
      expect(mapRows()).toEqual(expected);
      expect(term.screen.lines().join('\n')).toContain('F2 or ? closes');
      expect(term.screen.lines().join('\n')).not.toContain('Lobby · classic');
      expect(term.screen.line(rows - 1)).toContain('Esc  quit');

      show(app({ kind: 'leaving' }, { columns, rows }));
      await settle();
      expect(term.screen.lines().join('\n')).toContain('Leaving the game…');
      expect(term.screen.lines().join('\n')).not.toContain('#');
    },
  );
});
