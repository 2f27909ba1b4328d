/**
 * The SSH front-end on a thread of its own (a Worker of the serve process): every SSH player's
 * terminal client draws here, so their frames (Ink, the map, the encryption) never hold the
 * game's event loop and the tick keeps its time. The players reach the game as they would from
 * anywhere, over UDP on the loopback address. Messages: `start` (SshWorkerStart) in, `ready`
 * (the port) or `error` out, `log` lines out, `close` in then `closed` out.
 */
import type { SshServer } from './ssh-server.ts';

/** What the serve process asks for: SshOptions without the parts that cannot cross threads. */
export interface SshWorkerStart {
  kind: 'start';
  host: string;
  port: number;
  game: { address: string; port: number };
  hostKeyPem: string;
  authorizedKeysPath: string | null;
  maxSessions: number;
  idleMs: number;
  startMs: number;
}

export type SshWorkerReply =
  | { kind: 'ready'; port: number }
  | { kind: 'error'; message: string }
  | { kind: 'log'; event: string; fields: Record<string, string | number | boolean | null> }
  | { kind: 'closed' };

declare const self: Worker;
const reply = (m: SshWorkerReply) => self.postMessage(m);
let server: SshServer | null = null;

// An error thrown from a library's event handler (ssh2 threw from a socket's close handler when
// the executable's minifier renamed its classes: it tells channels apart by `constructor.name`,
// scripts/build.ts now keeps names) is logged, and the other sessions play on, rather than the
// thread ending with every player on it.
process.on('uncaughtException', (err) => {
  reply({
    kind: 'log',
    event: 'ssh-error',
    fields: { error: String(err?.message ?? err).slice(0, 200) },
  });
});

self.onmessage = async (e: MessageEvent<SshWorkerStart | { kind: 'close' }>) => {
  const m = e.data;
  if (m.kind === 'start') {
    try {
      // Imported here, not at the top: Ink's module graph has a top-level await, and a message
      // that comes while a worker's modules are still being evaluated finds no handler.
      const { readAuthorizedKeys, startSshServer } = await import('./ssh-server.ts');
      const { authorizedKeysPath, kind: _, ...options } = m;
      server = await startSshServer({
        ...options,
        authorizedKeys: authorizedKeysPath === null ? null : readAuthorizedKeys(authorizedKeysPath),
        log: (event, fields) => reply({ kind: 'log', event, fields }),
      });
      reply({ kind: 'ready', port: server.port });
    } catch (err) {
      reply({ kind: 'error', message: (err as Error).message });
    }
  } else if (m.kind === 'close') {
    await server?.close();
    reply({ kind: 'closed' });
  }
};
