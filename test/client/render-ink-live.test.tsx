/**
 * The HUD's live texts (timers, the status line's figures) painted by the surface, not drawn by
 * Ink: replayed on a terminal in memory (VtScreen), the screen must be exactly the one Ink alone
 * draws from the same model (every character and every cell's pen: colour, bold, inverse), at
 * every moment of a round and after a resize; and Ink must render only when the layout changes.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'bun:test';
import { PassThrough } from 'node:stream';
import chalk from 'chalk';
import { type Instance, render } from 'ink';
import { InkTap } from '../../src/client/render/ink-tap.ts';
import { MapSurface } from '../../src/client/render/map-surface.ts';
import { App } from '../../src/client/ui/App.tsx';
import { SCREEN_INK_OPTIONS } from '../../src/client/ui/ink-options.ts';
import type {
  AppModel,
  PhaseView,
  ScreenModel,
  StatusView,
  TeamMember,
  YouView,
} from '../../src/client/ui/model.ts';
import { ModelPresenter, ScreenGate } from '../../src/client/ui/shown-model.ts';
import { FakeTerminal } from '../support/fake-terminal.ts';

function member(id: number, name: string, team: string, isYou = false): TeamMember {
  return {
    id,
    name: `${name}${team}`,
    colour: id % 12,
    ready: true,
    caught: false,
    spectator: false,
    isYou,
  };
}

const YOU: YouView = {
  name: 'BobR',
  team: 'R',
  colour: 1,
  ready: true,
  caught: false,
  spectator: false,
};

function play(phase: PhaseView, you: Partial<YouView> = {}): ScreenModel {
  return {
    kind: 'play',
    mapName: 'classic',
    mapWidth: 110,
    mapHeight: 32,
    phase,
    you: { ...YOU, ...you },
    teams: {
      unassigned: [],
      seekers: [member(1, 'Bob', 'R', true), member(2, 'Ana', 'R')],
      hiders: [member(4, 'Dee', 'B'), member(5, 'Eve', 'B')],
    },
    keys: [
      { key: 'Space', does: 'ready' },
      { key: 'Esc', does: 'quit' },
    ],
  };
}

const STATUS: StatusView = { address: '127.0.0.1:9998', pingMs: 12, lossPct: 0, fps: 30 };

function model(
  screen: ScreenModel,
  status: Partial<StatusView> = {},
  size = { columns: 120, rows: 40 },
): AppModel {
  return { screen, status: { ...STATUS, ...status }, netstats: null, ...size, color: true };
}

const inks: Instance[] = [];
afterEach(() => {
  for (const ink of inks.splice(0)) ink.unmount();
});
const level = chalk.level;
beforeAll(() => {
  chalk.level = 1; // colours on (the test runner's stdout is no terminal)
});
afterAll(() => {
  chalk.level = level;
});

async function settle(ink: Instance): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await ink.waitUntilRenderFlush();
    await new Promise((r) => setTimeout(r, 5));
  }
}

function mount(tree: React.ReactElement, tap: InkTap): Instance {
  const ink = render(tree, {
    stdout: tap as unknown as NodeJS.WriteStream,
    stdin: Object.assign(new PassThrough(), { isTTY: false }) as unknown as NodeJS.ReadStream,
    ...SCREEN_INK_OPTIONS,
  });
  inks.push(ink);
  return ink;
}

/** The screen Ink alone draws from `m` (no surface: every text is Ink's). */
async function inkAlone(m: AppModel): Promise<FakeTerminal> {
  const term = new FakeTerminal(m.rows, m.columns);
  const ink = mount(<App model={m} surface={null} />, new InkTap(term));
  await settle(ink);
  ink.unmount();
  inks.splice(inks.indexOf(ink), 1);
  return term;
}

/** Every cell of `a` and `b`: character and pen, as `row:col char pen` where they differ. */
function differences(a: FakeTerminal, b: FakeTerminal): string[] {
  const out: string[] = [];
  for (let r = 0; r < a.rows; r++) {
    const [la, lb] = [a.screen.line(r), b.screen.line(r)];
    for (let c = 0; c < a.columns; c++) {
      const [pa, pb] = [JSON.stringify(a.screen.penAt(r, c)), JSON.stringify(b.screen.penAt(r, c))];
      if (la[c] !== lb[c] || pa !== pb) out.push(`${r}:${c} '${la[c]}' ${pa} / '${lb[c]}' ${pb}`);
    }
  }
  return out;
}

