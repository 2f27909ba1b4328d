/**
 * The built binary: `haunted serve --bots 3` on 127.0.0.1 plays with three bots of its own, as
 * `haunted ping` (the binary too) shows from outside; SIGTERM makes them leave first (three
 * disconnects in the log), then the server closes: exit 0. And `--bots` above `--max-players`
 * is a usage error (exit 2) with a message.
 */
import { afterAll, expect, test } from 'bun:test';
import { PROTOCOL_VERSION } from '../../src/protocol/index.ts';
import { haunted } from '../support/binary.ts';
import { startServe } from '../support/cli-server.ts';

const cleanup: (() => void)[] = [];
afterAll(() => {
  for (const f of cleanup) f();
});

/** Runs `haunted ping 127.0.0.1:PORT --count 1`; its stdout and exit code. */
async function ping(bin: string, port: number): Promise<{ code: number; stdout: string }> {
  const proc = Bun.spawn([bin, 'ping', `127.0.0.1:${port}`, '--count', '1'], {
    stdout: 'pipe',
    stderr: 'pipe',
    stdin: 'ignore',
  });
  const [code, stdout] = await Promise.all([proc.exited, new Response(proc.stdout).text()]);
  return { code, stdout };
}

test('haunted serve --bots 3: three players as ping shows; SIGTERM: they leave, exit 0', async () => {
  const bin = await haunted();
  const started = performance.now();
  const { proc, port, banner } = await startServe(bin, ['--bots', '3', '--countdown', '1']);
  cleanup.push(() => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  });
  expect(banner).toStartWith('Haunted Chronicles server: ');
  expect(banner).toContain('up to 10 players');
  expect(banner).toContain(`listening on 127.0.0.1:${port} (UDP)`);
  // stdin is not a terminal: no console prompt.
  expect(banner).not.toContain('type "help"');

  // Ping until the bots are in (each ping is a new process: a few hundred ms apart).
  let last = { code: -1, stdout: '' };
  const until = performance.now() + 5000;
  while (performance.now() < until) {
    last = await ping(bin, port);
    if (last.code === 0 && last.stdout.includes(' 3/10 players')) break;
    await Bun.sleep(100);
  }
  expect(last.code).toBe(0);
  expect(last.stdout).toMatch(
    new RegExp(
      `reply from 127\\.0\\.0\\.1:${port}: seq=1 time=\\d+\\.\\d+ ms {2}"Haunted Chronicles" v${PROTOCOL_VERSION}, (lobby|countdown|game|end), 3/10 players\\n`,
    ),
  );
  console.log(`serve --bots 3: 3/10 players after ${Math.round(performance.now() - started)} ms`);

  proc.kill('SIGTERM');
  expect(await proc.exited).toBe(0);
  const log = await new Response(proc.stderr).text();
  // Three bots joined over UDP like anyone, and left on their own before the shutdown.
  expect(log.match(/ connect room=default name=/g)?.length).toBe(3);
  const disconnects = log.split('\n').filter((l) => / disconnect room=default name=/.test(l));
  expect(disconnects).toHaveLength(3);
  const shutdownAt = log.indexOf('shutdown');
  expect(shutdownAt).toBeGreaterThan(0);
  for (const line of disconnects) expect(log.indexOf(line)).toBeLessThan(shutdownAt);
  expect(log).not.toContain('bots-error');
}, 30_000);

test('haunted serve --bots 20 --max-players 10: a clear message, exit 2', async () => {
  const bin = await haunted();
  const proc = Bun.spawn(
    [bin, 'serve', '--host', '127.0.0.1', '--port', '0', '--bots', '20', '--max-players', '10'],
    { stdout: 'pipe', stderr: 'pipe', stdin: 'ignore' },
  );
  expect(await proc.exited).toBe(2);
  expect(await new Response(proc.stderr).text()).toBe(
    'haunted serve: --bots 20 is more than --max-players 10\nRun "haunted serve --help" for usage.\n',
  );
  expect(await new Response(proc.stdout).text()).toBe('');
}, 30_000);

test('haunted serve --bots 64 (above 63) and --bots -1 are option errors: exit 2', async () => {
  const bin = await haunted();
  for (const n of ['64', '-1', 'many']) {
    const proc = Bun.spawn([bin, 'serve', '--port', '0', '--bots', n], {
      stdout: 'pipe',
      stderr: 'pipe',
      stdin: 'ignore',
    });
    expect(await proc.exited).toBe(2);
    expect(await new Response(proc.stderr).text()).toContain(
      `option '--bots <n>' argument '${n}' is invalid`,
    );
  }
}, 30_000);
