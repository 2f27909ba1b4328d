/**
 * `haunted serve --ssh` from source for the SSH tests that drive ssh2 clients: on 127.0.0.1 and
 * free ports, its host key in `dir`, its log as JSON lines. Gives the ports its banner names, its
 * log (stderr) as it grows, and that log's lines of one event.
 */
import { join } from 'node:path';

export type LogLine = Record<string, string | number | boolean | null> & { event: string };

export interface SshServe {
  readonly proc: ReturnType<typeof Bun.spawn>;
  readonly sshPort: number;
  readonly gamePort: number;
  /** Everything the server logged so far. */
  log(): string;
  /** The server's log lines of one event. */
  events(event: string): LogLine[];
  kill(): void;
}

/** Starts it with `args` after the SSH ones; resolves once the banner names the host key. */
export async function startSshServe(dir: string, args: readonly string[] = []): Promise<SshServe> {
  const proc = Bun.spawn(
    [
      'bun',
      'src/cli/main.ts',
      'serve',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--ssh',
      '0',
      '--ssh-host-key',
      join(dir, 'host_key'),
      '--log-format',
      'json',
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
  while (!/ssh host key/.test(banner)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`server exited: ${banner}${log}`);
    banner += new TextDecoder().decode(value);
  }
  // Its stdout keeps draining, or the server would block on it.
  (async () => {
    for (;;) if ((await reader.read()).done) return;
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
    log: () => log,
    events,
    kill: () => {
      if (proc.exitCode === null) proc.kill('SIGKILL');
    },
  };
}
