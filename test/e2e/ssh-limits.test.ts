/**
 * The SSH front-end's limits, with ssh2's own Client on loopback against `startSshServer` in this
 * process, joined to a `haunted serve` child: a player who presses nothing is told and closed
 * after the idle time, a connection beyond --ssh-max-sessions is closed before it plays, and a
 * client that authenticates with a key not in --ssh-authorized-keys is refused.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, utils } from 'ssh2';
import { newHostKey } from '../../src/cli/ssh/host-key.ts';
import {
  readAuthorizedKeys,
  type SshServer,
  startSshServer,
} from '../../src/cli/ssh/ssh-server.ts';

let game: ReturnType<typeof Bun.spawn> | null = null;
let gamePort = 0;
const servers: SshServer[] = [];
const clients: Client[] = [];

beforeAll(async () => {
  game = Bun.spawn(['bun', 'src/cli/main.ts', 'serve', '--host', '127.0.0.1', '--port', '0'], {
    stdout: 'pipe',
    stderr: 'ignore',
    stdin: 'ignore',
  });
  const reader = (game.stdout as ReadableStream<Uint8Array>).getReader();
  let banner = '';
  const listening = /listening on 127\.0\.0\.1:(\d+)/;
  while (!listening.test(banner)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`server exited: ${banner}`);
    banner += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  gamePort = Number(listening.exec(banner)![1]);
});

afterAll(async () => {
  for (const c of clients) c.end();
  await Promise.all(servers.map((s) => s.close()));
  game?.kill('SIGKILL');
});

async function sshServer(
  more: Partial<Parameters<typeof startSshServer>[0]> = {},
): Promise<SshServer> {
  const s = await startSshServer({
    host: '127.0.0.1',
    port: 0,
    game: { address: '127.0.0.1', port: gamePort },
    hostKeyPem: newHostKey(),
    authorizedKeys: null,
    maxSessions: 4,
    idleMs: 60_000,
    startMs: 30_000,
    log: (e, f) => process.env.SSH_LOG && console.log(e, f),
    ...more,
  });
  servers.push(s);
  return s;
}

/** A client with a pty; what it was sent, and whether and how its session ended. */
function player(port: number, name: string, privateKey?: string) {
  const conn = new Client();
  clients.push(conn);
  const seen = { out: '', err: '', closed: false, exit: null as number | null, error: '' };
  conn.on('error', (e) => {
    seen.error = e.message;
  });
  conn.on('close', () => {
    seen.closed = true;
  });
  conn.on('ready', () => {
    conn.shell({ term: 'xterm', cols: 100, rows: 30 }, (err, stream) => {
      if (err) {
        seen.error = err.message;
        return;
      }
      stream.on('data', (d: Buffer) => {
        seen.out += d.toString();
      });
      stream.stderr.on('data', (d: Buffer) => {
        seen.err += d.toString();
      });
      stream.on('exit', (code: number) => {
        seen.exit = code;
      });
    });
  });
  conn.connect({
    host: '127.0.0.1',
    port,
    username: name,
    readyTimeout: 10_000,
    ...(privateKey ? { privateKey } : {}),
  });
  return seen;
}

async function until(what: () => boolean, ms: number): Promise<boolean> {
  const end = performance.now() + ms;
  while (!what() && performance.now() < end) await Bun.sleep(25);
  return what();
}

test('a player who presses nothing: told, then closed after the idle time', async () => {
  const s = await sshServer({ idleMs: 1500 });
  const p = player(s.port, 'idler');
  expect(await until(() => p.out.includes('Lobby'), 5000)).toBe(true);
  expect(s.playing).toBe(1);
  expect(await until(() => p.closed, 5000)).toBe(true);
  expect(p.err).toContain('no key for a while');
  expect(s.playing).toBe(0);
}, 15_000);

test('beyond --ssh-max-sessions: the connection is closed before it plays', async () => {
  const s = await sshServer({ maxSessions: 1 });
  const first = player(s.port, 'one');
  expect(await until(() => first.out.includes('Lobby'), 5000)).toBe(true);
  const second = player(s.port, 'two');
  expect(await until(() => second.closed, 5000)).toBe(true);
  expect(second.out).toBe('');
  expect(first.closed).toBe(false);
}, 15_000);

test('--ssh-authorized-keys FILE: a listed key plays, another key and no key are refused', async () => {
  const pem = (k: ReturnType<typeof generateKeyPairSync>['privateKey']) =>
    k.export({ type: 'pkcs1', format: 'pem' }).toString();
  const allowed = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const parsed = utils.parseKey(pem(allowed));
  if (parsed instanceof Error || Array.isArray(parsed)) throw new Error('key');
  // An authorized_keys file as OpenSSH writes them: a comment, options before the key.
  const dir = mkdtempSync(join(tmpdir(), 'haunted-keys-'));
  const file = join(dir, 'authorized_keys');
  const line = `ssh-rsa ${parsed.getPublicSSH().toString('base64')} ana@laptop`;
  writeFileSync(file, `# players\n\nno-pty,no-port-forwarding ${line}\n`);
  const keys = readAuthorizedKeys(file);
  rmSync(dir, { recursive: true });
  expect(keys.length).toBe(1);
  const s = await sshServer({ authorizedKeys: keys });
  const ok = player(s.port, 'ana', pem(allowed));
  expect(await until(() => ok.out.includes('Lobby'), 5000)).toBe(true);
  const wrong = player(s.port, 'eve', pem(other));
  expect(await until(() => wrong.error !== '' || wrong.closed, 5000)).toBe(true);
  expect(wrong.out).toBe('');
  expect(wrong.error).toContain('authentication methods failed');
  const none = player(s.port, 'mallory');
  expect(await until(() => none.error !== '' || none.closed, 5000)).toBe(true);
  expect(none.out).toBe('');
}, 20_000);

test('an authorized_keys line that is not a key: a message naming the file and line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'haunted-keys-'));
  try {
    const file = join(dir, 'authorized_keys');
    writeFileSync(file, '# ok\nssh-ed25519 notbase64!!\n');
    expect(() => readAuthorizedKeys(file)).toThrow(`${file} line 2`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('garbage after the version line closes that connection only; a pty of absurd size is refused', async () => {
  const s = await sshServer();
  // (Every test's players join the one game server: a name of its own, or the rename prompt.)
  const zoe = player(s.port, 'zoe');
  expect(await until(() => zoe.out.includes('Lobby'), 5000)).toBe(true);
  let closed = false;
  const sock = await Bun.connect({
    hostname: '127.0.0.1',
    port: s.port,
    socket: {
      data() {},
      close() {
        closed = true;
      },
    },
  });
  sock.write('SSH-2.0-garbage\r\n');
  // Seeded bytes, not a packet the server can parse.
  let x = 12345;
  const junk = new Uint8Array(4096).map(() => {
    x = (x * 1103515245 + 12345) >>> 0;
    return x >>> 24;
  });
  sock.write(junk);
  expect(await until(() => closed, 5000)).toBe(true);
  expect(zoe.closed).toBe(false);
  expect(s.playing).toBe(1);

  const conn = new Client();
  clients.push(conn);
  const answer = await new Promise<string>((resolve) => {
    conn.on('error', (e) => resolve(e.message));
    conn.on('ready', () =>
      conn.shell({ term: 'xterm', cols: 100_000, rows: 30 }, (err) =>
        resolve(err ? err.message : 'accepted'),
      ),
    );
    conn.connect({ host: '127.0.0.1', port: s.port, username: 'big' });
  });
  expect(answer).not.toBe('accepted');
  expect(s.playing).toBe(1);
}, 15_000);
