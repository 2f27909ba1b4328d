/**
 * `haunted serve --ssh PORT`: an SSH server (on the serve process's SSH thread, ssh-worker.ts)
 * where each session runs the real
 * terminal client (`runPlay` on the SSH channel, channel-terminal.ts). The client joins the game
 * over a UDP socket to the server's own port on the loopback address, exactly as `haunted play`
 * would: an SSH player is an ordinary player to the game (same protocol, same fairness, same
 * culling, same rate limits), and the SSH side can never touch the game's state or its tick.
 *
 * Only a game is served: a session with a pty whose shell, or whose command is a room name
 * (`ssh host ROOM`), starts the client. Everything else is refused: a shell or command without
 * a pty, any other command, subsystems (sftp), X11 and agent forwarding, port forwarding both
 * ways, unknown channels and global requests, a pty of absurd size.
 */
import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { type Connection, type ParsedKey, Server, type ServerChannel, utils } from 'ssh2';
import type { Layout } from '../../client/keys.ts';
import { cleanName } from '../../client/player-name.ts';
import { isRoomName } from '../../protocol/index.ts';
import { EXIT } from '../cli-io.ts';
import { runPlay } from '../commands/play.ts';
import { channelTerminal, saneSize, toCrlf } from './channel-terminal.ts';
import { coalesceWrites, type WritableSocket } from './coalesce-writes.ts';

export interface SshOptions {
  host: string;
  port: number;
  /** The game server's UDP address as a local client reaches it. */
  game: { address: string; port: number };
  hostKeyPem: string;
  /** Public keys allowed in (authorized_keys lines); null: anyone. */
  authorizedKeys: readonly ParsedKey[] | null;
  /** Connections at most at once. @default 32 */
  maxSessions: number;
  /** A session without a key for this long is told and closed, ms. @default 10 minutes */
  idleMs: number;
  /** A connection that has not started a game this long after connecting is closed, ms. @default 30 s */
  startMs: number;
  /** Bytes a session may queue unsent before it is dropped. */
  maxQueued?: number;
  /** Frames drawn per second. @default 30 */
  fps?: number;
  log: (event: string, fields: Record<string, string | number | boolean | null>) => void;
}

export interface SshServer {
  readonly port: number;
  /** Sessions playing now. */
  readonly playing: number;
  /** Every session leaves (its player is disconnected), then the listener closes. */
  close(): Promise<void>;
}

