/**
 * `bun run bench client` (or `bun bench/client.ts [--seconds 10] [--warmup 10] [--fps 30]
 * [--hud-hz 4] [--level truecolor|256|16|none] [--netstats off|half|on]
 * [--modes painter,naive,player]`):
 * the game screen in a real pseudo-terminal (Bun.spawn with `terminal`, 160×45), drawn by a
 * child process at a fixed rate for `seconds` after `warmup` seconds (10 by default: JSC's
 * optimising compiler works through the first seconds of a session that lasts minutes; measured:
 * 4.4–4.75 ms a frame after 1 s, 3.4 ms after 10 s): the grand map (219×63)
 * with 10 players walking (seeded; 5 seekers and 5 hiders, the last hider caught and standing
 * still, "you" the first seeker), fog from your moving position (computeFog), remembered cells,
 * names. The map region is `playLayout(160, 45, 219, 63).map`, 134×43 (the panel stands at the
 * right, and the camera follows you); the map rows are built that size (buildMapView) every
 * frame, as GameClient.frame does.
 *
 * Two ways of drawing the screen, each in its own child:
 * - painter: the product's screen, drawn as `haunted play` draws it (src/cli/commands/play.ts
 *   and src/client/game-client.ts): the real App (src/client/ui/App.tsx) with a real AppModel
 *   and the MapSurface. The model's screen is built by build-model.ts's `screenModel` from the
 *   bench's roster: `play`, GAME phase, time left counting down (tick rate and seek time of
 *   DEFAULT_RULES) from the first frame, 4 of 5 hiders left, the team columns, the key hints.
 *   The status line: ping and loss made up (seeded), fps the frames of the last second (as
 *   GameClient counts them). Each frame the map rows go to `surface.present`; the App is
 *   re-rendered with a new model (`ink.rerender`) when GameClient.modelDue would say so: when
 *   `now − last ≥ 1000 / hudHz` (at 30 fps and 4 Hz: every 8th frame, 3.75 times a second), and
 *   at once when the network panel opens. The network panel (F2, made-up changing figures) is
 *   open from half-way through the measured frames by default (`--netstats half`), so its cost
 *   is in the totals; `--netstats off` or `on` keeps it closed or open all along. Left out of
 *   the product: KeyInput (no keys are read) and the network (no socket, no prediction).
 * - naive: the comparison, unchanged in spirit: the map as one pre-styled Ink <Text> per row,
 *   re-rendered every frame, in a simple tree of the same layout (a made-up status line updated
 *   at the HUD rate, a list of players at the right, a bottom line); not the App, no network
 *   panel.
 * - player (bench/client-player.ts): the real front-end on the network: GameClient on a PlayerView
 *   (prediction, interpolation, the fog of sight.ts, the news), the App and the MapSurface, as
 *   `haunted play` draws them, connected over UDP on 127.0.0.1 to `haunted serve --map grand`
 *   (from source, in a process of its own: its CPU is not the child's) where 9 bots play (in
 *   this process, started once the player is in the lobby, so that they wait for it); the keys
 *   scripted (seekers, ready, then an arrow held for about 0.8 s at a time). The scene is not the
 *   synthetic one (its own players, the bots' game), so compare it with the painter mode as
 *   "the whole client" against "its drawing alone", not frame for frame.
 * All with incrementalRendering, maxFps 60, alternate screen, React in production mode.
 *
 * Per mode: CPU ms per frame (the child's user + system CPU over the measured frames: JIT and
 * GC threads included), bytes written per frame (Ink's + ours, counted at the stream; average
 * and max; the parent also counts what came out of the pty), achieved fps and late frames
 * (interval > 1.5 periods); the wall time per frame of walking + fog (fogMs), the view-model
 * (viewModelMs), drawing the map (mapMs; painter: diff and write, naive: Ink's render of the
 * whole tree) and the HUD (hudMs; painter: building the model and ink.rerender, naive: the
 * status text); Ink renders a second and the time of one (Ink's renderTime, React's commit
 * excluded); Ink writes the surface repaired after warm-up (repairs); and whether the screen
 * after the last frame (replayed on a VtScreen) shows the HUD (status line, key hints or bottom
 * line, and the panel: the game's facts, and the network panel over the map when open, in painter
 * mode) and the last map.
 * Painter mode adds `halves`: CPU, bytes and repairs per frame of the first and second half of
 * the measured frames, each saying whether the network panel was open. Mind that the JIT is
 * still warming up during the first seconds: the first half costs more CPU even with the panel
 * closed throughout (compare `--netstats off` and `on` for the panel's cost).
 */
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Box, render, Text } from 'ink';
import { createElement as h } from 'react';
import { type BotRunner, startBots } from '../src/cli/bot-runner.ts';
import { DEFAULT_TIMERS } from '../src/client/connection-types.ts';
import { rowToAnsi, type StyledCell } from '../src/client/map-view.ts';
import type { ColorLevel } from '../src/client/palette.ts';
import { InkTap } from '../src/client/render/ink-tap.ts';
import { MapSurface } from '../src/client/render/map-surface.ts';
import {
  buildMapView,
  type MapPlayer,
  rememberSeen,
  rowsToText,
} from '../src/client/render/map-view-model.ts';
import { drawOverlay } from '../src/client/render/overlay-box.ts';
import { VtScreen } from '../src/client/render/vt-screen.ts';
import { App } from '../src/client/ui/App.tsx';
import { screenModel } from '../src/client/ui/build-model.ts';
import { SCREEN_INK_OPTIONS } from '../src/client/ui/ink-options.ts';
import { playLayout } from '../src/client/ui/layout.ts';
import type { AppModel, NetStatsView } from '../src/client/ui/model.ts';
import { netStatsOverlay } from '../src/client/ui/netstats-overlay.ts';
import { ModelPresenter } from '../src/client/ui/shown-model.ts';
import { parseMap } from '../src/game/map.ts';
import { BUILTIN_MAPS } from '../src/game/maps/index.ts';
import { KEY, movePlayer } from '../src/game/movement.ts';
import { rngInt, seedRng } from '../src/game/rng.ts';
import { DEFAULT_RULES } from '../src/game/state.ts';
import { SPEED, stepDistance, type Team } from '../src/game/units.ts';
import {
  computeFog,
  createOccupancy,
  createVisibility,
  playerCellIndex,
  setOccupants,
} from '../src/game/visibility.ts';
import type { RosterEntry } from '../src/protocol/index.ts';

