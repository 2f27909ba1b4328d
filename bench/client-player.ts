/**
 * The `player` mode of `bun run bench client` (bench/client.ts starts it in a pty): the real
 * terminal front-end, GameClient on a PlayerView with the App and the MapSurface, drawn as
 * `haunted play` draws it (src/cli/commands/play.ts: `frame` at the frame rate, the rows to the
 * surface, the App re-rendered when `modelDue`), connected over UDP on 127.0.0.1 to a real
 * server (another process) where 9 bots play. The keys are scripted, as KeyEvents with the kitty
 * protocol's press and release: R and Space in the lobby (you join the seekers and get ready),
 * then in the game an arrow held for about 0.8 s at a time (seeded), and F2 half-way when the
 * network panel is asked for. Prediction, interpolation, the fog (sight.ts, recomputed only on a
 * change of cell) and the news all run; KeyInput does not (no keys are read from the terminal).
 *
 * The measure starts at the first frame of the game (`warmup` seconds later) and lasts
 * `seconds`; the figures are those of the other modes (bench/client.ts), plus the share of
 * frames whose fog was computed again, the players drawn per frame, and the snapshots a second.
 */
import { render } from 'ink';
import { createElement as h } from 'react';
import { GameClient } from '../src/client/game-client.ts';
import type { KeyEvent } from '../src/client/keys.ts';
import { InkTap } from '../src/client/render/ink-tap.ts';
import { MapSurface } from '../src/client/render/map-surface.ts';
import { rowsToText } from '../src/client/render/map-view-model.ts';
import { App } from '../src/client/ui/App.tsx';
import { SCREEN_INK_OPTIONS } from '../src/client/ui/ink-options.ts';
import type { AppModel } from '../src/client/ui/model.ts';
import { ModelPresenter } from '../src/client/ui/shown-model.ts';
import { rngInt, seedRng } from '../src/game/rng.ts';
import { createUdpTransport } from '../src/net/udp.ts';
import { type ClientBenchOptions, END_MARK, PLAYER, parseClientBenchArgs } from './client.ts';

/** How long the child waits for the game to start, ms. */
const GAME_WAIT_MS = 30_000;
/** A lobby key is pressed again after this long at the soonest, ms (as bots do). */
const ACTION_RETRY_MS = 500;
const ARROWS = ['upArrow', 'downArrow', 'leftArrow', 'rightArrow'] as const;

const round = (v: number, digits = 2) => Number(v.toFixed(digits));
const press = (input: string): KeyEvent => ({ input, key: { eventType: 'press' } });
const arrow = (which: (typeof ARROWS)[number], eventType: 'press' | 'release'): KeyEvent => ({
  input: '',
  key: { [which]: true, eventType },
});

