/**
 * The client's connection on a real UDP socket on 127.0.0.1, to a port nothing listens on: the
 * system's "port unreachable" (ECONNREFUSED) ends the handshake at once instead of after 5 s of
 * silence, wired as `haunted play` does: the socket's errors go to the connection.
 */
import { afterEach, expect, test } from 'bun:test';
import { ClientConnection } from '../../src/client/connection.ts';
import { createUdpTransport, type UdpTransport } from '../../src/net/udp.ts';

const LOOPBACK = '127.0.0.1';
const open: UdpTransport[] = [];
afterEach(() => {
  for (const t of open.splice(0)) t.close();
});

async function closedPort(): Promise<number> {
  const socket = await Bun.udpSocket({ hostname: LOOPBACK, port: 0 });
  const port = socket.port;
  socket.close();
  return port;
}

test('a closed port on 127.0.0.1: failed with "nothing is listening" well under 5 s', async () => {
  const clock = () => performance.now();
  let conn: ClientConnection | null = null;
  const transport = await createUdpTransport({
    host: LOOPBACK,
    port: 0,
    clock,
    onError: (e) => conn?.socketError(e, clock()),
  });
  open.push(transport);
  const start = clock();
  conn = new ClientConnection({
    transport,
    server: { address: LOOPBACK, port: await closedPort() },
    name: 'Casper',
    now: start,
  });
  while (!conn.isFinal && clock() - start < 6000) {
    conn.update(clock());
    await Bun.sleep(10);
  }
  const took = clock() - start;
  expect(conn.state).toBe('failed');
  expect(conn.detail).toBe('server unreachable: nothing is listening on that port');
  expect(took).toBeLessThan(1500);
});