/** When the painter mode shows the network panel (F2): never, the second half, all along. */
export type NetstatsWhen = 'off' | 'half' | 'on';

export interface ClientBenchOptions {
  seconds: number;
  /** Seconds drawn before the measure starts (Ink's first frames, the JIT). */
  warmup: number;
  fps: number;
  /** HUD updates a second (the App re-rendered through Ink): the main CPU cost after the map. */
  hudHz: number;
  level: ColorLevel;
  /** Painter mode: when the network panel is open. */
  netstats: NetstatsWhen;
  cols: number;
  rows: number;
  /** The modes run, in this order. @default all three */
  modes: readonly Mode[];
}

export const CLIENT_BENCH_DEFAULTS: ClientBenchOptions = {
  seconds: 10,
  warmup: 10,
  fps: 30,
  hudHz: 4,
  level: 'truecolor',
  netstats: 'half',
  cols: 160,
  rows: 45,
  modes: ['painter', 'naive', 'player'],
};

export type Mode = 'painter' | 'naive' | 'player';
const MODES: readonly Mode[] = ['painter', 'naive', 'player'];
const NAMES = ['Ann', 'Bob', 'Cyd', 'Dee', 'Eve', 'Fay', 'Gus', 'Hal', 'Ivy', 'Jo'];
/** The player's name in the player mode (the bots take others). */
export const PLAYER = 'You';
/** The server as the status line shows it. */
const ADDRESS = '127.0.0.1:7777';
/** Written by the child after its last frame (an OSC title: terminals show nothing). */
export const END_MARK = '\x1b]2;haunted-bench-end\x07';
const KEYSETS = [KEY.up, KEY.down, KEY.left, KEY.right, KEY.up | KEY.left, KEY.down | KEY.right];

/** The child's figures (see the top of the file), and its last map as text for the check. */
type ChildResult = Record<string, number | string[] | object | null> & { lastMap: string[] };

const round = (v: number, digits = 2) => Number(v.toFixed(digits));

