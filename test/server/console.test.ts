/**
 * The server console's commands, without a terminal: `status` tells the server's own bots
 * (`serve --bots`) from the players who joined, and lists the drop reasons in the documented order.
 */
import { expect, test } from 'bun:test';
import { DROP_REASONS, SESSION_DROP_REASONS } from '../../src/protocol/codes.ts';
import { runConsoleCommand, statusText } from '../../src/server/console.ts';
import { statsReport } from '../../src/server/stats-report.ts';
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

test('rooms, room, close and kick with a room; status sums every room', () => {
  const h = startServer({ rooms: [{ name: 'attic' }, { name: 'cellar' }] });
  const ana = new ScriptedPlayer(h, 5001, 'Ana');
  const ana2 = new ScriptedPlayer(h, 5002, 'ana', { kind: 'join', name: 'attic' });
  const bob = new ScriptedPlayer(h, 5003, 'Bob', { kind: 'join', name: 'attic' });
  const cid = new ScriptedPlayer(h, 5004, 'Cid', { kind: 'new', map: null, name: 'fridays' });
  for (const p of [ana, ana2, bob, cid]) p.join();
  h.run(100);
  const run = (line: string) => runConsoleCommand(h.server, line, h.net.now).output;
  const rooms = run('rooms').split('\n');
  expect(rooms[0]).toBe('4 rooms (at most 64):');
  expect(rooms.slice(1).map((l) => l.trim().split(/\s+/).slice(0, 4))).toEqual([
    ['default', 'classic', 'lobby', '1/10'],
    ['attic', 'classic', 'lobby', '2/10'],
    ['cellar', 'classic', 'lobby', '0/10'],
    ['fridays', 'classic', 'lobby', '1/10'],
  ]);
  expect(rooms[1]).toContain('kept');
  expect(rooms[4]).toContain('idle 0 s');
  const attic = run('room ATTIC');
  expect(attic).toStartWith('room attic (classic): lobby, players: 2/10');
  expect(attic).toContain('Bob');
  expect(attic).not.toContain('Cid');
  expect(run('room nowhere')).toBe('no room named nowhere (type rooms)');
  const status = run('status');
  expect(status).toStartWith(`server: tick ${h.server.state.tick} at 30/s, 4 rooms, 4 players`);
  expect(status).toContain('room cellar (classic): lobby, players: 0/10');
  // Two players named ana: the console asks which.
  expect(run('kick ana')).toBe('players named ana in default, attic: say which (kick ana <room>)');
  expect(run('kick ana attic')).toBe('kicked ana (attic)');
  expect(run('kick bob cellar')).toBe('no player named bob in cellar');
  expect(run('kick bob')).toBe('kicked bob (attic)');
  expect(run('close default')).toBe('the default room never closes');
  expect(run('close fridays')).toBe('closed fridays: 1 player told');
  h.run(300);
  expect(cid.all('CLOSING').map((m) => m.reason)).toEqual([
    'room-closed',
    'room-closed',
    'room-closed',
  ]);
  expect(ana2.last('CLOSING')?.reason).toBe('kicked');
  expect(ana.all('CLOSING')).toEqual([]);
  expect([...h.server.sessions.values()].map((s) => s.name)).toEqual(['Ana']);
  expect(h.log.lines.filter((l) => l.name === 'kick').map((l) => l.fields.room)).toEqual([
    'attic',
    'attic',
  ]);
});

test('the stats report lists every room beside the totals', () => {
  const h = startServer({ rooms: [{ name: 'attic' }] });
  new ScriptedPlayer(h, 5001, 'Ana', { kind: 'join', name: 'attic' }).join();
  new ScriptedPlayer(h, 5002, 'Bob').join();
  h.run(100);
  const report = statsReport(h.server, 0);
  expect(report.players).toBe(2);
  expect(report.rooms.map((r) => [r.name, r.map, r.phase, r.players])).toEqual([
    ['default', 'classic', 'lobby', 1],
    ['attic', 'classic', 'lobby', 1],
  ]);
});
