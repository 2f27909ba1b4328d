/**
 * The server console's prompt in a terminal (in memory): a log line that arrives while the
 * operator types goes above the prompt, and the prompt comes back below it with what was typed.
 */
import { expect, test } from 'bun:test';
import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import { aboveThePrompt } from '../../src/cli/console-prompt.ts';
import { FakeTerminal } from '../support/fake-terminal.ts';

const tick = () => new Promise((r) => setTimeout(r, 5));

test('a log line while typing: printed above the prompt, the prompt and the typing redrawn', async () => {
  const term = new FakeTerminal(6, 60);
  const input = new PassThrough();
  const rl = createInterface({
    input,
    output: term as unknown as NodeJS.WritableStream,
    prompt: '> ',
    terminal: true,
  });
  const log = aboveThePrompt((text) => term.write(text), rl);
  const lines: string[] = [];
  rl.on('line', (line) => lines.push(line));
  rl.prompt();
  input.write('sta');
  await tick();
  log('12:00:01 connect name=Ana\n');
  log('12:00:02 connect name=Bob\n');
  expect(
    term.screen
      .lines()
      .slice(0, 3)
      .map((l) => l.trimEnd()),
  ).toEqual(['12:00:01 connect name=Ana', '12:00:02 connect name=Bob', '> sta']);
  expect([term.screen.row, term.screen.col]).toEqual([2, 5]);
  // The typing goes on where it was: the console still reads the whole line.
  input.write('tus\r');
  await tick();
  expect(lines).toEqual(['status']);
  rl.close();
});

test('without a prompt (stdin not a terminal): lines go straight out', () => {
  const out: string[] = [];
  const log = aboveThePrompt((text) => out.push(text), null);
  log('a\n');
  expect(out).toEqual(['a\n']);
});
