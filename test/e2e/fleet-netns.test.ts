/**
 * A second test host, three of them: three `haunted serve` (the built binary) in network
 * namespaces of their own, each behind a veth pair that this test creates and removes, announce
 * themselves to a list server in this namespace. Bots find them through the list (ServerList)
 * and join; one server is SIGKILLed: it leaves the list within three heartbeats, its bots see
 * "connection lost", and the bots of the other two play on.
 *
 * Needs root and iproute2 (`ip netns`); skipped with a message where the machine does not allow
 * namespaces. Traffic goes only to the addresses of these namespaces' veths (10.213.N.0/30).
 */
import { afterAll, describe, expect, test } from 'bun:test';
import { startBots } from '../../src/cli/bot-runner.ts';
import { ServerList } from '../../src/client/server-list.ts';
import { createUdpTransport } from '../../src/net/udp.ts';
import { haunted } from '../support/binary.ts';

const TAG = `hc${process.pid % 100000}`;
const HOSTS = [1, 2, 3].map((i) => ({
  ns: `${TAG}-ns${i}`,
  hostIf: `${TAG}h${i}`,
  nsIf: `${TAG}p${i}`,
  hostIp: `10.213.${i}.1`,
  nsIp: `10.213.${i}.2`,
}));
const LIST_IP = HOSTS[0]!.hostIp;

function run(...cmd: string[]): { ok: boolean; err: string } {
  const r = Bun.spawnSync(cmd, { stdout: 'ignore', stderr: 'pipe' });
  return { ok: r.exitCode === 0, err: r.stderr.toString().trim() };
}

/** Why namespaces cannot be used here, or null when they can (probed by making one). */
function whyNoNamespaces(): string | null {
  if (process.getuid?.() !== 0) return 'not root';
  if (!run('ip', '-V').ok) return 'no iproute2 (`ip`)';
  const probe = `${TAG}-probe`;
  const made = run('ip', 'netns', 'add', probe);
  if (!made.ok) return `ip netns add failed: ${made.err}`;
  run('ip', 'netns', 'del', probe);
  return null;
}

const cleanups: (() => void)[] = [];
function teardown(): void {
  for (const f of cleanups.splice(0).reverse()) {
    try {
      f();
    } catch {
      // best effort: every step is tried
    }
  }
  // Whatever a failed setup left: the namespaces (their veth ends go with them) and host ends.
  for (const h of HOSTS) {
    run('ip', 'netns', 'del', h.ns);
    run('ip', 'link', 'del', h.hostIf);
  }
}
afterAll(teardown);

function setUpHost(h: (typeof HOSTS)[number]): void {
  const steps: string[][] = [
    ['ip', 'netns', 'add', h.ns],
    ['ip', 'link', 'add', h.hostIf, 'type', 'veth', 'peer', 'name', h.nsIf],
    ['ip', 'link', 'set', h.nsIf, 'netns', h.ns],
    ['ip', 'addr', 'add', `${h.hostIp}/30`, 'dev', h.hostIf],
    ['ip', 'link', 'set', h.hostIf, 'up'],
    ['ip', 'netns', 'exec', h.ns, 'ip', 'addr', 'add', `${h.nsIp}/30`, 'dev', h.nsIf],
    ['ip', 'netns', 'exec', h.ns, 'ip', 'link', 'set', h.nsIf, 'up'],
    ['ip', 'netns', 'exec', h.ns, 'ip', 'link', 'set', 'lo', 'up'],
    // The list server's address, on the first host's veth, is reached through our own veth.
    ['ip', 'netns', 'exec', h.ns, 'ip', 'route', 'add', `${LIST_IP}/32`, 'via', h.hostIp],
  ];
  for (const s of steps) {
    const r = run(...s);
    if (!r.ok) throw new Error(`${s.join(' ')}: ${r.err}`);
  }
}

async function spawnUntil(cmd: string[], pattern: RegExp) {
  const proc = Bun.spawn(cmd, { stdout: 'pipe', stderr: 'pipe', stdin: 'ignore' });
  cleanups.push(() => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  });
  const reader = proc.stdout.getReader();
  let text = '';
  const end = performance.now() + 15_000;
  while (!pattern.test(text)) {
    if (performance.now() > end) throw new Error(`no "${pattern}" in: ${text}`);
    const { value, done } = await reader.read();
    if (done) throw new Error(`exited: ${text}${await new Response(proc.stderr).text()}`);
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  return { proc, match: pattern.exec(text)! };
}

