/**
 * `haunted bots` against real UDP on 127.0.0.1: a GameServer in this process over a real socket
 * (test/support/cli-server.ts). Three bots join and play, one "playing" line each; SIGTERM (the
 * handler runBots puts on `process`, called through process.emit, which only runs listeners)
 * makes them leave properly: exit 0, the server saw three disconnects and has no player left.
 * A closed port: every bot gives up, exit 1, "no bot could play". A bad target or network
 * simulator option exits 2 before any bot starts.
 */
import { afterAll, describe, expect, test } from 'bun:test';
import { runBots } from '../../src/cli/commands/bots.ts';
import { runCli } from '../../src/cli/program.ts';
import {
  type CliServer,
  capture,
  closedPort,
  eventually,
  startCliServer,
} from '../support/cli-server.ts';

const servers: CliServer[] = [];
afterAll(() => {
  for (const s of servers) s.close();
});

/** The bots' names from their "Name: playing" lines. */
const playingNames = (stdout: string) =>
  stdout
    .split('\n')
    .map((line) => /^(\S+): playing$/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined);

describe('haunted bots', () => {
  test('three bots join and play; SIGTERM makes them leave: exit 0, three disconnects', async () => {
    const s = await startCliServer();
    servers.push(s);
    const sigint = process.listenerCount('SIGINT');
    const sigterm = process.listenerCount('SIGTERM');
    const { io, out } = capture();
    const started = performance.now();
    const running = runBots(io, `127.0.0.1:${s.port}`, { count: 3, seed: 7 });
    let exitCode: number | null = null;
    running.then((code) => {
      exitCode = code;
    });

    // Within a few seconds: three players on the server, a "playing" line for each bot.
    const allIn = await eventually(
      () => s.server.state.players.length === 3 && playingNames(out.stdout).length === 3,
      5000,
    );
    expect(allIn, `players ${s.server.state.players.length}; stdout:\n${out.stdout}`).toBe(true);
    console.log(`bots: 3 playing after ${Math.round(performance.now() - started)} ms`);
    const names = s.server.state.players.map((p) => p.name).sort();
    expect(new Set(names).size).toBe(3);
    expect(playingNames(out.stdout).sort()).toEqual(names);
    const lines = out.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`3 bots joining 127.0.0.1:${s.port} (seed 7); Ctrl-C makes them leave`);
    expect(lines.slice(1).sort()).toEqual(names.map((n) => `${n}: playing`));
    expect(out.stderr).toBe('');
    expect(exitCode).toBeNull();
    // runBots listens for both signals while the bots play.
    expect(process.listenerCount('SIGINT')).toBe(sigint + 1);
    expect(process.listenerCount('SIGTERM')).toBe(sigterm + 1);

    // SIGTERM, as `kill` would deliver it to the handler (emit only calls the listeners: the
    // test runner is not killed).
    process.emit('SIGTERM');
    expect(await running).toBe(0);
    expect(out.stderr).toBe('');
    const disconnects = s.log.lines.filter((l) => l.name === 'disconnect');
    expect(disconnects.map((l) => String(l.fields.name)).sort()).toEqual(names);
    expect(disconnects.every((l) => l.fields.why === undefined)).toBe(true); // their own leaving
    // A player whose session ended leaves at the next tick.
    expect(await eventually(() => s.server.state.players.length === 0, 1000)).toBe(true);
    expect(s.server.playerCount).toBe(0);
    expect(s.log.lines.some((l) => l.name === 'timeout')).toBe(false);
    // Its signal handlers are gone.
    expect(process.listenerCount('SIGINT')).toBe(sigint);
    expect(process.listenerCount('SIGTERM')).toBe(sigterm);
  }, 15_000);

  test('a closed port: every bot gives up, exit 1, "no bot could play"', async () => {
    const port = await closedPort();
    const sigterm = process.listenerCount('SIGTERM');
    const { io, out } = capture();
    const started = performance.now();
    const code = await runBots(io, `127.0.0.1:${port}`, { count: 2, seed: 3 });
    const seconds = (performance.now() - started) / 1000;
    console.log(`bots: a closed port gave up after ${seconds.toFixed(1)} s`);
    expect(code).toBe(1);
    expect(out.stderr).toBe(`haunted bots: no bot could play on 127.0.0.1:${port}\n`);
    const lines = out.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`2 bots joining 127.0.0.1:${port} (seed 3); Ctrl-C makes them leave`);
    expect(lines).toHaveLength(3);
    for (const line of lines.slice(1))
      expect(line).toMatch(/^\S+: failed: server unreachable: nothing is listening on that port/);
    expect(out.stdout).not.toContain(': playing');
    // The system says at once that nothing listens there: no 5 s of waiting.
    expect(seconds).toBeLessThan(2);
    expect(process.listenerCount('SIGTERM')).toBe(sigterm);
  }, 15_000);

  test('a bad target exits 2 before any bot starts', async () => {
    for (const [target, message] of [
      ['[::1', 'a "[" without its "]"'],
      ['127.0.0.1:99999', 'the port must be 1 to 65535'],
      ['127.0.0.1:0', 'the port must be 1 to 65535'],
    ] as const) {
      const { io, out } = capture();
      expect(await runBots(io, target, { count: 3 })).toBe(2);
      expect(out.stderr).toStartWith('haunted bots: ');
      expect(out.stderr).toContain(message);
      expect(out.stdout).toBe('');
    }
  });

  // A malformed name is a usage error, as `haunted ping bad!host` says with exit 2 (ping.ts tells
  // it from a failed lookup by the error's cause); bots.ts exits 1 for any resolveHost error.
  test('a malformed host name exits 2, as ping does', async () => {
    const { io, out } = capture();
    expect(await runBots(io, 'bad!host', { count: 3 })).toBe(2);
    expect(out.stderr).toBe('haunted bots: "bad!host" is not a valid host name or IP address\n');
    expect(out.stdout).toBe('');
  });

  test('bad network simulator options exit 2 with the flag named', async () => {
    for (const [opts, message] of [
      [
        { lag: '50', jitter: '60' },
        '--jitter: at most the lag (50 ms), got 60: a delay is lag ± jitter and never below 0',
      ],
      [
        { jitter: '10' },
        '--jitter: at most the lag (0 ms), got 10: a delay is lag ± jitter and never below 0',
      ],
      [{ lag: 'slow' }, '--lag: expected a number ms, got "slow"'],
      [{ lag: '-5' }, '--lag: expected 0 to 10000 ms, got -5'],
      [{ loss: '101' }, '--loss: expected 0 to 100 %, got 101'],
      [{ dup: '' }, '--dup: expected a number %, got ""'],
    ] as const) {
      const { io, out } = capture();
      expect(await runBots(io, '127.0.0.1:9', { count: 1, seed: 1, ...opts })).toBe(2);
      expect(out.stderr).toBe(`haunted bots: ${message}\n`);
      expect(out.stdout).toBe('');
    }
  });

  test('through the program: bad counts, seeds and a missing host exit 2', async () => {
    for (const args of [
      ['bots'],
      ['bots', '127.0.0.1', '--count', '0'],
      ['bots', '127.0.0.1', '--count', '65'],
      ['bots', '127.0.0.1', '--seed', '-1'],
      ['bots', '127.0.0.1', '--lag', '50', '--jitter', '60'],
      ['bots', '127.0.0.1', 'extra'],
    ]) {
      const { io, out } = capture();
      expect(await runCli(args, io), args.join(' ')).toBe(2);
      expect(out.stderr).not.toBe('');
      expect(out.stdout).toBe('');
    }
  });
});
