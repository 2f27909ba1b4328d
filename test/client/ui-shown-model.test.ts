/**
 * When the App is drawn again (src/client/ui/shown-model.ts): two models with the same key draw
 * the same screen (checked by drawing them), and a model that differs in anything the screens
 * show has another key: each visible field changed in turn. The status line's figures: held
 * for a second, taken along with a draw once a second old, alone at two.
 */
import { describe, expect, test } from 'bun:test';
import type { AppModel, PhaseView, ScreenModel, YouView } from '../../src/client/ui/model.ts';
import { ScreenGate, StatusPace, shownKey } from '../../src/client/ui/shown-model.ts';
import { app, frame, netStats } from '../support/app-frame.tsx';

const YOU: YouView = {
  name: 'Bob',
  team: 'B',
  colour: 1,
  ready: true,
  caught: false,
  spectator: false,
  lit: false,
};

const GAME: PhaseView = {
  kind: 'game',
  secondsLeft: 151.4,
  hidersLeft: 2,
  hidersTotal: 3,
  headStartSeconds: 0,
  nextRoundSeconds: 156.4,
};

function play(phase: PhaseView, over: Partial<Extract<ScreenModel, { kind: 'play' }>> = {}) {
  return {
    kind: 'play',
    mapName: 'classic',
    mapWidth: 110,
    mapHeight: 32,
    phase,
    you: YOU,
    teams: {
      unassigned: [],
      seekers: [
        {
          id: 1,
          name: 'Bob',
          colour: 1,
          ready: true,
          caught: false,
          spectator: false,
          isYou: true,
        },
      ],
      hiders: [
        {
          id: 2,
          name: 'Ana',
          colour: 2,
          ready: true,
          caught: false,
          spectator: false,
          isYou: false,
        },
      ],
    },
    keys: [
      { key: '←↑↓→', does: 'move' },
      { key: 'Esc', does: 'quit' },
    ],
    feed: [{ text: 'Round 1: 1 seekers, 1 hiders', team: null }],
    caughtBy: null,
    ...over,
  } as const satisfies ScreenModel;
}

const BASE: AppModel = app(play(GAME));

