/**
 * `haunted --version` and `haunted version --json`: from source they say so; the compiled
 * executable names the commit and the Bun target the build wrote in (scripts/build.ts).
 */
import { describe, expect, test } from 'bun:test';
import pkg from '../../package.json' with { type: 'json' };
import { gitCommit, hostTarget } from '../../scripts/build.ts';
import { runCli } from '../../src/cli/program.ts';
import { hauntedCommand } from '../../src/cli/version.ts';
import { PROTOCOL_VERSION } from '../../src/protocol/constants.ts';
import { haunted } from '../support/binary.ts';

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env: {},
    isTTY: false,
  });
  return { code, stdout, stderr };
}

async function binary(args: string[]) {
  const proc = Bun.spawn([await haunted(), ...args], { stdout: 'pipe', stderr: 'pipe' });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { code, stdout, stderr };
}

describe('haunted --version from source', () => {
  test('says it is a source run, with the package version, Bun and the protocol', async () => {
    expect(await cli(['--version'])).toEqual({
      code: 0,
      stdout: `haunted ${pkg.version} (run from source, not built; bun ${Bun.version}, protocol ${PROTOCOL_VERSION})\n`,
      stderr: '',
    });
    expect((await cli(['-V'])).stdout).toBe((await cli(['--version'])).stdout);
  });

  test('version prints the same line, version --json one object for machines', async () => {
    expect((await cli(['version'])).stdout).toBe((await cli(['--version'])).stdout);
    const { code, stdout } = await cli(['version', '--json']);
    expect(code).toBe(0);
    expect(stdout.endsWith('}\n')).toBe(true);
    expect(JSON.parse(stdout)).toEqual({
      version: pkg.version,
      commit: 'source',
      target: 'source',
      protocol: PROTOCOL_VERSION,
      bun: Bun.version,
    });
  });

  test('version takes no argument and no other option', async () => {
    expect((await cli(['version', 'extra'])).code).toBe(2);
    const { code, stderr } = await cli(['version', '--yaml']);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown option '--yaml'");
  });

  test('a friend of a source checkout joins with the script', () => {
    expect(hauntedCommand()).toBe('bun run haunted');
  });
});

describe('the compiled haunted --version', () => {
  test('names the commit it was built from and the target it was built for', async () => {
    const line = `haunted ${pkg.version} (commit ${gitCommit()}, ${hostTarget()}, protocol ${PROTOCOL_VERSION})\n`;
    expect(await binary(['--version'])).toEqual({ code: 0, stdout: line, stderr: '' });
    expect((await binary(['version'])).stdout).toBe(line);
  }, 60_000);

  test('version --json: the same for machines, with the Bun inside', async () => {
    const { code, stdout } = await binary(['version', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      version: pkg.version,
      commit: gitCommit(),
      target: hostTarget(),
      protocol: PROTOCOL_VERSION,
      bun: Bun.version,
    });
  }, 60_000);
});
