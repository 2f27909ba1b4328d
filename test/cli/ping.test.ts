/**
 * `haunted ping` against real UDP on 127.0.0.1: a GameServer in this process over a real socket,
 * ticking on the real clock like `haunted serve`, answers the padded sessionless PINGs with its
 * description; a closed port answers nothing (exit 1, a clear message); a bad target or option
 * exits 2. Only 127.0.0.1 traffic.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { PING_BYTES, roomLines, runPing } from '../../src/cli/commands/ping.ts';
import { runCli } from '../../src/cli/program.ts';
import { createUdpTransport } from '../../src/net/udp.ts';
import { encode as encodeText, makePing, PROTOCOL_VERSION } from '../../src/protocol/index.ts';
import { capture, clock, closedPort, startCliServer } from '../support/cli-server.ts';
import { FakeRoomsServer, room } from '../support/fake-rooms-server.ts';

const cleanup: (() => void)[] = [];
afterAll(() => {
  for (const f of cleanup) f();
});

/** A game server on 127.0.0.1 (any free port) named `name`; its port. */
async function startServer(name: string): Promise<number> {
  const s = await startCliServer({ name });
  cleanup.push(() => s.close());
  return s.port;
}

const ROUND_TRIP = /round trip min\/avg\/max = (\d+\.\d+)\/(\d+\.\d+)\/(\d+\.\d+) ms/;

describe('haunted ping', () => {
  let port = 0;
  beforeAll(async () => {
    port = await startServer('Test manor');
  });

  test('a live server: one line per answer with its description, then the summary, exit 0', async () => {
    const { io, out } = capture();
    const code = await runPing(io, `127.0.0.1:${port}`, { count: 3, interval: 0.05 });
    expect(out.stderr).toBe('');
    expect(code).toBe(0);
    const lines = out.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`pinging 127.0.0.1:${port} with ${PING_BYTES}-byte PINGs`);
    const replies = lines.filter((l) => l.startsWith('reply from'));
    expect(replies.length).toBe(3);
    for (const [i, line] of replies.entries()) {
      expect(line).toMatch(
        new RegExp(
          `^reply from 127\\.0\\.0\\.1:${port}: seq=${i + 1} time=\\d+\\.\\d+ ms  "Test manor" v${PROTOCOL_VERSION}, lobby, 0/10 players$`,
        ),
      );
    }
    // The summary, then the server's one room (the default room), asked with the first PING.
    const summary = lines.at(-3)!;
    expect(summary).toMatch(/^3 sent, 3 received, 0% loss; round trip min\/avg\/max = /);
    expect(lines.slice(-2)).toEqual([
      expect.stringMatching(/^1 room \(new rooms on classic[a-z, -]*\):$/),
      '  default  classic  lobby  0/10  open',
    ]);
    const [, min, avg, max] = ROUND_TRIP.exec(summary)!.map(Number);
    expect(min!).toBeLessThanOrEqual(avg!);
    expect(avg!).toBeLessThanOrEqual(max!);
    expect(max!).toBeLessThan(1000);
  });

  test('through the program: `haunted ping 127.0.0.1:PORT --count 2 --interval 0.05`', async () => {
    const { io, out } = capture();
    const code = await runCli(
      ['ping', `127.0.0.1:${port}`, '--count', '2', '--interval', '0.05'],
      io,
    );
    expect(code).toBe(0);
    expect(out.stdout).toContain('2 sent, 2 received, 0% loss');
  });

  test('a deaf server (console `deaf`): "not accepting new players"', async () => {
    const s = await startCliServer({ name: 'Shut manor' });
    cleanup.push(() => s.close());
    s.server.deaf = true;
    const { io, out } = capture();
    expect(await runPing(io, `127.0.0.1:${s.port}`, { count: 1 })).toBe(0);
    expect(out.stdout).toContain(
      `"Shut manor" v${PROTOCOL_VERSION}, lobby, 0/10 players, not accepting new players\n`,
    );
    s.server.deaf = false;
    const again = capture();
    expect(await runPing(again.io, `127.0.0.1:${s.port}`, { count: 1 })).toBe(0);
    expect(again.out.stdout).not.toContain('not accepting');
  });

  test('a name that does not fit in the answer: the short PONG, said so', async () => {
    // 40 × "é" is 240 bytes percent-encoded: the long PONG would be larger than the PING.
    const longName = await startServer('é'.repeat(40));
    const { io, out } = capture();
    const code = await runPing(io, `127.0.0.1:${longName}`, { count: 1 });
    expect(code).toBe(0);
    expect(out.stdout).toContain(`seq=1 time=`);
    expect(out.stdout).toContain(
      `(no description: it does not fit in a ${PING_BYTES}-byte answer)`,
    );
    expect(out.stdout).toContain('1 sent, 1 received, 0% loss');
  });

  test('the PING is the documented 160 bytes', () => {
    expect(encodeText(makePing(null, 4294967295, PING_BYTES)).length).toBe(PING_BYTES);
    expect(encodeText(makePing(null, 0, PING_BYTES)).length).toBe(PING_BYTES);
  });

  test('a closed port: "no reply" per PING, 100% loss, a clear message, exit 1', async () => {
    const closed = await closedPort();
    const { io, out } = capture();
    const code = await runPing(io, `127.0.0.1:${closed}`, {
      count: 2,
      interval: 0.05,
      timeout: 0.2,
    });
    expect(code).toBe(1);
    expect(out.stdout).toContain('no reply (seq 1)\nno reply (seq 2)\n');
    expect(out.stdout).toContain('2 sent, 0 received, 100% loss\n');
    expect(out.stdout).not.toContain('round trip');
    expect(out.stderr).toStartWith(
      `haunted ping: no answer from 127.0.0.1:${closed}: is a server running there?`,
    );
  });

  test('a bad target or option exits 2', async () => {
    for (const [target, count, message] of [
      ['[::1', 4, 'a "[" without its "]"'],
      ['127.0.0.1:99999', 4, 'the port must be 1 to 65535'],
      ['bad!host', 4, 'not a valid host name'],
      ['127.0.0.1', 0, '--count: expected 1 to 1000'],
      ['127.0.0.1/b', 4, 'without "/b" (haunted ping lists every room of the server)'],
    ] as const) {
      const { io, out } = capture();
      expect(await runPing(io, target, { count })).toBe(2);
      expect(out.stderr).toContain(message);
      expect(out.stdout).toBe('');
    }
    for (const args of [
      ['ping'],
      ['ping', '127.0.0.1', '--count', '0'],
      ['ping', '127.0.0.1', '--count', '1001'],
      ['ping', '127.0.0.1', '--interval', 'soon'],
      ['ping', '[::1'],
    ]) {
      const { io } = capture();
      expect(await runCli(args, io)).toBe(2);
    }
  });

  test('--help shows the options and examples', async () => {
    const { io, out } = capture();
    expect(await runCli(['ping', '--help'], io)).toBe(0);
    expect(out.stdout).toContain('--count <n>');
    expect(out.stdout).toContain('--interval <seconds>');
    expect(out.stdout).toContain('haunted ping localhost');
  });
});

