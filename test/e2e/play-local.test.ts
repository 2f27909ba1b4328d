/**
 * The built binary in a real terminal (a 120×40 pane on a private tmux server): `haunted play`
 * with no host starts a local game against 5 bots. The lobby shows within 2 s of starting the
 * pane; the player joins the seekers and says ready, the bots ready themselves, the game starts
 * after the 5 s countdown; Esc quits with exit 0, the terminal given back, no `haunted` process
 * left behind. And `--bots` with a host is a usage error (exit 2): play checks for a terminal
 * first, so that one runs in a pane too. Skipped where tmux is not installed.
 */
import { afterAll, expect, test } from 'bun:test';
import { readFileSync, rmSync } from 'node:fs';
import { haunted } from '../support/binary.ts';

const TMUX = Bun.which('tmux');
/** A private tmux server: never the user's own sessions. */
const SOCKET = `haunted-local-${process.pid}`;
afterAll(() => {
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

type Want = string | ((screen: string) => boolean);

/** Polls the pane every `every` ms until it shows `want`; fails with the last screen. */
async function waitForScreen(session: string, want: Want, ms = 5000, every = 50): Promise<string> {
  const until = performance.now() + ms;
  let last = '';
  while (performance.now() < until) {
    last = screen(session);
    if (typeof want === 'string' ? last.includes(want) : want(last)) return last;
    await Bun.sleep(every);
  }
  throw new Error(`${session}'s screen never showed ${String(want)} in ${ms} ms:\n${last}`);
}

/** A 120×40 pane running `command`; the shell then prints its exit code and stays. */
function startPane(session: string, command: string): void {
  tmux(
    'new-session',
    '-d',
    '-s',
    session,
    '-x',
    '120',
    '-y',
    '40',
    `${command}; echo EXIT=$?; sleep 30`,
  );
}

/** The pids of the children of the pane's shell, with their command lines. */
function paneChildren(session: string): { pid: number; command: string }[] {
  const shell = tmux('list-panes', '-t', session, '-F', '#{pane_pid}').trim();
  const r = Bun.spawnSync(['pgrep', '-P', shell], { stdout: 'pipe' });
  return r.stdout
    .toString()
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((pid) => {
      let command = '';
      try {
        command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      } catch {
        // gone, or no /proc
      }
      return { pid: Number(pid), command };
    });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test.skipIf(!TMUX)(
  'haunted play with no host: the lobby within 2 s, ready, the game with the bots, Esc',
  async () => {
    const bin = await haunted();
    const started = performance.now();
    startPane('solo', `'${bin}' play --name Me --color none --seed 5`);
    // The lobby's play screen: the manor, the team columns, me among the players.
    const lobby = await waitForScreen(
      'solo',
      (s) => s.includes('Unassigned (') && s.includes('Me (you)'),
      5000,
      10,
    );
    const ms = performance.now() - started;
    console.log(`play (local game): lobby shown ${Math.round(ms)} ms after the pane started`);
    expect(ms).toBeLessThan(2000);
    expect(lobby).toContain('local game, 5 bots');
    expect(paneFormat('solo', '#{alternate_on}')).toBe('1');
    // The client runs in the pane; the local game is in its process.
    const children = paneChildren('solo');
    expect(children).toHaveLength(1);
    const client = children[0]!;
    expect(client.command).toContain(' play ');

    // Join the seekers, then ready: the bots are (or get) ready, and the game starts after the
    // local game's 5 s countdown.
    tmux('send-keys', '-t', 'solo', 'r');
    await waitForScreen('solo', (s) => /Seekers \(\d+\)/.test(s) && s.includes('Me (you)'));
    await Bun.sleep(100);
    tmux('send-keys', '-t', 'solo', ' ');
    const ready = performance.now();
    const game = await waitForScreen('solo', (s) => s.includes('Time left'), 12_000);
    console.log(
      `play (local game): the game ${Math.round(performance.now() - ready)} ms after ready`,
    );
    expect(game).toContain('You seek');

    // Esc quits: exit 0, the terminal given back, the process gone with its bots and server.
    tmux('send-keys', '-t', 'solo', 'Escape');
    const after = await waitForScreen('solo', 'EXIT=', 5000);
    expect(after.trim()).toBe('EXIT=0');
    expect(paneFormat('solo', '#{alternate_on}')).toBe('0');
    expect(paneFormat('solo', '#{cursor_flag}')).toBe('1');
    expect(alive(client.pid)).toBe(false);
    for (const child of paneChildren('solo')) expect(child.command).not.toContain('haunted');
  },
  40_000,
);

test.skipIf(!TMUX)(
  'haunted play --bots 3 localhost: --bots is for a local game, exit 2',
  async () => {
    const bin = await haunted();
    startPane('hosted', `'${bin}' play --bots 3 localhost`);
    const text = await waitForScreen('hosted', 'EXIT=', 5000);
    expect(text).toContain('EXIT=2');
    // The message wraps at 120 columns: compare it with the line breaks taken out.
    const joined = text.replaceAll('\n', '');
    expect(joined).toContain(
      'haunted play: --bots and --map are for a local game (haunted play with no host)',
    );
    expect(joined).toContain('haunted bots <host> or haunted serve --bots N');
    expect(paneFormat('hosted', '#{alternate_on}')).toBe('0');
  },
  20_000,
);