const why = whyNoNamespaces();
if (why !== null) console.warn(`skipped: the fleet test needs network namespaces (${why})`);

describe.skipIf(why !== null)('three servers in network namespaces, one list server', () => {
  test('listed, joined through the list; SIGKILL: off the list within 3 heartbeats, its players lost, the others play on', async () => {
    const bin = await haunted();
    for (const h of HOSTS) setUpHost(h);
    const clock = () => performance.now();

    const list = await spawnUntil(
      [bin, 'list-server', '--host', LIST_IP, '--port', '0', '--interval', '1'],
      /on 10\.213\.1\.1:(\d+)/,
    );
    const listPort = Number(list.match[1]);
    const servers = [];
    for (const h of HOSTS) {
      const args = [
        'serve',
        '--host',
        h.nsIp,
        '--port',
        '9998',
        '--announce',
        `${LIST_IP}:${listPort}`,
      ];
      servers.push(await spawnUntil(['ip', 'netns', 'exec', h.ns, bin, ...args], /listening on/));
    }

    // The list, as a player's client sees it.
    const socket = await createUdpTransport({ host: '0.0.0.0', port: 0, clock });
    cleanups.push(() => socket.close());
    const ask = async () => {
      const sl = new ServerList({
        transport: socket,
        list: { address: LIST_IP, port: listPort },
        now: clock(),
        giveUpMs: 1000,
      });
      socket.onDatagram((d, from, now) => sl.receive(d, from, now));
      while (sl.state === 'listing' || sl.state === 'probing') {
        await Bun.sleep(5);
        sl.update(clock());
      }
      return sl;
    };
    let found = await ask();
    for (let i = 0; i < 40 && found.servers.length < 3; i++) {
      await Bun.sleep(100);
      found = await ask();
    }
    expect(found.servers.map((s) => s.address).sort()).toEqual(HOSTS.map((h) => h.nsIp));
    const rows = found.rows();
    expect(rows.every((r) => r.room?.name === 'default' && r.pingMs !== null)).toBe(true);

    // Two bots on each server, joining the rows of the list.
    const runners: { address: string; runner: Awaited<ReturnType<typeof startBots>> }[] = [];
    for (const [i, r] of rows.entries()) {
      const runner = await startBots({
        server: { address: r.server.address, port: r.server.port },
        count: 2,
        seed: 10 + i,
        clock,
      });
      cleanups.push(() => void runner.stop(0));
      runners.push({ address: r.server.address, runner });
    }
    const bots = () =>
      runners.flatMap((x) => x.runner.bots.map((b) => ({ address: x.address, conn: b.conn })));
    const end = clock() + 15_000;
    while (clock() < end && !bots().every((b) => b.conn.state === 'playing')) await Bun.sleep(50);
    expect(bots().map((b) => b.conn.state)).toEqual(Array(6).fill('playing'));

    // SIGKILL the second host's server.
    const victim = HOSTS[1]!.nsIp;
    servers[1]!.proc.kill('SIGKILL');
    const killedAt = clock();
    let goneAfter = Number.NaN;
    while (clock() - killedAt < 6000) {
      const now = await ask();
      if (now.servers.length === 2 && !now.servers.some((s) => s.address === victim)) {
        goneAfter = clock() - killedAt;
        break;
      }
      await Bun.sleep(100);
    }
    console.log(`netns: SIGKILL → off the list in ${Math.round(goneAfter)} ms (heartbeat 1000 ms)`);
    expect(goneAfter).toBeLessThanOrEqual(3500 + 1000); // 3 heartbeats, the 0.5 s sweep, one ask
    const lostEnd = clock() + 10_000;
    const victims = () => bots().filter((b) => b.address === victim);
    while (
      clock() < lostEnd &&
      !victims().every((b) => b.conn.detail.includes('connection lost'))
    ) {
      await Bun.sleep(50);
    }
    for (const b of victims()) expect(b.conn.detail).toContain('connection lost');
    const others = bots().filter((b) => b.address !== victim);
    expect(others.map((b) => b.conn.state)).toEqual(Array(4).fill('playing'));
    const heard = others.map((b) => b.conn.heardAt);
    await Bun.sleep(500);
    others.forEach((b, i) => {
      expect(b.conn.state).toBe('playing');
      expect(b.conn.heardAt).toBeGreaterThan(heard[i]!);
    });
  }, 90_000);
});