/**
 * The grand map with 10 seeded players walking (keys changing about every 0.8 s) and you's fog:
 * 5 seekers (R), 5 hiders (B), the last hider caught (a ghost, standing still), you the first.
 */
function createWorld(fps: number) {
  const parsed = parseMap(BUILTIN_MAPS.grand!);
  if (!parsed.ok) throw new Error('grand map does not parse');
  const map = parsed.map;
  const vis = createVisibility(map);
  const occ = createOccupancy(vis);
  const fog = new Uint8Array(map.width * map.height);
  const remembered = new Uint8Array(map.width * map.height);
  const rng = seedRng(0xc1e7);
  // No spawn marks on this map: floor cells near the middle, where the camera scrolls with you
  // (near an edge it is clamped and the map stands still: too easy a benchmark).
  const floor: number[] = [];
  for (let c = 0; c < map.walls.length; c++) {
    const [x, y] = [c % map.width, Math.floor(c / map.width)];
    const middle = Math.abs(x - map.width / 2) < 30 && Math.abs(y - map.height / 2) < 8;
    if (map.walls[c] === 0 && middle) floor.push(c);
  }
  const players = NAMES.map((name, i) => {
    const cell = floor[rngInt(rng, floor.length)]!;
    const [x, y] = [(cell % map.width) * 16 + 2, Math.floor(cell / map.width) * 32 + 4];
    const team: Team = i < 5 ? 'R' : 'B';
    return { id: i + 1, name, colour: i, team, isYou: i === 0, caught: i === 9, keys: 0, x, y };
  });
  const cellOf = (p: { x: number; y: number }) => playerCellIndex(vis, p.x, p.y);
  /** Moves everyone one frame, then computes the fog: returns the players you see. */
  const step = (frame: number): MapPlayer[] => {
    for (const p of players) {
      if (p.caught) continue;
      if (frame % 25 === p.id % 25 || p.keys === 0) p.keys = KEYSETS[rngInt(rng, KEYSETS.length)]!;
      const dist = stepDistance(SPEED[p.team], frame, fps);
      const moved = movePlayer(map, p.x, p.y, p.keys, dist, []);
      if (moved.x === p.x && moved.y === p.y) p.keys = 0; // blocked: new keys next frame
      p.x = moved.x;
      p.y = moved.y;
    }
    setOccupants(vis, occ, players.filter((p) => !p.caught).map(cellOf));
    computeFog(vis, occ, cellOf(players[0]!), fog);
    rememberSeen(fog, remembered);
    return players.filter((p) => p.isYou || fog[cellOf(p)] === 1);
  };
  return { map, fog, remembered, players, step };
}

type World = ReturnType<typeof createWorld>;

/** What a mode draws: the HUD's tree for Ink, and each frame's map. */
interface Screen {
  /** The HUD is due: its figures move on (`now`: the frame clock, ms; `fps`: frames of the last second). */
  hud(now: number, fps: number): void;
  /** The tree for Ink, as of the last `hud` and `present`. */
  tree(): ReturnType<typeof h>;
  /** Shows the frame's map rows; returns whether Ink must render the tree again for it. */
  present(rows: StyledCell[][]): boolean;
}

/**
 * The product's screen: the App with the model GameClient would build for a game in progress
 * (`model` below is GameClient.model's counterpart, with the connection's figures made up).
 */