describe('shownKey', () => {
  test('what is printed the same way has the same key, and draws the same screen', () => {
    const same: AppModel[] = [
      // The clock shows whole seconds (2:32 for 151.4 and 151.1), the next round too.
      app(play({ ...GAME, secondsLeft: 151.1, nextRoundSeconds: 156.2 })),
      // Round trip, loss and frame rate as printed: whole ms, tenths of a percent, whole fps.
      { ...BASE, status: { ...BASE.status, pingMs: 12.3, lossPct: 0.01, fps: 29.8 } },
      // The network panel of the play screen is drawn over the map, not by the App.
      {
        ...BASE,
        netstats: netStats(),
      },
    ];
    const drawn = frame(BASE).join('\n');
    for (const m of same) {
      expect(shownKey(m)).toBe(shownKey(BASE));
      expect(frame(m).join('\n')).toBe(drawn);
    }
  });

  test('anything the screen shows differently changes the key, and the screen', () => {
    const status = BASE.status;
    const screen = BASE.screen as ReturnType<typeof play>;
    const differing: [string, AppModel][] = [
      ['the clock', app(play({ ...GAME, secondsLeft: 150.9, nextRoundSeconds: 155.9 }))],
      ['hiders left', app(play({ ...GAME, hidersLeft: 1 }))],
      ['the head start', app(play({ ...GAME, headStartSeconds: 2.3 }))],
      ['lit', app(play(GAME, { you: { ...YOU, lit: true } }))],
      ['caught', app(play(GAME, { you: { ...YOU, caught: true }, caughtBy: 'Ana' }))],
      ['the feed', app(play(GAME, { feed: [...screen.feed, { text: 'Ana caught', team: 'R' }] }))],
      ['the teams', app(play(GAME, { teams: { ...screen.teams, hiders: [] } }))],
      ['the keys', app(play(GAME, { keys: [{ key: 'Esc', does: 'quit' }] }))],
      ['the ping', { ...BASE, status: { ...status, pingMs: 13 } }],
      ['the loss', { ...BASE, status: { ...status, lossPct: 0.2 } }],
      ['the fps', { ...BASE, status: { ...status, fps: 29 } }],
      ['the silence', { ...BASE, status: { ...status, silentSeconds: 3 } }],
      ['the room', { ...BASE, status: { ...status, room: 'K7QX' } }],
      ['the address', { ...BASE, status: { ...status, address: '10.0.0.1:9998' } }],
      ['the size', { ...BASE, columns: 100 }],
      ['the rows', { ...BASE, rows: 30 }],
      ['colours', { ...BASE, color: false }],
      ['the help', { ...BASE, help: true }],
      ['the phase', app(play({ kind: 'end', winner: 'R', secondsLeft: 4.2 }))],
      ['the lobby timer', app(play({ kind: 'lobby', notice: null, startsInSeconds: 9.5 }))],
      ['the countdown', app(play({ kind: 'countdown', secondsLeft: 2.35 }))],
      ['another screen', app({ kind: 'leaving' })],
    ];
    const keys = new Set([shownKey(BASE)]);
    const drawn = frame(BASE).join('\n');
    for (const [what, m] of differing) {
      expect(`${what}: ${shownKey(m) === shownKey(BASE)}`).toBe(`${what}: false`);
      keys.add(shownKey(m));
      // The key changing is not enough: the screen really differs (else the key is too fine).
      if (what !== 'colours')
        expect(`${what}: ${frame(m).join('\n') === drawn}`).toBe(`${what}: false`);
    }
    expect(keys.size).toBe(differing.length + 1);
  });

  test('timers in tenths: one tenth more is another key on the countdown, not on the game clock', () => {
    const countdown = (s: number) => app(play({ kind: 'countdown', secondsLeft: s }));
    expect(shownKey(countdown(2.31))).toBe(shownKey(countdown(2.39)));
    expect(shownKey(countdown(2.31))).not.toBe(shownKey(countdown(2.41)));
    const connecting = (s: number): AppModel =>
      app({ kind: 'connecting', detail: 'saying hello', elapsedSeconds: s, giveUpSeconds: 5 });
    expect(shownKey(connecting(1.2))).toBe(shownKey(connecting(1.9)));
    expect(shownKey(connecting(1.9))).not.toBe(shownKey(connecting(2)));
  });
});

test('ScreenGate: a model is drawn once; an equal one is not; reset draws again', () => {
  const gate = new ScreenGate();
  expect(gate.changed(BASE)).toBe(true);
  gate.drawn(BASE);
  expect(gate.changed({ ...BASE })).toBe(false);
  const moved = app(play({ ...GAME, hidersLeft: 1 }));
  expect(gate.changed(moved)).toBe(true);
  gate.drawn(moved);
  expect(gate.changed(BASE)).toBe(true);
  gate.reset();
  expect(gate.changed(moved)).toBe(true);
});

test('StatusPace: figures held for a second, ride along with a draw after it, alone after two', () => {
  const pace = new StatusPace(1000, 2000);
  const s = (pingMs: number | null, fps: number) => ({ ...BASE.status, pingMs, fps });
  // The first round trip shows at once, and so does its coming.
  expect(pace.hold(s(null, 30), 0)).toEqual(s(null, 30));
  expect(pace.hold(s(12, 31), 100)).toEqual(s(12, 31));
  // Within the second: the figures as shown, the rest as the model says.
  expect(pace.hold({ ...s(15, 28), room: 'K7QX' }, 600)).toEqual({ ...s(12, 31), room: 'K7QX' });
  expect(pace.ride(s(15, 28), 600)).toEqual(s(12, 31));
  // A second old: a draw that happens anyway takes them; held alone, not yet.
  expect(pace.hold(s(16, 29), 1200)).toEqual(s(12, 31));
  expect(pace.ride(s(16, 29), 1200)).toEqual(s(16, 29));
  // Two seconds without a draw: taken anyway.
  expect(pace.hold(s(20, 30), 3000)).toEqual(s(16, 29));
  expect(pace.hold(s(20, 30), 3200)).toEqual(s(20, 30));
  // A lost connection: the round trip vanishes at once.
  expect(pace.hold(s(null, 30), 3300)).toEqual(s(null, 30));
});

