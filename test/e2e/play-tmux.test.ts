/**
 * The built binary in a real terminal: `haunted serve` on 127.0.0.1 and two `haunted play`
 * clients, each in a 120×40 tmux pane on a private tmux server. Join teams, get ready, play,
 * move, quit with Esc and with SIGTERM, and check the terminal is given back as it was.
 * Skipped where tmux is not installed.
 */
import { afterAll, expect, test } from 'bun:test';
import { haunted } from '../support/binary.ts';
import { serveOnFreePort } from '../support/serve-process.ts';
import { PrivateTmux, TMUX } from '../support/tmux.ts';

const tmux = new PrivateTmux('haunted-e2e');
const cleanup: (() => void)[] = [];
afterAll(() => {
  for (const f of cleanup) f();
  tmux.kill();
});

/** Sends keys one press at a time, 40 ms apart, as a person would tap them. */
async function press(session: string, key: string, times = 1): Promise<void> {
  for (let i = 0; i < times; i++) {
    tmux.run('send-keys', '-t', session, key);
    await Bun.sleep(40);
  }
}

/** Where the own player (`@`) is on the screen, when it shows exactly one. */
function ownGlyph(text: string): { row: number; col: number } | null {
  const found: { row: number; col: number }[] = [];
  text.split('\n').forEach((line, row) => {
    if (line.includes('@ you')) return; // the legend under the map
    for (let col = line.indexOf('@'); col >= 0; col = line.indexOf('@', col + 1))
      found.push({ row, col });
  });
  return found.length === 1 ? found[0]! : null;
}

/** Starts `haunted serve` on a free port; returns the port. */
async function startServer(bin: string): Promise<number> {
  const args = ['--countdown', '1', '--seek-time', '30', '--head-start', '2'];
  const server = await serveOnFreePort(bin, args);
  cleanup.push(server.kill);
  return server.port;
}

/**
 * A 120×40 pane running the client; the shell then prints its exit code and stays. tmux sets
 * the pane's TERM itself (tmux-256color or screen, whatever `-e` says); CI comes from this
 * process, so `CI=true bun test` runs the client under CI=true too.
 */
function startClient(bin: string, port: number, session: string, name: string): void {
  tmux.startPane(session, `'${bin}' play 127.0.0.1:${port} --name ${name} --color none`);
}

/** The client's pid: the one child of the pane's shell. */
function clientPid(session: string): number {
  const children = tmux.paneChildren(session);
  if (children.length !== 1)
    throw new Error(`the pane's shell has children [${children.map((c) => c.pid)}]`);
  return children[0]!.pid;
}

/** What a pane must look like once the client is gone: the shell's output, nothing drawn. */
function expectRestored(session: string, text: string): void {
  expect(text.trim()).toBe('EXIT=0');
  expect(tmux.paneFormat(session, '#{alternate_on}')).toBe('0');
  expect(tmux.paneFormat(session, '#{cursor_flag}')).toBe('1');
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
    await tmux.waitForScreen('ana', inLobby('Ana', 'Bob'));
    await tmux.waitForScreen('bob', inLobby('Bob', 'Ana'));
    expect(tmux.paneFormat('ana', '#{alternate_on}')).toBe('1');

    // Teams, then ready: the countdown, then the game.
    tmux.run('send-keys', '-t', 'ana', 'r');
    tmux.run('send-keys', '-t', 'bob', 'b');
    await tmux.waitForScreen('ana', (s) => s.includes('Seekers (1)') && s.includes('Hiders (1)'));
    tmux.run('send-keys', '-t', 'ana', ' ');
    tmux.run('send-keys', '-t', 'bob', ' ');
    await tmux.waitForScreen('ana', 'Entering game in');
    await tmux.waitForScreen('ana', (s) => s.includes('Time left') && s.includes('You seek'));
    await tmux.waitForScreen('bob', (s) => s.includes('Time left') && s.includes('You hide'));
    // The seekers' head start (2 s here): each side is told, then Ana is released.
    await tmux.waitForScreen('ana', 'You can move in');
    await tmux.waitForScreen('bob', 'Seekers released in');
    await tmux.waitForScreen('ana', (s) => !s.includes('You can move in'));

    // Move: the first direction that is not walled off moves Ana's `@`.
    const before = ownGlyph(await tmux.waitForScreen('ana', (s) => ownGlyph(s) !== null));
    let moved: { key: string; at: { row: number; col: number } } | null = null;
    for (const key of ['Right', 'Left', 'Up', 'Down']) {
      await press('ana', key, 3);
      const at = await tmux
        .waitForScreen(
          'ana',
          (s) => {
            const now = ownGlyph(s);
            return now !== null && (now.row !== before!.row || now.col !== before!.col);
          },
          1000,
        )
        .then(ownGlyph, () => null);
      if (at) {
        moved = { key, at };
        break;
      }
    }
    expect(
      moved,
      `Ana's @ never moved from ${JSON.stringify(before)}:\n${tmux.screen('ana')}`,
    ).not.toBeNull();
    const { key, at } = moved!;
    if (key === 'Right') expect(at.col).toBeGreaterThan(before!.col);
    if (key === 'Left') expect(at.col).toBeLessThan(before!.col);
    if (key === 'Up') expect(at.row).toBeLessThan(before!.row);
    if (key === 'Down') expect(at.row).toBeGreaterThan(before!.row);

    // Esc quits: exit 0, the alternate screen left, the cursor shown.
    tmux.run('send-keys', '-t', 'bob', 'Escape');
    expectRestored('bob', await tmux.waitForScreen('bob', 'EXIT=', 5000));

    // SIGTERM does the same, whatever screen Ana is on.
    expect(tmux.paneFormat('ana', '#{alternate_on}')).toBe('1');
    process.kill(clientPid('ana'), 'SIGTERM');
    expectRestored('ana', await tmux.waitForScreen('ana', 'EXIT=', 5000));
  },
  60_000,
);

/** A UDP port on 127.0.0.1 that nothing listens on: bound by the OS, then let go. */
async function closedPort(): Promise<number> {
  const socket = await Bun.udpSocket({ hostname: '127.0.0.1', port: 0 });
  const port = socket.port;
  socket.close();
  return port;
}

test.skipIf(!TMUX)(
  'a closed port fails at once, and the exit reason stays on screen once the shell is back',
  async () => {
    const bin = await haunted();
    const port = await closedPort();
    tmux.startPane('gone', `'${bin}' play 127.0.0.1:${port} --color none`);
    // The system's "port unreachable" ends the handshake at once, not after 5 s of silence.
    await tmux.waitForScreen('gone', 'nothing is listening on that port', 3000);
    tmux.run('send-keys', '-t', 'gone', 'x');
    const text = await tmux.waitForScreen('gone', 'EXIT=', 5000);
    const lines = text.split('\n').map((l) => l.trimEnd());
    const reason = lines.findIndex((l) => l.startsWith('haunted play: '));
    expect(reason, text).toBeGreaterThanOrEqual(0);
    // The shell's next output comes below the reason, not over it.
    expect(lines.indexOf('EXIT=1'), text).toBeGreaterThan(reason);
    expect(tmux.paneFormat('gone', '#{alternate_on}')).toBe('0');
  },
  30_000,
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
