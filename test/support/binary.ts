/**
 * The compiled `haunted` executable for end-to-end tests: built once per test run into a
 * temporary folder (the same build as `bun run build`), so the tests always run today's code.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let built: Promise<string> | null = null;

export function haunted(): Promise<string> {
  built ??= (async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'haunted-bin-')), 'haunted');
    const proc = Bun.spawn(['bun', 'scripts/build.ts', out], { stdout: 'pipe', stderr: 'pipe' });
    if ((await proc.exited) !== 0)
      throw new Error(`build failed: ${await new Response(proc.stderr).text()}`);
    return out;
  })();
  return built;
}
