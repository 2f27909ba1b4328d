/**
 * `haunted serve --ssh` for the SSH tests: on 127.0.0.1 and free ports, its host key in a file
 * of the test's. Gives the ports its banner names, the banner, its log (what it wrote after the
 * banner, stdout and stderr) as it grows, and that log's JSON lines of one event (with
 * `--log-format json` among the arguments).
 */

export type LogLine = Record<string, string | number | boolean | null> & { event: string };

export interface SshServe {
  readonly proc: ReturnType<typeof Bun.spawn>;
  readonly sshPort: number;
  readonly gamePort: number;
  /** What it printed up to the host key's fingerprint. */
  readonly banner: string;
  /** Everything the server logged so far. */
  log(): string;
  /** The server's log lines of one event. */
  events(event: string): LogLine[];
  kill(): void;
}

/**
 * Starts `command serve … --ssh 0 --ssh-host-key hostKey args` (`command`: from source unless
 * given, e.g. the built binary); resolves once the banner names the host key.
 */
export async function startSshServe(
  hostKey: string,
  args: readonly string[] = [],
  command: readonly string[] = ['bun', 'src/cli/main.ts'],
): Promise<SshServe> {
  const proc = Bun.spawn(
    [
      ...command,
      'serve',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--ssh',
      '0',
      '--ssh-host-key',
      hostKey,
      ...args,
    ],
    { stdout: 'pipe', stderr: 'pipe', stdin: 'ignore' },
  );
  let log = '';
  (async () => {
    for await (const chunk of proc.stderr as ReadableStream<Uint8Array>)
      log += new TextDecoder().decode(chunk);
  })();
  const reader = (proc.stdout as ReadableStream<Uint8Array>).getReader();
  let banner = '';
  // The whole line: the fingerprint on it is what the tests compare.
  while (!/ssh host key: .*\n/.test(banner)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`server exited: ${banner}${log}`);
    banner += new TextDecoder().decode(value);
  }
  // Its stdout keeps draining, or the server would block on it.
  (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      log += new TextDecoder().decode(value);
    }
  })();
  const events = (event: string): LogLine[] => {
    const lines: LogLine[] = [];
    for (const line of log.split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        const parsed = JSON.parse(line) as LogLine;
        if (parsed.event === event) lines.push(parsed);
      } catch {
        // a line still being written
      }
    }
    return lines;
  };
  return {
    proc,
    sshPort: Number(/ssh -p (\d+) NAME@/.exec(banner)![1]),
    gamePort: Number(/listening on 127\.0\.0\.1:(\d+)/.exec(banner)![1]),
    banner,
    log: () => log,
    events,
    kill: () => {
      if (proc.exitCode === null) proc.kill('SIGKILL');
    },
  };
}
