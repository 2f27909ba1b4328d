/**
 * For tests of CLI commands against real UDP on 127.0.0.1: a GameServer in this process on a real
 * socket, updated every 5 ms on the real clock (as `haunted serve` runs it), with its log kept in
 * memory; a CliIO that captures what a command prints; a port where nothing listens; and, for
 * the built binary, `haunted serve` started on a free port with its banner read.
 */

import type { CliIO } from '../../src/cli/program.ts';
import { createUdpTransport } from '../../src/net/udp.ts';
import { memoryLogger } from '../../src/server/log.ts';
import { GameServer } from '../../src/server/server.ts';
import { classicMap, QUICK_RULES } from './server-harness.ts';

export const clock = () => performance.now();

export interface CliServer {
  readonly server: GameServer;
  readonly port: number;
  readonly log: ReturnType<typeof memoryLogger>;
  /** Stops the update loop and closes the socket. */
  close(): void;
}

/** A game server on 127.0.0.1 (any free port), updated every 5 ms on the real clock. */
export async function startCliServer(
  o: { name?: string; maxPlayers?: number } = {},
): Promise<CliServer> {
  const transport = await createUdpTransport({ host: '127.0.0.1', port: 0, clock });
  const log = memoryLogger();
  let tokens = 0;
  const server = new GameServer({
    transport,
    map: classicMap,
    rules: QUICK_RULES,
    maxPlayers: o.maxPlayers ?? 10,
    timeoutMs: 5000,
    name: o.name ?? 'Test manor',
    secret: new Uint8Array(32).fill(7),
    randomToken: () => (++tokens).toString(16).padStart(16, '0'),
    seed: 1,
    logger: log,
    now: clock(),
  });
  const loop = setInterval(() => server.update(clock()), 5);
  return {
    server,
    port: transport.local.port,
    log,
    close() {
      clearInterval(loop);
      transport.close();
    },
  };
}

/** A CliIO that keeps what a command writes. */
export function capture() {
  const out = { stdout: '', stderr: '' };
  const io: CliIO = {
    stdout: (t) => {
      out.stdout += t;
    },
    stderr: (t) => {
      out.stderr += t;
    },
    env: {},
    isTTY: false,
  };
  return { io, out };
}

/** A port on 127.0.0.1 where nothing listens: bound, noted, closed. */
export async function closedPort(): Promise<number> {
  const socket = await createUdpTransport({ host: '127.0.0.1', port: 0, clock });
  const port = socket.local.port;
  socket.close();
  return port;
}

/** Polls `check` every 20 ms until it is true; false after `ms`. */
export async function eventually(check: () => boolean, ms: number): Promise<boolean> {
  const until = clock() + ms;
  while (clock() < until) {
    if (check()) return true;
    await Bun.sleep(20);
  }
  return check();
}

export interface ServeProcess {
  readonly proc: Bun.Subprocess<'ignore', 'pipe', 'pipe'>;
  readonly port: number;
  /** What it printed on stdout up to the "listening on" line. */
  readonly banner: string;
}

/**
 * Starts the built `haunted serve --host 127.0.0.1 --port 0 …args` (stdin ignored) and reads its
 * banner up to the port it listens on; throws with what it printed if it exits first.
 */
export async function startServe(bin: string, args: readonly string[]): Promise<ServeProcess> {
  const proc = Bun.spawn([bin, 'serve', '--host', '127.0.0.1', '--port', '0', ...args], {
    stdout: 'pipe',
    stderr: 'pipe',
    stdin: 'ignore',
  });
  const reader = proc.stdout.getReader();
  const listening = /listening on 127\.0\.0\.1:(\d+)/;
  let banner = '';
  while (!listening.test(banner)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`server exited: ${banner}${await new Response(proc.stderr).text()}`);
    banner += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  return { proc, port: Number(listening.exec(banner)![1]), banner };
}
