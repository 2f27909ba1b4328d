/**
 * The built binary in a real terminal (a 120×40 pane on a private tmux server): `haunted play`
 * with no host starts a local game against 5 bots. The lobby shows within 2 s of starting the
 * pane; the player joins the seekers and says ready, the bots ready themselves, the game starts
 * after the 5 s countdown; Esc quits with exit 0, the terminal given back, no `haunted` process
 * left behind. And `--bots` with a host is a usage error (exit 2): play checks for a terminal
 * first, so that one runs in a pane too. Skipped where tmux is not installed.
 */
import { afterAll, expect, test } from 'bun:test';
import { haunted } from '../support/binary.ts';
import { PrivateTmux, TMUX } from '../support/tmux.ts';

const tmux = new PrivateTmux('haunted-local');
afterAll(() => tmux.kill());

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
    tmux.startPane('solo', `'${bin}' play --name Me --color none --seed 5`);
    // The lobby's play screen: the manor, the team columns, me among the players.
    const lobby = await tmux.waitForScreen(
      'solo',
      (s) => s.includes('Unassigned (') && s.includes('Me (you)'),
      5000,
      10,
    );
    const ms = performance.now() - started;
    console.log(`play (local game): lobby shown ${Math.round(ms)} ms after the pane started`);
    expect(ms).toBeLessThan(2000);
    expect(lobby).toContain('local game, 5 bots');
    expect(tmux.paneFormat('solo', '#{alternate_on}')).toBe('1');
    // The client runs in the pane; the local game is in its process.
    const children = tmux.paneChildren('solo');
    expect(children).toHaveLength(1);
    const client = children[0]!;
    expect(client.command).toContain(' play ');

    // Join the seekers, then ready: the bots are (or get) ready, and the game starts after the
    // local game's 5 s countdown.
    tmux.run('send-keys', '-t', 'solo', 'r');
    await tmux.waitForScreen('solo', (s) => /Seekers \(\d+\)/.test(s) && s.includes('Me (you)'));
    await Bun.sleep(100);
    tmux.run('send-keys', '-t', 'solo', ' ');
    const ready = performance.now();
    const game = await tmux.waitForScreen('solo', (s) => s.includes('Time left'), 12_000);
    console.log(
      `play (local game): the game ${Math.round(performance.now() - ready)} ms after ready`,
    );
    expect(game).toContain('You seek');

    // Esc quits: exit 0, the terminal given back, the process gone with its bots and server.
    tmux.run('send-keys', '-t', 'solo', 'Escape');
    const after = await tmux.waitForScreen('solo', 'EXIT=', 5000);
    expect(after.trim()).toBe('EXIT=0');
    expect(tmux.paneFormat('solo', '#{alternate_on}')).toBe('0');
    expect(tmux.paneFormat('solo', '#{cursor_flag}')).toBe('1');
    expect(alive(client.pid)).toBe(false);
    for (const child of tmux.paneChildren('solo')) expect(child.command).not.toContain('haunted');
  },
  40_000,
);

test.skipIf(!TMUX)(
  'haunted play --bots 3 localhost: --bots is for a local game, exit 2',
  async () => {
    const bin = await haunted();
    tmux.startPane('hosted', `'${bin}' play --bots 3 localhost`);
    const text = await tmux.waitForScreen('hosted', 'EXIT=', 5000);
    expect(text).toContain('EXIT=2');
    // The message wraps at 120 columns: compare it with the line breaks taken out.
    const joined = text.replaceAll('\n', '');
    expect(joined).toContain(
      'haunted play: --bots and --map are for a local game (haunted play with no host)',
    );
    expect(joined).toContain('haunted bots <host> or haunted serve --bots N');
    expect(tmux.paneFormat('hosted', '#{alternate_on}')).toBe('0');
  },
  20_000,
);