function productScreen(
  world: World,
  tap: InkTap,
  surface: MapSurface<AppModel>,
  o: ClientBenchOptions,
) {
  const { map, players } = world;
  const you = players.find((p) => p.isYou)!;
  const roster = new Map<number, RosterEntry>(
    players.map((p) => [
      p.id,
      {
        id: p.id,
        name: p.name,
        colour: p.colour,
        team: p.team,
        ready: true,
        caught: p.caught,
        spectator: false,
      },
    ]),
  );
  const hiders = players.filter((p) => p.team === 'B');
  const rules = DEFAULT_RULES;
  const hudRng = seedRng(0x4d); // apart from the world's: the figures follow the HUD's clock
  let startedAt: number | null = null; // the game's first frame
  let showNetstats = false;
  let corrections = 0;
  const netstats = (rttMs: number): NetStatsView => {
    if (rngInt(hudRng, 4) === 0) corrections++;
    return {
      rttMs,
      jitterMs: 2 + rngInt(hudRng, 6),
      lossDownPct: rngInt(hudRng, 3) / 10,
      lossUpPct: 0,
      bytesInPerSec: 9000 + rngInt(hudRng, 2000),
      bytesOutPerSec: 1800 + rngInt(hudRng, 400),
      snapshotsPerSec: rules.tickRate - rngInt(hudRng, 2) / 10,
      tickRate: rules.tickRate,
      leadTicks: 2,
      interpolationDelayMs: 100,
      corrections,
      visibleCorrections: Math.floor(corrections / 3),
      snaps: 0,
      pendingInputs: 1 + rngInt(hudRng, 3),
      drops: 0,
      simulated: null,
    };
  };
  const model = (now: number, fps: number): AppModel => {
    startedAt ??= now;
    const elapsed = (now - startedAt) / 1000;
    const rttMs = 38 + rngInt(hudRng, 9);
    const screen = screenModel({
      state: 'playing',
      detail: 'playing',
      refusal: null,
      everPlayed: true,
      leaving: false,
      draft: '',
      draftError: null,
      sinceStartMs: now - startedAt,
      lostForMs: null,
      giveUpMs: DEFAULT_TIMERS.giveUpMs,
      lostRetryMs: DEFAULT_TIMERS.lostRetryMs,
      playing: {
        mapName: map.name,
        mapWidth: map.width,
        mapHeight: map.height,
        phase: {
          kind: 'GAME',
          ticksLeft: Math.max(0, Math.round((rules.seekTime - elapsed) * rules.tickRate)),
          hidersLeft: hiders.filter((p) => !p.caught).length,
          hidersTotal: hiders.length,
          headStart: 0,
          endTicks: Math.round(rules.endTime * rules.tickRate),
        },
        tickRate: rules.tickRate,
        roster,
        youId: you.id,
        name: you.name,
      },
      layout: 'qwerty',
    });
    return {
      screen,
      status: { address: ADDRESS, pingMs: rttMs, lossPct: rngInt(hudRng, 3) / 10, fps },
      netstats: showNetstats ? netstats(rttMs) : null,
      columns: tap.columns,
      rows: tap.rows,
      color: o.level !== 'none',
    };
  };
  let current: AppModel | null = null;
  const screen: Screen = {
    hud: (now, fps) => {
      current = model(now, fps);
    },
    tree: () => h(App, { model: current!, surface }),
    present: (rows) => {
      // As GameClient.frame: the network panel stands over the map, drawn into its rows.
      const stats = current?.netstats ?? null;
      if (stats !== null) drawOverlay(rows, netStatsOverlay(stats), o.level);
      surface.present(rows);
      return false;
    },
  };
  return {
    screen,
    /** The model of the last `hud`. */
    model: () => current!,
    openNetstats: () => {
      showNetstats = true;
    },
  };
}

/** The comparison: a simple tree of the same layout, the map as Ink Text rows. */
function naiveScreen(world: World, tap: InkTap, o: ClientBenchOptions): Screen {
  const hudRng = seedRng(0x4d);
  const panel = [
    'Players',
    ...world.players.map((p) => `${p.team} ${p.name}${p.caught ? ' (ghost)' : ''}`),
  ];
  let mapRows: string[] = [];
  let status = '';
  return {
    hud: (_now, fps) => {
      const [ping, loss] = [38 + rngInt(hudRng, 9), rngInt(hudRng, 3) / 10];
      status = `ping ${ping} ms  loss ${loss.toFixed(1)}%  fps ${fps}  map grand`;
    },
    tree: () => {
      const [cols, rows] = [tap.columns, tap.rows]; // follows resizes (try it in tmux)
      const layout = playLayout(cols, rows, world.map.width, world.map.height);
      const map = h(
        Box,
        { ...layout.map, flexDirection: 'column', flexShrink: 0 },
        ...mapRows.map((r, i) => h(Text, { key: i, wrap: 'truncate' }, r)),
      );
      const side = panel.map((line, i) => h(Text, { key: i, wrap: 'truncate' }, line));
      return h(
        Box,
        { flexDirection: 'column', width: cols, height: rows },
        h(Text, { wrap: 'truncate' }, status),
        h(
          Box,
          { flexDirection: 'row', height: rows - 2 },
          map,
          h(Box, { flexDirection: 'column', width: layout.panelWidth, paddingLeft: 1 }, ...side),
        ),
        h(Text, { wrap: 'truncate' }, 'arrows move  q quit  (client bench)'),
      );
    },
    present: (rows) => {
      mapRows = rows.map((r) => rowToAnsi(r, o.level));
      return true;
    },
  };
}

