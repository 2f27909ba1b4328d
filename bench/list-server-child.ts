/**
 * The list server's core (src/list/list-server.ts) on 127.0.0.1 (port 0, printed on stdout), for
 * `bun run bench list-server`: the same code as `haunted list-server`, with the per-address
 * limits raised, since the bench's many servers and its queries all come from 127.0.0.1.
 */
import { ListServer } from '../src/list/list-server.ts';
import { createUdpTransport } from '../src/net/udp.ts';
import { createLogger } from '../src/server/log.ts';

const clock = () => performance.now();
const udp = await createUdpTransport({ host: '127.0.0.1', port: 0, clock });
const unlimited = { perIpRate: 1e6, perIpBurst: 1e6, globalRate: 1e6, globalBurst: 1e6 };
const list = new ListServer({
  transport: udp,
  secret: crypto.getRandomValues(new Uint8Array(32)),
  logger: createLogger({ format: 'text', sinks: [], wallClock: Date.now }),
  now: clock(),
  intervalSeconds: 3600,
  maxPerIp: 100_000,
  heartbeatLimits: unlimited,
  queryLimits: unlimited,
});
setInterval(() => list.update(clock()), 500);
console.log(`listening on 127.0.0.1:${udp.local.port}`);
// The parent reads the counts from stderr when it asks (SIGUSR2).
process.on('SIGUSR2', () => console.error(JSON.stringify({ size: list.size, ...list.stats })));
