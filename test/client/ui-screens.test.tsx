/**
 * The terminal client's screens (src/client/ui/App.tsx, screens/*.tsx) rendered from given
 * models with ink-testing-library, asserting on the text; the play screen's layout
 * (src/client/ui/layout.ts) as a table; the colour props chosen with NO_COLOR, by walking the
 * element tree; and the App with a real MapSurface on a terminal in memory, to check that the
 * map region sits where the layout says and stays put when the panel changes.
 */
import { afterEach, describe, expect, test } from 'bun:test';
import { PassThrough } from 'node:stream';
import chalk from 'chalk';
import { Box, type Instance, render as inkRender, Text } from 'ink';
import { Fragment, isValidElement, type ReactNode } from 'react';
import { rowToAnsi, type StyledCell } from '../../src/client/map-view.ts';
import { gameCells } from '../../src/client/render/game-theme.ts';
import { InkTap } from '../../src/client/render/ink-tap.ts';
import { MapSurface } from '../../src/client/render/map-surface.ts';
import { drawOverlay } from '../../src/client/render/overlay-box.ts';
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
import { netStatsOverlay } from '../../src/client/ui/netstats-overlay.ts';
import { clock, tenths, wrapWords } from '../../src/client/ui/screens/Shared.tsx';
import { shareRows, visibleMembers } from '../../src/client/ui/screens/TeamColumns.tsx';
import { REFUSAL_REASONS, REFUSAL_TEXT } from '../../src/protocol/index.ts';
import { app, frame } from '../support/app-frame.tsx';
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
  { key: '?', does: 'help' },
  { key: 'F2', does: 'network' },
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

/** The map region's size and its margins (left, top) in a layout. */
function at(width: number, height: number, mapLeft: number, mapTop: number) {
  return { map: { width, height }, mapLeft, mapTop };
}