/** The frame producer: runs inside the pty, writes its figures to `out`. */
async function runChild(mode: Mode, o: ClientBenchOptions, out: string): Promise<void> {
  const world = createWorld(o.fps);
  const tap = new InkTap(process.stdout);
  const surface = new MapSurface<AppModel>(tap, o.level);
  const product = mode === 'painter' ? productScreen(world, tap, surface, o) : null;
  const screen = product?.screen ?? naiveScreen(world, tap, o);

  let frame = 0;
  const total = Math.round((o.warmup + o.seconds) * o.fps);
  const warm = Math.round(o.warmup * o.fps);
  const half = warm + Math.floor((total - warm) / 2);
  const netstatsFrom = { off: Number.POSITIVE_INFINITY, half, on: 0 }[o.netstats];
  let inkRenders = 0; // after warm-up, with their time (Ink's renderTime: layout + output, ms)
  let inkRenderMs = 0;
  const recent: number[] = []; // frame times of the last second: the status line's fps
  screen.hud(performance.now(), 0);
  const ink = render(screen.tree(), {
    stdout: tap as unknown as NodeJS.WriteStream,
    ...SCREEN_INK_OPTIONS,
    onRender: ({ renderTime }) => {
      if (frame < warm) return;
      inkRenders++;
      inkRenderMs += renderTime;
    },
  });
  // The product's HUD as haunted play shows it: Ink renders a model only when its layout is new,
  // the surface paints the live texts (timers, the status line's figures) of every model.
  const presenter =
    product === null
      ? null
      : new ModelPresenter((model) => ink.rerender(h(App, { model, surface })), surface);
  tap.on('resize', () => {
    // As play.ts does: the layout changes, the surface starts over, the App is drawn at once.
    surface.reset();
    screen.hud(performance.now(), recent.length);
    ink.rerender(screen.tree());
  });

  const period = 1000 / o.fps;
  const starts: number[] = [];
  /** Bytes written between two wakes of the loop, and the last frame run before them. */
  const bytes: { frame: number; n: number }[] = [];
  const spent = { fog: 0, vm: 0, map: 0, hud: 0 };
  let cpu0 = process.cpuUsage();
  let cpuHalf = cpu0;
  let repairs0 = 0; // the surface's repairs at warm-up's end and half-way
  let repairsHalf = 0;
  let lastBytes = 0;
  let modelAt = Number.NEGATIVE_INFINITY; // GameClient's modelDue: last model and dirtiness
  let modelDirty = false;
  let lastMap: string[] = [];
  const step = () => {
    const now = performance.now();
    if (frame === warm) {
      cpu0 = process.cpuUsage();
      repairs0 = surface.repairs;
      lastBytes = tap.inkBytes + tap.ownBytes;
    }
    if (frame === half) {
      cpuHalf = process.cpuUsage();
      repairsHalf = surface.repairs;
    }
    if (frame === netstatsFrom && product) {
      product.openNetstats(); // as F2 does: the model is due at once
      modelDirty = true;
    }
    recent.push(now);
    while (recent.length > 0 && recent[0]! <= now - 1000) recent.shift();
    const t0 = performance.now();
    const shown = world.step(frame);
    const t1 = performance.now();
    const { map, fog, remembered } = world;
    const size = playLayout(tap.columns, tap.rows, map.width, map.height).map;
    const view = buildMapView({ map, fog, remembered, players: shown, level: o.level, ...size });
    const t2 = performance.now();
    const inkFrame = screen.present(view.rows); // naive: the map needs an Ink render
    const t3 = performance.now();
    const hudDue = modelDirty || now - modelAt >= 1000 / o.hudHz; // GameClient.modelDue
    if (hudDue) {
      modelAt = now;
      modelDirty = false;
      screen.hud(now, recent.length);
    }
    const t4 = performance.now();
    if (presenter !== null && product !== null) {
      if (hudDue) presenter.show(product.model(), now);
    } else if (hudDue || inkFrame) ink.rerender(screen.tree());
    const t5 = performance.now();
    if (frame >= warm) {
      starts.push(now);
      spent.fog += t1 - t0;
      spent.vm += t2 - t1;
      // naive: the map is drawn by Ink's render of the whole tree
      spent.map += inkFrame ? t5 - t4 + (t3 - t2) : t3 - t2;
      spent.hud += inkFrame ? t4 - t3 : t5 - t3;
    }
    if (frame === total - 1) lastMap = rowsToText(view.rows);
    frame++;
  };

  // A fixed-step loop (PLATFORM.md): run the frames that are due, sleep until the next.
  await new Promise<void>((resolve) => {
    let next = performance.now();
    const loop = () => {
      // Bytes of a frame: all written since the previous frame began (Ink's throttled writes
      // land between frames).
      const written = tap.inkBytes + tap.ownBytes;
      if (frame > warm) bytes.push({ frame: frame - 1, n: written - lastBytes });
      lastBytes = written;
      if (frame >= total) return resolve();
      for (; performance.now() >= next && frame < total; next += period) step();
      setTimeout(loop, Math.max(0, Math.ceil(next - performance.now())));
    };
    loop();
  });
  const cpuEnd = process.cpuUsage();
  const cpuMs = (from: NodeJS.CpuUsage, to: NodeJS.CpuUsage) =>
    (to.user - from.user + to.system - from.system) / 1000;
  const frames = total - warm;
  const intervals = starts.slice(1).map((s, i) => s - starts[i]!);
  const perFrame = (ms: number) => round(ms / frames, 3);
  const bytesOf = (list: { n: number }[]) => ({
    bytesPerFrameAvg: Math.round(list.reduce((a, b) => a + b.n, 0) / Math.max(1, list.length)),
    bytesPerFrameMax: Math.max(0, ...list.map((b) => b.n)),
  });
  const halfFigures = (
    from: NodeJS.CpuUsage,
    to: NodeJS.CpuUsage,
    list: { n: number }[],
    repairs: number,
    first: number,
  ) => ({
    netstats: first >= netstatsFrom,
    cpuMsPerFrame: round(cpuMs(from, to) / list.length),
    ...bytesOf(list),
    repairs,
  });
  const before = bytes.filter((b) => b.frame < half);
  const after = bytes.filter((b) => b.frame >= half);
  const result: ChildResult = {
    frames,
    cpuMsPerFrame: round(cpuMs(cpu0, cpuEnd) / frames),
    ...bytesOf(bytes),
    fps: round(((starts.length - 1) * 1000) / (starts.at(-1)! - starts[0]!)),
    lateFrames: intervals.filter((d) => d > 1.5 * period).length,
    fogMs: perFrame(spent.fog),
    viewModelMs: perFrame(spent.vm),
    mapMs: perFrame(spent.map),
    hudMs: perFrame(spent.hud),
    repairs: surface.repairs - repairs0,
    inkRendersPerSecond: round(inkRenders / o.seconds, 1),
    inkRenderMs: round(inkRenderMs / Math.max(1, inkRenders)),
    halves: product
      ? [
          halfFigures(cpu0, cpuHalf, before, repairsHalf - repairs0, warm),
          halfFigures(cpuHalf, cpuEnd, after, surface.repairs - repairsHalf, half),
        ]
      : null,
    lastMap,
  };
  await Bun.write(out, JSON.stringify(result));
  await ink.waitUntilRenderFlush(); // Ink's last frame may wait on its throttle
  process.stdout.write(END_MARK); // the parent checks the screen here, before unmount erases the map
  ink.unmount();
  process.exit(0);
}

