/**
 * `bun run bench client` (or `bun bench/client.ts [--seconds 10] [--fps 30] [--hud-hz 4]
 * [--level truecolor|256|16|none]`):
 * the game screen in a real pseudo-terminal (Bun.spawn with `terminal`, 160×45), drawn by a
 * child process at a fixed rate for `seconds` after 1 s of warm-up: the grand map (219×63) with
 * 10 players walking (seeded), fog from the moving viewer (computeFog), remembered cells, names;
 * Ink lays out a status line (ping/loss/fps, updated `hudHz` times a second), a side panel and a
 * bottom line.
 *
 * Two ways of drawing the map, each in its own child:
 * - painter: MapRegion + MapSurface (src/client/render): Ink draws the HUD, we paint the map;
 * - naive: the map as one pre-styled Ink <Text> per row, re-rendered every frame.
 * Both with incrementalRendering, maxFps 60, alternate screen, React in production mode.
 *
 * Per mode: CPU ms per frame (the child's user + system CPU over the measured frames), bytes
 * written per frame (Ink's + ours, counted at the stream; average and max; the parent also counts
 * what came out of the pty), achieved fps and late frames (interval > 1.5 periods); the wall
 * time per frame of walking + fog (fogMs), the view-model, drawing the map (mapMs; painter: diff
 * and write, naive: Ink's render of the whole tree) and the HUD (hudMs: Ink renders `hudHz`
 * times a second); Ink renders a second and the time of one (Ink's renderTime, React's commit excluded); Ink
 * writes the surface repaired (repairs); and whether the screen after the last frame (replayed
 * on a VtScreen) shows the HUD and the last map.
 */
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Box, render, Text } from 'ink';
import { createElement as h, type ReactNode } from 'react';
import { rowToAnsi } from '../src/client/map-view.ts';
import type { ColorLevel } from '../src/client/palette.ts';
import { InkTap } from '../src/client/render/ink-tap.ts';
import { MapRegion } from '../src/client/render/MapRegion.tsx';
import { MapSurface } from '../src/client/render/map-surface.ts';
import { buildMapView, type MapPlayer, rowsToText } from '../src/client/render/map-view-model.ts';
import { VtScreen } from '../src/client/render/vt-screen.ts';
import { parseMap } from '../src/game/map.ts';
import { BUILTIN_MAPS } from '../src/game/maps/index.ts';
import { KEY, movePlayer } from '../src/game/movement.ts';
import { rngInt, seedRng } from '../src/game/rng.ts';
import { SPEED, stepDistance, type Team } from '../src/game/units.ts';
import {
  computeFog,
  createOccupancy,
  createVisibility,
  playerCellIndex,
  setOccupants,
} from '../src/game/visibility.ts';

export interface ClientBenchOptions {
  seconds: number;
  fps: number;
  /** HUD updates a second (status line through Ink): the main CPU cost after the map. */
  hudHz: number;
  level: ColorLevel;
  cols: number;
  rows: number;
}

export const CLIENT_BENCH_DEFAULTS: ClientBenchOptions = {
  seconds: 10,
  fps: 30,
  hudHz: 4,
  level: 'truecolor',
  cols: 160,
  rows: 45,
};

type Mode = 'painter' | 'naive';
const WARMUP_S = 1;
const SIDE_W = 24;
const NAMES = ['Ann', 'Bob', 'Cyd', 'Dee', 'Eve', 'Fay', 'Gus', 'Hal', 'Ivy', 'Jo'];
/** Written by the child after its last frame (an OSC title: terminals show nothing). */
const END_MARK = '\x1b]2;haunted-bench-end\x07';
const KEYSETS = [KEY.up, KEY.down, KEY.left, KEY.right, KEY.up | KEY.left, KEY.down | KEY.right];

/** The child's figures (see the top of the file), and its last map as text for the check. */
type ChildResult = Record<string, number | string[]> & { lastMap: string[] };

const round = (v: number, digits = 2) => Number(v.toFixed(digits));

/** The grand map with 10 seeded players walking (keys changing about every 0.8 s) and you's fog. */
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
    const team: Team = i < 3 ? 'R' : 'B';
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
    return players.filter((p) => p.isYou || fog[cellOf(p)] === 1);
  };
  return { map, fog, remembered, players, step };
}

