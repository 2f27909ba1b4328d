/**
 * The I/O of `haunted serve` without the game, for `bun run bench floor`: one UDP socket on
 * 127.0.0.1 (port 0, printed on stdout) whose data handler only notes who sent, a drift-free 30 Hz
 * timer, and at each tick one datagram of `--snap-bytes` to every peer heard from, sent with one
 * sendMany (none with `--snap-bytes 0`: receiving only, the floor under a flood of handshakes,
 * `bun run bench flood`). What this process costs is what Bun and the kernel take for the server's traffic
 * before any game code runs.
 */
export {};

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const tickRate = option('--tick', 30);
const snapBytes = option('--snap-bytes', 60);

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
    socket.sendMany(batch as Parameters<typeof socket.sendMany>[0]);
  }
  next += period;
  setTimeout(tick, Math.max(0, Math.ceil(next - performance.now())));
};
tick();
process.on('SIGTERM', () => {
  socket.close();
  process.exit(0);
});
console.log(`floor listening on 127.0.0.1:${socket.port}`);