/** Runs one mode in a pty; returns the child's figures, the pty's byte count, a screen check. */
async function runMode(mode: Mode, o: ClientBenchOptions) {
  if (mode !== 'player') return runInPty(mode, o, import.meta.path, [], ADDRESS);
  const game = await startGame(o);
  try {
    const script = join(import.meta.dir, 'client-player.ts');
    const args = ['--port', String(game.port)];
    return await runInPty(mode, o, script, args, `127.0.0.1:${game.port}`, game.joined);
  } catch (err) {
    throw new Error(
      `${(err as Error).message}\nthe server's log ends:\n${game.log().slice(-1500)}`,
    );
  } finally {
    await game.stop();
  }
}

/**
 * The player mode's game: `haunted serve --map grand` (from source) on 127.0.0.1, a seek time
 * longer than the measure, no head start; 9 bots in this process, started once the player is
 * in the room (`joined`) so that they wait for it in the lobby.
 */
async function startGame(o: ClientBenchOptions) {
  const seekTime = Math.ceil(o.warmup + o.seconds + 30);
  const proc = Bun.spawn(
    [
      process.execPath,
      join(import.meta.dir, '../src/cli/main.ts'),
      ...`serve --host 127.0.0.1 --port 0 --map grand --countdown 1 --head-start 0 --seek-time ${seekTime}`.split(
        ' ',
      ),
    ],
    { stdout: 'pipe', stderr: 'pipe', stdin: 'ignore' },
  );
  // The banner comes on stdout, the log (who connects) on stderr: both read, both drained.
  const lines = { text: '' };
  let joinedNow: () => void = () => {};
  const joined = new Promise<void>((resolve) => {
    joinedNow = resolve;
  });
  for (const stream of [proc.stdout, proc.stderr]) {
    (async () => {
      for await (const chunk of stream) {
        lines.text += new TextDecoder().decode(chunk);
        if (lines.text.includes(`name=${PLAYER} `)) joinedNow();
        if (lines.text.length > 100_000) lines.text = lines.text.slice(-10_000);
      }
    })().catch(() => {});
  }
  const listening = /listening on 127\.0\.0\.1:(\d+)/;
  const end = performance.now() + 10_000;
  while (!listening.test(lines.text)) {
    if (performance.now() > end || proc.exitCode !== null) {
      proc.kill();
      throw new Error(`bench client: the server did not start: ${lines.text}`);
    }
    await Bun.sleep(20);
  }
  const port = Number(listening.exec(lines.text)![1]);
  const clock = () => performance.now();
  const bots: BotRunner[] = [];
  const botsStarted = joined.then(async () => {
    const runner = await startBots({
      server: { address: '127.0.0.1', port },
      count: 9,
      seed: 0xb07,
      clock,
      takenNames: new Set([PLAYER]),
    });
    bots.push(runner);
  });
  return {
    port,
    joined: botsStarted,
    log: () => lines.text,
    stop: async () => {
      for (const runner of bots) await runner.stop(500);
      proc.kill();
      await proc.exited;
    },
  };
}

