/**
 * The server console (the original's `stop`, `deaf`/`listen` and debug switches, plus `status`,
 * `kick` and the rooms' `rooms`, `room`, `close`): one line in, text out. Pure apart from the
 * server it acts on, so it is tested without a terminal; the CLI feeds it lines from stdin when
 * stdin is a terminal.
 */
import { ticksLeft } from '../game/rules.ts';
import { DROP_REASONS, SESSION_DROP_REASONS } from '../protocol/codes.ts';
import type { Connection } from './endpoint-host.ts';
import type { Room } from './room.ts';
import type { GameServer } from './server.ts';

export interface ConsoleResult {
  readonly output: string;
  /** The command asked the server to stop. */
  readonly stop?: boolean;
}

/** The player ids of the server process's own bots (`serve --bots`), by room key. */
export type BotSeats = ReadonlyMap<string, ReadonlySet<number>>;

/** What the console knows beyond the server: the CLI around it. */
export interface ConsoleContext {
  /** The bots the server process runs itself (`serve --bots`), as of now. */
  readonly bots?: () => BotSeats;
}

export const CONSOLE_HELP = [
  'commands:',
  '  status              every room summed: players (bots marked), tick time, traffic, drops',
  '  rooms               one line a room: name, map, phase, players, idle time',
  '  room <room>         one room: its phase, tick and players (names, teams)',
  '  close <room>        close a room; its players are told (not the default room)',
  "  kick <name> [room]  end a player's session (the room when two rooms have that name)",
  '  deaf | listen       refuse | accept new players',
  '  debug on|off        print every datagram in and out, decoded',
  '  stop                tell every client, then exit',
  '  help                this list',
].join('\n');

const NO_BOTS: BotSeats = new Map();

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
      return { output: statusText(server, now, context.bots?.()) };
    case 'rooms':
      return { output: roomsText(server) };
    case 'room': {
      const room = args[0] ? server.directory.find(args[0]) : undefined;
      if (!args[0]) return { output: 'usage: room <room>' };
      if (!room) return { output: `no room named ${args[0]} (type rooms)` };
      return { output: roomText(server, room, now, context.bots?.()) };
    }
    case 'close': {
      const name = args[0];
      if (!name) return { output: 'usage: close <room>' };
      const room = server.directory.find(name);
      if (!room) return { output: `no room named ${name} (type rooms)` };
      const players = room.playerCount;
      if (!server.closeRoom(name, now)) return { output: 'the default room never closes' };
      return { output: `closed ${room.name}: ${plural(players, 'player')} told` };
    }
    case 'kick':
      return { output: kick(server, args, now) };
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

