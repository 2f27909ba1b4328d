/**
 * The built binary: `haunted list-server` and `haunted serve --announce` over real UDP on
 * 127.0.0.1. A server is listed after its challenge; SIGKILLed, it leaves the list within three
 * heartbeat intervals (figure printed); the list server restarted on the same port has it back
 * within one interval.
 */
import { afterEach, expect, test } from 'bun:test';
import { createUdpTransport } from '../../src/net/udp.ts';
import {
  decodeList,
  encodeList,
  NO_FILTERS,
  paddedList,
  type ServersMessage,
} from '../../src/protocol/codec-list.ts';
import { haunted } from '../support/binary.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanups.splice(0)) f();
});

/** Starts `haunted <args>`; resolves with the port its banner names after `pattern`. */
async function start(args: string[], pattern: RegExp) {
  const proc = Bun.spawn([await haunted(), ...args], {
    stdout: 'pipe',
    stderr: 'pipe',
    stdin: 'ignore',
  });
  cleanups.push(() => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  });
  const reader = proc.stdout.getReader();
  let banner = '';
  while (!pattern.test(banner)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`exited: ${banner}${await new Response(proc.stderr).text()}`);
    banner += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  return { proc, port: Number(pattern.exec(banner)![1]) };
}

async function lister(listPort: number) {
  const client = await createUdpTransport({ host: '127.0.0.1', clock: () => performance.now() });
  cleanups.push(() => client.close());
  let last: ServersMessage | null = null;
  client.onDatagram((d) => {
    const m = decodeList(d);
    if (m.ok && m.msg.type === 'SERVERS') last = m.msg;
  });
  let stamp = 0;
  /** The ports listed now (one query, 500 ms for its answer), or null without one. */
  return async (): Promise<number[] | null> => {
    last = null;
    const q = paddedList({ stamp: ++stamp, from: 0, filters: NO_FILTERS });
    client.send(new TextEncoder().encode(encodeList(q)), { address: '127.0.0.1', port: listPort });
    const end = performance.now() + 500;
    while (last === null && performance.now() < end) await Bun.sleep(5);
    return last === null ? null : (last as ServersMessage).servers.map((s) => s.port);
  };
}

test('serve --announce: listed after the challenge; SIGKILL: gone within 3 heartbeats; list server restart: back within one', async () => {
  const listArgs = ['list-server', '--host', '127.0.0.1', '--port', '0', '--interval', '1'];
  const list = await start(listArgs, /on 127\.0\.0\.1:(\d+)/);
  const serveArgs = (port: number) => [
    'serve',
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--announce',
    `127.0.0.1:${port}`,
  ];
  const a = await start(serveArgs(list.port), /listening on 127\.0\.0\.1:(\d+)/);
  const b = await start(serveArgs(list.port), /listening on 127\.0\.0\.1:(\d+)/);
  let ask = await lister(list.port);
  let ports: number[] | null = null;
  const listedBy = performance.now() + 5000;
  while (performance.now() < listedBy) {
    ports = await ask();
    if (ports?.length === 2) break;
    await Bun.sleep(50);
  }
  expect(ports?.sort()).toEqual([a.port, b.port].sort());
  // haunted servers: every room of both, with a ping each.
  const servers = Bun.spawn([await haunted(), 'servers', `127.0.0.1:${list.port}`, '--json'], {
    stdout: 'pipe',
  });
  expect(await servers.exited).toBe(0);
  const found = JSON.parse(await new Response(servers.stdout).text()) as {
    rows: { server: { port: number }; room: { name: string } | null; pingMs: number | null }[];
  };
  expect(found.rows.map((r) => `${r.server.port}/${r.room?.name}`).sort()).toEqual(
    [`${a.port}/default`, `${b.port}/default`].sort(),
  );
  for (const r of found.rows) expect(r.pingMs).toBeGreaterThan(0);

  a.proc.kill('SIGKILL');
  const killedAt = performance.now();
  let goneAfter = Number.NaN;
  while (performance.now() - killedAt < 6000) {
    ports = await ask();
    if (ports !== null && !ports.includes(a.port)) {
      goneAfter = performance.now() - killedAt;
      break;
    }
    await Bun.sleep(50);
  }
  console.log(`SIGKILL → off the list: ${Math.round(goneAfter)} ms (heartbeat 1000 ms)`);
  // Expiry is 3 intervals after the last heartbeat, checked every 500 ms: ≤ 3.5 s, with slack.
  expect(goneAfter).toBeLessThanOrEqual(4000);
  expect(ports).toEqual([b.port]);

  // A list server restarted on the same port: empty, then b's next heartbeat lists it again.
  list.proc.kill('SIGTERM');
  expect(await list.proc.exited).toBe(0);
  const again = await start(
    [...listArgs.slice(0, 3), '--port', String(list.port), '--interval', '1'],
    /on 127\.0\.0\.1:(\d+)/,
  );
  ask = await lister(again.port);
  const restartedAt = performance.now();
  let backAfter = Number.NaN;
  while (performance.now() - restartedAt < 5000) {
    if ((await ask())?.includes(b.port)) {
      backAfter = performance.now() - restartedAt;
      break;
    }
    await Bun.sleep(50);
  }
  console.log(`list server restart → listed again: ${Math.round(backAfter)} ms`);
  expect(backAfter).toBeLessThanOrEqual(2500);
}, 40_000);