/** Runs `script` as the child of `mode` in a pty; returns its figures, the pty's bytes, a check. */
async function runInPty(
  mode: Mode,
  o: ClientBenchOptions,
  script: string,
  extra: readonly string[],
  address: string,
  started?: Promise<void>,
) {
  const out = join(tmpdir(), `haunted-client-bench-${process.pid}-${mode}.json`);
  const screen = new VtScreen(o.rows, o.cols);
  const decoder = new TextDecoder();
  let ptyBytes = 0;
  let lastScreen: string[] = []; // the screen after the last frame
  const env: Record<string, string> = { NODE_ENV: 'production', TERM: 'xterm-256color' };
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'CI') env[k] ??= v;
  const args = `--child ${mode} --seconds ${o.seconds} --warmup ${o.warmup} --netstats ${o.netstats} --fps ${o.fps} --hud-hz ${o.hudHz} --level ${o.level} --out ${out}`;
  const proc = Bun.spawn([process.execPath, script, ...args.split(' '), ...extra], {
    env,
    terminal: {
      cols: o.cols,
      rows: o.rows,
      data(_t, d) {
        ptyBytes += d.length;
        const text = decoder.decode(d, { stream: true });
        const end = text.indexOf(END_MARK);
        if (end < 0) return screen.feed(text);
        screen.feed(text.slice(0, end));
        lastScreen = screen.lines();
        screen.feed(text.slice(end));
      },
    },
  });
  // A child that fails early leaves `started` pending: the exit decides first.
  await Promise.race([started ?? Promise.resolve(), proc.exited]);
  const code = await proc.exited;
  await Bun.sleep(50); // the last bytes from the pty
  proc.terminal?.close();
  if (code !== 0)
    throw new Error(`${mode} child failed (${code}):\n${screen.lines().join('\n').trim()}`);
  const child = JSON.parse(readFileSync(out, 'utf8')) as ChildResult;
  rmSync(out, { force: true });
  // The screen after the last frame must show the HUD, and the child's last map.
  const { lastMap, ...figures } = child;
  const shown = lastScreen.slice(1, 1 + lastMap.length);
  const mapOnScreen = shown.length > 0 && shown.every((l, y) => l.startsWith(lastMap[y]!));
  const [top, bottom] = [lastScreen[0] ?? '', lastScreen[o.rows - 1] ?? ''];
  const panelText = lastScreen.slice(1, o.rows - 1).join('\n');
  const hudOnScreen =
    mode !== 'naive'
      ? top.startsWith('Haunted Chronicles') &&
        top.includes(address) &&
        /fps\s*$/.test(top) &&
        bottom.includes('move') &&
        bottom.includes('quit') &&
        panelText.includes('hiders left') &&
        (o.netstats === 'off' || panelText.includes('Round trip'))
      : top.startsWith('ping') && bottom.startsWith('arrows') && panelText.includes('Players');
  return { ...figures, ptyBytesTotal: ptyBytes, mapOnScreen, hudOnScreen };
}

