/**
 * `haunted servers [HOST]` (or `HAUNTED_LIST`): every room of every game server a list server
 * knows, with each server's round trip, nearest first (src/client/server-list.ts). Exit 0 with
 * a list (even empty), 1 when the list server did not answer, 2 for a bad host or option.
 */
import { ServerList } from '../../client/server-list.ts';
import { parseTarget } from '../../client/target.ts';
import { anyAddressFor, createUdpTransport, resolveHost } from '../../net/udp.ts';
import { LIST_DEFAULT_PORT, type ListFilters } from '../../protocol/codec-list.ts';
import { isMapId } from '../../protocol/index.ts';
import { type CliIO, EXIT } from '../cli-io.ts';

export interface ServersOptions {
  notFull: boolean;
  notEmpty: boolean;
  map?: string;
  json: boolean;
}

export async function runServers(
  io: CliIO,
  host: string | undefined,
  opts: ServersOptions,
): Promise<number> {
  const given = host ?? io.env.HAUNTED_LIST;
  if (given === undefined || given.trim() === '') {
    io.stderr('haunted servers: no list server given (an argument, or HAUNTED_LIST)\n');
    return EXIT.usage;
  }
  const target = parseTarget(given, LIST_DEFAULT_PORT);
  if ('error' in target) {
    io.stderr(`haunted servers: ${target.error}\n`);
    return EXIT.usage;
  }
  if (opts.map !== undefined && !isMapId(opts.map)) {
    io.stderr(`haunted servers: --map "${opts.map}" is not a map id (a–z, 0–9, -)\n`);
    return EXIT.usage;
  }
  let ip: string;
  try {
    ip = await resolveHost(target.host);
  } catch (err) {
    io.stderr(`haunted servers: ${(err as Error).message}\n`);
    return (err as Error).cause === undefined ? EXIT.usage : EXIT.failure;
  }
  const clock = () => performance.now();
  const transport = await createUdpTransport({ host: anyAddressFor(ip), port: 0, clock });
  const filters: ListFilters = {
    notFull: opts.notFull,
    notEmpty: opts.notEmpty,
    map: opts.map ?? null,
  };
  const list = new ServerList({
    transport,
    list: { address: ip, port: target.port },
    filters,
    now: clock(),
  });
  transport.onDatagram((data, from, now) => list.receive(data, from, now));
  while (list.state === 'listing' || list.state === 'probing') {
    await Bun.sleep(1);
    list.update(clock());
  }
  transport.close();
  if (list.state === 'no-list') {
    io.stderr(`haunted servers: no answer from the list server ${given}\n`);
    return EXIT.failure;
  }
  const rows = list.rows();
  if (opts.json) {
    io.stdout(`${JSON.stringify({ total: list.total, rows }, null, 2)}\n`);
    return EXIT.ok;
  }
  const lines = rows.map((r) => {
    const s = r.server;
    const where = s.address.includes(':') ? `[${s.address}]:${s.port}` : `${s.address}:${s.port}`;
    const ping = r.pingMs === null ? '    -' : `${Math.round(r.pingMs).toString().padStart(4)} ms`;
    const room =
      r.room === null
        ? `(rooms not listed)  ${s.map}  ${s.players}/${s.maxPlayers}`
        : `${r.room.name.padEnd(16)} ${r.room.map.padEnd(10)} ${r.room.phase.padEnd(9)} ${r.room.players}/${r.room.maxPlayers}${r.room.access === 'closed' ? ' closed' : ''}`;
    const join = r.room === null ? where : `${where}/${r.room.name}`;
    return `${ping}  ${s.name.slice(0, 24).padEnd(24)}  ${room}  haunted play ${join}`;
  });
  io.stdout(
    `${list.servers.length} server${list.servers.length === 1 ? '' : 's'} listed (of ${list.total}), ${rows.length} row${rows.length === 1 ? '' : 's'}, nearest first\n${lines.join('\n')}${lines.length ? '\n' : ''}`,
  );
  return EXIT.ok;
}
