import { describe, expect, test } from 'bun:test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pkg from '../../package.json' with { type: 'json' };
import { createProgram, runCli } from '../../src/cli/program.ts';

async function cli(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env,
    isTTY: false,
  });
  return { code, stdout, stderr };
}

function mapFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'haunted-map-'));
  const file = join(dir, 'test.map');
  writeFileSync(file, text);
  return file;
}

describe('haunted', () => {
  test('--help lists every command, each with an example', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    const examples = stdout.slice(stdout.indexOf('Examples:'));
    const names = createProgram({ stdout() {}, stderr() {}, env: {}, isTTY: false }).commands.map(
      (c) => c.name(),
    );
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      expect(stdout).toContain(name);
      expect(examples).toContain(`haunted ${name}`);
    }
  });

  test('--version prints the package version (test/release/version.test.ts: the rest)', async () => {
    const { code, stdout, stderr } = await cli(['--version']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout.startsWith(`haunted ${pkg.version} (`)).toBe(true);
  });

  test('an unknown command or option is a clear message and exit 2', async () => {
    const command = await cli(['frobnicate']);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain("unknown command 'frobnicate'");
    const option = await cli(['--frob']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("unknown option '--frob'");
    expect((await cli(['map', 'a', 'b'])).code).toBe(2);
  });

  test("a command's usage error points at that command's help", async () => {
    const option = await cli(['play', '--fps', '0']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('Run "haunted play --help" for usage.');
    const extra = await cli(['map', 'a', 'b']);
    expect(extra.stderr).toContain('Run "haunted map --help" for usage.');
    const top = await cli(['--frob']);
    expect(top.stderr).toContain('Run "haunted --help" for usage.');
  });

  test('play: a bad argument is said before "needs a terminal" (stdin is no terminal here)', async () => {
    for (const args of [
      ['play', '127.0.0.1:1', '--color', 'purple'],
      ['play', 'no such host!'],
      ['play', '127.0.0.1:99999'],
      ['play', 'localhost', '--bots', '3'],
      ['play', '--lag', 'soon'],
    ]) {
      const { code, stderr } = await cli(args);
      expect(code).toBe(2);
      expect(stderr).not.toContain('needs a terminal');
      expect(stderr).toContain('Run "haunted play --help" for usage.');
    }
    const piped = await cli(['play', '127.0.0.1:1']);
    expect(piped.code).toBe(2);
    expect(piped.stderr).toContain('needs a terminal');
  });
});

describe('haunted map', () => {
  test('without a file: the classic manor, lit areas shown, plain when not a terminal', async () => {
    const { code, stdout } = await cli(['map']);
    expect(code).toBe(0);
    expect(stdout).not.toContain('\x1b');
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('#'.repeat(110));
    expect(stdout).toContain('*'); // lights
    expect(stdout).toContain('.'); // lit floor
    expect(stdout).toContain('The classic manor');
    expect(stdout).toContain('3 lights');
  });

  test('colours when asked, and NO_COLOR wins over a terminal', async () => {
    expect((await cli(['map', '--color', 'truecolor'])).stdout).toContain('\x1b[0;38;2;');
    expect((await cli(['map', '--color', '256'])).stdout).toContain('38;5;');
    const basic = (await cli(['map', '--color', '16'])).stdout;
    expect(basic).toContain('\x1b[0;');
    expect(basic).not.toContain('38;'); // only the basic 30–37/90–97 colours
    const noColor = await runCli(['map'], {
      stdout: (t) => expect(t).not.toContain('\x1b'),
      stderr() {},
      env: { NO_COLOR: '1', COLORTERM: 'truecolor' },
      isTTY: true,
    });
    expect(noColor).toBe(0);
    expect((await cli(['map', '--color', 'pink'])).code).toBe(2);
  });

  test('a valid file is drawn with its name', async () => {
    const file = mapFile('name: Annexe\n---\n##########\n#*.....RB#\n#........#\n##########\n');
    const { code, stdout } = await cli(['map', file]);
    expect(code).toBe(0);
    expect(stdout).toContain('Annexe');
    expect(stdout).toContain('1 for seekers, 1 for hiders');
  });

  test('a bad file: every problem as file:line:column, exit 1', async () => {
    const file = mapFile('name: Broken\n---\n##########\n#*..?...x#\n##########\n##########\n');
    const { code, stderr, stdout } = await cli(['map', file]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`${file}:4:5: unknown character "?"`);
    expect(stderr).toContain(`${file}:4:9: unknown character "x"`);
    expect(stderr).toContain('2 problems');
  });

  test('a header error and grid errors: all of them', async () => {
    const file = mapFile('size: 3\n---\n##########\n#*..?....#\n##########\n##########\n');
    const { code, stderr } = await cli(['map', file]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${file}:1:1: unknown header key "size"`);
    expect(stderr).toContain(`${file}:4:5: unknown character "?"`);
    expect(stderr).toContain('2 problems');
  });

  test('sealed parts: a warning as file:line:column: warning: …, the map drawn, exit 0', async () => {
    const file = mapFile('##########\n#*..#....#\n#...#..R.#\n##########\n');
    const { code, stderr, stdout } = await cli(['map', file]);
    expect(code).toBe(0);
    expect(stderr).toBe(
      `${file}:2:2: warning: this floor (6 cells) is sealed off from the largest floor (8 cells): nobody can walk from one to the other\n`,
    );
    expect(stdout).toContain('1 for seekers');
  });

  test('a missing file: a one-line message, exit 1', async () => {
    const { code, stderr } = await cli(['map', '/nonexistent/x.map']);
    expect(code).toBe(1);
    expect(stderr).toBe('haunted map: cannot read "/nonexistent/x.map": no such file\n');
  });
});