const NETSTATS_WORDS: Record<NetstatsWhen, string> = {
  off: 'closed',
  half: 'open for the second half',
  on: 'open all along',
};

export async function benchClient(o: ClientBenchOptions = CLIENT_BENCH_DEFAULTS) {
  const figures: Partial<Record<Mode, Awaited<ReturnType<typeof runMode>>>> = {};
  for (const mode of o.modes) figures[mode] = await runMode(mode, o);
  const { painter, naive, player } = figures;
  const grand = createWorld(o.fps).map;
  const region = playLayout(o.cols, o.rows, grand.width, grand.height).map;
  return {
    screen: `${o.cols}×${o.rows}, map region ${region.width}×${region.height}, grand map (${grand.width}×${grand.height}), 10 players (5 seekers, 5 hiders)`,
    target: `${o.fps} fps for ${o.seconds} s after ${o.warmup} s warm-up, HUD ${o.hudHz} Hz, colour level ${o.level}`,
    ...(painter && {
      painter: {
        what: `the App (play screen, GAME phase) + MapSurface; network panel ${NETSTATS_WORDS[o.netstats]}`,
        ...painter,
      },
    }),
    ...(naive && {
      naive: { what: 'the map as Ink Text rows in a simple tree (not the App)', ...naive },
    }),
    ...(player && {
      player: {
        what: `GameClient on a PlayerView (prediction, interpolation, fog, news), the App + MapSurface, over UDP to haunted serve --map grand with 9 bots, keys scripted; network panel ${NETSTATS_WORDS[o.netstats]}`,
        ...player,
      },
    }),
  };
}

/**
 * Options from `--seconds S --warmup S --fps F --hud-hz H --level L --netstats off|half|on
 * --modes painter,naive,player`
 * (the rest: defaults).
 */
export function parseClientBenchArgs(argv: readonly string[]): ClientBenchOptions {
  const o = { ...CLIENT_BENCH_DEFAULTS };
  for (let i = 0; i < argv.length; i += 2) {
    const [k, v] = [argv[i], argv[i + 1] ?? ''];
    if (k === '--seconds') o.seconds = Number(v);
    else if (k === '--warmup') o.warmup = Number(v);
    else if (k === '--netstats') {
      if (v !== 'off' && v !== 'half' && v !== 'on') throw new Error('--netstats: off, half or on');
      o.netstats = v;
    } else if (k === '--fps') o.fps = Number(v);
    else if (k === '--hud-hz') o.hudHz = Number(v);
    else if (k === '--level') o.level = v as ColorLevel;
    else if (k === '--modes') {
      const modes = v.split(',');
      const bad = modes.find((m) => !MODES.includes(m as Mode));
      if (bad !== undefined) throw new Error(`--modes: ${MODES.join(', ')} (not ${bad})`);
      o.modes = modes as Mode[];
    }
  }
  return o;
}

if (import.meta.main) {
  const argv = process.argv.slice(2);
  const o = parseClientBenchArgs(argv);
  const child = argv[argv.indexOf('--child') + 1] as Mode | undefined;
  const out = argv[argv.indexOf('--out') + 1];
  if (argv.includes('--child') && child && out) await runChild(child, o, out);
  else console.log(JSON.stringify(await benchClient(o), null, 2));
}
