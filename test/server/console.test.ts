/**
 * The server console's commands, without a terminal: `status` tells the server's own bots
 * (`serve --bots`) from the players who joined, and lists the drop reasons in the documented order.
 */
import { expect, test } from 'bun:test';
import { DROP_REASONS, SESSION_DROP_REASONS } from '../../src/protocol/codes.ts';
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
  const text = statusText(h.server, h.net.now, new Map([['default', new Set([bot.id])]]));
  const line = (name: string) => text.split('\n').find((l) => l.trimStart().startsWith(name));
  expect(line('Casper')).toContain('(bot)');
  expect(line('Ana')).not.toContain('bot');
  expect(text).toContain('players: 2/10 (1 bot)');
  // Through the console, with the bots the CLI knows of.
  const out = runConsoleCommand(h.server, 'status', h.net.now, {
    bots: () => new Map([['default', new Set([bot.id])]]),
  });
  expect(out.output).toContain('(bot)');
  // A server without bots: nobody is marked.
  expect(statusText(h.server, h.net.now)).not.toContain('bot');
});

test('status: the drop reasons in the order of the documented list, and the events dropped', () => {
  const h = startServer();
  // Counted in an order of their own: status puts them in the list's order.
  for (const reason of ['amplification', 'rate', 'rate', 'malformed', 'cookie'] as const)
    h.server.stats.drop(reason);
  h.server.stats.drop('oversize');
  h.server.stats.drop('no-session');
  h.server.stats.eventsDropped = 3;
  const dropped = statusText(h.server, h.net.now)
    .split('\n')
    .find((l) => l.startsWith('dropped:'));
  expect(dropped).toBe(
    'dropped: 7 (oversize 1, malformed 1, no-session 1, rate 2, cookie 1, amplification 1); ' +
      'repeated inputs ignored: 0; game events dropped unacknowledged: 3',
  );
  // Which is the order of the list in code (and PROTOCOL.md).
  const named = dropped!.slice(dropped!.indexOf('(') + 1, dropped!.indexOf(')'));
  const order: string[] = [...DROP_REASONS, ...SESSION_DROP_REASONS];
  const ranks = named.split(', ').map((d) => order.indexOf(d.split(' ')[0]!));
  expect(ranks.every((r) => r >= 0)).toBe(true);
  expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
});