/** The product's way: Ink renders on a new layout (ScreenGate), the surface paints the texts. */
function painted(first: AppModel) {
  const term = new FakeTerminal(first.rows, first.columns);
  const tap = new InkTap(term);
  const surface = new MapSurface<AppModel>(tap, 'none');
  const gate = new ScreenGate(true);
  let ink: Instance | null = null;
  let renders = 0;
  const show = (m: AppModel) => {
    if (gate.changed(m)) {
      gate.drawn(m);
      renders++;
      const tree = <App model={m} surface={surface} />;
      if (ink === null) ink = mount(tree, tap);
      else ink.rerender(tree);
    }
    surface.showModel(m);
  };
  show(first);
  return {
    term,
    tap,
    surface,
    show,
    renders: () => renders,
    settle: () => settle(ink!),
  };
}

/** Shows each model in turn and checks the screen against Ink's own after each. */
async function replay(models: readonly AppModel[]): Promise<{ renders: number }> {
  const p = painted(models[0]!);
  for (const m of models) {
    if (m.rows !== p.term.rows || m.columns !== p.term.columns) {
      p.term.resize(m.rows, m.columns); // as play.ts: the surface starts over, the App again
      p.surface.reset();
    }
    p.show(m);
    await p.settle();
    const expected = await inkAlone(m);
    expect({ model: JSON.stringify(m.screen), diff: differences(p.term, expected) }).toEqual({
      model: JSON.stringify(m.screen),
      diff: [],
    });
  }
  return { renders: p.renders() };
}

const game = (secondsLeft: number, headStartSeconds = 0): PhaseView => ({
  kind: 'game',
  secondsLeft,
  hidersLeft: 2,
  hidersTotal: 2,
  headStartSeconds,
  nextRoundSeconds: secondsLeft + 5,
});

