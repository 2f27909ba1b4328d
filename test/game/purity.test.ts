import { expect, test } from 'bun:test';
import { Glob } from 'bun';

/** src/game is the pure simulation: no clock, no ambient randomness, no I/O, no other layer. */
const FORBIDDEN: readonly [RegExp, string][] = [
  [/from '\.\.\/(server|client|cli|protocol)\//, 'imports another layer'],
  [/from '(node:|bun|ink|react)/, 'imports a runtime or UI module'],
  [/\bDate\b|performance\.now|Bun\.nanoseconds/, 'reads the clock'],
  [/Math\.random/, 'uses unseeded randomness'],
  [/\b(setTimeout|setInterval|process\.|console\.|Bun\.)/, 'does I/O or timing'],
];

test('src/game stays pure', async () => {
  const problems: string[] = [];
  for await (const file of new Glob('src/game/**/*.ts').scan('.')) {
    const lines = (await Bun.file(file).text()).split('\n');
    lines.forEach((line, i) => {
      if (/^\s*(\*|\/\/)/.test(line)) return; // comments may talk about these
      for (const [pattern, why] of FORBIDDEN) {
        if (pattern.test(line)) problems.push(`${file}:${i + 1}: ${why}: ${line.trim()}`);
      }
    });
  }
  expect(problems).toEqual([]);
});
