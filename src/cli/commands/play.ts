/**
 * `haunted play <host>[:port][/room]`: the terminal client. The one place the client meets the real
 * world: the clock, the UDP socket, the terminal (Ink on the alternate screen, raw mode, the
 * kitty keyboard protocol) and the signals. Everything it shows and decides is GameClient's
 * (src/client/game-client.ts), driven here at a fixed frame rate. Before it, for a host without
 * a room, the room list (RoomPicker, src/client/room-picker.ts) when the server has more than
 * one room: the player picks or makes one, and comes back to it when that room refuses.
 *
 * The terminal is restored on every way out: a quit (Esc, q, Ctrl-C), a final screen dismissed,
 * SIGTERM, SIGINT, SIGHUP, and an exception (Ink unmounts: raw mode off, kitty flags popped, the
 * alternate screen left, the cursor shown; a last write on process exit makes sure of the rest).
 */

import { closeSync, openSync, writeSync } from 'node:fs';
import { render } from 'ink';
import { Fragment, createElement as h } from 'react';
import { GameClient } from '../../client/game-client.ts';
import type { KeyEvent, Layout } from '../../client/keys.ts';
import { detectColorLevel } from '../../client/palette.ts';
import { defaultName } from '../../client/player-name.ts';
import { InkTap, type TerminalStream } from '../../client/render/ink-tap.ts';
import { MapSurface } from '../../client/render/map-surface.ts';
import { BACK_TO_LIST, RoomPicker } from '../../client/room-picker.ts';
import { ServerRoomPicker } from '../../client/server-room-picker.ts';
import { DEFAULT_PORT, parseTarget } from '../../client/target.ts';
import { App } from '../../client/ui/App.tsx';
import { SCREEN_INK_OPTIONS } from '../../client/ui/ink-options.ts';
import { KeyInput } from '../../client/ui/KeyInput.tsx';
import type { AppModel } from '../../client/ui/model.ts';
import { ModelPresenter } from '../../client/ui/shown-model.ts';
import {
  conditionsSummary,
  conditionTransport,
  describeConditions,
} from '../../net/conditioned.ts';
import type { Address } from '../../net/transport.ts';
import { anyAddressFor, createUdpTransport, resolveHost } from '../../net/udp.ts';
import { LIST_DEFAULT_PORT } from '../../protocol/codec-list.ts';
import type { RoomRequest } from '../../protocol/index.ts';
import { type CliIO, EXIT } from '../cli-io.ts';
import { type LocalGame, startLocalGame } from '../local-game.ts';
import { loadMapOption } from './map-source.ts';
import { seedAndConditions } from './net-flags.ts';

export interface PlayOptions {
  name?: string;
  /** Bots in a local game (no host only). */
  bots?: number;
  /** The local game's map (no host only). */
  map?: string;
  /** The local game's seekers' head start, seconds (no host only). @default 5 */
  headStart?: number;
  /** The local game's lobby timer, seconds (no host only). @default 30 */
  lobbyWait?: number;
  seed?: number;
  lag?: string;
  jitter?: string;
  loss?: string;
  dup?: string;
  fps: number;
  logFile?: string;
  keys: Layout;
  color: string;
  /** `--list [host]`: the rooms of every server this list server knows (true: $HAUNTED_LIST). */
  list?: string | true;
}

/** After Ink unmounted (it popped its kitty flags and left the alternate screen): the rest. */
const SETTLE =
  '\x1b[?2026l' + // end any synchronized update
  '\x1b[0m' + // default colours
  '\x1b[?25h'; // show the cursor

/** What puts a terminal back as a shell expects it, whatever state the game left it in. */
const RESTORE =
  SETTLE +
  '\x1b[<u' + // pop the kitty keyboard flags (ignored by terminals without the protocol)
  '\x1b[?1049l'; // leave the alternate screen

/** A line-per-event log file (--log-file): nothing may be printed over the game screen. */
function openLog(path: string | undefined): { log: (line: string) => void; close: () => void } {
  if (!path) return { log: () => {}, close: () => {} };
  const fd = openSync(path, 'a');
  return {
    log: (line) => {
      try {
        writeSync(fd, `${new Date().toISOString()} ${line}\n`);
      } catch {
        // a full disk must not stop the game
      }
    },
    close: () => closeSync(fd),
  };
}

