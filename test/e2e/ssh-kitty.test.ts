/**
 * `haunted serve --ssh` with a player's terminal that speaks the kitty keyboard protocol, and one
 * that does not: ssh2's Client in this process plays the terminal (tmux, the OpenSSH tests'
 * terminal, drops the protocol). The client asks the terminal (`CSI ? u`); a terminal that answers
 * gets the protocol pushed (`CSI > 3 u`: disambiguate, event types), its keys in the protocol's
 * encoding (presses, repeats and releases) drive the game, and quitting pops the flags, leaves the
 * alternate screen and ends the session with status 0, its player gone from the game and its
 * connection gone from the server.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, type ClientChannel } from 'ssh2';
import { type LogLine, type SshServe, startSshServe } from '../support/ssh-serve.ts';

const dir = mkdtempSync(join(tmpdir(), 'haunted-ssh-kitty-'));
let server: SshServe | null = null;
let sshPort = 0;
const clients: Client[] = [];

beforeAll(async () => {
  server = await startSshServe(join(dir, 'host_key'), ['--log-format', 'json']);
  sshPort = server.sshPort;
}, 30_000);

afterAll(() => {
  for (const c of clients) c.end();
  server?.kill();
  rmSync(dir, { recursive: true, force: true });
});

async function until(what: () => boolean, ms: number): Promise<boolean> {
  const end = performance.now() + ms;
  while (!what() && performance.now() < end) await Bun.sleep(20);
  return what();
}

/** The server's log lines of one event. */
function events(event: string): LogLine[] {
  return server?.events(event) ?? [];
}

/** A terminal over SSH; `kitty`: it answers the protocol's query (flags 0: none pushed yet). */
function terminal(name: string, kitty: boolean) {
  const conn = new Client();
  clients.push(conn);
  const t = {
    out: '',
    stream: null as ClientChannel | null,
    exit: null as number | null,
    closed: false,
    /** This end's TCP port. */
    port: 0,
  };
  conn.on('error', () => {});
  conn.on('ready', () => {
    t.port = (conn as unknown as { _sock: { localPort: number } })._sock.localPort;
    conn.shell(
      { term: kitty ? 'xterm-kitty' : 'xterm-256color', cols: 100, rows: 30 },
      (err, s) => {
        if (err) throw err;
        t.stream = s;
        s.on('data', (d: Buffer) => {
          const text = d.toString();
          t.out += text;
          if (kitty && text.includes('\x1b[?u')) s.write('\x1b[?0u');
        });
        s.stderr.on('data', () => {});
        s.on('exit', (code: number) => {
          t.exit = code;
        });
        s.on('close', () => {
          t.closed = true;
        });
      },
    );
  });
  conn.connect({ host: '127.0.0.1', port: sshPort, username: name, readyTimeout: 10_000 });
  return t;
}

/**
 * The states of the server's ends of TCP connections from `clientPort` (/proc/net/tcp, hex: 01
 * established, 06 time-wait…).
 */
function serverSide(clientPort: number): string[] {
  const hex = (port: number) => `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f[1]?.endsWith(hex(sshPort)) && f[2]?.endsWith(hex(clientPort)))
    .map((f) => f[3]!);
}

/** A key as the kitty protocol sends it with event types: press, then release. */
const kittyKey = (code: number) => `\x1b[${code}u\x1b[${code};1:3u`;

test('a terminal with the kitty protocol: asked, pushed, keys in its encoding, popped at quit', async () => {
  const kim = terminal('kim', true);
  expect(
    await until(() => kim.out.includes('Lobby') && kim.out.includes('kim (you)'), 10_000),
  ).toBe(true);
  expect(kim.out).toContain('\x1b[?u');
  // Pushed once the answer came: disambiguate (1) + report event types (2).
  expect(await until(() => kim.out.includes('\x1b[>3u'), 3000)).toBe(true);
  // `b` (98) in the protocol's encoding: the hiders. A release alone is no key press.
  const at = kim.out.length;
  kim.stream!.write(kittyKey(98));
  expect(await until(() => /Hiders \(1\)[\s\S]*kim \(you\)/.test(kim.out.slice(at)), 5000)).toBe(
    true,
  );
  // Escape (27) in the protocol's encoding quits: the flags popped, the alternate screen left,
  // status 0, and the player gone from the game.
  const before = kim.out.length;
  kim.stream!.write(kittyKey(27));
  expect(await until(() => kim.closed, 5000)).toBe(true);
  const last = kim.out.slice(before);
  expect(last).toContain('\x1b[<u');
  expect(last).toContain('\x1b[?1049l');
  expect(last.lastIndexOf('\x1b[<u')).toBe(last.indexOf('\x1b[<u')); // popped once
  expect(kim.exit).toBe(0);
  expect(
    await until(
      () =>
        events('ssh-leave').some((e) => e.name === 'kim' && e.reason === 'quit') &&
        events('disconnect').some((e) => e.name === 'kim'),
      3000,
    ),
  ).toBe(true);
  // Nothing left of the connection on the server but, at most, TCP's TIME-WAIT (06): the server
  // closed first, its socket released.
  expect(await until(() => serverSide(kim.port).every((state) => state === '06'), 3000)).toBe(true);
}, 20_000);

test('a terminal without it: asked, nothing pushed, plain keys work', async () => {
  const pat = terminal('pat', false);
  expect(
    await until(() => pat.out.includes('Lobby') && pat.out.includes('pat (you)'), 10_000),
  ).toBe(true);
  expect(pat.out).toContain('\x1b[?u');
  pat.stream!.write('b');
  expect(await until(() => /Hiders \(\d\)[\s\S]*pat \(you\)/.test(pat.out), 5000)).toBe(true);
  expect(pat.out).not.toContain('\x1b[>');
  pat.stream!.write('\x1b');
  expect(await until(() => pat.closed, 5000)).toBe(true);
  expect(pat.exit).toBe(0);
  expect(pat.out).not.toContain('\x1b[<u');
}, 20_000);
