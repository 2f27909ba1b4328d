/**
 * The spoofed-source flooder of `bun run bench flood`, a process of its own so that its CPU is
 * not counted as the server's: `--sources` UDP sockets, each bound to its own loopback address
 * (127.1.x.y: the kernel lets a process send from any address of 127.0.0.0/8, which is as good
 * as spoofing for a server on loopback and needs no raw socket), sending `--rate` datagrams a
 * second in all, half HELLO (64 bytes, a valid one) and half CONNECT with a made-up cookie, for
 * `--seconds`. It prints "ready" once every socket is bound, then on exit one JSON line with how
 * many it sent. Loopback only, bounded in count and time.
 */
import { encodeBytes, makeHello, PROTOCOL_VERSION } from '../src/protocol/index.ts';

const args = new Map<string, string>();
for (let i = 2; i + 1 < process.argv.length; i += 2)
  args.set(process.argv[i]!, process.argv[i + 1]!);
const port = Number(args.get('--port'));
const rate = Number(args.get('--rate') ?? 20_000);
const sources = Number(args.get('--sources') ?? 4000);
const seconds = Number(args.get('--seconds') ?? 10);
if (!(port > 0) || !(rate > 0 && rate <= 100_000) || !(sources > 0 && sources <= 16_000)) {
  console.error('flood-sender: --port P [--rate ≤100000] [--sources ≤16000] [--seconds S]');
  process.exit(2);
}
if (!(seconds > 0 && seconds <= 120)) {
  console.error('flood-sender: --seconds must be in 0–120');
  process.exit(2);
}

const hello = encodeBytes(makeHello());
const connect = encodeBytes({
  type: 'CONNECT',
  version: PROTOCOL_VERSION,
  cookie: '0123456789abcdef01234567',
  name: 'flood',
});
const sockets: Bun.udp.Socket<'buffer'>[] = [];
for (let i = 0; i < sources; i++) {
  // 127.1.0.1 … : the last byte 1–250, so no broadcast-looking address.
  const host = `127.1.${Math.floor(i / 250)}.${(i % 250) + 1}`;
  sockets.push(await Bun.udpSocket({ hostname: host, port: 0, socket: { data() {}, error() {} } }));
}
console.log('ready');

let sent = 0;
let next = 0;
const t0 = performance.now();
const end = t0 + seconds * 1000;
// Every millisecond, what is due since the start: a steady rate, not bursts of a second.
const timer = setInterval(() => {
  const now = performance.now();
  const due = Math.floor(((Math.min(now, end) - t0) * rate) / 1000) - sent;
  for (let k = 0; k < due; k++) {
    const socket = sockets[next++ % sockets.length]!;
    socket.send(sent % 2 === 0 ? hello : connect, port, '127.0.0.1');
    sent++;
  }
  if (now >= end) {
    clearInterval(timer);
    for (const s of sockets) s.close();
    console.log(JSON.stringify({ sent, seconds: (now - t0) / 1000 }));
    process.exit(0);
  }
}, 1);
