/**
 * `bun run bench` itself: help, an unknown suite and a bad option are one clear line each and
 * an exit code, never a stack trace.
 */
import { describe, expect, test } from 'bun:test';

const MAIN = `${import.meta.dir}/../../bench/main.ts`;

function bench(...args: string[]) {
  const r = Bun.spawnSync(['bun', MAIN, ...args], { stdout: 'pipe', stderr: 'pipe' });
  return { code: r.exitCode, out: r.stdout.toString(), err: r.stderr.toString() };
}

describe('bun run bench', () => {
  test('--help lists every suite and exits 0', () => {
    for (const args of [['--help'], ['server', '--help'], ['corrections', '-h']]) {
      const r = bench(...args);
      expect(r.code).toBe(0);
      for (const suite of ['game', 'startup', 'client', 'server', 'corrections', 'floor']) {
        expect(r.out).toContain(`  ${suite} `);
      }
    }
  });

  test('no suite or an unknown one: the usage on stderr, exit 2', () => {
    expect(bench().code).toBe(2);
    const r = bench('nope');
    expect(r.code).toBe(2);
    expect(r.err).toStartWith('bench: no suite nope\nusage: bun run bench <suite>');
  });

  test('a bad option: one line naming it, exit 1', () => {
    for (const [args, message] of [
      [['server', '--clients'], 'bench server: --clients needs a value\n'],
      [['corrections', '--seeds', '9-3'], 'bench corrections: bad --seeds 9-3\n'],
      [
        ['client', '--modes', 'painter,fast'],
        'bench client: --modes: painter, naive, player (not fast)\n',
      ],
    ] as const) {
      const r = bench(...args);
      expect(r.code).toBe(1);
      expect(r.err).toBe(message);
      expect(r.out).toBe('');
    }
  });
});
