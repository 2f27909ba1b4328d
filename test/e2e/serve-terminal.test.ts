/**
 * The built binary's `haunted serve` on a pseudo-terminal that goes away (issue 13: it printed
 * an uncaught `setRawMode failed with errno: 5` and then never exited on SIGTERM). The console
 * notices its terminal is gone and closes (`console-closed` in the log), the server goes on
 * serving (a player still joins), and SIGTERM or SIGINT stop it: the player is told, exit 0
 * within a second, nothing uncaught on stderr.
 *
 * Two ways a terminal goes: with a hangup (the server runs in the terminal's session and gets
 * SIGHUP, which it logs and lives through), and without (setsid: the terminal is not its
 * controlling terminal, the case of the issue: only its input ends). stderr goes to a file, so
 * that what it printed can be read once the terminal is gone.
 */
import { afterAll, expect, test } from 'bun:test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Address } from '../../src/net/transport.ts';
import { createUdpTransport } from '../../src/net/udp.ts';
import {
  decode,
  encodeBytes,
  type Message,
  makeHello,
  PROTOCOL_VERSION,
} from '../../src/protocol/index.ts';
import { haunted } from '../support/binary.ts';

const clock = () => performance.now();
const SETSID = Bun.which('setsid');
const PGREP = Bun.which('pgrep');
const cleanup: (() => void)[] = [];
afterAll(() => {
  for (const f of cleanup) f();
});

/** Polls `check` every 10 ms until it gives something; fails with `what` after `ms`. */
async function until<T>(check: () => T | undefined | false, what: () => string, ms = 5000) {
  const end = clock() + ms;
  for (;;) {
    const found = check();
    if (found !== undefined && found !== false) return found;
    if (clock() > end) throw new Error(`timed out waiting: ${what()}`);
    await Bun.sleep(10);
  }
}

const read = (file: string) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

const lastLine = (text: string) => text.slice(text.lastIndexOf('\n') + 1);

type Way = 'hangup' | 'setsid';

async function terminalGone(way: Way, signal: 'SIGTERM' | 'SIGINT') {
  const bin = await haunted();
  const dir = mkdtempSync(join(tmpdir(), 'haunted-terminal-'));
  const logFile = join(dir, 'log');
  const errFile = join(dir, 'stderr');
  const codeFile = join(dir, 'code');
  const serve = `"$0" serve --host 127.0.0.1 --port 0 --tick 30 --log-file "$1" 2>"$2"`;
  // hangup: the shell becomes the server (exec), which has the terminal as its controlling
  // terminal. setsid: the server in a session of its own (the shell, not a group leader, is not
  // forked again by setsid), the shell ignoring the hangup to write the exit code.
  const script = way === 'hangup' ? `exec ${serve}` : `trap "" HUP; setsid ${serve}; echo $? >"$3"`;
  let screen = '';
  const shell = Bun.spawn(['sh', '-c', script, bin, logFile, errFile, codeFile], {
    terminal: {
      cols: 120,
      rows: 40,
      data: (_t, data) => {
        screen += new TextDecoder().decode(data);
      },
    },
  });
  cleanup.push(() => shell.kill('SIGKILL'));
  // The console's prompt is up: the server reads its terminal.
  const port = await until(
    () => {
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(screen);
      return m && screen.includes('type "help"') && lastLine(screen).includes('> ')
        ? Number(m[1])
        : undefined;
    },
    () => `the prompt; the terminal showed ${JSON.stringify(screen)}`,
  );
  const pid = await until(
    () => {
      if (way === 'hangup') return shell.pid;
      const r = Bun.spawnSync([PGREP!, '-P', String(shell.pid)], { stdout: 'pipe' });
      const child = Number(r.stdout.toString().trim().split('\n')[0]);
      return child > 0 ? child : undefined;
    },
    () => 'the server process',
  );
  cleanup.push(() => {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  });

  shell.terminal!.close();
  await until(
    () =>
      read(logFile).includes('console-closed') &&
      (way !== 'hangup' || read(logFile).includes('hangup')),
    () => `console-closed in the log:\n${read(logFile)}\nstderr:\n${read(errFile)}`,
  );

  // Still serving: a player joins.
  const client = await createUdpTransport({ host: '127.0.0.1', port: 0, clock });
  cleanup.push(() => client.close());
  const inbox: Message[] = [];
  client.onDatagram((bytes) => {
    const d = decode(bytes, 'client');
    if (d.ok) inbox.push(d.msg);
  });
  const server: Address = { address: '127.0.0.1', port };
  const send = (m: Message) => client.send(encodeBytes(m), server);
  const received = <T>(pick: (m: Message) => T | undefined) =>
    until(
      () => inbox.map(pick).find((x) => x !== undefined),
      () => `an answer; got ${inbox.map((m) => m.type).join(' ')}`,
      3000,
    );
  send(makeHello());
  const cookie = await received((m) => (m.type === 'CHALLENGE' ? m.cookie : undefined));
  send({ type: 'CONNECT', version: PROTOCOL_VERSION, cookie, name: 'late' });
  await received((m) => (m.type === 'WELCOME' ? m : undefined));

  // The signal stops it: the player is told, exit 0 within a second.
  const sent = clock();
  process.kill(pid, signal);
  const exited = await Promise.race([shell.exited, Bun.sleep(1000).then(() => 'still running')]);
  const took = clock() - sent;
  expect(exited).not.toBe('still running');
  const code = way === 'hangup' ? exited : Number(read(codeFile).trim());
  expect(code).toBe(0);
  expect(took).toBeLessThan(1000);
  await received((m) => (m.type === 'CLOSING' && m.reason === 'shutdown' ? true : undefined));
  const stderr = read(errFile);
  expect(stderr).toContain('console-closed');
  expect(stderr).toContain('shutdown');
  expect(stderr).not.toMatch(/setRawMode|EIO|error/i);
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`haunted serve, its terminal gone with a hangup: it serves on; ${signal}: exit 0 within 1 s`, async () => {
    await terminalGone('hangup', signal);
  }, 20_000);

  test.skipIf(!SETSID || !PGREP)(
    `haunted serve, its terminal gone without a hangup: it serves on; ${signal}: exit 0 within 1 s`,
    async () => {
      await terminalGone('setsid', signal);
    },
    20_000,
  );
}

test('haunted serve, Ctrl-D at the prompt (the terminal still there): it stops, exit 0', async () => {
  const bin = await haunted();
  const dir = mkdtempSync(join(tmpdir(), 'haunted-terminal-'));
  const logFile = join(dir, 'log');
  let screen = '';
  const proc = Bun.spawn(
    [bin, 'serve', '--host', '127.0.0.1', '--port', '0', '--log-file', logFile],
    {
      terminal: {
        cols: 120,
        rows: 40,
        data: (_t, data) => {
          screen += new TextDecoder().decode(data);
        },
      },
    },
  );
  cleanup.push(() => proc.kill('SIGKILL'));
  cleanup.push(() => proc.terminal?.close());
  await until(
    () => screen.includes('type "help"') && lastLine(screen).includes('> '),
    () => `the prompt; the terminal showed ${JSON.stringify(screen)}`,
  );
  proc.terminal!.write('\x04');
  const exited = await Promise.race([proc.exited, Bun.sleep(2000).then(() => 'still running')]);
  expect(exited).toBe(0);
  expect(read(logFile)).toContain('shutdown');
  expect(read(logFile)).not.toContain('console-closed');
  expect(screen).not.toMatch(/setRawMode|EIO|error/i);
}, 20_000);
