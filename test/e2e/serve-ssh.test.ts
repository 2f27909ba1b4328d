/**
 * `haunted serve --ssh` with Debian's OpenSSH client in tmux, on the built binary: connect,
 * the lobby, a team, ready, the game with bots, a resize, Esc; the banner's fingerprint is the
 * key file's (`ssh-keygen -lf`) and the one the server shows (`ssh-keyscan`); and what is not a
 * game is refused (a command, a shell without a pty, port forwarding both ways, sftp).
 * Skipped where tmux or ssh is not installed (.ci/run installs both).
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { haunted } from '../support/binary.ts';
import { type SshServe, startSshServe } from '../support/ssh-serve.ts';
import { PrivateTmux, TMUX } from '../support/tmux.ts';

const SSH = Bun.which('ssh');
const KEYGEN = Bun.which('ssh-keygen');
const KEYSCAN = Bun.which('ssh-keyscan');
const skip = !TMUX || !SSH || !KEYGEN || !KEYSCAN;

const tmux = new PrivateTmux('haunted-ssh');
const dir = mkdtempSync(join(tmpdir(), 'haunted-ssh-'));
const keyFile = join(dir, 'host_key');
let server: SshServe | null = null;
let sshPort = 0;
let banner = '';

/** The OpenSSH client's options: this server's key, no user configuration, no agent. */
const sshArgs = () => [
  '-F',
  '/dev/null',
  '-p',
  String(sshPort),
  '-o',
  'StrictHostKeyChecking=no',
  '-o',
  'UserKnownHostsFile=/dev/null',
  '-o',
  'BatchMode=yes',
  '-o',
  'IdentityAgent=none',
];

beforeAll(async () => {
  if (skip) return;
  const bin = await haunted();
  server = await startSshServe(
    keyFile,
    [
      '--bots',
      '3',
      '--countdown',
      '1',
      '--head-start',
      '1',
      '--lobby-wait',
      '2',
      '--rooms',
      'fridays',
    ],
    [bin],
  );
  ({ sshPort, banner } = server);
}, 120_000);

afterAll(() => {
  if (process.env.SSH_TEST_LOG) console.log(server?.log());
  server?.kill();
  tmux.kill();
  rmSync(dir, { recursive: true, force: true });
});

test.skipIf(skip)('the host key: made 0600, its fingerprint in the banner and on the wire', () => {
  expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  const printed = hostKeyLine(banner);
  const fromFile = Bun.spawnSync([KEYGEN!, '-lf', keyFile]).stdout.toString();
  expect(fromFile).toContain(printed);
  const scan = Bun.spawnSync([KEYSCAN!, '-t', 'ed25519', '-p', String(sshPort), '127.0.0.1'], {
    stdout: 'pipe',
    stderr: 'pipe',
  }).stdout;
  const scanned = Bun.spawnSync([KEYGEN!, '-lf', '-'], { stdin: scan }).stdout.toString();
  expect(scanned).toContain(printed);
});

function hostKeyLine(text: string): string {
  return /ssh host key: (SHA256:\S+)/.exec(text)![1]!;
}

test.skipIf(skip)(
  'ssh ana@host: the room list, the lobby, a team, ready, the game, a resize, Esc',
  async () => {
    const command = [SSH!, ...sshArgs(), 'ana@127.0.0.1'].map((a) => `'${a}'`).join(' ');
    const started = performance.now();
    tmux.startPane('ana', command);
    // Two rooms: the list first, the default room on top.
    await tmux.waitForScreen('ana', (s) => s.includes('Enter join') && s.includes('fridays'), 5000);
    const listMs = performance.now() - started;
    tmux.run('send-keys', '-t', 'ana', 'Enter');
    await tmux.waitForScreen('ana', (s) => s.includes('Lobby') && s.includes('ana (you)'), 5000);
    const lobbyMs = performance.now() - started;
    console.log(
      `ssh → room list on screen: ${listMs.toFixed(0)} ms, → lobby (Enter at once): ${lobbyMs.toFixed(0)} ms`,
    );
    tmux.run('send-keys', '-t', 'ana', 'b');
    await tmux.waitForScreen('ana', /Hiders \(\d\)[\s\S]*ana \(you\)/, 3000);
    tmux.run('send-keys', '-t', 'ana', ' ');
    await tmux.waitForScreen('ana', '✓ ana (you)', 3000);
    await tmux.waitForScreen(
      'ana',
      (s) => s.includes('You hide') || s.includes('hiders left'),
      15_000,
    );
    // A resize from the window: the client draws for the new size (the status line's width).
    tmux.run('resize-window', '-t', 'ana', '-x', '90', '-y', '30');
    const resized = await tmux.waitForScreen(
      'ana',
      (s) => s.split('\n')[0]!.trimEnd().length > 80 && s.split('\n')[0]!.trimEnd().length <= 90,
      3000,
    );
    expect(resized.split('\n').filter((l) => l.trim() !== '').length).toBeLessThanOrEqual(30);
    tmux.run('send-keys', '-t', 'ana', 'Escape');
    const after = await tmux.waitForScreen('ana', 'EXIT=', 5000);
    expect(after).toContain('EXIT=0');
    expect(tmux.paneFormat('ana', '#{alternate_on}')).toBe('0');
  },
  60_000,
);