describe('haunted ping: the rooms', () => {
  /** A stand-in server with rooms on a real socket of 127.0.0.1 (it answers PING - short). */
  async function roomsServer(rooms: string[], maps: string[] | null = ['classic', 'grand']) {
    const transport = await createUdpTransport({ host: '127.0.0.1', port: 0, clock });
    cleanup.push(() => transport.close());
    const fake = new FakeRoomsServer(transport, rooms.map(room), maps);
    return { fake, port: transport.local.port };
  }

  test('three rooms: one line each after the summary, in aligned columns', async () => {
    const { fake, port } = await roomsServer([
      'default:classic:game:7:10:open',
      'K7QX:classic:lobby:2:10:open',
      'fridays:grand:end:10:10:closed',
    ]);
    const { io, out } = capture();
    expect(await runPing(io, `127.0.0.1:${port}`, { count: 2, interval: 0.05 })).toBe(0);
    const lines = out.stdout.trimEnd().split('\n');
    expect(lines.slice(-5)).toEqual([
      expect.stringMatching(/^2 sent, 2 received, 0% loss; round trip/),
      '3 rooms (new rooms on classic, grand):',
      '  default  classic  game   7/10   open',
      '  K7QX     classic  lobby  2/10   open',
      '  fridays  grand    end    10/10  closed',
    ]);
    // One ROOMS, padded to the 1200 bytes of a full page.
    const asked = fake.received.filter((r) => r.msg.type === 'ROOMS');
    expect(asked.map((r) => r.size)).toEqual([1200]);
  });

  test('a server that lets nobody make rooms, with many rooms over several pages', async () => {
    const names = Array.from(
      { length: 70 },
      (_, i) => `r${String(i).padStart(15, '0')}:classic:lobby:0:10:open`,
    );
    const { fake, port } = await roomsServer(names, null);
    const { io, out } = capture();
    expect(await runPing(io, `127.0.0.1:${port}`, { count: 1 })).toBe(0);
    expect(out.stdout).toContain('70 rooms (players cannot make rooms):\n');
    expect(out.stdout.split('\n').filter((l) => /^ {2}r\d{15} /.test(l))).toHaveLength(70);
    expect(fake.questions().length).toBeGreaterThan(1);
  });

  test('a server of before rooms (no ROOMLIST): printed as before, nothing more', async () => {
    const { fake, port } = await roomsServer(['default:classic:lobby:0:10:open']);
    fake.silent = true;
    const { io, out } = capture();
    const started = performance.now();
    expect(await runPing(io, `127.0.0.1:${port}`, { count: 1 })).toBe(0);
    const lines = out.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/^1 sent, 1 received, 0% loss; round trip/);
    expect(out.stdout).not.toContain('room');
    // It waited for the list at most about a second.
    expect(performance.now() - started).toBeLessThan(2500);
  });

  test('roomLines: one room, and a list cut short', () => {
    const one = [{ ...room('default:classic:lobby:0:10:open'), pingMs: 1 }];
    expect(roomLines({ rooms: one, total: 1, maps: ['classic'], partial: false })).toBe(
      '1 room (new rooms on classic):\n  default  classic  lobby  0/10  open\n',
    );
    expect(roomLines({ rooms: one, total: 40, maps: null, partial: true })).toStartWith(
      '40 rooms (players cannot make rooms), 1 listed (a page went unanswered):\n',
    );
  });
});
