/**
 * A private tmux server for end-to-end tests of `haunted play` in a real terminal: never the
 * user's own sessions, no user configuration, panes of 120×40 whose shell prints the command's
 * exit code after it (`EXIT=n`) and stays, screens polled until they show what a test waits for.
 */
import { readFileSync, rmSync } from 'node:fs';

/** tmux's path, or null where it is not installed (the tests using it are then skipped). */
export const TMUX = Bun.which('tmux');

export type Want = string | RegExp | ((screen: string) => boolean);

const matches = (text: string, want: Want) =>
  typeof want === 'string'
    ? text.includes(want)
    : want instanceof RegExp
      ? want.test(text)
      : want(text);

export class PrivateTmux {
  /** @param name the socket's name; made unique to this process */
  constructor(private readonly name: string) {}

  private get socket(): string {
    return `${this.name}-${process.pid}`;
  }

  /** Runs one tmux command on the private server; returns its stdout, or throws. */
  run(...args: string[]): string {
    // -f /dev/null: no user configuration changes what the panes show.
    const r = Bun.spawnSync([TMUX!, '-f', '/dev/null', '-L', this.socket, ...args], {
      stdout: 'pipe',
      stderr: 'pipe',
    });
    const quiet = args[0] === 'kill-server' || args.includes('#{socket_path}');
    if (r.exitCode !== 0 && !quiet) {
      throw new Error(`tmux ${args.join(' ')}: ${r.stderr.toString()}`);
    }
    return r.stdout.toString();
  }

  /** Kills the server and removes its socket file (kill-server leaves it behind). */
  kill(): void {
    if (!TMUX) return;
    const path = this.run('display-message', '-p', '#{socket_path}').trim();
    this.run('kill-server');
    if (path) rmSync(path, { force: true });
  }

  /** A 120×40 pane running `command`; the shell then prints its exit code and stays. */
  startPane(session: string, command: string): void {
    this.run(
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

  screen(session: string): string {
    return this.run('capture-pane', '-p', '-t', session);
  }

  /** A tmux format of the pane, e.g. `#{alternate_on}`. */
  paneFormat(session: string, format: string): string {
    return this.run('display-message', '-p', '-t', session, format).trim();
  }

  /** Polls the pane every `every` ms until it shows `want`; fails with the last screen. */
  async waitForScreen(session: string, want: Want, ms = 5000, every = 50): Promise<string> {
    const until = performance.now() + ms;
    let last = '';
    while (performance.now() < until) {
      last = this.screen(session);
      if (matches(last, want)) return last;
      await Bun.sleep(every);
    }
    throw new Error(`${session}'s screen never showed ${String(want)} in ${ms} ms:\n${last}`);
  }

  /** The children of the pane's shell, with their command lines. */
  paneChildren(session: string): { pid: number; command: string }[] {
    const shell = this.run('list-panes', '-t', session, '-F', '#{pane_pid}').trim();
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
}