test.skipIf(skip)(
  'ssh -t host ROOM joins that room',
  async () => {
    const command = [SSH!, '-t', ...sshArgs(), 'bob@127.0.0.1', 'fridays']
      .map((a) => `'${a}'`)
      .join(' ');
    tmux.startPane('bob', command);
    // The room --rooms opened: bob alone in it (the bots play in the default room).
    await tmux.waitForScreen('bob', (s) => s.includes('Lobby') && s.includes('bob (you)'), 5000);
    expect(tmux.screen('bob')).not.toContain('Ghast');
    tmux.run('send-keys', '-t', 'bob', 'Escape');
    await tmux.waitForScreen('bob', 'EXIT=0', 5000);
  },
  30_000,
);

/** Runs the OpenSSH client without a terminal; its exit code and what it printed. */
function ssh(...args: string[]): { code: number; err: string } {
  const r = Bun.spawnSync([SSH!, ...sshArgs(), ...args], {
    stdout: 'pipe',
    stderr: 'pipe',
    stdin: 'ignore',
    timeout: 10_000,
  });
  return { code: r.exitCode ?? -1, err: r.stderr.toString() };
}

test.skipIf(skip)('a command, a shell without a pty, sftp: refused', async () => {
  const exec = ssh('127.0.0.1', 'ls');
  expect(exec.code).toBe(255);
  expect(exec.err).toContain('exec request failed');
  const shell = ssh('-T', '127.0.0.1');
  expect(shell.code).toBe(255);
  expect(shell.err).toContain('shell request failed');
  const ttyExec = ssh('-tt', '127.0.0.1', 'cat /etc/passwd');
  expect(ttyExec.code).toBe(255);
  const sftp = ssh('-s', '127.0.0.1', 'sftp');
  expect(sftp.code).toBe(255);
  expect(sftp.err).toContain('subsystem request failed');
  // Refused cleanly: nothing thrown on the SSH thread (ssh2 in an executable whose minifier
  // renamed its classes threw from its channel cleanup here).
  await Bun.sleep(300); // the connections' close, and the log lines it may bring
  expect(server!.log()).not.toContain('is not an object');
});

test.skipIf(skip)(
  'port forwarding both ways: refused',
  async () => {
    const remote = ssh('-o', 'ExitOnForwardFailure=yes', '-N', '-R', '0:127.0.0.1:9', '127.0.0.1');
    expect(remote.code).toBe(255);
    expect(remote.err).toContain('remote port forwarding failed');
    // -L: the server is asked at each connection to the local port; it refuses the channel.
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const local = Bun.spawn([SSH!, ...sshArgs(), '-N', '-L', `${port}:127.0.0.1:9`, '127.0.0.1'], {
      stdout: 'pipe',
      stderr: 'pipe',
      stdin: 'ignore',
    });
    try {
      // Once ssh listens, a connection is taken, the channel refused, the connection closed.
      let closed = false;
      for (let i = 0; i < 50 && !closed; i++) {
        closed = await new Promise<boolean>((resolve) => {
          let opened = false;
          const timer = setTimeout(() => resolve(false), 2000);
          Bun.connect({
            hostname: '127.0.0.1',
            port,
            socket: {
              open() {
                opened = true;
              },
              close() {
                clearTimeout(timer);
                resolve(opened);
              },
              data() {},
              connectError() {
                clearTimeout(timer);
                setTimeout(() => resolve(false), 100);
              },
            },
          }).catch(() => {
            clearTimeout(timer);
            setTimeout(() => resolve(false), 100);
          });
        });
      }
      expect(closed).toBe(true);
      local.kill('SIGTERM');
      expect(await new Response(local.stderr).text()).toContain('open failed');
    } finally {
      local.kill('SIGKILL');
    }
  },
  20_000,
);
