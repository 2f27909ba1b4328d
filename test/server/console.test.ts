/**
 * The server console's commands, without a terminal: `status` tells the server's own bots
 * (`serve --bots`) from the players who joined.
 */
import { expect, test } from 'bun:test';
import { runConsoleCommand, statusText } from '../../src/server/console.ts';
import { ScriptedPlayer } from '../support/scripted-player.ts';
import { startServer } from '../support/server-harness.ts';

test("status marks the server's own bots, and counts them", () => {
  const h = startServer();
  const ana = new ScriptedPlayer(h, 5001, 'Ana');
  const bot = new ScriptedPlayer(h, 5002, 'Casper');
  ana.join();
  bot.join();
  h.run(100);
  const text = statusText(h.server, h.net.now, new Set([bot.id]));
  const line = (name: string) => text.split('\n').find((l) => l.trimStart().startsWith(name));
  expect(line('Casper')).toContain('(bot)');
  expect(line('Ana')).not.toContain('bot');
  expect(text).toContain('players: 2/10 (1 bot)');
  // Through the console, with the bots the CLI knows of.
  const out = runConsoleCommand(h.server, 'status', h.net.now, { botIds: () => new Set([bot.id]) });
  expect(out.output).toContain('(bot)');
  // A server without bots: nobody is marked.
  expect(statusText(h.server, h.net.now)).not.toContain('bot');
});
