/**
 * `haunted list-server`: the master server that `haunted serve --announce` heartbeats to and
 * `haunted servers` (and the room list of `haunted play --list`) asks (docs/LIST-SERVER.md).
 * One small process on one UDP port; nothing on disk; SIGINT or SIGTERM stops it (exit 0).
 */
import { randomBytes } from 'node:crypto';
import { ListServer } from '../../list/list-server.ts';
import { createUdpTransport } from '../../net/udp.ts';
import { createLogger, type LogFormat } from '../../server/log.ts';
import { type CliIO, EXIT } from '../cli-io.ts';

export interface ListServerCommandOptions {
  host: string;
  port: number;
  /** Seconds between heartbeats, told to each game server. */
  interval: number;
  maxServers: number;
  logFormat: LogFormat;
}

export async function runListServer(io: CliIO, opts: ListServerCommandOptions): Promise<number> {
  const clock = () => performance.now();
  const logger = createLogger({
    format: opts.logFormat,
    sinks: [(line) => io.stderr(line)],
    wallClock: Date.now,
  });
  let udp: Awaited<ReturnType<typeof createUdpTransport>>;
  try {
    udp = await createUdpTransport({ host: opts.host, port: opts.port, clock });
  } catch (err) {
    io.stderr(`haunted list-server: ${(err as Error).message}\n`);
    return EXIT.failure;
  }
  const list = new ListServer({
    transport: udp,
    secret: new Uint8Array(randomBytes(32)),
    logger,
    now: clock(),
    intervalSeconds: opts.interval,
    maxServers: opts.maxServers,
  });
  const port = udp.local.port;
  io.stdout(
    `Haunted Chronicles list server on ${opts.host}:${port} (UDP), heartbeats every ${opts.interval} s\n` +
      `announce with:  haunted serve --announce HOST:${port}\n`,
  );
  logger.event('list-start', { port, interval: opts.interval });
  return new Promise<number>((resolve) => {
    const timer = setInterval(() => {
      list.update(clock());
      logger.flush();
    }, 500);
    const stop = () => {
      clearInterval(timer);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      logger.event('list-stop', { servers: list.size, ...list.stats });
      udp.close();
      resolve(EXIT.ok);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
