/**
 * `haunted servers`: bad input is a clear message and exit 2; no list server is exit 1; a list
 * server on 127.0.0.1 (ListServer over real UDP) with one announced server (a stand-in with two
 * rooms) gives one line a room, nearest first, each with its `haunted play` line.
 */
import { afterAll, describe, expect, test } from 'bun:test';
import { runServers } from '../../src/cli/commands/servers.ts';
import { ListServer } from '../../src/list/list-server.ts';
import { createUdpTransport } from '../../src/net/udp.ts';
import { Announcer, withAnnouncer } from '../../src/server/announcer.ts';
import { createLogger } from '../../src/server/log.ts';
import { capture, clock, closedPort } from '../support/cli-server.ts';
import { FakeRoomsServer, room } from '../support/fake-rooms-server.ts';

const opts = { notFull: false, notEmpty: false, json: false };
const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const f of cleanups) f();
});

describe('haunted servers', () => {
  test('no host and no HAUNTED_LIST, a bad host, a bad map: exit 2 with the reason', async () => {
    for (const [host, o, why] of [
      [undefined, opts, 'no list server given'],
      ['[::1', opts, 'without its "]"'],
      ['127.0.0.1', { ...opts, map: 'Not A Map' }, 'is not a map id'],
    ] as const) {
      const { io, out } = capture();
      expect(await runServers(io, host, o)).toBe(2);
      expect(out.stderr).toContain(why);
    }
  });

  test('no list server there: exit 1 after the give-up time', async () => {
    const { io, out } = capture();
    expect(await runServers(io, `127.0.0.1:${await closedPort()}`, opts)).toBe(1);
    expect(out.stderr).toContain('no answer from the list server');
  });

  test('every room of the listed server, with its haunted play line (HAUNTED_LIST)', async () => {
    const logger = createLogger({ format: 'text', sinks: [], wallClock: Date.now });
    const listUdp = await createUdpTransport({ host: '127.0.0.1', port: 0, clock });
    cleanups.push(() => listUdp.close());
    new ListServer({ transport: listUdp, secret: new Uint8Array(32), logger, now: clock() });
    const gameUdp = await createUdpTransport({ host: '127.0.0.1', port: 0, clock });
    cleanups.push(() => gameUdp.close());
    const info = { name: 'Stand-in', map: 'classic', players: 1, maxPlayers: 20, rooms: 2 };
    const announcer = new Announcer(
      { targets: [listUdp.local], logger, info: () => info },
      clock(),
    );
    new FakeRoomsServer(withAnnouncer(gameUdp, announcer), [
      room('default:classic:lobby:1:10'),
      room('attic:grand:game:0:10'),
    ]);
    announcer.update(clock());
    await Bun.sleep(100);
    const { io, out } = capture();
    const code = await runServers(
      { ...io, env: { HAUNTED_LIST: `127.0.0.1:${listUdp.local.port}` } },
      undefined,
      opts,
    );
    expect(out.stderr).toBe('');
    expect(code).toBe(0);
    const lines = out.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('1 server listed (of 1), 2 rows, nearest first');
    const where = `127.0.0.1:${gameUdp.local.port}`;
    expect(lines[1]).toMatch(
      new RegExp(
        `^ +\\d+ ms  Stand-in +default +classic +lobby +1/10  haunted play ${where}/default$`,
      ),
    );
    expect(lines[2]).toMatch(
      new RegExp(`^ +\\d+ ms  Stand-in +attic +grand +game +0/10  haunted play ${where}/attic$`),
    );
  });
});
