/**
 * The built binary in a real terminal: `haunted serve` on 127.0.0.1 and two `haunted play`
 * clients, each in a 120×40 tmux pane on a private tmux server. Join teams, get ready, play,
 * move, quit with Esc and with SIGTERM, and check the terminal is given back as it was.
 * Skipped where tmux is not installed.
 */
import { afterAll, expect, test } from 'bun:test';
import { rmSync } from 'node:fs';
import { haunted } from '../support/binary.ts';

const TMUX = Bun.which('tmux');
/** A private tmux server: never the user's own sessions. */
const SOCKET = `haunted-e2e-${process.pid}`;
const cleanup: (() => void)[] = [];
afterAll(() => {
  for (const f of cleanup) f();
  if (!TMUX) return;
  // kill-server leaves the socket file behind: remove it too.
  const path = tmux('display-message', '-p', '#{socket_path}').trim();
  tmux('kill-server');
  if (path) rmSync(path, { force: true });
});

/** Runs one tmux command on the private server; returns its stdout, or throws. */
function tmux(...args: string[]): string {
  // -f /dev/null: no user configuration changes what the panes show.
  const r = Bun.spawnSync([TMUX!, '-f', '/dev/null', '-L', SOCKET, ...args], {
    stdout: 'pipe',
    stderr: 'pipe',
  });
  const quiet = args[0] === 'kill-server' || args.includes('#{socket_path}');
  if (r.exitCode !== 0 && !quiet) throw new Error(`tmux ${args.join(' ')}: ${r.stderr.toString()}`);
  return r.stdout.toString();
}

const screen = (session: string) => tmux('capture-pane', '-p', '-t', session);
const paneFormat = (session: string, format: string) =>
  tmux('display-message', '-p', '-t', session, format).trim();

type Want = string | RegExp | ((screen: string) => boolean);
const matches = (text: string, want: Want) =>
  typeof want === 'string'
    ? text.includes(want)
    : want instanceof RegExp
      ? want.test(text)
      : want(text);

/** Polls the pane every 50 ms until it shows `want`; fails with the last screen. */
async function waitForScreen(session: string, want: Want, ms = 5000): Promise<string> {
  const until = performance.now() + ms;
  let last = '';
  while (performance.now() < until) {
    last = screen(session);
    if (matches(last, want)) return last;
    await Bun.sleep(50);
  }
  throw new Error(`${session}'s screen never showed ${String(want)} in ${ms} ms:\n${last}`);
}

/** Sends keys one press at a time, 40 ms apart, as a person would tap them. */
async function press(session: string, key: string, times = 1): Promise<void> {
  for (let i = 0; i < times; i++) {
    tmux('send-keys', '-t', session, key);
    await Bun.sleep(40);
  }
}

/** Where the own player (`@`) is on the screen, when it shows exactly one. */
function ownGlyph(text: string): { row: number; col: number } | null {
  const found: { row: number; col: number }[] = [];
  text.split('\n').forEach((line, row) => {
    for (let col = line.indexOf('@'); col >= 0; col = line.indexOf('@', col + 1))
      found.push({ row, col });
  });
  return found.length === 1 ? found[0]! : null;
}

/** Starts `haunted serve` on a free port; returns the port. */
async function startServer(bin: string): Promise<number> {
  const proc = Bun.spawn(
    [bin, 'serve', '--host', '127.0.0.1', '--port', '0', '--countdown', '1', '--seek-time', '30'],
    { stdout: 'pipe', stderr: 'pipe', stdin: 'ignore' },
  );
  cleanup.push(() => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  });
  const reader = proc.stdout.getReader();
  let banner = '';
  while (!/listening on 127\.0\.0\.1:(\d+)/.test(banner)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`server exited: ${banner}${await new Response(proc.stderr).text()}`);
    banner += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  return Number(/listening on 127\.0\.0\.1:(\d+)/.exec(banner)![1]);
}

/**
 * A 120×40 pane running the client; the shell then prints its exit code and stays. tmux sets
 * the pane's TERM itself (tmux-256color or screen, whatever `-e` says); CI comes from this
 * process, so `CI=true bun test` runs the client under CI=true too.
 */
function startClient(bin: string, port: number, session: string, name: string): void {
  tmux(
    'new-session',
    '-d',
    '-s',
    session,
    '-x',
    '120',
    '-y',
    '40',
    `'${bin}' play 127.0.0.1:${port} --name ${name} --color none; echo EXIT=$?; sleep 30`,
  );
}

