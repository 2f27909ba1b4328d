/**
 * `bun run build`: compiles the whole game into one self-contained executable, dist/haunted.
 * `bun run release` (scripts/release.ts) builds every platform's with the same `buildHaunted`.
 * - React in production mode (the development build is ~15 % slower and much larger);
 * - bytecode, for start-up (`haunted --help` ≈ 20 ms instead of ≈ 50 ms); it needs ESM here;
 * - code splitting, so that each command's `await import(…)` loads its own modules and the Node
 *   built-ins they import (net, dns, crypto, readline, tty…) only when it runs: in one bundle
 *   every built-in import is hoisted to the top and `--help` paid for all of them;
 * - Ink imports `react-devtools-core` behind a DEV check that the bundler cannot see through,
 *   and compiling fails without it: we resolve it to a module that does nothing
 *   (PLATFORM.md: marking it external builds a binary that crashes at start);
 * - the commit and the target are written in for `haunted --version` (src/cli/version.ts).
 */
import type { BunPlugin } from 'bun';

const noDevtools: BunPlugin = {
  name: 'no-react-devtools',
  setup(build) {
    build.onResolve({ filter: /^react-devtools-core$/ }, () => ({
      path: 'react-devtools-core',
      namespace: 'no-devtools',
    }));
    build.onLoad({ filter: /.*/, namespace: 'no-devtools' }, () => ({
      contents: 'export default { initialize() {}, connectToDevTools() {} };',
      loader: 'js',
    }));
  },
};

/** The Bun target of this machine, as `bun build --compile --target` spells it. */
export function hostTarget(): string {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  return `bun-${os}-${process.arch}`;
}

/** `git rev-parse --short HEAD`, with `-dirty` when the tree has changes; `unknown` outside git. */
export function gitCommit(cwd = process.cwd()): string {
  const head = Bun.spawnSync(['git', 'rev-parse', '--short', 'HEAD'], {
    cwd,
    stdout: 'pipe',
    stderr: 'ignore',
  });
  if (head.exitCode !== 0) return 'unknown';
  const status = Bun.spawnSync(['git', 'status', '--porcelain', '--untracked-files=no'], {
    cwd,
    stdout: 'pipe',
    stderr: 'ignore',
  });
  const dirty = status.exitCode !== 0 || status.stdout.toString().trim() !== '';
  return `${head.stdout.toString().trim()}${dirty ? '-dirty' : ''}`;
}

export interface BuildRequest {
  /** Where the executable goes (`.exe` is not added: give it). */
  outfile: string;
  /** A `bun build --compile` target, e.g. `bun-linux-arm64`. @default this machine's */
  target?: string;
  /** Written in for `haunted --version`. @default gitCommit() */
  commit?: string;
}

/** Compiles src/cli/main.ts into one executable; throws with the bundler's messages on failure. */
export async function buildHaunted(req: BuildRequest): Promise<{ bytes: number; ms: number }> {
  const target = req.target ?? hostTarget();
  const commit = req.commit ?? gitCommit();
  const started = performance.now();
  const result = await Bun.build({
    entrypoints: ['src/cli/main.ts', 'src/cli/ssh/ssh-worker.ts'], // the worker: serve --ssh
    compile: { outfile: req.outfile, target: target as Bun.Build.CompileTarget },
    target: 'bun',
    format: 'esm',
    // Names kept: ssh2 tells its channels apart by `constructor.name` ('Session'); with mangled
    // names a refused exec's close threw inside its cleanup (serve --ssh).
    minify: { whitespace: true, syntax: true, identifiers: false },
    bytecode: true,
    splitting: true,
    sourcemap: 'none',
    define: {
      'process.env.NODE_ENV': '"production"',
      HAUNTED_BUILD_COMMIT: JSON.stringify(commit),
      HAUNTED_BUILD_TARGET: JSON.stringify(target),
    },
    plugins: [noDevtools],
    throw: false,
  });
  if (!result.success)
    throw new Error(
      `build for ${target} failed:\n${result.logs.map((l) => String(l)).join('\n') || '(no message)'}`,
    );
  return { bytes: Bun.file(req.outfile).size, ms: Math.round(performance.now() - started) };
}

if (import.meta.main) {
  const outfile = process.argv[2] ?? 'dist/haunted';
  try {
    const { bytes, ms } = await buildHaunted({ outfile });
    console.log(`built ${outfile} (${(bytes / 1e6).toFixed(1)} MB) in ${ms} ms`);
  } catch (err) {
    console.error((err as Error).message);
    console.error('build failed');
    process.exit(1);
  }
}
