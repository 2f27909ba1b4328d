/**
 * An SSH storm against `haunted serve --ssh` (test/e2e/ssh-faults.test.ts runs it as a child,
 * under `nice`, as clients on other machines would be): for SECONDS, LANES lanes of SSH
 * connections one after another (handshake, a pty, the first frame, gone) and a stream of
 * connections that are not SSH (junk after a version line, junk alone, silence). Prints
 * `{"served":N,"junk":N}` at the end.
 *
 *   bun test/support/ssh-storm.ts PORT SECONDS LANES
 */
import { Client } from 'ssh2';

const [port, seconds, lanes] = process.argv.slice(2).map(Number) as [number, number, number];
const t0 = performance.now();
const over = () => performance.now() - t0 > seconds * 1000;

async function until(what: () => boolean, ms: number): Promise<boolean> {
  const end = performance.now() + ms;
  while (!what() && performance.now() < end) await Bun.sleep(10);
  return what();
}

/** One session to its first frame; whether it got there. */
async function session(name: string): Promise<boolean> {
  const conn = new Client();
  let bytes = 0;
  let closed = false;
  conn.on('error', () => {});
  conn.on('close', () => {
    closed = true;
  });
  conn.on('ready', () =>
    conn.shell({ term: 'xterm', cols: 100, rows: 30 }, (err, stream) => {
      if (err) return conn.end();
      stream.on('data', (d: Buffer) => {
        bytes += d.length;
      });
      stream.stderr.on('data', () => {});
    }),
  );
  conn.connect({ host: '127.0.0.1', port, username: name, readyTimeout: 5000 });
  await until(() => bytes > 0 || closed, 5000);
  conn.end();
  await until(() => closed, 2000);
  return bytes > 0;
}

async function lane(i: number): Promise<number> {
  let served = 0;
  for (let round = 0; !over(); round++) if (await session(`storm${i}x${round}`)) served++;
  return served;
}

async function garbage(): Promise<number> {
  let sent = 0;
  let x = 99;
  const junk = () =>
    new Uint8Array(2048).map(() => {
      x = (x * 1103515245 + 12345) >>> 0;
      return x >>> 24;
    });
  for (let i = 0; !over(); i++) {
    const sock = await Bun.connect({
      hostname: '127.0.0.1',
      port,
      socket: { data() {}, close() {}, error() {} },
    });
    if (i % 3 === 0) sock.write('SSH-2.0-storm\r\n');
    if (i % 3 !== 2) sock.write(junk());
    sent++;
    setTimeout(() => sock.end(), i % 3 === 2 ? 500 : 100);
    await Bun.sleep(40);
  }
  return sent;
}

const [served, junk] = await Promise.all([
  Promise.all(Array.from({ length: lanes }, (_, i) => lane(i))).then((n) =>
    n.reduce((a, b) => a + b, 0),
  ),
  garbage(),
]);
console.log(JSON.stringify({ served, junk }));
process.exit(0);