/**
 * The terminal the client runs on, like Ink's own `render(…, {stdin, stdout})`: the process's
 * own (`haunted play`) or an SSH channel (ssh-front.ts). Its size and resizes come from
 * `stdout` (`columns`, `rows`, a `resize` event); the way out is `runPlay`'s promise.
 */
export interface PlayTerminal {
  /** Keys: a stream Ink can read in raw mode (`isTTY`, `setRawMode`, `data`). */
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: TerminalStream;
  /** Writes at once, even while the process is exiting (the last restore of the terminal). */
  writeNow(data: string): void;
  /**
   * Whether this is the process's own terminal: then its signals (SIGTERM, SIGINT, SIGHUP),
   * exit hook and uncaught errors are the game's too. An SSH session leaves them to the server.
   */
  readonly ownsProcess: boolean;
  /** Aborted: leave as on SIGTERM (the DISCONNECT goes out, the terminal is restored). */
  readonly stop?: AbortSignal;
}

/** The process's own terminal. */
export function processTerminal(): PlayTerminal {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    writeNow: (data) => writeSync(1, data),
    ownsProcess: true,
  };
}

/** Bots in a local game when --bots is not given: with the player, a game of three against three. */
export const DEFAULT_LOCAL_BOTS = 5;

export async function runPlay(
  io: CliIO,
  target: string | undefined,
  opts: PlayOptions,
  terminal: PlayTerminal = processTerminal(),
): Promise<number> {
  const { stdin, stdout } = terminal;
  // --list: a list server instead of a game server (server-room-picker.ts picks among them).
  const listArg = opts.list === true ? (io.env.HAUNTED_LIST ?? '') : opts.list;
  if (listArg !== undefined && (target !== undefined || listArg.trim() === '')) {
    io.stderr(
      target !== undefined
        ? 'haunted play: give a server or --list, not both\n'
        : 'haunted play: --list needs a list server (--list HOST, or HAUNTED_LIST)\n',
    );
    return EXIT.usage;
  }
  const local = target === undefined && listArg === undefined;
  const parsed =
    listArg === undefined
      ? parseTarget(target ?? '127.0.0.1', DEFAULT_PORT, { room: true })
      : parseTarget(listArg, LIST_DEFAULT_PORT);
  if ('error' in parsed) {
    io.stderr(`haunted play: ${parsed.error}\n`);
    return EXIT.usage;
  }
  if (!local && (opts.bots !== undefined || opts.map !== undefined)) {
    io.stderr(
      'haunted play: --bots and --map are for a local game (haunted play with no host); to add bots to a ' +
        'server, run haunted bots <host> or haunted serve --bots N\n',
    );
    return EXIT.usage;
  }
  if (!local && (opts.headStart !== undefined || opts.lobbyWait !== undefined)) {
    io.stderr(
      'haunted play: --head-start and --lobby-wait are for a local game (haunted play with no host); ' +
        'a server sets its own (haunted serve --head-start, --lobby-wait)\n',
    );
    return EXIT.usage;
  }
  const bots = opts.bots ?? DEFAULT_LOCAL_BOTS;
  const level = detectColorLevel(io.env, true, opts.color);
  if (level === null) {
    io.stderr(`haunted play: --color must be auto, truecolor, 256, 16 or none\n`);
    return EXIT.usage;
  }
  const flags = seedAndConditions(opts);
  if ('error' in flags) {
    io.stderr(`haunted play: ${flags.error}\n`);
    return EXIT.usage;
  }
  const { seed, conditions } = flags;
  let ip = '127.0.0.1';
  if (!local) {
    try {
      ip = await resolveHost(parsed.host);
    } catch (err) {
      // No cause: the name itself is malformed (a usage error); with one, the lookup failed.
      const e = err as Error;
      io.stderr(`haunted play: ${e.message}\n`);
      return e.cause === undefined ? EXIT.usage : EXIT.failure;
    }
  }
  // The arguments first: a wrong one is said before a missing terminal.
  if (!stdin.isTTY || !stdout.isTTY) {
    io.stderr(
      'haunted play: needs a terminal on stdin and stdout (it reads keys one by one and draws ' +
        'the screen); run it in a terminal window, not through a pipe or a file.\n',
    );
    return EXIT.usage;
  }
  let logFile: ReturnType<typeof openLog>;
  try {
    logFile = openLog(opts.logFile);
  } catch (err) {
    io.stderr(
      `haunted play: cannot write the log file "${opts.logFile}": ${(err as Error).message}\n`,
    );
    return EXIT.failure;
  }
  const { log } = logFile;
  const clock = () => performance.now();
  const name = opts.name ?? defaultName(io.env);
  let game: LocalGame | null = null;
  let port = parsed.port;
  if (local) {
    const map = await loadMapOption(opts.map);
    if ('error' in map) {
      io.stderr(`haunted play: ${map.error}\n`);
      logFile.close();
      return EXIT.failure;
    }
    try {
      game = await startLocalGame({
        map: map.map,
        bots,
        seed,
        clock,
        playerName: name,
        conditions,
        log,
        ...(opts.headStart === undefined ? {} : { headStart: opts.headStart }),
        ...(opts.lobbyWait === undefined ? {} : { lobbyWait: opts.lobbyWait }),
      });
    } catch (err) {
      io.stderr(`haunted play: cannot start a local game: ${(err as Error).message}\n`);
      logFile.close();
      return EXIT.failure;
    }
    port = game.address.port;
  }
  /** The game client, once the first screen is drawn (and a room chosen, if the list shows). */
  let client: GameClient | null = null;
  /** The room list, for a host given without a room (null: local, or a room given). */
  let picker: RoomPicker | ServerRoomPicker | null = null;
  /** The room the game client asks for (null: the default room, as before rooms). */
  let room: RoomRequest | null =
    parsed.room === undefined ? null : { kind: 'join', name: parsed.room };
  const udp = await createUdpTransport({
    host: anyAddressFor(ip),
    port: 0,
    clock,
    onError: (e) => {
      log(`socket error: ${e.message}`);
      // "Nothing listens on that port" ends a first handshake at once (not after 5 s).
      client?.conn.socketError(e, clock());
      if (client === null) picker?.socketError(e);
    },
  });
  const transport = conditions === null ? udp : conditionTransport(udp, { ...conditions, clock });
  const shown = local ? 'local game' : parsed.host.includes(':') ? `[${parsed.host}]` : parsed.host;
  let address = local
    ? `local game, ${bots} bots`
    : listArg !== undefined
      ? `the servers listed by ${shown}:${port}`
      : `${shown}:${port}`;
  log(
    `play ${address} (${ip}:${port}) as ${name}, ${opts.fps} fps, colours ${level}, seed ${seed}` +
      (conditions ? `, ${describeConditions(conditions)}` : ''),
  );

  const tap = new InkTap(stdout);
  const surface = new MapSurface<AppModel>(tap, level);
  let server: Address = { address: ip, port };
  const startClient = () =>
    new GameClient({
      transport,
      server,
      address,
      name,
      ...(room === null ? {} : { room }),
      now: clock(),
      columns: tap.columns,
      rows: tap.rows,
      level,
      layout: opts.keys,
      fps: opts.fps,
      simulated: conditions === null ? null : conditionsSummary(conditions),
    });
  // The first screen, drawn before the first datagram goes out: a process that is still
  // drawing its first screen answers late, and the first round trips would say so.
  const firstModel: AppModel = {
    screen: { kind: 'connecting', detail: 'starting', elapsedSeconds: 0, giveUpSeconds: 5 },
    status: { address, pingMs: null, lossPct: null, fps: 0 },
    netstats: null,
    columns: tap.columns,
    rows: tap.rows,
    color: level !== 'none',
  };

  /** What the App draws while the room list is asked for or shown. */
  const pickerFrames: number[] = [];
  const pickerModel = (p: RoomPicker | ServerRoomPicker, now: number): AppModel => {
    pickerFrames.push(now);
    while (pickerFrames.length > 0 && pickerFrames[0]! <= now - 1000) pickerFrames.shift();
    return {
      ...firstModel,
      screen: p.showing
        ? p.screen()
        : {
            kind: 'connecting',
            detail: 'asking the server for its rooms',
            elapsedSeconds: 0,
            giveUpSeconds: 5,
          },
      status: { address, pingMs: p.list.pingMs, lossPct: null, fps: pickerFrames.length },
      columns: tap.columns,
      rows: tap.rows,
    };
  };

  return new Promise<number>((resolve) => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let done = false;
    let lastState = '';
    let lastFrameAt = Number.NEGATIVE_INFINITY;
    const period = 1000 / opts.fps;
    let next = clock();

    const onKey = (event: KeyEvent) => {
      if (client === null && picker !== null) {
        picker.onKey(event, clock());
        pick();
        return;
      }
      if (client === null) return;
      const now = clock();
      const before = client.conn.keys;
      client.onKey(event, now);
      // A key that moves shows on the very next frame: draw it now rather than up to a period later.
      if (client.conn.keys !== before && now - lastFrameAt >= 4) draw(now);
      else if (client.modelDue(now)) rerender(now);
    };
    const root = (model: AppModel) =>
      h(Fragment, null, h(KeyInput, { onKey }), h(App, { model, surface }));
    const ink = render(root(firstModel), {
      stdout: tap as unknown as NodeJS.WriteStream,
      stdin,
      ...SCREEN_INK_OPTIONS,
      kittyKeyboard: { mode: 'auto', flags: ['disambiguateEscapeCodes', 'reportEventTypes'] },
    });
    let pickerDrawnAt = Number.NEGATIVE_INFINITY;
    // Ink renders only a model whose screen is laid out anew (shown-model.ts): a render costs
    // milliseconds, and most models asked for (after a movement key, a timer's tenth) draw the
    // screen already there. The texts that change with time (timers, the status line's
    // figures, anew about once a second) are painted by the surface from every model.
    const presenter = new ModelPresenter((model) => ink.rerender(root(model)), surface);
    const show = (model: AppModel, now: number) => presenter.show(model, now);
    const rerender = (now: number) => {
      if (client !== null) show(client.model(now), now);
      else if (picker !== null) {
        pickerDrawnAt = now;
        show(pickerModel(picker, now), now);
      }
    };

    /**
     * The room list's turn: its update, its screen a few times a second (at once when it
     * changed), and the game client started once a room is chosen. True while it keeps the turn.
     */
    const pick = (): boolean => {
      if (picker === null || client !== null) return false;
      // Drawn first, then the update that may send a ROOMS: its answer then waits for no
      // drawing (a render holds the event loop), so the list's ping is the network's.
      if (picker.changed || clock() - pickerDrawnAt >= 250) rerender(clock());
      const now = clock();
      picker.update(now);
      const choice = picker.choice;
      if (choice === null) return true;
      if (choice.kind === 'quit') {
        log('room list: quit');
        finish(EXIT.ok);
        return true;
      }
      room = choice.kind === 'room' ? choice.request : null;
      if ('server' in choice) {
        // A room of one of the listed servers: that server from now on.
        server = choice.server;
        address = choice.label;
      }
      log(
        `room list: ${choice.kind === 'room' ? JSON.stringify(choice.request) : 'the default room'}`,
      );
      client = startClient();
      next = now;
      rerender(now);
      return false;
    };

    /** A join chosen from the list that another room can fix: back to the list, told why. */
    const backToList = (c: GameClient, now: number): boolean => {
      const refusal = c.conn.refusal;
      if (picker === null || room === null || c.conn.state !== 'refused') return false;
      if (refusal === null || !BACK_TO_LIST.has(refusal)) return false;
      log(`refused (${refusal}): back to the room list`);
      picker.back(refusal, room, now);
      client = null;
      room = null;
      surface.reset();
      rerender(now);
      return true;
    };

    const draw = (now: number) => {
      if (client === null) return;
      lastFrameAt = now;
      const rows = client.frame(now);
      if (rows !== null && (client.mapChanged || surface.painter.blank)) surface.present(rows);
      const state = client.conn.state;
      if (state !== lastState) {
        log(`state ${state}: ${client.conn.detail}`);
        lastState = state;
      }
      if (client.modelDue(now)) rerender(now);
    };

    const loop = () => {
      timer = null;
      if (done) return;
      if (pick()) {
        if (!done) timer = setTimeout(loop, 20);
        return;
      }
      if (client === null) return;
      const now = clock();
      if (backToList(client, now)) {
        timer = setTimeout(loop, 20);
        return;
      }
      if (now >= next) {
        draw(now);
        next += period;
        if (now - next > 250) next = now + period; // a stall (suspended terminal): no burst
      }
      if (client.finished(now)) {
        finish(client.exitCode);
        return;
      }
      const wake = Math.min(next, client.nextKeyChange(now) ?? Number.POSITIVE_INFINITY);
      timer = setTimeout(loop, Math.max(0, Math.ceil(wake - clock())));
    };

    const onResize = () => {
      client?.resize(tap.columns, tap.rows);
      surface.reset();
      rerender(clock());
    };
    tap.on('resize', onResize);

    // Exactly once, before the reason is printed: `?1049l` also restores the cursor saved when
    // the game began, so a second one after the reason (the exit hook's) put the cursor back
    // above it and the shell prompt overwrote it. Once Ink has unmounted, it has left the
    // alternate screen and popped its kitty flags: a second pop would take the shell's.
    let restored = false;
    const restoreOnExit = (inkLeft = false) => {
      if (restored) return;
      restored = true;
      try {
        if (stdin.isTTY) stdin.setRawMode(false);
        terminal.writeNow(inkLeft ? SETTLE : RESTORE);
      } catch {
        // the terminal is gone
      }
    };
    const onExit = () => restoreOnExit();

    const onSignal = (signal: NodeJS.Signals) => {
      log(`${signal}: leaving`);
      client?.quit(clock()); // the DISCONNECT goes out now; a signal does not wait for the answer
      setTimeout(() => finish(EXIT.ok), 50);
    };
    const onCrash = (err: unknown) => {
      log(`crash: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      finish(EXIT.failure, `haunted play: ${err instanceof Error ? err.message : String(err)}\n`);
    };
    const onStop = () => onSignal('SIGTERM');
    terminal.stop?.addEventListener('abort', onStop);
    if (terminal.ownsProcess) {
      process.on('exit', onExit);
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
      process.on('SIGHUP', onSignal);
      process.on('uncaughtException', onCrash);
      process.on('unhandledRejection', onCrash);
    }

    const finish = (code: number, message?: string) => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      let inkLeft = false;
      try {
        surface.detach();
        ink.unmount();
        inkLeft = true;
      } catch {
        // unmounting a broken tree: all of RESTORE below
      }
      restoreOnExit(inkLeft);
      tap.off('resize', onResize);
      tap.detach();
      transport.close();
      terminal.stop?.removeEventListener('abort', onStop);
      if (terminal.ownsProcess) {
        // The exit hook stays: the process's terminal is restored already, and it does nothing.
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
        process.off('SIGHUP', onSignal);
        process.off('uncaughtException', onCrash);
        process.off('unhandledRejection', onCrash);
      }
      const detail = client?.conn.detail ?? 'not started';
      stdin.pause();
      if (message) io.stderr(message);
      else if (code !== EXIT.ok) io.stderr(`haunted play: ${detail}\n`);
      // The local game's bots leave and its server closes (the terminal is already back).
      (game?.stop() ?? Promise.resolve())
        .catch((err) => log(`local game: ${(err as Error).message}`))
        .finally(() => {
          log(`exit ${code} (${client?.conn.state ?? 'start'}: ${detail})`);
          logFile.close();
          resolve(code);
        });
    };

    ink
      .waitUntilRenderFlush()
      .then(() => {
        if (done) return;
        // A host without a room: its rooms first (a server of before rooms answers nothing,
        // and within 1 s the client joins as before).
        if (local || parsed.room !== undefined) client = startClient();
        else if (listArg !== undefined)
          picker = new ServerRoomPicker({ transport, list: server, now: clock() });
        else picker = new RoomPicker({ transport, server, now: clock() });
        next = clock();
        loop();
      })
      .catch(onCrash);
  });
}
