/**
 * `bun run build`: compiles the whole game into one self-contained executable, dist/haunted.
 * - React in production mode (the development build is ~15 % slower and much larger);
 * - bytecode, for start-up (`haunted --help` ≈ 20 ms instead of ≈ 50 ms); it needs ESM here;
 * - Ink imports `react-devtools-core` behind a DEV check that the bundler cannot see through,
 *   and compiling fails without it: we resolve it to a module that does nothing
 *   (PLATFORM.md: marking it external builds a binary that crashes at start).
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

const outfile = process.argv[2] ?? 'dist/haunted';
const started = performance.now();
const result = await Bun.build({
  entrypoints: ['src/cli/main.ts'],
  compile: { outfile },
  target: 'bun',
  format: 'esm',
  minify: true,
  bytecode: true,
  sourcemap: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
  plugins: [noDevtools],
});
if (!result.success) {
  for (const log of result.logs) console.error(log);
  console.error('build failed');
  process.exit(1);
}
const size = Bun.file(outfile).size;
console.log(
  `built ${outfile} (${(size / 1e6).toFixed(1)} MB) in ${Math.round(performance.now() - started)} ms`,
);
