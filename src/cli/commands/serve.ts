/**
 * `haunted serve`: the game server on one UDP port, ticking on the real clock until stopped
 * (console `stop`, SIGINT or SIGTERM: every client is told, then exit 0). This is the one place
 * the server meets the real world: clock, socket, signals, stdin, log file.
 *
 * Its terminal may go away (the window closed, the ssh connection dropped): the console then
 * closes (logged `console-closed`), the server goes on serving like a daemon, output that has
 * nowhere to go is dropped (the `--log-file` still gets every line), and SIGTERM or SIGINT still
 * stop it. SIGHUP, the signal of a terminal gone, is logged (`hangup`) and does not stop it.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, createWriteStream, openSync, renameSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { conditionTransport, describeConditions } from '../../net/conditioned.ts';
import { createUdpTransport, localAddresses } from '../../net/udp.ts';
import { roomKey } from '../../protocol/index.ts';
import { type BotSeats, runConsoleCommand } from '../../server/console.ts';
import { DEFAULT_ROOM } from '../../server/directory.ts';
import { createLogger, type LogFormat } from '../../server/log.ts';
import { GameServer } from '../../server/server.ts';
import { statsReport } from '../../server/stats-report.ts';
import { type BotRunner, startBots } from '../bot-runner.ts';
import { type CliIO, EXIT } from '../cli-io.ts';
import { aboveThePrompt } from '../console-prompt.ts';
import { startServerLoop, TICK_EARLY_MS } from '../server-loop.ts';
import { loadMapOption, serverMaps } from './map-source.ts';
import { seedAndConditions } from './net-flags.ts';
import { parseRooms } from './room-flags.ts';

export interface ServeOptions {
  host: string;
  port: number;
  tick: number;
  maxPlayers: number;
  countdown: number;
  seekTime: number;
  endTime: number;
  /** The seekers' head start, seconds (0: none). */
  headStart: number;
  /** The lobby timer, seconds (0: none, everybody must be ready). */
  lobbyWait: number;
  timeout: number;
  map?: string;
  name: string;
  seed?: number;
  logFile?: string;
  statsFile?: string;
  logFormat: LogFormat;
  debug: boolean;
  /** Bots playing in this process in the default room, over UDP like any player. */
  bots?: number;
  /** Rooms opened at start besides the default room: `NAME[:MAP],…`. */
  rooms?: string;
  /** A room a player made closes after this long without play, seconds. */
  roomIdle: number;
  maxRooms: number;
  create: 'open' | 'none';
  /** Bots in every room opened at start (the default room's unless `bots` is given). */
  botsPerRoom?: number;
  lag?: string;
  jitter?: string;
  loss?: string;
  dup?: string;
}

