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
import pkg from '../../../package.json' with { type: 'json' };
import { parseTarget } from '../../client/target.ts';
import { conditionTransport, describeConditions } from '../../net/conditioned.ts';
import type { Address } from '../../net/transport.ts';
import { createUdpTransport, localAddresses, resolveHost } from '../../net/udp.ts';
import { LIST_DEFAULT_PORT, type ServerInfo } from '../../protocol/codec-list.ts';
import { roomKey } from '../../protocol/index.ts';
import { agonesInEnvironment } from '../../server/agones/adapter.ts';
import { Announcer, withAnnouncer } from '../../server/announcer.ts';
import { type BotSeats, runConsoleCommand } from '../../server/console.ts';
import { DEFAULT_ROOM } from '../../server/directory.ts';
import { createLogger, type LogFormat } from '../../server/log.ts';
import { GameServer } from '../../server/server.ts';
import { statsReport } from '../../server/stats-report.ts';
import { type BotRunner, startBots } from '../bot-runner.ts';
import { type CliIO, EXIT } from '../cli-io.ts';
import { aboveThePrompt } from '../console-prompt.ts';
import { startServerLoop, TICK_EARLY_MS } from '../server-loop.ts';
import type { SshWorkerReply, SshWorkerStart } from '../ssh/ssh-worker.ts';
import { hauntedCommand } from '../version.ts';
import { loadMapOption, serverMaps } from './map-source.ts';
import { seedAndConditions } from './net-flags.ts';
import { parseRooms } from './room-flags.ts';

export interface ServeOptions {
  host: string;
  port: number;
  /** The classic listener's UDP port (the original client's protocol); off when absent. */
  classicPort?: number;
  /** The room classic players join; the default room when absent. */
  classicRoom?: string;
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
  /** Run as an Agones GameServer (also on when the sidecar's variables are set). */
  agones?: boolean;
  /** Under Agones: host one game, then ask Agones to shut the GameServer down. */
  agonesSession?: boolean;
  /** Under Agones: seconds between Health pings. @default 2 */
  agonesHealth?: number;
  /** List servers to heartbeat to (HOST[:PORT], port 27950 if not given). */
  announce?: string[];
  /** The SSH front-end's TCP port (`ssh -p PORT host`); off when absent. */
  ssh?: number;
  /** The SSH front-end's address. @default the serve --host */
  sshHost?: string;
  /** The SSH host key file, made on first start. @default $XDG_STATE_HOME/haunted/ssh_host_ed25519_key */
  sshHostKey?: string;
  /** authorized_keys file: only those keys may play over SSH; absent: anyone. */
  sshAuthorizedKeys?: string;
  /** SSH connections at most at once. @default 32 */
  sshMaxSessions?: number;
  /** An SSH player without a key this long is disconnected, seconds. @default 600 */
  sshIdle?: number;
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

  const announced = await resolveListServers(opts.announce ?? []);
  if ('error' in announced) {
    io.stderr(`haunted serve: ${announced.error}\n`);
    return EXIT.usage;
  }
  const listServers = announced.targets;