describe('the live texts look exactly as Ink draws them', () => {
  test('the lobby timer, its wrapping changing with its digits', async () => {
    const lobby = (s: number | null, ready = true) =>
      model(play({ kind: 'lobby', notice: null, startsInSeconds: s }, { ready }));
    await replay([lobby(null), lobby(29.2), lobby(12.1), lobby(10), lobby(9.4, false), lobby(1)]);
  });

  test('the countdown in tenths', async () => {
    const countdown = (s: number, ready = true) =>
      model(play({ kind: 'countdown', secondsLeft: s }, { ready }));
    const { renders } = await replay([countdown(4.96), countdown(4.31), countdown(0.4, false)]);
    expect(renders).toBe(2); // the first, and the advice under it (not ready)
  });

  test('the head start, then the clock, for a seeker and a hider', async () => {
    const { renders } = await replay([
      model(play(game(185, 4.9))),
      model(play(game(183.2, 2.1))),
      model(play(game(180.3, 0))),
      model(play(game(179.9))),
      model(play(game(60.5))),
      model(play(game(59.1))),
      model(play(game(9.1))),
    ]);
    expect(renders).toBe(2); // the head start's line goes
    await replay([model(play(game(120, 3.3), { team: 'B' })), model(play(game(117, 0.2)))]);
  });

  test('a hider stepping in and out of the light: the warning painted, no Ink render', async () => {
    const hider = (secondsLeft: number, lit: boolean) =>
      model(play(game(secondsLeft), { team: 'B', lit }));
    const { renders } = await replay([
      hider(90, false),
      hider(89.8, true),
      hider(89.1, false),
      hider(88.7, true),
    ]);
    expect(renders).toBe(1);
  });

  test('the banner of who watches, with the next round in whole seconds', async () => {
    await replay([
      model(play(game(100.2), { spectator: true, team: 'N' })),
      model(play(game(99.1), { spectator: true, team: 'N' })),
      model(play(game(98), { caught: true, team: 'B' })),
    ]);
  });

  test('the end banner', async () => {
    const end = (s: number, winner: 'R' | 'B' | null) =>
      model(play({ kind: 'end', winner, secondsLeft: s }));
    await replay([end(9.93, 'R'), end(9.5, 'R'), end(0.1, 'R'), end(4, null)]);
  });

  test('the status line: figures, their tints, a silence, with and without room', async () => {
    const g = play(game(150));
    await replay([
      model(g, { pingMs: 12 }),
      model(g, { pingMs: 45, fps: 29 }),
      model(g, { pingMs: 9, lossPct: 1.5 }),
      model(g, { pingMs: 250, lossPct: 7.25 }),
      model(g, { pingMs: null, lossPct: null, fps: 0 }),
      model(g, { pingMs: 30, silentSeconds: 3 }),
      model(g, { pingMs: 30, silentSeconds: 4 }),
    ]);
    const long = 'a-rather-long-host-name.example.internal:9998';
    const narrow = { columns: 80, rows: 24 };
    await replay([
      model(g, { address: long, room: 'K7QX' }, narrow),
      model(g, { address: long, room: 'K7QX', pingMs: 13, fps: 31 }, narrow),
      model(g, { address: long, room: 'K7QX', pingMs: 130, fps: 31 }, narrow),
    ]);
  });

  test('the seconds of the connecting and the lost screens, cut as Ink cuts them', async () => {
    const connecting = (s: number, detail = 'saying hello to the server'): ScreenModel => ({
      kind: 'connecting',
      detail,
      elapsedSeconds: s,
      giveUpSeconds: 30,
    });
    const lost = (s: number): ScreenModel => ({
      kind: 'lost',
      elapsedSeconds: s,
      giveUpSeconds: 30,
    });
    const { renders } = await replay([
      model(connecting(0.2)),
      model(connecting(1.5)),
      model(connecting(9.9)),
      model(connecting(10.1)),
      model(connecting(11, 'downloading the map')),
    ]);
    expect(renders).toBe(3); // the first, a second digit, another detail
    await replay([model(lost(2.5)), model(lost(3.1)), model(lost(12))]);
    const narrow = { columns: 80, rows: 24 };
    const long = 'asking the server for its rooms, then waiting a while for it to answer';
    await replay([
      model(connecting(1, long), {}, narrow),
      model(connecting(2, long), {}, narrow),
      model(lost(5), {}, narrow),
      model(lost(6), {}, narrow),
    ]);
  });

  test('after a resize, and back', async () => {
    const g = (s: number, size: { columns: number; rows: number }) =>
      model(play(game(s, 2)), {}, size);
    const big = { columns: 120, rows: 40 };
    const small = { columns: 100, rows: 35 };
    const { renders } = await replay([g(150, big), g(149, small), g(148, small), g(147, big)]);
    expect(renders).toBe(3);
  });
});

describe('Ink renders only when the layout changes', () => {
  test('a minute of a game: one render, a few characters a second', async () => {
    const p = painted(model(play(game(120))));
    await p.settle();
    const bytes = p.tap.ownBytes + p.tap.inkBytes;
    // Four models a second (GameClient's pace), the clock and the figures moving (the last:
    // 1:00 left, ping 12 ms, 29 fps).
    for (let i = 1; i <= 240; i++) {
      p.show(model(play(game(120 - i / 4)), { pingMs: 10 + (i % 7), fps: 29 + (i % 3) }));
    }
    await p.settle();
    expect(p.renders()).toBe(1);
    // Each model rewrites a few characters: far from a screen (≈ 5 KB) each time.
    expect((p.tap.ownBytes + p.tap.inkBytes - bytes) / 240).toBeLessThan(120);
    expect(
      differences(p.term, await inkAlone(model(play(game(60)), { pingMs: 12, fps: 29 }))),
    ).toEqual([]);
  });

  test('the presenter: figures paced to a second, the layout rendered once', () => {
    const shown: AppModel[] = [];
    const paintedModels: AppModel[] = [];
    const presenter = new ModelPresenter((m) => shown.push(m), {
      showModel: (m) => paintedModels.push(m),
    });
    for (let t = 0; t <= 3000; t += 250) {
      presenter.show(model(play(game(100 - t / 1000)), { pingMs: 10 + t / 250 }), t);
    }
    expect(shown.length).toBe(1);
    expect(paintedModels.length).toBe(13);
    // The round trip shown anew once a second, held in between.
    expect(paintedModels.map((m) => m.status.pingMs)).toEqual([
      10, 10, 10, 10, 14, 14, 14, 14, 18, 18, 18, 18, 22,
    ]);
  });
});