async function runPlayerChild(o: ClientBenchOptions, port: number, out: string): Promise<void> {
  const clock = () => performance.now();
  const address = `127.0.0.1:${port}`;
  const tap = new InkTap(process.stdout);
  const surface = new MapSurface<AppModel>(tap, o.level);
  const transport = await createUdpTransport({ host: '127.0.0.1', port: 0, clock });
  const client = new GameClient({
    transport,
    server: { address: '127.0.0.1', port },
    address,
    name: PLAYER,
    now: clock(),
    columns: tap.columns,
    rows: tap.rows,
    level: o.level,
    layout: 'qwerty',
    fps: o.fps,
  });
  let inkRenders = 0;
  let inkRenderMs = 0;
  let measuring = false;
  const ink = render(h(App, { model: client.model(clock()), surface }), {
    stdout: tap as unknown as NodeJS.WriteStream,
    ...SCREEN_INK_OPTIONS,
    onRender: ({ renderTime }) => {
      if (!measuring) return;
      inkRenders++;
      inkRenderMs += renderTime;
    },
  });
  // As haunted play shows its models: Ink renders one only when its layout is new, the surface
  // paints the live texts (timers, the status line's figures) of every model.
  const presenter = new ModelPresenter(
    (model) => ink.rerender(h(App, { model, surface })),
    surface,
  );
  const rerender = (now: number) => presenter.show(client.model(now), now);

  const rng = seedRng(0x9a7e);
  const period = 1000 / o.fps;
  const startedAt = clock();
  let gameFrame = -1; // frames since the game's first
  const warm = Math.round(o.warmup * o.fps);
  const total = warm + Math.round(o.seconds * o.fps);
  const half = warm + Math.floor((total - warm) / 2);
  const netstatsFrom = { off: Number.POSITIVE_INFINITY, half, on: 0 }[o.netstats];
  let pressedAt = Number.NEGATIVE_INFINITY;
  let held: (typeof ARROWS)[number] | null = null;
  let heldUntil = 0;
  const starts: number[] = [];
  const bytes: number[] = [];
  const spent = { frame: 0, map: 0, hud: 0 };
  let fogComputed = 0;
  let playersDrawn = 0;
  let snapshots = 0;
  let lastMap: string[] = [];
  let cpu0 = process.cpuUsage();
  let cpuHalf = cpu0;
  let lastBytes = 0;
  let fogAt = 0;

  /** The scripted player: teams and ready in the lobby, then walking; F2 when asked. */
  const script = (now: number) => {
    // Read from the connection (GameClient's public `conn`), as a player reads the screen.
    const { conn } = client;
    const kind = conn.latestSnapshot?.phase.kind;
    const you = conn.roster.get(conn.welcome?.playerId ?? -1);
    if (kind === undefined || you === undefined) return;
    if (kind === 'LOBBY' || kind === 'COUNTDOWN') {
      // One key, then time for the roster to say so (Space toggles READY).
      if (now - pressedAt < ACTION_RETRY_MS) return;
      if (you.team !== 'R') client.onKey(press('r'), now);
      else if (!you.ready) client.onKey(press(' '), now);
      else return;
      pressedAt = now;
      return;
    }
    if (gameFrame === netstatsFrom) client.onKey({ input: '', key: {}, sequence: '\x1bOQ' }, now);
    // Counted in frames, not ms: the same walk whatever the machine's load.
    if (kind !== 'GAME' || gameFrame < heldUntil) return;
    if (held !== null) client.onKey(arrow(held, 'release'), now);
    held = ARROWS[rngInt(rng, ARROWS.length)]!;
    heldUntil = gameFrame + Math.round(((500 + rngInt(rng, 600)) * o.fps) / 1000);
    client.onKey(arrow(held, 'press'), now);
  };

  await new Promise<void>((resolve, reject) => {
    let next = clock();
    const step = () => {
      const now = clock();
      if (gameFrame < 0 && now - startedAt > GAME_WAIT_MS) {
        reject(new Error(`no game after ${GAME_WAIT_MS} ms: ${client.conn.detail}`));
        return;
      }
      if (gameFrame === warm) {
        measuring = true;
        cpu0 = process.cpuUsage();
        lastBytes = tap.inkBytes + tap.ownBytes;
        fogAt = client.view.fogComputed;
      }
      if (gameFrame === half) cpuHalf = process.cpuUsage();
      script(now);
      const t0 = clock();
      const rows = client.frame(now);
      const t1 = clock();
      if (rows !== null && (client.mapChanged || surface.painter.blank)) surface.present(rows);
      const t2 = clock();
      const hud = client.modelDue(now);
      if (hud) rerender(now);
      const t3 = clock();
      const f = client.view.lastFrame;
      if (gameFrame < 0 && client.conn.latestSnapshot?.phase.kind === 'GAME') gameFrame = 0;
      if (gameFrame >= warm) {
        starts.push(now);
        spent.frame += t1 - t0;
        spent.map += t2 - t1;
        spent.hud += t3 - t2;
        playersDrawn += f?.players.length ?? 0;
        snapshots += f?.rates.snapshotsPerSec ?? 0;
      }
      if (gameFrame === total - 1 && rows !== null) lastMap = rowsToText(rows);
      if (gameFrame >= 0) gameFrame++;
    };
    const loop = () => {
      const written = tap.inkBytes + tap.ownBytes;
      if (measuring) bytes.push(written - lastBytes);
      lastBytes = written;
      if (gameFrame >= total) return resolve();
      for (; clock() >= next && gameFrame < total; next += period) step();
      setTimeout(loop, Math.max(0, Math.ceil(next - clock())));
    };
    loop();
  });
  const cpuEnd = process.cpuUsage();
  fogComputed = client.view.fogComputed - fogAt;
  const cpuMs = (from: NodeJS.CpuUsage, to: NodeJS.CpuUsage) =>
    (to.user - from.user + to.system - from.system) / 1000;
  const frames = total - warm;
  const intervals = starts.slice(1).map((s, i) => s - starts[i]!);
  const perFrame = (ms: number) => round(ms / frames, 3);
  const result = {
    frames,
    cpuMsPerFrame: round(cpuMs(cpu0, cpuEnd) / frames),
    cpuMsPerFrameHalves: [
      round(cpuMs(cpu0, cpuHalf) / (half - warm)),
      round(cpuMs(cpuHalf, cpuEnd) / (total - half)),
    ],
    bytesPerFrameAvg: Math.round(bytes.reduce((a, b) => a + b, 0) / Math.max(1, bytes.length)),
    bytesPerFrameMax: Math.max(0, ...bytes),
    fps: round(((starts.length - 1) * 1000) / (starts.at(-1)! - starts[0]!)),
    lateFrames: intervals.filter((d) => d > 1.5 * period).length,
    frameMs: perFrame(spent.frame),
    mapMs: perFrame(spent.map),
    hudMs: perFrame(spent.hud),
    fogComputedPct: round((100 * fogComputed) / frames, 1),
    playersDrawnAvg: round(playersDrawn / frames, 1),
    snapshotsPerSec: round(snapshots / frames, 1),
    repairs: surface.repairs,
    inkRendersPerSecond: round(inkRenders / o.seconds, 1),
    inkRenderMs: round(inkRenderMs / Math.max(1, inkRenders)),
    lastMap,
  };
  await Bun.write(out, JSON.stringify(result));
  await ink.waitUntilRenderFlush();
  process.stdout.write(END_MARK);
  client.quit(clock());
  const quitAt = clock();
  while (!client.finished(clock()) && clock() - quitAt < 1000) {
    client.frame(clock());
    await Bun.sleep(10);
  }
  transport.close();
  ink.unmount();
  process.exit(0);
}

if (import.meta.main) {
  const argv = process.argv.slice(2);
  const o = parseClientBenchArgs(argv);
  const port = Number(argv[argv.indexOf('--port') + 1]);
  const out = argv[argv.indexOf('--out') + 1];
  if (!Number.isInteger(port) || !out) throw new Error('client-player: --port and --out');
  await runPlayerChild(o, port, out);
}
