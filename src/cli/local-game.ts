/**
 * A whole game inside one process, for `haunted play` with no host: a server on a free port of
 * 127.0.0.1 (nobody else can reach it) and bots that join it over UDP like any player. The
 * player's own client then joins it the same way. Stopping it lets the bots leave, tells the
 * server to close, and frees every socket.
 */
import { randomBytes } from 'node:crypto';
import type { GameMap } from '../game/map.ts';
import { DEFAULT_RULES } from '../game/state.ts';
import type { NetConditions } from '../net/conditioned.ts';
import type { Address } from '../net/transport.ts';
import { createUdpTransport } from '../net/udp.ts';
import { createLogger } from '../server/log.ts';
import { GameServer } from '../server/server.ts';
import { type BotRunner, startBots } from './bot-runner.ts';
import { startServerLoop, TICK_EARLY_MS } from './server-loop.ts';

export interface LocalGameOptions {
  readonly map: GameMap;
  readonly bots: number;
  /** The game's seed (spawns, colours) and the bots' (their choices). */
  readonly seed: number;
  readonly clock: () => number;
  /** The player's name: no bot takes it. */
  readonly playerName: string;
  /** The network simulator on the bots' sockets too, when the player asked for one. */
  readonly conditions?: NetConditions | null;
  /** Where the server's log lines go (the player's --log-file), if anywhere. */
  readonly log?: (line: string) => void;
  readonly tickRate?: number;
  readonly seekTime?: number;
  /** The seekers' head start, seconds. @default 5 */
  readonly headStart?: number;
  /** The lobby timer, seconds (0: none). @default 30 */
  readonly lobbyWait?: number;
}

export interface LocalGame {
  /** Where the player's client connects. */
  readonly address: Address;
  readonly server: GameServer;
  readonly bots: BotRunner;
  stop(): Promise<void>;
}

export async function startLocalGame(o: LocalGameOptions): Promise<LocalGame> {
  const transport = await createUdpTransport({ host: '127.0.0.1', port: 0, clock: o.clock });
  const log = o.log;
  const logger = createLogger({
    format: 'text',
    // The log file stamps each line itself: the logger's own time is left out.
    sinks: log ? [(line) => log(`server: ${line.trimEnd().replace(/^\S+ /, '')}`)] : [],
    wallClock: Date.now,
    debug: false,
  });
  const server = new GameServer({
    transport,
    map: o.map,
    rules: {
      tickRate: o.tickRate ?? 30,
      countdown: 5,
      seekTime: o.seekTime ?? DEFAULT_RULES.seekTime,
      endTime: 5,
      noticeTime: 4,
      headStart: o.headStart ?? DEFAULT_RULES.headStart,
      lobbyWait: o.lobbyWait ?? DEFAULT_RULES.lobbyWait,
    },
    maxPlayers: Math.max(10, o.bots + 1),
    timeoutMs: 5000,
    name: 'Local game',
    secret: new Uint8Array(randomBytes(32)),
    randomToken: () => randomBytes(8).toString('hex'),
    seed: o.seed,
    logger,
    now: o.clock(),
    measure: o.clock,
    tickEarlyMs: TICK_EARLY_MS,
  });
  const loop = startServerLoop(server, o.clock);
  const address = { address: '127.0.0.1', port: transport.local.port };
  let bots: BotRunner;
  try {
    bots = await startBots({
      server: address,
      count: o.bots,
      seed: o.seed,
      clock: o.clock,
      conditions: o.conditions ?? null,
      takenNames: new Set([o.playerName]),
      // Your own game: the bots wait for you however long you take.
      humanWaitMs: Number.POSITIVE_INFINITY,
    });
  } catch (err) {
    loop.shutdown();
    await loop.finished;
    transport.close();
    throw err;
  }
  return {
    address,
    server,
    bots,
    async stop() {
      await bots.stop(300);
      loop.shutdown();
      await loop.finished;
      transport.close();
    },
  };
}