  let udp: Awaited<ReturnType<typeof createUdpTransport>>;
  try {
    udp = await createUdpTransport({ host: opts.host, port: opts.port, clock });
  } catch (err) {
    io.stderr(`haunted serve: ${(err as Error).message}\n`);
    return EXIT.failure;
  }
  const conditioned = conditions === null ? udp : conditionTransport(udp, { ...conditions, clock });
  // --announce: heartbeats from the game's own socket (the list server's challenge comes back to it).
  let server: GameServer | undefined;
  const announcer =
    listServers.length === 0
      ? null
      : new Announcer(
          { targets: listServers, logger, info: () => announcedInfo(server, opts.name) },
          clock(),
        );
  const transport = announcer === null ? conditioned : withAnnouncer(conditioned, announcer);
  if (opts.classicRoom !== undefined && opts.classicPort === undefined) {
    udp.close();
    io.stderr('haunted serve: --classic-room needs --classic-port\n');
    return EXIT.usage;
  }
  let classicUdp: Awaited<ReturnType<typeof createUdpTransport>> | null = null;
  if (opts.classicPort !== undefined) {
    try {
      classicUdp = await createUdpTransport({ host: opts.host, port: opts.classicPort, clock });
    } catch (err) {
      transport.close();
      io.stderr(`haunted serve: --classic-port: ${(err as Error).message}\n`);
      return EXIT.failure;
    }
  }

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
      ...(classicUdp ? { classic: { transport: classicUdp, room: opts.classicRoom } } : {}),
    });
  } catch (err) {
    transport.close();
    classicUdp?.close();
    io.stderr(`haunted serve: ${(err as Error).message}\n`);
    return EXIT.failure;
  }

  const port = udp.local.port;
  // --bots and SSH players join through the server's own address like anyone.
  const local = opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host === '::' ? '::1' : opts.host;
  let ssh: SshFront | null = null;
  let sshFingerprint = '';
  if (opts.ssh !== undefined) {
    try {
      const { loadOrCreateHostKey, defaultHostKeyPath } = await import('../ssh/host-key.ts');
      const keyPath = opts.sshHostKey ?? defaultHostKeyPath(io.env);
      const key = loadOrCreateHostKey(keyPath);
      sshFingerprint = key.fingerprint;
      if (key.created) logger.event('ssh-host-key-created', { path: keyPath });
      ssh = await startSshWorker(
        {
          kind: 'start',
          host: opts.sshHost ?? opts.host,
          port: opts.ssh,
          game: { address: local, port },
          hostKeyPem: key.pem,
          authorizedKeysPath: opts.sshAuthorizedKeys ?? null,
          maxSessions: opts.sshMaxSessions ?? 32,
          idleMs: (opts.sshIdle ?? 600) * 1000,
          startMs: 30_000,
        },
        (event, fields) => logger.event(event, fields),
      );
    } catch (err) {
      transport.close();
      classicUdp?.close();
      io.stderr(`haunted serve: --ssh: ${(err as Error).message}\n`);
      return EXIT.failure;
    }
  }
  const hosts = opts.host === '0.0.0.0' || opts.host === '::' ? localAddresses() : [opts.host];
  const hostPort = (h: string) => `${h.includes(':') ? `[${h}]` : h}:${port}`;
  const roomNames = [...server.directory.list()].map((r) => `${r.name} (${r.mapId})`);
  const joinHosts = hosts.length > 0 ? hosts : ['127.0.0.1'];
  const banner = [
    `Haunted Chronicles server: ${map.map.name} (${map.label}), ${opts.tick} ticks/s, up to ${opts.maxPlayers} players a room`,
    `listening on ${hostPort(opts.host)} (UDP)`,
    `${roomNames.length} room${roomNames.length === 1 ? '' : 's'}: ${roomNames.join(', ')}; players ${opts.create === 'open' ? `may make rooms (up to ${opts.maxRooms})` : 'may not make rooms'}`,
    ...joinHosts.map((h) => `join with:  ${hauntedCommand()} play ${hostPort(h)}`),
    `a room:     ${hauntedCommand()} play ${hostPort(joinHosts[0]!)}/ROOM`,
  ];
  if (classicUdp) {
    const cp = classicUdp.local.port;
    banner.push(
      `classic clients on ${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${cp} (UDP): python3 client.py ${hosts[0] ?? '127.0.0.1'} ${cp}`,
    );
  }
  if (ssh !== null) {
    const sshHost = opts.sshHost ?? opts.host;
    const shown = sshHost === '0.0.0.0' || sshHost === '::' ? joinHosts[0]! : sshHost;
    banner.push(
      `ssh players: ssh -p ${ssh.port} NAME@${shown.includes(':') ? `[${shown}]` : shown}`,
      `a room:      ssh -t -p ${ssh.port} NAME@${shown.includes(':') ? `[${shown}]` : shown} ROOM`,
      `ssh host key: ${sshFingerprint} (ED25519)${opts.sshAuthorizedKeys ? `, only the keys of ${opts.sshAuthorizedKeys}` : ', open to anyone'}`,
    );
  }
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
    ...(classicUdp ? { classicPort: classicUdp.local.port } : {}),
  });
  const underAgones = opts.agones === true || agonesInEnvironment(process.env);

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
      server.deaf = true; // no new player while the others are told
      // The bots and SSH players leave first (their sessions end cleanly), then every client is told.
      Promise.all([
        ssh?.close(),
        botRunner.then((runners) => Promise.all(runners.map((r) => r.stop(300)))),
      ]).finally(() => serverLoop.shutdown());
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
    // Agones: Ready now that the port is bound; Health, counts, watch (serve-agones.ts, and
    // with it the SDK and gRPC, loaded only then: a server without Agones never loads them).
    const gameServer = server;
    const agones = underAgones
      ? import('../serve-agones.ts').then(({ serveAgones }) =>
          serveAgones({
            server: gameServer,
            logger,
            clock,
            mapId: server.directory.defaultMapId,
            version: pkg.version,
            session: opts.agonesSession === true,
            healthMs: (opts.agonesHealth ?? 2) * 1000,
            stop,
            onAddress: (_address, publicPort) => announcer?.setPublicPort(publicPort),
          }),
        )
      : null;
    const announceTimer = announcer ? setInterval(() => announcer.update(clock()), 250) : null;
    serverLoop.finished.then(async () => {
      await (await agones)?.finish();
      if (statsTimer) clearInterval(statsTimer);
      if (announceTimer) clearInterval(announceTimer);
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
      classicUdp?.close();
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

/** What a heartbeat says of this server: its name, default map, players and seats in all its rooms. */
function announcedInfo(server: GameServer | undefined, name: string): ServerInfo {
  let maxPlayers = 0;
  for (const room of server?.directory.list() ?? []) maxPlayers += room.maxPlayers;
  return {
    name,
    map: server?.directory.defaultMapId ?? 'classic',
    players: server?.playerCount ?? 0,
    maxPlayers: Math.max(1, maxPlayers),
    rooms: server?.directory.size ?? 0,
  };
}

/** The list servers of --announce, resolved; or what is wrong with one. */
async function resolveListServers(
  values: readonly string[],
): Promise<{ targets: Address[] } | { error: string }> {
  const targets: Address[] = [];
  for (const value of values) {
    const t = parseTarget(value, LIST_DEFAULT_PORT);
    if ('error' in t) return { error: `--announce ${t.error}` };
    try {
      targets.push({ address: await resolveHost(t.host), port: t.port });
    } catch (err) {
      return { error: `--announce: ${(err as Error).message}` };
    }
  }
  return { targets };
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

/** The SSH front-end's thread (ssh-worker.ts), as the serve loop sees it. */
interface SshFront {
  readonly port: number;
  /** Its players are disconnected, then the thread ends. */
  close(): Promise<void>;
}

/**
 * Starts the SSH front-end on a Worker, so that its players' frames never delay the tick;
 * resolves once it listens, rejects with its reason (a taken port, a bad authorized_keys).
 */
function startSshWorker(
  start: SshWorkerStart,
  log: (event: string, fields: Record<string, string | number | boolean | null>) => void,
): Promise<SshFront> {
  // In the executable (scripts/build.ts makes the worker an entry point of its own) the worker
  // is found relative to the entry points' root, src/cli; from source, relative to this file.
  const compiled = import.meta.url.includes('$bunfs');
  const worker = new Worker(
    compiled ? './ssh/ssh-worker.ts' : new URL('../ssh/ssh-worker.ts', import.meta.url).href,
  );
  return new Promise((resolve, reject) => {
    let closed: (() => void) | null = null;
    worker.onerror = (e) => {
      log('ssh-error', { error: e.message });
      reject(new Error(e.message));
    };
    worker.onmessage = (e: MessageEvent<SshWorkerReply>) => {
      const m = e.data;
      if (m.kind === 'log') log(m.event, m.fields);
      else if (m.kind === 'error') {
        worker.terminate();
        reject(new Error(m.message));
      } else if (m.kind === 'closed') closed?.();
      else if (m.kind === 'ready')
        resolve({
          port: m.port,
          close: () =>
            new Promise<void>((done) => {
              const end = () => {
                worker.terminate();
                done();
              };
              closed = end;
              setTimeout(end, 2000); // a thread that does not answer is ended all the same
              worker.postMessage({ kind: 'close' });
            }),
        });
    };
    worker.postMessage(start);
  });
}
