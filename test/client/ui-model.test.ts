/** Client state → screen model (src/client/ui/build-model.ts), as tables. */
import { describe, expect, test } from 'bun:test';
import {
  keyHints,
  noticeText,
  phaseView,
  type ScreenInput,
  screenModel,
  secondsUp,
  teamsView,
} from '../../src/client/ui/build-model.ts';
import type { YouView } from '../../src/client/ui/model.ts';
import type { RosterEntry } from '../../src/protocol/index.ts';

const entry = (id: number, name: string, team: 'N' | 'R' | 'B', flags = ''): RosterEntry => ({
  id,
  name,
  colour: id,
  team,
  ready: flags.includes('r'),
  caught: flags.includes('c'),
  spectator: flags.includes('s'),
});

const base: ScreenInput = {
  state: 'hello',
  detail: 'saying hello to the server',
  refusal: null,
  everPlayed: false,
  leaving: false,
  draft: '',
  draftError: null,
  sinceStartMs: 2500,
  lostForMs: null,
  giveUpMs: 5000,
  lostRetryMs: 30000,
  playing: null,
  layout: 'auto',
};

describe('screenModel', () => {
  test.each([
    [{ state: 'hello' }, { kind: 'connecting', elapsedSeconds: 2, giveUpSeconds: 5 }],
    [
      { state: 'loading', detail: 'downloading the map 2/3' },
      { kind: 'connecting', detail: 'downloading the map 2/3' },
    ],
    [{ state: 'playing' }, { kind: 'connecting' }], // no snapshot yet
    [
      { state: 'refused', refusal: 'full', detail: 'the server is full' },
      { kind: 'refused', rename: null },
    ],
    [
      { state: 'refused', refusal: 'name-taken', draft: 'Ana', draftError: null },
      { kind: 'refused', rename: { draft: 'Ana', error: null } },
    ],
    [
      { state: 'refused', refusal: 'name-bad-char' },
      { kind: 'refused', rename: { draft: '' } },
    ],
    [
      { state: 'failed', detail: 'no answer from the server' },
      { kind: 'failed', title: 'Server unreachable' },
    ],
    [
      { state: 'failed', everPlayed: true },
      { kind: 'failed', title: 'Connection lost' },
    ],
    [
      { state: 'closed-by-server', detail: 'you were kicked by the server' },
      { kind: 'failed', title: 'Disconnected', message: 'you were kicked by the server' },
    ],
    [
      { state: 'lost', lostForMs: 12_400 },
      { kind: 'lost', elapsedSeconds: 12, giveUpSeconds: 30 },
    ],
    [{ state: 'playing', leaving: true }, { kind: 'leaving' }],
    [{ state: 'disconnecting' }, { kind: 'leaving' }],
  ] as const)('%j → %j', (input, expected) => {
    expect(screenModel({ ...base, ...input } as ScreenInput)).toMatchObject(expected);
  });

  test('playing with a snapshot: the play screen with phase, you, teams and keys', () => {
    const roster = new Map([
      [1, entry(1, 'Ana', 'R', 'r')],
      [2, entry(2, 'Bob', 'B')],
      [3, entry(3, 'Cy', 'N')],
    ]);
    const m = screenModel({
      ...base,
      state: 'playing',
      playing: {
        mapName: 'classic',
        mapWidth: 110,
        mapHeight: 32,
        phase: { kind: 'COUNTDOWN', ticksLeft: 126 },
        tickRate: 30,
        roster,
        youId: 1,
        name: 'Ana',
      },
    });
    expect(m).toMatchObject({
      kind: 'play',
      mapName: 'classic',
      phase: { kind: 'countdown', secondsLeft: 4.2 },
      you: { name: 'Ana', team: 'R', ready: true },
    });
    if (m.kind !== 'play') return;
    expect(m.teams.seekers.map((p) => [p.name, p.ready, p.isYou])).toEqual([['Ana', true, true]]);
    expect(m.teams.hiders.map((p) => p.name)).toEqual(['Bob']);
    expect(m.teams.unassigned.map((p) => p.name)).toEqual(['Cy']);
    expect(m.keys.map((k) => `${k.key} ${k.does}`)).toContain('Space not ready');
  });
});