/** Reads an authorized_keys file: one key a line, `#` comments, options before the key ignored. */
export function readAuthorizedKeys(path: string): ParsedKey[] {
  const keys: ParsedKey[] = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    // "[options] type base64 [comment]": from the key type on.
    const at = line.search(/(ssh-|ecdsa-|sk-)/);
    const parsed = at < 0 ? new Error('no key type') : utils.parseKey(line.slice(at));
    const key = Array.isArray(parsed) ? parsed[0] : parsed;
    if (key === undefined || key instanceof Error)
      throw new Error(
        `${path} line ${i + 1}: not a public key (${key instanceof Error ? key.message : 'empty'})`,
      );
    keys.push(key);
  }
  return keys;
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export function startSshServer(o: SshOptions): Promise<SshServer> {
  const connections = new Set<Connection>();
  const games = new Set<{ stop: AbortController; done: Promise<unknown> }>();
  let nextId = 1;

  const server = new Server({ hostKeys: [o.hostKeyPem], ident: 'haunted' }, (client, info) => {
    const id = nextId++;
    if (connections.size >= o.maxSessions) {
      o.log('ssh-refused', { id, ip: info.ip, reason: 'max sessions' });
      client.end();
      return;
    }
    connections.add(client);
    // ssh2 (1.17.0, pinned) keeps the connection's TCP socket as `_sock`; one game a connection,
    // so what it holds unsent is that game's.
    const socket = () => (client as unknown as { _sock?: Socket })._sock;
    let user = '';
    let started = false;
    // A connection that never starts a game (stuck in the handshake, or asking only for what is
    // refused) does not keep its seat.
    const startTimer = setTimeout(() => {
      if (!started) client.end();
    }, o.startMs);
    // A protocol error (garbage, a bad packet) ends this connection, and only this one.
    client.on('error', (err) => {
      o.log('ssh-error', { id, ip: info.ip, error: err.message });
      client.end();
    });
    client.on('close', () => {
      clearTimeout(startTimer);
      connections.delete(client);
    });

    client.on('authentication', (ctx) => {
      user = ctx.username;
      if (o.authorizedKeys === null) return ctx.accept();
      if (ctx.method !== 'publickey') return ctx.reject(['publickey']);
      const key = o.authorizedKeys.find(
        (k) => k.type === ctx.key.algo && sameBytes(k.getPublicSSH(), ctx.key.data),
      );
      if (key === undefined) return ctx.reject(['publickey']);
      // No signature: the client asks whether the key would do; with one, it proves it holds it.
      if (ctx.signature && ctx.blob && key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true)
        return ctx.reject(['publickey']);
      ctx.accept();
    });

    client.on('ready', () => {
      o.log('ssh-connect', { id, ip: info.ip, user });
      client.on('tcpip', (_accept, reject) => reject());
      client.on('openssh.streamlocal', (_accept, reject) => reject());
      client.on('request', (_accept, reject) => reject?.());
      client.on('session', (acceptSession, rejectSession) => {
        if (started) return rejectSession();
        const session = acceptSession();
        let pty: { cols: number; rows: number; term: string } | null = null;
        let terminal: ReturnType<typeof channelTerminal> | null = null;
        let colorterm: string | undefined;
        session.on('pty', (accept, reject, p) => {
          if (!saneSize(p.cols, p.rows)) return reject();
          pty = { cols: p.cols, rows: p.rows, term: p.term };
          accept();
        });
        session.on('window-change', (accept, reject, w) => {
          if (!saneSize(w.cols, w.rows)) return reject?.();
          if (pty) pty = { ...pty, cols: w.cols, rows: w.rows };
          terminal?.resize(w.cols, w.rows);
          accept?.();
        });
        session.on('env', (accept, reject, e) => {
          // Only what chooses the colours (`ssh -o SetEnv=COLORTERM=truecolor`).
          if (e.key !== 'COLORTERM') return reject?.();
          colorterm = e.val.slice(0, 32);
          accept?.();
        });
        const play = (channel: ServerChannel, room: string | null) => {
          started = true;
          clearTimeout(startTimer);
          const size = pty!;
          const stop = new AbortController();
          let idle: ReturnType<typeof setTimeout> | null = null;
          let why = '';
          const leave = (reason: string) => {
            why ||= reason;
            stop.abort();
          };
          const armIdle = () => {
            if (idle) clearTimeout(idle);
            idle = setTimeout(() => leave('idle'), o.idleMs);
          };
          armIdle();
          terminal = channelTerminal({
            channel,
            columns: size.cols,
            rows: size.rows,
            ...(o.maxQueued === undefined ? {} : { maxQueued: o.maxQueued }),
            onInput: armIdle,
            // A reader that does not read is not sent a goodbye it would never take: its socket
            // is reset at once (an end() waits on the unsent bytes, keeping the connection, its
            // seat and the kernel's send buffer, ≈ 4 MB, for as long as the client stays silent).
            onOverflow: () => {
              leave('slow reader');
              channel.destroy();
              const s = socket();
              if (typeof s?.resetAndDestroy === 'function') s.resetAndDestroy();
              else s?.destroy();
            },
            socketQueued: () => socket()?.writableLength ?? 0,
            stop: stop.signal,
          });
          const t = terminal;
          channel.on('close', () => leave('closed'));
          const name = cleanName(user) ?? 'player';
          const target = `${o.game.address.includes(':') ? `[${o.game.address}]` : o.game.address}:${o.game.port}${room === null ? '' : `/${room}`}`;
          o.log('ssh-play', { id, name, room: room ?? '', cols: size.cols, rows: size.rows });
          const stderr = (text: string) => {
            if (!channel.destroyed) channel.stderr.write(toCrlf(text));
          };
          const done = runPlay(
            {
              stdout: stderr,
              stderr,
              env: { TERM: size.term, COLORTERM: colorterm },
              isTTY: true,
            },
            target,
            { name, fps: o.fps ?? 30, keys: 'auto' as Layout, color: 'auto' },
            t,
          )
            .catch(() => EXIT.failure)
            .then((code) => {
              if (idle) clearTimeout(idle);
              t.close();
              if (why === 'idle') stderr('haunted: no key for a while: you were disconnected\n');
              o.log('ssh-leave', { id, name, code, reason: why || 'quit', bytes: t.bytesOut });
              // The exit status and the channel's close first: a connection ended at once would
              // reach the player's ssh before them (it then says "disconnected", exit 255).
              const bye = setTimeout(() => client.end(), 2000);
              channel.once('close', () => {
                clearTimeout(bye);
                client.end();
              });
              if (!channel.destroyed) {
                channel.exit(code);
                channel.end();
              } else channel.emit('close');
            });
          const game = { stop, done };
          games.add(game);
          done.finally(() => games.delete(game));
        };
        session.on('shell', (accept, reject) => {
          if (pty === null || started) return reject?.();
          play(accept(), null);
        });
        session.on('exec', (accept, reject, e) => {
          const room = e.command.trim();
          if (pty === null || started || !isRoomName(room)) {
            o.log('ssh-refused', { id, reason: 'exec', command: e.command.slice(0, 40) });
            return reject?.();
          }
          play(accept(), room);
        });
        session.on('subsystem', (_accept, reject) => reject?.());
        session.on('x11', (_accept, reject) => reject?.());
        session.on('auth-agent', (_accept, reject) => reject?.());
        session.on('signal', (_accept, reject) => reject?.());
        session.on('sftp', (_accept, reject) => reject?.());
      });
    });
  });

  // Our own listener hands each socket to ssh2 (injectSocket, its public way in) once its
  // writes are gathered per turn (coalesce-writes.ts).
  server.on('error', (err: Error) => o.log('ssh-error', { error: err.message }));
  const listener = createServer((socket) => {
    coalesceWrites(socket as unknown as WritableSocket);
    server.injectSocket(socket);
  });
  return new Promise((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(o.port, o.host, () => {
      listener.off('error', reject);
      listener.on('error', (err: Error) => o.log('ssh-error', { error: err.message }));
      const address = listener.address();
      resolve({
        port: typeof address === 'object' && address !== null ? address.port : o.port,
        get playing() {
          return games.size;
        },
        close: async () => {
          listener.close();
          for (const g of games) g.stop.abort();
          await Promise.all([...games].map((g) => g.done));
          for (const c of connections) c.end();
        },
      });
    });
  });
}