/** The client's pid: the one child of the pane's shell. */
function clientPid(session: string): number {
  const shell = tmux('list-panes', '-t', session, '-F', '#{pane_pid}').trim();
  const r = Bun.spawnSync(['pgrep', '-P', shell], { stdout: 'pipe' });
  const pids = r.stdout.toString().trim().split('\n').filter(Boolean);
  if (pids.length !== 1) throw new Error(`pane shell ${shell} has children [${pids}]`);
  return Number(pids[0]);
}

/** What a pane must look like once the client is gone: the shell's output, nothing drawn. */
function expectRestored(session: string, text: string): void {
  expect(text.trim()).toBe('EXIT=0');
  expect(paneFormat(session, '#{alternate_on}')).toBe('0');
  expect(paneFormat(session, '#{cursor_flag}')).toBe('1');
}

test.skipIf(!TMUX)(
  'haunted play in tmux: lobby, teams, countdown, game, move, Esc and SIGTERM',
  async () => {
    const bin = await haunted();
    const port = await startServer(bin);
    startClient(bin, port, 'ana', 'Ana');
    startClient(bin, port, 'bob', 'Bob');

    // The lobby: both players, nobody in a team yet.
    const inLobby = (me: string, other: string) => (s: string) =>
      s.includes('Unassigned (2)') && s.includes(`${me} (you)`) && s.includes(other);
    await waitForScreen('ana', inLobby('Ana', 'Bob'));
    await waitForScreen('bob', inLobby('Bob', 'Ana'));
    expect(paneFormat('ana', '#{alternate_on}')).toBe('1');

    // Teams, then ready: the countdown, then the game.
    tmux('send-keys', '-t', 'ana', 'r');
    tmux('send-keys', '-t', 'bob', 'b');
    await waitForScreen('ana', (s) => s.includes('Seekers (1)') && s.includes('Hiders (1)'));
    tmux('send-keys', '-t', 'ana', ' ');
    tmux('send-keys', '-t', 'bob', ' ');
    await waitForScreen('ana', 'Entering game in');
    await waitForScreen('ana', (s) => s.includes('Time left') && s.includes('You seek'));
    await waitForScreen('bob', (s) => s.includes('Time left') && s.includes('You hide'));

    // Move: the first direction that is not walled off moves Ana's `@`.
    const before = ownGlyph(await waitForScreen('ana', (s) => ownGlyph(s) !== null));
    let moved: { key: string; at: { row: number; col: number } } | null = null;
    for (const key of ['Right', 'Left', 'Up', 'Down']) {
      await press('ana', key, 3);
      const at = await waitForScreen(
        'ana',
        (s) => {
          const now = ownGlyph(s);
          return now !== null && (now.row !== before!.row || now.col !== before!.col);
        },
        1000,
      ).then(ownGlyph, () => null);
      if (at) {
        moved = { key, at };
        break;
      }
    }
    expect(
      moved,
      `Ana's @ never moved from ${JSON.stringify(before)}:\n${screen('ana')}`,
    ).not.toBeNull();
    const { key, at } = moved!;
    if (key === 'Right') expect(at.col).toBeGreaterThan(before!.col);
    if (key === 'Left') expect(at.col).toBeLessThan(before!.col);
    if (key === 'Up') expect(at.row).toBeLessThan(before!.row);
    if (key === 'Down') expect(at.row).toBeGreaterThan(before!.row);

    // Esc quits: exit 0, the alternate screen left, the cursor shown.
    tmux('send-keys', '-t', 'bob', 'Escape');
    expectRestored('bob', await waitForScreen('bob', 'EXIT=', 5000));

    // SIGTERM does the same, whatever screen Ana is on.
    expect(paneFormat('ana', '#{alternate_on}')).toBe('1');
    process.kill(clientPid('ana'), 'SIGTERM');
    expectRestored('ana', await waitForScreen('ana', 'EXIT=', 5000));
  },
  60_000,
);

test('haunted play without a terminal: a clear message, exit 2', async () => {
  const bin = await haunted();
  const proc = Bun.spawn([bin, 'play', '127.0.0.1:1'], {
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
  });
  expect(await proc.exited).toBe(2);
  expect(await new Response(proc.stderr).text()).toContain('needs a terminal');
  expect(await new Response(proc.stdout).text()).toBe('');
}, 60_000);