describe('pieces', () => {
  test.each([
    [0, 0],
    [1, 0.1],
    [30, 1],
    [31, 1.1],
    [6000, 200],
    [-5, 0],
  ])('secondsUp(%d ticks at 30 Hz) = %d', (ticks, seconds) => {
    expect(secondsUp(ticks, 30)).toBe(seconds);
  });

  test.each([
    [null, null],
    [{ why: 'teams' }, 'Countdown stopped: a team is empty'],
    [{ why: 'unready', name: 'Ana' }, 'Countdown stopped: Ana is not ready'],
    [{ why: 'left', name: 'Bob' }, 'Countdown stopped: Bob left'],
    [{ why: 'joined', name: 'Cy' }, 'Countdown stopped: Cy joined'],
    [{ why: 'team', name: 'Di' }, 'Countdown stopped: Di changed team'],
  ] as const)('notice %j', (notice, text) => {
    expect(noticeText(notice)).toBe(text);
  });

  test('phases', () => {
    expect(
      phaseView(
        { kind: 'GAME', ticksLeft: 95, hidersLeft: 2, hidersTotal: 3, headStart: 0, endTicks: 150 },
        30,
      ),
    ).toEqual({
      kind: 'game',
      secondsLeft: 3.2,
      hidersLeft: 2,
      hidersTotal: 3,
      headStartSeconds: 0,
      nextRoundSeconds: 8.2,
    });
    expect(phaseView({ kind: 'END', winner: 'B', ticksLeft: 30 }, 30)).toEqual({
      kind: 'end',
      winner: 'B',
      secondsLeft: 1,
    });
  });

  const you = (team: 'N' | 'R' | 'B', ready = false, spectator = false): YouView => ({
    name: 'Ana',
    team,
    colour: 0,
    ready,
    caught: false,
    spectator,
  });
  const lobby = { kind: 'lobby', notice: null, startsInSeconds: null } as const;
  const hintKeys = (hints: { key: string; does: string }[]) =>
    hints.map((h) => `${h.key}:${h.does}`);

  test.each([
    [
      lobby,
      you('N'),
      'auto',
      ['←↑↓→ WASD ZQSD:move', 'R:seekers', 'B:hiders', '?:help', 'F2:network', 'Esc:quit'],
    ],
    [
      lobby,
      you('R'),
      'auto',
      [
        '←↑↓→ WASD ZQSD:move',
        'B:hiders',
        'N:no team',
        'Space:ready',
        '?:help',
        'F2:network',
        'Esc:quit',
      ],
    ],
    [
      lobby,
      you('B', true),
      'qwerty',
      ['←↑↓→ WASD ZQSD:move', 'Space:not ready', '?:help', 'F2:network', 'q/Esc:quit'],
    ],
    [
      lobby,
      you('N', false, true),
      'auto',
      ['←↑↓→ WASD ZQSD:move', '?:help', 'F2:network', 'Esc:quit'],
    ],
    [
      {
        kind: 'game',
        secondsLeft: 3,
        hidersLeft: 1,
        hidersTotal: 1,
        headStartSeconds: 0,
        nextRoundSeconds: 200,
      },
      you('R'),
      'auto-qwerty',
      ['←↑↓→ WASD ZQSD:move', '?:help', 'F2:network', 'q/Esc:quit'],
    ],
  ] as const)('keys in %j for %j (%s)', (phase, me, layout, expected) => {
    expect(hintKeys(keyHints(phase, me, layout))).toEqual([...expected]);
  });

  test('team columns keep the join order', () => {
    const roster = new Map([
      [4, entry(4, 'Di', 'R')],
      [2, entry(2, 'Bob', 'R', 'c')],
    ]);
    expect(teamsView(roster, 4).seekers.map((p) => [p.name, p.caught, p.isYou])).toEqual([
      ['Bob', true, false],
      ['Di', false, true],
    ]);
  });
});