describe('playLayout', () => {
  test.each<[string, number, number, { width: number; height: number }, PlayLayout]>([
    [
      'classic in 120×40: whole map, panel below',
      120,
      40,
      CLASSIC,
      { ...at(110, 32, 5, 0), panel: 'bottom', panelWidth: 120, panelHeight: 6 },
    ],
    [
      'classic in 110×40: exactly as wide',
      110,
      40,
      CLASSIC,
      { ...at(110, 32, 0, 0), panel: 'bottom', panelWidth: 110, panelHeight: 6 },
    ],
    [
      'classic in 120×39: one row short of a panel below',
      120,
      39,
      CLASSIC,
      { ...at(94, 32, 0, 2), panel: 'right', panelWidth: 26, panelHeight: 37 },
    ],
    [
      'classic in 109×40: one column short',
      109,
      40,
      CLASSIC,
      { ...at(83, 32, 0, 3), panel: 'right', panelWidth: 26, panelHeight: 38 },
    ],
    [
      'classic in 80×24: panel at the right, map scrolls',
      80,
      24,
      CLASSIC,
      { ...at(54, 22, 0, 0), panel: 'right', panelWidth: 26, panelHeight: 22 },
    ],
    [
      'grand in 200×60: panel at the right',
      200,
      60,
      GRAND,
      { ...at(174, 58, 0, 0), panel: 'right', panelWidth: 26, panelHeight: 58 },
    ],
    [
      'grand in 218×80: one column short',
      218,
      80,
      GRAND,
      { ...at(192, 63, 0, 7), panel: 'right', panelWidth: 26, panelHeight: 78 },
    ],
    [
      'grand in 219×71: whole, the panel below',
      219,
      71,
      GRAND,
      { ...at(219, 63, 0, 0), panel: 'bottom', panelWidth: 219, panelHeight: 6 },
    ],
    [
      'a small map in a big terminal: the whole map centred above a panel of 12 rows',
      100,
      30,
      { width: 40, height: 12 },
      { ...at(40, 12, 30, 2), panel: 'bottom', panelWidth: 100, panelHeight: 12 },
    ],
    [
      'a narrow map too tall for a panel below: centred left of the panel',
      100,
      24,
      { width: 60, height: 20 },
      { ...at(60, 20, 7, 1), panel: 'right', panelWidth: 33, panelHeight: 22 },
    ],
    [
      'the smallest map in the smallest terminal',
      80,
      24,
      { width: 8, height: 4 },
      { ...at(8, 4, 36, 3), panel: 'bottom', panelWidth: 80, panelHeight: 12 },
    ],
    [
      'classic in 200×60: centred both ways above a panel of 12 rows',
      200,
      60,
      CLASSIC,
      { ...at(110, 32, 45, 7), panel: 'bottom', panelWidth: 200, panelHeight: 12 },
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
          // Centred: the margins on either side differ by one at most.
          const roomV = (l.panel === 'bottom' ? body - l.panelHeight : body) - l.map.height;
          expect(Math.abs(roomV - 2 * l.mapTop)).toBeLessThanOrEqual(1);
          if (l.panel === 'bottom') {
            expect(l.map).toEqual({ width: mw, height: mh });
            expect(l.panelWidth).toBe(columns);
            expect(Math.abs(columns - mw - 2 * l.mapLeft)).toBeLessThanOrEqual(1);
            expect(l.panelHeight).toBeGreaterThanOrEqual(6);
            expect(l.panelHeight).toBeLessThanOrEqual(12);
            expect(l.panelHeight === 12 || l.map.height + l.panelHeight === body).toBe(true);
          } else {
            expect(l.mapLeft + l.map.width + l.panelWidth).toBe(columns);
            expect(l.panelWidth).toBeGreaterThanOrEqual(26);
            expect(Math.abs(l.panelWidth - 26 - l.mapLeft)).toBeLessThanOrEqual(1);
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

  test('refused by the client\'s own check: its words, no "The server says"', () => {
    const all = words(
      app({
        kind: 'refused',
        reason: 'name-bad-char',
        by: 'client',
        message: 'Names cannot contain spaces or control characters',
        rename: { draft: 'twowords', error: null },
      }),
    );
    expect(all).not.toContain('The server says');
    expect(all).not.toContain('refused to let you in');
    expect(all).toContain('This name cannot be used');
    expect(all).toContain('Names cannot contain spaces or control characters.');
    expect(all).toContain('> twowords█');
  });

  test('refused with an empty draft shows the cursor alone', () => {
    const all = text(
      app({
        kind: 'refused',
        reason: 'name-empty',
        by: 'client',
        message: 'Names cannot be empty',
        rename: { draft: '', error: null },
      }),
    );
    expect(all).toContain('> █');
  });

  test('lost: the status line says how long nothing answered, not the last round trip', () => {
    const m = app(
      { kind: 'lost', elapsedSeconds: 3, giveUpSeconds: 30 },
      { status: { address: 'h:1', pingMs: null, lossPct: 0, fps: 30, silentSeconds: 8 } },
    );
    const top = frame(m)[0] ?? '';
    expect(top).toContain('no answer for 8 s');
    expect(top).not.toContain('ping');
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
    expect(last).toContain('F2  network');
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
    expect(all).toContain('Caught: you are watching');
    expect(all).not.toContain('You hide'); // a caught hider no longer hides
  });

  test.each(sizes)(
    'game (%s): caught by a named seeker, and the event feed',
    (_, columns, rows) => {
      const screen = play(
        {
          kind: 'game',
          secondsLeft: 80,
          hidersLeft: 1,
          hidersTotal: 2,
          headStartSeconds: 0,
          nextRoundSeconds: 85,
        },
        { team: 'B', caught: true },
      );
      if (screen.kind !== 'play') throw new Error('play');
      const all = news(
        app(
          {
            ...screen,
            caughtBy: 'Ana',
            feed: [
              { text: 'Round 3: 1 seeker, 2 hiders', team: null },
              { text: '0:42 You were caught by Ana', team: 'R' },
            ],
          },
          { columns, rows },
        ),
      );
      expect(all).toContain('Caught by Ana: you are watching');
      expect(all).not.toContain('You hide');
      // The newest feed line is shown whatever the room; older ones when it allows.
      expect(all).toContain('0:42 You were caught by Ana');
    },
  );

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
    expect(all).toContain('… 6 more'); // the legend takes the panel's last row
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
    'Round trip 42 ms',
    'Jitter 3 ms',
    'Lost packets 0.0% down, 1.5% up',
    'Data in 12.3 kB/s',
    'Data out 800 B/s',
    'Server updates 30.0/s',
    'Server tick rate 30 Hz',
    'Input margin 2 ticks',
    'Smoothing delay 100 ms',
    'Prediction fixes 12',
    'visible 3',
    'jumps 1',
    'Keys in flight 4',
    'Ignored packets 7',
  ];
  const CONNECTING: ScreenModel = {
    kind: 'connecting',
    detail: 'saying hello',
    elapsedSeconds: 1,
    giveUpSeconds: 5,
  };
  /** The box over the map, as text: the overlay drawn into blank rows of the region's size. */
  function overlay(stats: NetStatsView, width = 54, height = 22): string {
    const rows = Array.from({ length: height }, () =>
      Array.from({ length: width }, (): StyledCell => ({ ch: ' ', style: {} })),
    );
    drawOverlay(rows, netStatsOverlay(stats), 'none');
    return rows
      .map((r) => r.map((c) => c.ch).join(''))
      .join(' ')
      .replace(/[|+-]/g, ' ')
      .replace(/ +/g, ' ');
  }

  test.each([
    ['over the map in 80×24', 54, 22],
    ['over the map in 120×40', 110, 32],
  ] as const)(
    '%s: every measure in words, how to close it and where it is explained',
    (_, w, h) => {
      const all = overlay(NETSTATS, w, h);
      expect(all).toContain('Network F2 closes, ? explains');
      for (const label of labels) expect(all).toContain(label);
      expect(all).not.toContain('Simulated');
    },
  );

  test.each([
    ['at the right', 80, 24],
    ['below the map', 120, 40],
    ['below the map, wide', 200, 60],
  ] as const)(
    'F2 on the play screen %s: the panel keeps time left and the winner',
    (_, columns, rows) => {
      const inGame = play({
        kind: 'game',
        secondsLeft: 83,
        hidersLeft: 2,
        hidersTotal: 3,
        headStartSeconds: 0,
        nextRoundSeconds: 88,
      });
      const game = words(app(inGame, { columns, rows, netstats: NETSTATS }));
      expect(game).toContain('Time left 1:23');
      expect(game).toContain('2 of 3 hiders left');
      expect(game).toContain('Seekers');
      const end = play({ kind: 'end', winner: 'B', secondsLeft: 3 });
      expect(words(app(end, { columns, rows, netstats: NETSTATS }))).toContain('The hiders won!');
      // Ink draws no network panel there: it is in the map rows (GameClient.frame).
      expect(game).not.toContain('Round trip');
    },
  );

  test('with the network simulator on', () => {
    const all = overlay({ ...NETSTATS, simulated: 'lag 100 ms ±20' });
    expect(all).toContain('Simulated link');
    expect(all).toContain('lag 100 ms ±20');
    for (const label of labels) expect(all).toContain(label);
  });

  test('unknown measures show a dash', () => {
    const all = overlay({
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
    });
    expect(all).toContain('Round trip – ms');
    expect(all).toContain('Lost packets –% down, –% up');
    expect(all).toContain('Server tick rate –');
    expect(all).toContain('Input margin 1 tick ');
    expect(all).toContain('Data in 2.5 MB/s');
  });

  test('the box stands at the top-right of the map region, clipped to it', () => {
    const rows = Array.from({ length: 6 }, () =>
      Array.from({ length: 20 }, (): StyledCell => ({ ch: '.', style: {} })),
    );
    drawOverlay(rows, [{ text: 'Title', bold: true }, { text: 'a long line cut here' }], 'none');
    expect(rows.map((r) => r.map((c) => c.ch).join(''))).toEqual([
      '+------------------+',
      '| Title            |',
      '| a long line cut  |',
      '+------------------+',
      '....................',
      '....................',
    ]);
  });

  test('on the other screens it stands at the right, in Ink', () => {
    const lines = frame(app(CONNECTING, { netstats: NETSTATS }));
    expect(lines[1]?.indexOf('Network')).toBe(120 - 25);
    expect(lines.join('\n')).toContain('saying hello… 1 s');
    const all = words(app(CONNECTING, { netstats: NETSTATS }), 95);
    expect(all).toContain('Network F2 closes');
    expect(all).toContain('Round trip 42 ms');
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
    // Players' names in their colours: the nearest of the 16 basic ones (below).
    expect(colours.size).toBeGreaterThan(4);
    for (const props of elements) expect(props.backgroundColor).toBeUndefined();
  });

  /** Ink writes these as SGR 30–37 / 90–97 whatever the terminal; `#…`, `ansi256(…)`, `rgb(…)` not. */
  const INK_BASIC = new Set<unknown>([
    ...['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'].flatMap((c) => [
      c,
      `${c}Bright`,
    ]),
    'gray',
    'grey',
  ]);
  /** A basic foreground colour (SGR 30–37, 90–97) among an escape's parameters. */
  const BASIC_SGR = new RegExp(`${String.fromCharCode(27)}\\[(?:[0-9]+;)*(?:3[0-7]|9[0-7])[;m]`);
  /** A 256-colour or truecolor escape, foreground or background. */
  const RICH_SGR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[34]8;[25];`);

  test.each(EVERY_SCREEN.map((m) => [m.screen.kind, m] as const))(
    '16 colours (%s): only the basic colours, even on a terminal that has more',
    (_, model) => {
      const colours = inkElements(<App model={model} surface={null} />)
        .map((p) => p.color)
        .filter((c) => c !== undefined);
      for (const colour of colours) expect(INK_BASIC).toContain(colour);
      const level = chalk.level;
      chalk.level = 3; // the terminal says truecolor (COLORTERM): chalk would write anything
      try {
        const all = text(model);
        if (colours.length > 0) expect(all).toMatch(BASIC_SGR); // colours are on…
        expect(all).not.toMatch(RICH_SGR); // …and none beyond the 16
      } finally {
        chalk.level = level;
      }
    },
  );

  test("16 colours: the map's cells never ask for more than the basic colours", () => {
    const c = gameCells('16');
    const cells: StyledCell[] = [
      ...[c.wall, c.wallDim, c.floorSeen, c.floorRemembered, c.dark, c.light, c.lightDim],
      ...[c.void, c.ghost, c.youGhost, ...Object.values(c.other), ...Object.values(c.you)],
      ...[...Object.values(c.label), ...Object.values(c.youLabel)].map((style) => ({
        ch: 'a',
        style,
      })),
    ];
    const row = rowToAnsi(cells, '16');
    expect(row).toMatch(BASIC_SGR);
    expect(row).not.toMatch(RICH_SGR);
    // NO_COLOR: the same cells carry no escape at all.
    const n = gameCells('none');
    const plain = [n.wall, n.floorSeen, n.floorRemembered, n.light, ...Object.values(n.other)];
    const labels = Object.values(n.label).map((style) => ({ ch: 'a', style }));
    expect(rowToAnsi([...plain, ...labels], 'none')).not.toContain('\x1b');
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
    ['centred on a big terminal', 200, 60],
  ] as const)(
    '%s: the region is where the layout says; the network panel leaves it and the phase panel alone; the help takes its place',
    async (_, columns, rows) => {
      const term = new FakeTerminal(rows, columns);
      const tap = new InkTap(term);
      const surface = new MapSurface<AppModel>(tap, 'none');
      const layout = playLayout(columns, rows, CLASSIC.width, CLASSIC.height);
      const { width, height } = layout.map;
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
          .slice(1 + layout.mapTop, 1 + layout.mapTop + height)
          .map((line) => line.slice(layout.mapLeft, layout.mapLeft + width));

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
      expect(term.screen.lines().join('\n')).toContain('Lobby · classic');
      expect(term.screen.line(rows - 1)).toContain('Esc  quit');

      show(app(LOBBY, { columns, rows, help: true }));
      await settle();
      expect(term.screen.lines().join('\n')).toContain('Help  (? or Esc closes)');
      expect(term.screen.lines().join('\n')).toContain('Seekers (red): catch every hider');
      expect(mapRows().join('')).not.toContain('#');
      expect(term.screen.lines().join('\n')).toContain('Lobby · classic');

      show(app(LOBBY, { columns, rows }));
      await settle();
      surface.present(painted);
      expect(mapRows()).toEqual(expected);

      show(app({ kind: 'leaving' }, { columns, rows }));
      await settle();
      expect(term.screen.lines().join('\n')).toContain('Leaving the game…');
      expect(term.screen.lines().join('\n')).not.toContain('#');
    },
  );
});
