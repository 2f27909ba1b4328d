/**
 * `bun run release`: one `haunted` executable per platform in dist/release, named
 * `haunted-<version>-<os>-<arch>[.exe]`, with SHA256SUMS (`sha256sum -c SHA256SUMS` checks them).
 * Every target is built by scripts/build.ts's `buildHaunted`, the same build as `bun run build`;
 * Bun fetches each foreign target's runtime from the npm registry (then keeps it in its cache).
 * Any failed target fails the whole release (exit 1, no SHA256SUMS) after trying the others.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import pkg from '../package.json' with { type: 'json' };
import { buildHaunted, gitCommit } from './build.ts';

/** The platforms released: the file's suffix and Bun's compile target. */
export const RELEASE_TARGETS = [
  { name: 'linux-x64', target: 'bun-linux-x64' },
  { name: 'linux-arm64', target: 'bun-linux-arm64' },
  { name: 'linux-x64-musl', target: 'bun-linux-x64-musl' },
  { name: 'darwin-x64', target: 'bun-darwin-x64' },
  { name: 'darwin-arm64', target: 'bun-darwin-arm64' },
  { name: 'windows-x64', target: 'bun-windows-x64' },
] as const;

export type ReleaseName = (typeof RELEASE_TARGETS)[number]['name'];

export const RELEASE_DIR = 'dist/release';

/** `haunted-0.1.0-linux-arm64`, `haunted-0.1.0-windows-x64.exe`. */
export function releaseFileName(name: ReleaseName, version = pkg.version): string {
  return `haunted-${version}-${name}${name.startsWith('windows') ? '.exe' : ''}`;
}

/** A file's SHA-256 as lowercase hex. */
export async function sha256(file: string): Promise<string> {
  const hasher = new Bun.CryptoHasher('sha256');
  hasher.update(await Bun.file(file).arrayBuffer());
  return hasher.digest('hex');
}

/** SHA256SUMS in the format of `sha256sum` (two spaces, then the name). */
export async function writeChecksums(dir: string, files: readonly string[]): Promise<void> {
  const lines = await Promise.all(files.map(async (f) => `${await sha256(f)}  ${basename(f)}`));
  await Bun.write(join(dir, 'SHA256SUMS'), `${lines.join('\n')}\n`);
}

async function release(): Promise<number> {
  const started = performance.now();
  const commit = gitCommit();
  rmSync(RELEASE_DIR, { recursive: true, force: true });
  mkdirSync(RELEASE_DIR, { recursive: true });
  console.log(`haunted ${pkg.version}, commit ${commit}: ${RELEASE_TARGETS.length} targets`);
  const built: string[] = [];
  const failed: string[] = [];
  for (const { name, target } of RELEASE_TARGETS) {
    const outfile = join(RELEASE_DIR, releaseFileName(name));
    try {
      const { bytes, ms } = await buildHaunted({ outfile, target, commit });
      console.log(
        `  ${basename(outfile).padEnd(34)} ${(bytes / 1e6).toFixed(1).padStart(6)} MB  ${ms} ms`,
      );
      built.push(outfile);
    } catch (err) {
      console.error(`  ${basename(outfile)}: FAILED\n${(err as Error).message}`);
      failed.push(target);
    }
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (failed.length > 0) {
    console.error(`release failed: ${failed.join(', ')} did not build (no SHA256SUMS written)`);
    return 1;
  }
  await writeChecksums(RELEASE_DIR, built);
  console.log(`${RELEASE_DIR}/SHA256SUMS written; ${built.length} executables in ${seconds} s`);
  return 0;
}

if (import.meta.main) process.exit(await release());