function kick(server: GameServer, args: readonly string[], now: number): string {
  const [name, roomName] = args;
  if (!name) return 'usage: kick <name> [room]';
  let session: Connection | undefined;
  if (roomName !== undefined) {
    const room = server.directory.find(roomName);
    if (!room) return `no room named ${roomName} (type rooms)`;
    session = server.endpoint.findSession(name, room);
    if (!session) return `no player named ${name} in ${room.name}`;
  } else {
    const found = server.endpoint.findSessions(name);
    if (found.length === 0) return `no player named ${name}`;
    if (found.length > 1) {
      const rooms = found.map((s) => s.room.name).join(', ');
      return `players named ${name} in ${rooms}: say which (kick ${name} <room>)`;
    }
    session = found[0]!;
  }
  server.endpoint.kick(session, now);
  return server.directory.size > 1 ? `kicked ${name} (${session.room.name})` : `kicked ${name}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A room's phase in words, with the time its phase has left. */
function phaseText(room: Room): string {
  const { state } = room;
  const seconds = (ticks: number) => (ticks / room.tickRate).toFixed(1);
  const phase = state.phase;
  return phase.kind === 'lobby'
    ? 'lobby'
    : phase.kind === 'end'
      ? `end (${phase.winner === 'R' ? 'seekers won' : phase.winner === 'B' ? 'hiders won' : 'no winner'}, lobby in ${seconds(ticksLeft(state))} s)`
      : `${phase.kind} (${seconds(ticksLeft(state))} s left)`;
}

function botsIn(room: Room, bots: BotSeats): number {
  const ids = bots.get(room.key);
  return ids ? room.state.players.filter((p) => ids.has(p.id)).length : 0;
}

function botCount(n: number): string {
  return n === 0 ? '' : ` (${plural(n, 'bot')})`;
}

/** `room`'s players, one line each: name (bots marked), team, flags, address, last heard. */
function playerLines(server: GameServer, room: Room, now: number, bots: BotSeats): string[] {
  const ids = bots.get(room.key) ?? new Set<number>();
  const sessions = new Map(server.endpoint.sessionsOf(room).map((s) => [s.id, s]));
  return room.state.players.map((p) => {
    const session = sessions.get(p.id);
    const flags = [p.ready && 'ready', p.caught && 'caught', p.spectator && 'spectator']
      .filter(Boolean)
      .join(',');
    const heard = session ? `${Math.round(now - session.lastHeard)} ms ago` : 'leaving';
    const name = ids.has(p.id) ? `${p.name} (bot)` : p.name;
    return `  ${name.padEnd(16)} team ${p.team}${flags ? ` ${flags}` : ''}  ${session?.key ?? ''}  heard ${heard}`;
  });
}

/** One room's line of `status` and `rooms`' head: name, map, phase, players. */
function roomHead(room: Room, bots: BotSeats): string {
  return `room ${room.name} (${room.mapId}): ${phaseText(room)}, players: ${room.state.players.length}/${room.maxPlayers}${botCount(botsIn(room, bots))}`;
}

/** Console `room <room>`: its phase, tick and players. */
export function roomText(
  server: GameServer,
  room: Room,
  now: number,
  bots: BotSeats = NO_BOTS,
): string {
  const players = playerLines(server, room, now, bots);
  const idle = room.kept ? 'never closes when idle' : `idle ${room.idleSeconds.toFixed(0)} s`;
  return [
    roomHead(room, bots),
    `  map ${room.map.name}, tick ${room.state.tick}, ${idle}`,
    ...players,
  ].join('\n');
}

/** Console `rooms`: one line a room. */
export function roomsText(server: GameServer): string {
  const { directory } = server;
  const lines = [...directory.list()].map((room) => {
    const idle = room.kept ? 'kept' : `idle ${room.idleSeconds.toFixed(0)} s`;
    return `  ${room.name.padEnd(16)} ${room.mapId.padEnd(16)} ${room.state.phase.kind.padEnd(9)} ${String(room.playerCount).padStart(3)}/${room.maxPlayers}  ${idle}`;
  });
  return [`${plural(directory.size, 'room')} (at most ${directory.maxRooms}):`, ...lines].join(
    '\n',
  );
}

/** The `status` report, every room summed; `bots` are marked `(bot)` (the server's own). */
export function statusText(server: GameServer, now: number, bots: BotSeats = NO_BOTS): string {
  const { stats, rates, directory } = server;
  const rooms = [...directory.list()];
  let players = 0;
  let botTotal = 0;
  for (const room of rooms) {
    players += room.state.players.length;
    botTotal += botsIn(room, bots);
  }
  // In the order of the documented list (PROTOCOL.md: the decode reasons, then the session's).
  const order: readonly string[] = [...DROP_REASONS, ...SESSION_DROP_REASONS];
  const rank = (reason: string) => (order.includes(reason) ? order.indexOf(reason) : order.length);
  const drops = [...stats.drops.entries()]
    .filter(([, v]) => v > 0)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const kb = (b: number) => (b / 1024).toFixed(1);
  // Every room's players while they are few; past 4 rooms, one line a room (`room <room>`).
  const detailed = rooms.length <= 4;
  const roomLines = rooms.flatMap((room) => [
    roomHead(room, bots),
    ...(detailed ? playerLines(server, room, now, bots) : []),
  ]);
  return [
    `server: tick ${server.state.tick} at ${server.tickRate}/s, ${plural(rooms.length, 'room')}, ${plural(players, 'player')}${botCount(botTotal)}${server.deaf ? ', DEAF (refusing new players)' : ''}`,
    ...roomLines,
    `tick time: p50 ${stats.ticks.percentile(50).toFixed(3)} ms, p99 ${stats.ticks.percentile(99).toFixed(3)} ms, max ${stats.ticks.max.toFixed(3)} ms`,
    `traffic: in ${kb(rates.bytesIn)} KB/s (${Math.round(rates.datagramsIn)}/s), out ${kb(rates.bytesOut)} KB/s (${Math.round(rates.datagramsOut)}/s)`,
    `dropped: ${stats.totalDrops()}${drops ? ` (${drops})` : ''}; repeated inputs ignored: ${stats.repeatedInputs}; game events dropped unacknowledged: ${stats.eventsDropped}`,
  ].join('\n');
}
