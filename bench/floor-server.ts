/**
 * The I/O of `haunted serve` without the game, for `bun run bench floor`: one UDP socket on
 * 127.0.0.1 (port 0, printed on stdout) whose data handler only notes who sent, a drift-free 30 Hz
 * timer, and at each tick one datagram of `--snap-bytes` to every peer heard from, sent with one
 * sendMany (none with `--snap-bytes 0`: receiving only, the floor under a flood of handshakes,
 * `bun run bench flood`). What this process costs is what Bun and the kernel take for the server's traffic
 * before any game code runs.
 *
 * With `--send-times FILE` it also times each tick's sendMany (the floor under the server's
 * `tickSendMs`): SIGUSR2 starts the window, and at SIGTERM it writes the window's p50, p99 and
 * max (ms) to FILE as JSON.
 */
import { writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const tickRate = option('--tick', 30);
const snapBytes = option('--snap-bytes', 60);
const sendTimesAt = args.indexOf('--send-times');
const sendTimesFile = sendTimesAt >= 0 ? args[sendTimesAt + 1] : undefined;
const sendMs: number[] = [];

const peers = new Map<string, { port: number; address: string }>();
const socket = await Bun.udpSocket({
  hostname: '127.0.0.1',
  port: 0,
  binaryType: 'uint8array',
  socket: {
    data(_socket, _data, port, address) {
      const key = `${address}:${port}`;
      if (!peers.has(key)) peers.set(key, { port, address });
    },
    error() {},
  },
});
const snapshot = new Uint8Array(snapBytes).fill(0x41);
const period = 1000 / tickRate;
let next = performance.now();
const tick = () => {
  if (peers.size > 0 && snapBytes > 0) {
    const batch: (Uint8Array | number | string)[] = [];
    for (const p of peers.values()) batch.push(snapshot.slice(), p.port, p.address);
    const started = performance.now();
    socket.sendMany(batch as Parameters<typeof socket.sendMany>[0]);
    if (sendTimesFile !== undefined) sendMs.push(performance.now() - started);
  }
  next += period;
  setTimeout(tick, Math.max(0, Math.ceil(next - performance.now())));
};
tick();
process.on('SIGUSR2', () => {
  sendMs.length = 0;
});
process.on('SIGTERM', () => {
  if (sendTimesFile !== undefined) {
    const sorted = sendMs.sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
    const ms = (v: number | undefined) => (v === undefined ? null : Math.round(v * 100) / 100);
    const figures = { p50: ms(at(0.5)), p99: ms(at(0.99)), max: ms(at(1)), sends: sorted.length };
    writeFileSync(sendTimesFile, JSON.stringify(figures));
  }
  socket.close();
  process.exit(0);
});
console.log(`floor listening on 127.0.0.1:${socket.port}`);