describe('with the live texts painted (shownKey painted, ScreenGate(true))', () => {
  const LOBBY_SCREEN = play({ kind: 'lobby', notice: null, startsInSeconds: null });
  // app()'s status: ping 12 ms, loss 0.0%, 30 fps.
  const FIGURES = { ...BASE.status, pingMs: 48, lossPct: 1.3, fps: 29 };
  const SLOW = { ...BASE.status, pingMs: 120 };
  const game = (over: Partial<Extract<PhaseView, { kind: 'game' }>>, you: Partial<YouView> = {}) =>
    app(play({ ...GAME, ...over }, { you: { ...YOU, ...you } }));
  const same = (a: AppModel, b: AppModel) => shownKey(a, true) === shownKey(b, true);

  test.each([
    ['the clock', game({ secondsLeft: 151.4 }), game({ secondsLeft: 129.2 })],
    ['the head start', game({ headStartSeconds: 4.9 }), game({ headStartSeconds: 1.2 })],
    [
      'the next round, who watches',
      game({ nextRoundSeconds: 156 }, { spectator: true }),
      game({ nextRoundSeconds: 149 }, { spectator: true }),
    ],
    [
      'the countdown',
      app(play({ kind: 'countdown', secondsLeft: 4.9 })),
      app(play({ kind: 'countdown', secondsLeft: 2.1 })),
    ],
    [
      'the end',
      app(play({ kind: 'end', winner: 'R', secondsLeft: 9.9 })),
      app(play({ kind: 'end', winner: 'R', secondsLeft: 3.1 })),
    ],
    [
      'the lobby timer',
      app(play({ kind: 'lobby', notice: null, startsInSeconds: 29 })),
      app(play({ kind: 'lobby', notice: null, startsInSeconds: 12 })),
    ],
    ['the figures', app(LOBBY_SCREEN), { ...app(LOBBY_SCREEN), status: FIGURES }],
    [
      'the seconds spent connecting',
      app({ kind: 'connecting', detail: 'saying hello', elapsedSeconds: 1.2, giveUpSeconds: 5 }),
      app({ kind: 'connecting', detail: 'saying hello', elapsedSeconds: 3.9, giveUpSeconds: 5 }),
    ],
    [
      'the seconds since the connection went silent',
      app({ kind: 'lost', elapsedSeconds: 2, giveUpSeconds: 30 }),
      app({ kind: 'lost', elapsedSeconds: 7, giveUpSeconds: 30 }),
    ],
  ] as const)('%s: the same key while only digits change', (_, a, b) => {
    expect(same(a, b)).toBe(true);
    expect(shownKey(a) === shownKey(b)).toBe(false); // Ink draws them without a surface
  });

  test('the next round is no part of the key for who plays (only who watches is told)', () => {
    const [a, b] = [game({ nextRoundSeconds: 156 }), game({ nextRoundSeconds: 9 })];
    expect(shownKey(a)).toBe(shownKey(b));
    expect(same(a, b)).toBe(true);
  });

  test.each([
    ['the clock loses a digit', game({ secondsLeft: 600 }), game({ secondsLeft: 599 })],
    ['the head start ends', game({ headStartSeconds: 0.1 }), game({ headStartSeconds: 0 })],
    [
      'the lobby timer loses a digit (it may wrap elsewhere)',
      app(play({ kind: 'lobby', notice: null, startsInSeconds: 10 })),
      app(play({ kind: 'lobby', notice: null, startsInSeconds: 9 })),
    ],
    ['a catch', game({ hidersLeft: 2 }), game({ hidersLeft: 1 })],
    ['the round trip gains a digit', app(LOBBY_SCREEN), { ...app(LOBBY_SCREEN), status: SLOW }],
  ] as const)('%s: another key (Ink lays it out)', (_, a, b) => {
    expect(same(a, b)).toBe(false);
  });
});