export async function runServe(io: CliIO, opts: ServeOptions): Promise<number> {
  const map = await loadMapOption(opts.map);
  if ('error' in map) {
    io.stderr(`haunted serve: ${map.error}\n`);
    return EXIT.failure;
  }
  // The terminal may be gone: a write that fails is dropped, and nothing more is tried there.
  const stdout = whileItLasts(io.stdout);
  const stderr = whileItLasts(io.stderr);
  // On stderr, above the console's prompt once there is one (console-prompt.ts).
  let toStderr = stderr;
  const sinks: ((line: string) => void)[] = [(line) => toStderr(line)];
  let logStream: ReturnType<typeof createWriteStream> | null = null;
  if (opts.logFile) {
    try {
      closeSync(openSync(opts.logFile, 'a'));
    } catch (err) {
      io.stderr(
        `haunted serve: cannot write the log file "${opts.logFile}": ${(err as Error).message}\n`,
      );
      return EXIT.failure;
    }
    const stream = createWriteStream(opts.logFile, { flags: 'a' });
    logStream = stream;
    sinks.push((line) => stream.write(line));
  }
  const clock = () => performance.now();
  const logger = createLogger({
    format: opts.logFormat,
    sinks,
    wallClock: Date.now,
    debug: opts.debug,
  });

  const flags = seedAndConditions(opts);
  if ('error' in flags) {
    io.stderr(`haunted serve: ${flags.error}\n`);
    return EXIT.usage;
  }
  const { seed, conditions } = flags;
  const rooms = parseRooms(opts.rooms ?? '');
  if ('error' in rooms) {
    io.stderr(`haunted serve: --rooms: ${rooms.error}\n`);
    return EXIT.usage;
  }
  if (rooms.length + 1 > opts.maxRooms) {
    io.stderr(
      `haunted serve: --rooms opens ${rooms.length + 1} rooms with the default room, more than --max-rooms ${opts.maxRooms}\n`,
    );
    return EXIT.usage;
  }
  const perRoom = opts.botsPerRoom ?? 0;
  const bots = opts.bots ?? perRoom;
  for (const [flag, n] of [
    ['--bots', bots],
    ['--bots-per-room', perRoom],
  ] as const) {
    if (n > opts.maxPlayers) {
      io.stderr(`haunted serve: ${flag} ${n} is more than --max-players ${opts.maxPlayers}\n`);
      return EXIT.usage;
    }
  }
  const catalog = serverMaps(opts.map, map.map, opts.maxPlayers);

  let udp: Awaited<ReturnType<typeof createUdpTransport>>;
  try {
    udp = await createUdpTransport({ host: opts.host, port: opts.port, clock });
  } catch (err) {
    io.stderr(`haunted serve: ${(err as Error).message}\n`);
    return EXIT.failure;
  }
  const transport = conditions === null ? udp : conditionTransport(udp, { ...conditions, clock });

  let server: GameServer;
  try {
    server = new GameServer({
      transport,
      map: map.map,
      mapId: catalog.defaultId,
      maps: catalog.maps,
      rooms,
      maxRooms: opts.maxRooms,
      create: opts.create,
      roomIdleMs: opts.roomIdle * 1000,
      random: () => randomBytes(4).readUInt32BE(0) / 2 ** 32,
      rules: {
        tickRate: opts.tick,
        countdown: opts.countdown,
        seekTime: opts.seekTime,
        endTime: opts.endTime,
        noticeTime: 4,
        headStart: opts.headStart,
        lobbyWait: opts.lobbyWait,
      },
      maxPlayers: opts.maxPlayers,
      timeoutMs: opts.timeout * 1000,
      name: opts.name,
      secret: new Uint8Array(randomBytes(32)),
      randomToken: () => randomBytes(8).toString('hex'),
      seed,
      logger,
      now: clock(),
      measure: clock,
      tickEarlyMs: TICK_EARLY_MS,
    });
  } catch (err) {
    transport.close();
    io.stderr(`haunted serve: ${(err as Error).message}\n`);
    return EXIT.failure;
  }

  const port = udp.local.port;
  const hosts = opts.host === '0.0.0.0' || opts.host === '::' ? localAddresses() : [opts.host];
  const hostPort = (h: string) => `${h.includes(':') ? `[${h}]` : h}:${port}`;
  const roomNames = [...server.directory.list()].map((r) => `${r.name} (${r.mapId})`);
  const joinHosts = hosts.length > 0 ? hosts : ['127.0.0.1'];
  const banner = [
    `Haunted Chronicles server: ${map.map.name} (${map.label}), ${opts.tick} ticks/s, up to ${opts.maxPlayers} players a room`,
    `listening on ${hostPort(opts.host)} (UDP)`,
    `${roomNames.length} room${roomNames.length === 1 ? '' : 's'}: ${roomNames.join(', ')}; players ${opts.create === 'open' ? `may make rooms (up to ${opts.maxRooms})` : 'may not make rooms'}`,
    ...joinHosts.map((h) => `join with:  haunted play ${hostPort(h)}`),
    `a room:     haunted play ${hostPort(joinHosts[0]!)}/ROOM`,
  ];
  if (conditions) banner.push(describeConditions(conditions));
  if (process.stdin.isTTY) banner.push('type "help" for the console commands');
  stdout(`${banner.join('\n')}\n`);
  logger.event('start', {
    port,
    map: map.map.name,
    tick: opts.tick,
    maxPlayers: opts.maxPlayers,
    rooms: server.directory.size,
    maxRooms: opts.maxRooms,
    create: opts.create,
  });

  return new Promise<number>((resolve) => {
    let rl: ReturnType<typeof createInterface> | null = null;
    // --stats-file: the counters as JSON, rewritten every second (written whole, then renamed).
    const writeStats = () => {
      if (!opts.statsFile) return;
      const tmp = `${opts.statsFile}.tmp`;
      try {
        writeFileSync(tmp, JSON.stringify(statsReport(server, Date.now())));
        renameSync(tmp, opts.statsFile);
      } catch (err) {
        logger.event('stats-file-error', { error: (err as Error).message });
      }
    };
    const statsTimer = opts.statsFile ? setInterval(writeStats, 1000) : null;
    const serverLoop = startServerLoop(server, clock);
    // --bots: players in this process, joining through the server's own address like anyone.
    const local = opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host === '::' ? '::1' : opts.host;
    // --bots fill the default room, --bots-per-room every room opened at start: one runner a
    // room, each bot naming its room in CONNECT (the default room's name none, as before rooms).
    const groups = [...server.directory.list()]
      .map((room, i) => ({ room, count: room.name === DEFAULT_ROOM ? bots : perRoom, i }))
      .filter((g) => g.count > 0);
    const botRunner: Promise<BotRunner[]> = Promise.all(
      groups.map((g) =>
        startBots({
          server: { address: local, port },
          count: g.count,
          seed: (seed + 1009 * g.i) >>> 0,
          clock,
          ...(g.room.name === DEFAULT_ROOM ? {} : { room: { kind: 'join', name: g.room.name } }),
        }).catch((err) => {
          logger.event('bots-error', { room: g.room.name, error: (err as Error).message });
          return null;
        }),
      ),
    ).then((runners) => runners.filter((r): r is BotRunner => r !== null));
    // Their player ids by room, for the console's status (refreshed: a bot that rejoins gets a
    // new one).
    let botSeats = (): BotSeats => new Map();
    botRunner.then((runners) => {
      botSeats = () => {
        const seats = new Map<string, Set<number>>();
        for (const runner of runners) {
          for (const bot of runner.bots) {
            const welcome = bot.conn.welcome;
            if (welcome === null || welcome === undefined || bot.conn.isFinal) continue;
            const key = roomKey(welcome.room ?? DEFAULT_ROOM);
            const ids = seats.get(key) ?? new Set<number>();
            seats.set(key, ids);
            ids.add(welcome.playerId);
          }
        }
        return seats;
      };
    });
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      // The bots leave first (their sessions end cleanly), then every client is told.
      botRunner
        .then((runners) => Promise.all(runners.map((r) => r.stop(300))))
        .finally(() => serverLoop.shutdown());
    };
    const hangup = () => logger.event('hangup', { action: 'serving on' });
    // Asynchronous write errors on a terminal gone away: nowhere to report them, nothing to do.
    const ignore = () => {};
    process.stdout.on('error', ignore);
    process.stderr.on('error', ignore);
    /** Why the console's terminal went away (its input ended or failed), or null. */
    let terminalGone: string | null = null;
    const inputEnded = () => {
      terminalGone ??= 'end of input';
    };
    const inputFailed = (err: Error) => {
      terminalGone ??= err.message;
      closeConsole();
    };
    let consoleClosing = false;
    const closeConsole = () => {
      if (rl === null || consoleClosing) return;
      consoleClosing = true;
      toStderr = stderr; // no prompt any more
      try {
        rl.close();
      } catch {
        // its last setRawMode, on a terminal gone: the console is closed all the same
      }
      rl = null;
    };
    serverLoop.finished.then(() => {
      if (statsTimer) clearInterval(statsTimer);
      writeStats();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      process.off('SIGHUP', hangup);
      if (rl !== null) {
        closeConsole();
        stdout('\r\x1b[2K'); // the last prompt, empty: the shell's prompt takes its line
      }
      process.stdin.off('end', inputEnded);
      process.stdin.off('error', inputFailed);
      process.stdout.off('error', ignore);
      process.stderr.off('error', ignore);
      transport.close();
      logStream?.end();
      resolve(EXIT.ok);
    });
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    process.on('SIGHUP', hangup);
    if (process.stdin.isTTY) {
      // Registered before readline's own listeners, so that its 'close' knows why it came.
      process.stdin.on('end', inputEnded);
      process.stdin.on('error', inputFailed);
      rl = createInterface({ input: process.stdin, output: process.stdout, prompt: '> ' });
      const reader = rl;
      // A prompt that cannot be drawn (the terminal is gone) is not drawn.
      const prompt = {
        prompt: (preserveCursor?: boolean) => {
          try {
            reader.prompt(preserveCursor);
          } catch (err) {
            inputFailed(err as Error);
          }
        },
      };
      // The command's log line has already redrawn the prompt: its answer goes above it too.
      const answer = aboveThePrompt(stdout, prompt);
      reader.on('line', (line) => {
        const result = runConsoleCommand(server, line, clock(), { bots: () => botSeats() });
        if (result.output) answer(`${result.output}\n`);
        else prompt.prompt();
        if (result.stop) stop();
      });
      // readline passes on its input's errors, such as its last setRawMode's EIO.
      reader.on('error', (err) => {
        terminalGone ??= err.message;
      });
      // (It may say 'close' twice when its terminal is gone.)
      reader.once('close', () => {
        toStderr = stderr; // no prompt any more
        rl = null;
        if (terminalGone === null)
          stop(); // Ctrl-D
        else if (!stopping) logger.event('console-closed', { reason: terminalGone });
      });
      toStderr = aboveThePrompt(stderr, prompt);
      prompt.prompt();
    }
  });
}

/**
 * A writer to a stream that may stop taking text (a terminal gone away: EIO; a pipe closed:
 * EPIPE): the text it refuses is dropped, and nothing more is tried there.
 */
function whileItLasts(write: (text: string) => void): (text: string) => void {
  let gone = false;
  return (text) => {
    if (gone) return;
    try {
      write(text);
    } catch {
      gone = true;
    }
  };
}