/** The screen, filling the terminal: status line, map region + side panel, bottom line. */
function screenTree(
  size: { cols: number; rows: number },
  status: string,
  panel: string[],
  map: ReactNode,
) {
  const side = panel.map((line, i) => h(Text, { key: i, wrap: 'truncate' }, line));
  return h(
    Box,
    { flexDirection: 'column', width: size.cols, height: size.rows },
    h(Text, { wrap: 'truncate' }, status),
    h(
      Box,
      { flexDirection: 'row', height: size.rows - 2 },
      map,
      h(Box, { flexDirection: 'column', width: SIDE_W, paddingLeft: 1 }, ...side),
    ),
    h(Text, { wrap: 'truncate' }, 'arrows move  q quit  (client bench)'),
  );
}

/** The frame producer: runs inside the pty, writes its figures to `out`. */
async function runChild(mode: Mode, o: ClientBenchOptions, out: string): Promise<void> {
  const world = createWorld(o.fps);
  const hudRng = seedRng(0x4d); // apart from the world's: HUD updates follow the clock
  const panel = [
    'Players',
    ...world.players.map((p) => `${p.team} ${p.name}${p.caught ? ' (ghost)' : ''}`),
  ];
  const tap = new InkTap(process.stdout);
  const surface = new MapSurface(tap, o.level);
  let status = 'ping - ms  loss -  fps -';
  let mapRows: string[] = []; // naive mode: the map as pre-styled rows
  const tree = () => {
    const size = { cols: tap.columns, rows: tap.rows }; // follows resizes (try it in tmux)
    const [width, height] = [size.cols - SIDE_W, size.rows - 2];
    const map =
      mode === 'painter'
        ? h(MapRegion, { surface, width, height })
        : h(
            Box,
            { width, height, flexDirection: 'column' },
            ...mapRows.map((r, i) => h(Text, { key: i, wrap: 'truncate' }, r)),
          );
    return screenTree(size, status, panel, map);
  };

  let frame = 0;
  const total = Math.round((WARMUP_S + o.seconds) * o.fps);
  const warm = Math.round(WARMUP_S * o.fps);
  let inkRenders = 0; // after warm-up, with their time (Ink's renderTime: layout + output, ms)
  let inkRenderMs = 0;
  const ink = render(tree(), {
    stdout: tap as unknown as NodeJS.WriteStream,
    interactive: true,
    incrementalRendering: true,
    alternateScreen: true,
    patchConsole: false,
    exitOnCtrlC: false,
    maxFps: 60,
    onRender: ({ renderTime }) => {
      if (frame < warm) return;
      inkRenders++;
      inkRenderMs += renderTime;
    },
  });
  tap.on('resize', () => ink.rerender(tree()));

  const period = 1000 / o.fps;
  const starts: number[] = [];
  const bytes: number[] = [];
  const spent = { fog: 0, vm: 0, map: 0, hud: 0 };
  let cpu0 = process.cpuUsage();
  let lastBytes = 0;
  let lastHud = 0;
  let lastMap: string[] = [];
  const step = () => {
    const now = performance.now();
    if (frame === warm) {
      cpu0 = process.cpuUsage();
      lastBytes = tap.inkBytes + tap.ownBytes;
    }
    const t0 = performance.now();
    const shown = world.step(frame);
    const t1 = performance.now();
    const size =
      mode === 'painter' ? surface.size : { width: tap.columns - SIDE_W, height: tap.rows - 2 };
    const { map, fog, remembered } = world;
    const view = buildMapView({ map, fog, remembered, players: shown, level: o.level, ...size });
    const t2 = performance.now();
    if (mode === 'painter') surface.present(view.rows);
    else {
      mapRows = view.rows.map((r) => rowToAnsi(r, o.level));
      ink.rerender(tree());
    }
    const t3 = performance.now();
    if (now - lastHud >= 1000 / o.hudHz - 1) {
      lastHud = now;
      const n = starts.length;
      const fps = n > 1 ? ((n - 1) * 1000) / (starts[n - 1]! - starts[0]!) : 0;
      const [ping, loss] = [38 + rngInt(hudRng, 9), rngInt(hudRng, 3) / 10];
      status = `ping ${ping} ms  loss ${loss.toFixed(1)}%  fps ${fps.toFixed(1)}  map grand`;
      if (mode === 'painter') ink.rerender(tree()); // naive re-renders every frame anyway
    }
    if (frame >= warm) {
      starts.push(now);
      spent.fog += t1 - t0;
      spent.vm += t2 - t1;
      spent.map += t3 - t2;
      spent.hud += performance.now() - t3;
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
      if (frame > warm) bytes.push(written - lastBytes);
      lastBytes = written;
      if (frame >= total) return resolve();
      for (; performance.now() >= next && frame < total; next += period) step();
      setTimeout(loop, Math.max(0, Math.ceil(next - performance.now())));
    };
    loop();
  });
  const cpu = process.cpuUsage(cpu0);
  const frames = total - warm;
  const intervals = starts.slice(1).map((s, i) => s - starts[i]!);
  const perFrame = (ms: number) => round(ms / frames, 3);
  const result: ChildResult = {
    frames,
    cpuMsPerFrame: round((cpu.user + cpu.system) / 1000 / frames),
    bytesPerFrameAvg: Math.round(bytes.reduce((a, b) => a + b, 0) / bytes.length),
    bytesPerFrameMax: Math.max(...bytes),
    fps: round(((starts.length - 1) * 1000) / (starts.at(-1)! - starts[0]!)),
    lateFrames: intervals.filter((d) => d > 1.5 * period).length,
    fogMs: perFrame(spent.fog),
    viewModelMs: perFrame(spent.vm),
    mapMs: perFrame(spent.map),
    hudMs: perFrame(spent.hud),
    repairs: surface.repairs,
    inkRendersPerSecond: round(inkRenders / o.seconds, 1),
    inkRenderMs: round(inkRenderMs / Math.max(1, inkRenders)),
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
  const out = join(tmpdir(), `haunted-client-bench-${process.pid}-${mode}.json`);
  const screen = new VtScreen(o.rows, o.cols);
  const decoder = new TextDecoder();
  let ptyBytes = 0;
  let lastScreen: string[] = []; // the screen after the last frame
  const env: Record<string, string> = { NODE_ENV: 'production', TERM: 'xterm-256color' };
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'CI') env[k] ??= v;
  const args = `--child ${mode} --seconds ${o.seconds} --fps ${o.fps} --hud-hz ${o.hudHz} --level ${o.level} --out ${out}`;
  const proc = Bun.spawn([process.execPath, import.meta.path, ...args.split(' ')], {
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
  const hudOnScreen =
    !!lastScreen[0]?.startsWith('ping') && !!lastScreen[o.rows - 1]?.startsWith('arrows');
  return { ...figures, ptyBytesTotal: ptyBytes, mapOnScreen, hudOnScreen };
}

export async function benchClient(o: ClientBenchOptions = CLIENT_BENCH_DEFAULTS) {
  const painter = await runMode('painter', o);
  const naive = await runMode('naive', o);
  return {
    screen: `${o.cols}×${o.rows}, map region ${o.cols - SIDE_W}×${o.rows - 2}, grand map, 10 players`,
    target: `${o.fps} fps for ${o.seconds} s after ${WARMUP_S} s warm-up, HUD ${o.hudHz} Hz, colour level ${o.level}`,
    painter,
    naive,
  };
}

/** Options from `--seconds S --fps F --hud-hz H --level L` (the rest: defaults). */
export function parseClientBenchArgs(argv: readonly string[]): ClientBenchOptions {
  const o = { ...CLIENT_BENCH_DEFAULTS };
  for (let i = 0; i < argv.length; i += 2) {
    const [k, v] = [argv[i], argv[i + 1] ?? ''];
    if (k === '--seconds') o.seconds = Number(v);
    else if (k === '--fps') o.fps = Number(v);
    else if (k === '--hud-hz') o.hudHz = Number(v);
    else if (k === '--level') o.level = v as ColorLevel;
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
