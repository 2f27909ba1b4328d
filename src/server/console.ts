/**
 * The server console (the original's `stop`, `deaf`/`listen` and debug switches, plus `status`
 * and `kick`): one line in, text out. Pure apart from the server it acts on, so it is tested
 * without a terminal; the CLI feeds it lines from stdin when stdin is a terminal.
 */
import { ticksLeft } from '../game/rules.ts';
import { DROP_REASONS, SESSION_DROP_REASONS } from '../protocol/codes.ts';
import type { ClassicListener } from './classic/listener.ts';
import type { GameServer } from './server.ts';

export interface ConsoleResult {
  readonly output: string;
  /** The command asked the server to stop. */
  readonly stop?: boolean;
}

/** What the console knows beyond the server: the CLI around it. */
export interface ConsoleContext {
  /** Player ids of the bots the server process runs itself (`serve --bots`), as of now. */
  readonly botIds?: () => ReadonlySet<number>;
}

export const CONSOLE_HELP = [
  'commands:',
  '  status          players (bots marked), teams, phase, tick time, traffic, dropped datagrams',
  "  kick <name>     end a player's session",
  '  deaf | listen   refuse | accept new players',
  '  debug on|off    print every datagram in and out, decoded',
  '  stop            tell every client, then exit',
  '  help            this list',
].join('\n');

export function runConsoleCommand(
  server: GameServer,
  line: string,
  now: number,
  context: ConsoleContext = {},
): ConsoleResult {
  const [command = '', ...args] = line.trim().split(/\s+/);
  const log = server.options.logger;
  if (command !== '') log.event('command', { line: line.trim() });
  switch (command.toLowerCase()) {
    case '':
      return { output: '' };
    case 'help':
    case '?':
      return { output: CONSOLE_HELP };
    case 'status':
      return { output: statusText(server, now, context.botIds?.()) };
    case 'kick': {
      const name = args[0];
      if (!name) return { output: 'usage: kick <name>' };
      return { output: server.kick(name, now) ? `kicked ${name}` : `no player named ${name}` };
    }
    case 'deaf':
      server.deaf = true;
      return { output: 'deaf: new players are refused ("the server is not accepting players")' };
    case 'listen':
      server.deaf = false;
      return { output: 'listening: new players are welcome' };
    case 'debug': {
      const on = args[0]?.toLowerCase();
      if (on !== 'on' && on !== 'off') return { output: 'usage: debug on|off' };
      log.debugEnabled = on === 'on';
      return {
        output: `debug ${on}: ${on === 'on' ? 'every datagram in and out is printed' : 'quiet'}`,
      };
    }
    case 'stop':
    case 'quit':
    case 'exit':
      return { output: 'stopping: telling every client', stop: true };
    default:
      return { output: `unknown command "${command}" (type help)` };
  }
}

/** The `status` report; `botIds` are marked `(bot)` (the server process's own bots). */
export function statusText(
  server: GameServer,
  now: number,
  botIds: ReadonlySet<number> = new Set(),
): string {
  const { state, stats, rates } = server;
  const seconds = (ticks: number) => (ticks / server.tickRate).toFixed(1);
  const phase = state.phase;
  const phaseText =
    phase.kind === 'lobby'
      ? 'lobby'
      : phase.kind === 'end'
        ? `end (${phase.winner === 'R' ? 'seekers won' : phase.winner === 'B' ? 'hiders won' : 'no winner'}, lobby in ${seconds(ticksLeft(state))} s)`
        : `${phase.kind} (${seconds(ticksLeft(state))} s left)`;
  const players = state.players.map((p) => {
    const classic = server.classic?.sessionOf(p.id);
    const session = [...server.sessions.values()].find((s) => s.id === p.id) ?? classic;
    const flags = [p.ready && 'ready', p.caught && 'caught', p.spectator && 'spectator']
      .filter(Boolean)
      .join(',');
    const heard = session ? `${Math.round(now - session.lastHeard)} ms ago` : 'leaving';
    const name = botIds.has(p.id) ? `${p.name} (bot)` : classic ? `${p.name} (classic)` : p.name;
    return `  ${name.padEnd(16)} team ${p.team}${flags ? ` ${flags}` : ''}  ${session?.key ?? ''}  heard ${heard}`;
  });
  const bots = state.players.filter((p) => botIds.has(p.id)).length;
  const botCount = bots === 0 ? '' : ` (${bots} bot${bots === 1 ? '' : 's'})`;
  // In the order of the documented list (PROTOCOL.md: the decode reasons, then the session's).
  const order: readonly string[] = [...DROP_REASONS, ...SESSION_DROP_REASONS];
  const rank = (reason: string) => (order.includes(reason) ? order.indexOf(reason) : order.length);
  const drops = [...stats.drops.entries()]
    .filter(([, v]) => v > 0)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const kb = (b: number) => (b / 1024).toFixed(1);
  const classic = server.classic === null ? [] : [classicLine(server.classic)];
  return [
    `phase: ${phaseText}, tick ${state.tick} at ${server.tickRate}/s${server.deaf ? ', DEAF (refusing new players)' : ''}`,
    `players: ${state.players.length}/${server.options.maxPlayers}${botCount}${players.length ? `\n${players.join('\n')}` : ''}`,
    `tick time: p50 ${stats.ticks.percentile(50).toFixed(3)} ms, p99 ${stats.ticks.percentile(99).toFixed(3)} ms, max ${stats.ticks.max.toFixed(3)} ms`,
    `traffic: in ${kb(rates.bytesIn)} KB/s (${Math.round(rates.datagramsIn)}/s), out ${kb(rates.bytesOut)} KB/s (${Math.round(rates.datagramsOut)}/s)`,
    `dropped: ${stats.totalDrops()}${drops ? ` (${drops})` : ''}; repeated inputs ignored: ${stats.repeatedInputs}; game events dropped unacknowledged: ${stats.eventsDropped}`,
    ...classic,
  ].join('\n');
}

/** The classic listener's counters, one line (PROTOCOL.md, "Classic"). */
function classicLine(classic: ClassicListener): string {
  const c = classic.counters;
  const drops = Object.entries(c.dropped)
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const n = classic.sessions.size;
  return `classic: port ${classic.port}, ${n} player${n === 1 ? '' : 's'}, in ${c.datagramsIn} datagrams, out ${c.datagramsOut} (largest ${c.largestOut} B), dropped ${drops || 'none'}`;
}
