/**
 * The release that `bun run release` left in dist/release: SHA256SUMS matches every file, each
 * executable is built for its platform, and the Linux ones run here: x64 natively, arm64 under
 * qemu-user, x64-musl on musl (test/release/foreign.ts). It checks what is built and builds
 * nothing (six targets take a while): `.ci/run` runs it right after `bun run release`, and
 * within `bun run check` it is skipped while dist/release has no SHA256SUMS.
 */
import { describe, expect, test } from 'bun:test';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pkg from '../../package.json' with { type: 'json' };
import {
  RELEASE_DIR,
  RELEASE_TARGETS,
  type ReleaseName,
  releaseFileName,
  sha256,
} from '../../scripts/release.ts';
import { aarch64Runner, muslRunner, type Ran, type RunnerOrReason } from './foreign.ts';

const dir = join(import.meta.dir, '../..', RELEASE_DIR);
const sums = join(dir, 'SHA256SUMS');
const built = existsSync(sums);
const file = (name: ReleaseName) => join(dir, releaseFileName(name));
if (!built)
  console.warn(
    `test/release/dist.test.ts: skipped, no ${RELEASE_DIR}/SHA256SUMS (run "bun run release" first; .ci/run does)`,
  );

/** The first bytes of each platform's executable: ELF, Mach-O 64 or PE, and its processor. */
function platformOf(bytes: Uint8Array): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) === 0x7f454c46) {
    const machine = view.getUint16(18, true);
    const arch = machine === 0x3e ? 'x64' : machine === 0xb7 ? 'arm64' : `machine ${machine}`;
    const musl = new TextDecoder('latin1').decode(bytes.subarray(0, 4096)).includes('ld-musl-');
    return `linux-${arch}${musl ? '-musl' : ''}`;
  }
  if (view.getUint32(0, true) === 0xfeedfacf) {
    const cpu = view.getUint32(4, true);
    return `darwin-${cpu === 0x01000007 ? 'x64' : cpu === 0x0100000c ? 'arm64' : `cpu ${cpu}`}`;
  }
  if (view.getUint16(0) === 0x4d5a) {
    const pe = view.getUint32(0x3c, true);
    const machine = view.getUint16(pe + 4, true);
    return `windows-${machine === 0x8664 ? 'x64' : `machine ${machine}`}`;
  }
  return 'unknown';
}

/** Whether a Mach-O 64 file has a code signature load command (LC_CODE_SIGNATURE, 0x1d):
 * Apple silicon runs no executable without one, and Bun signs ad hoc when it compiles. */
function machOSigned(bytes: Uint8Array): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const commands = view.getUint32(16, true);
  let at = 32;
  for (let i = 0; i < commands && at + 8 <= bytes.byteLength; i++) {
    if (view.getUint32(at, true) === 0x1d) return true;
    at += view.getUint32(at + 4, true);
  }
  return false;
}

const native = (args: readonly string[]) =>
  Bun.spawn([file('linux-x64'), ...args], { stdout: 'pipe', stderr: 'pipe' });

async function nativeRun(args: readonly string[]): Promise<Ran> {
  const proc = native(args);
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { code, stdout, stderr };
}

describe.skipIf(!built)(`the release in ${RELEASE_DIR}`, () => {
  test('SHA256SUMS names one executable per target, and every file matches it', async () => {
    const lines = (await Bun.file(sums).text()).trimEnd().split('\n');
    const listed = new Map(
      lines.map((line) => {
        const m = /^([0-9a-f]{64}) {2}(\S+)$/.exec(line);
        expect(m, `a line of SHA256SUMS: "${line}"`).not.toBeNull();
        return [m![2]!, m![1]!] as const;
      }),
    );
    const expected = RELEASE_TARGETS.map((t) => releaseFileName(t.name));
    expect([...listed.keys()].sort()).toEqual([...expected].sort());
    expect(readdirSync(dir).sort()).toEqual([...expected, 'SHA256SUMS'].sort());
    for (const [name, hash] of listed)
      expect(`${name} ${await sha256(join(dir, name))}`).toBe(`${name} ${hash}`);
  }, 60_000);

  test('each executable is built for its platform, with its target and one commit written in', async () => {
    const { stdout } = await nativeRun(['version', '--json']);
    const { commit } = JSON.parse(stdout) as { commit: string };
    for (const { name, target } of RELEASE_TARGETS) {
      const bytes = await Bun.file(file(name)).bytes();
      expect(`${name}: ${platformOf(bytes)}`).toBe(`${name}: ${name}`);
      if (name.startsWith('darwin'))
        expect(`${name} signed: ${machOSigned(bytes)}`).toBe(`${name} signed: true`);
      const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      // The build's `define`s, as string literals in the bundled code: its own target only.
      const targets = RELEASE_TARGETS.filter((t) => buffer.includes(`"${t.target}"`));
      expect(`${name}: ${targets.map((t) => t.target).join(', ')}`).toBe(`${name}: ${target}`);
      expect(buffer.includes(`"${commit}"`)).toBe(true);
    }
  }, 60_000);

  test('linux-x64 runs here: --version, --help, map', async () => {
    const version = await nativeRun(['version', '--json']);
    expect(version.code).toBe(0);
    expect(JSON.parse(version.stdout)).toMatchObject({
      version: pkg.version,
      target: 'bun-linux-x64',
    });
    expect((await nativeRun(['--help'])).stdout).toContain('Usage: haunted');
    expect((await nativeRun(['map', '--color', 'none'])).stdout).toContain('legend:');
  });
});

/** --version, --help, map and a 3-second bench --bots 2 of one foreign executable. */
function runsHere(name: ReleaseName, target: string, made: RunnerOrReason) {
  const runner = 'runner' in made ? made.runner : null;
  if (!runner)
    console.warn(
      `test/release/dist.test.ts: ${name} skipped: ${(made as { reason: string }).reason}`,
    );
  else console.log(`test/release/dist.test.ts: ${name} runs on ${runner.how}`);
  describe.skipIf(!runner)(`${name} runs here`, () => {
    test('--version names its target', async () => {
      const ran = await runner!.run(['--version']);
      expect(ran).toMatchObject({ code: 0, stderr: '' });
      expect(ran.stdout).toStartWith(`haunted ${pkg.version} (commit `);
      expect(ran.stdout).toContain(`, ${target}, `);
    }, 60_000);

    test('--help and map', async () => {
      const help = await runner!.run(['--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('Usage: haunted');
      const map = await runner!.run(['map', '--color', 'none']);
      expect(map.code).toBe(0);
      expect(map.stdout).toContain('legend:');
    }, 60_000);

    test.skipIf(!runner?.selfSpawn)(
      'a 3-second bench --bots 2: its own server and two bots playing over UDP',
      async () => {
        const ran = await runner!.run(
          ['bench', '--bots', '2', '--seconds', '3', '--warmup', '0'],
          90_000,
        );
        expect(ran.stderr).toContain('2 bots joining');
        expect(ran.code).toBe(0);
        expect(ran.stdout).toContain('what the players see');
      },
      120_000,
    );
  });
}

if (built) {
  runsHere('linux-arm64', 'bun-linux-arm64', await aarch64Runner(file('linux-arm64')));
  runsHere('linux-x64-musl', 'bun-linux-x64-musl', await muslRunner(file('linux-x64-musl')));
}
