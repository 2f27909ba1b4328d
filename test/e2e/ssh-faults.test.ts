/**
 * Faults on `haunted serve --ssh`, end to end against a serve child (its SSH thread, its game, its
 * log and --stats-file), with ssh2's Client as the players (in this process; the storm's in a
 * child, test/support/ssh-storm.ts):
 * - a stalled TCP window (a client that stops reading its socket) is dropped in bounded time,
 *   with a bounded number of bytes queued for it, while the tick and the other players go on;
 * - unknown channel types and global requests are refused and change nothing else;
 * - an SSH storm (connections opening and closing, garbage) leaves the game's tick on time for a
 *   UDP player.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, type ClientChannel } from 'ssh2';
import { freshStats, threadCpuPercent, threadCpuSeconds } from '../../src/bench/server-bench.ts';
import { startBots } from '../../src/cli/bot-runner.ts';
import { DEFAULT_MAX_QUEUED } from '../../src/cli/ssh/channel-terminal.ts';
import { histogramPercentile, LATENESS_SHIFT_MS, TICK_BUCKET_MS } from '../../src/server/stats.ts';
import type { StatsReport } from '../../src/server/stats-report.ts';
import { type LogLine, type SshServe, startSshServe } from '../support/ssh-serve.ts';

const dir = mkdtempSync(join(tmpdir(), 'haunted-ssh-faults-'));
const statsFile = join(dir, 'stats.json');
let server: SshServe | null = null;
let proc: ReturnType<typeof Bun.spawn> | null = null;
let sshPort = 0;
let gamePort = 0;
const clients: Client[] = [];
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startSshServe(join(dir, 'host_key'), [
    '--log-format',
    'json',
    '--bots',
    '3',
    '--countdown',
    '1',
    '--head-start',
    '1',
    '--lobby-wait',
    '2',
    '--seek-time',
    '600',
    '--rooms',
    'quiet',

    '--stats-file',
    statsFile,
  ]);
  ({ proc, sshPort, gamePort } = server);
}, 30_000);

afterAll(() => {
  if (process.env.SSH_TEST_LOG) console.log(server?.log());
  for (const c of clients) c.end();
  for (const s of sockets) s.destroy();
  server?.kill();
  rmSync(dir, { recursive: true, force: true });
});

/** The tick histograms' buckets below their last one (which holds all above 20 ms). */
const TICK_BUCKETS = Math.round(20 / TICK_BUCKET_MS);

/** The server's log lines of one event. */
function events(event: string): LogLine[] {
  return server?.events(event) ?? [];
}

/** The serve process's resident memory, KiB. */
function rssKiB(): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${proc!.pid}/status`, 'utf8'))![1]);
}

async function until(what: () => boolean, ms: number): Promise<boolean> {
  const end = performance.now() + ms;
  while (!what() && performance.now() < end) await Bun.sleep(25);
  return what();
}

/**
 * A player with a pty over its own TCP socket (which the test may stop reading), in the default
 * room or in `room` (`ssh -t host ROOM`).
 */
function player(name: string, size = { cols: 100, rows: 30 }, room?: string) {
  const conn = new Client();
  clients.push(conn);
  const sock = connect(sshPort, '127.0.0.1');
  sockets.push(sock);
  const seen = {
    conn,
    sock,
    stream: null as ClientChannel | null,
    out: '',
    bytes: 0,
    /** performance.now() of each chunk of the screen. */
    arrivals: [] as number[],
    closed: false,
    error: '',
  };
  conn.on('error', (e) => {
    seen.error = e.message;
  });
  conn.on('close', () => {
    seen.closed = true;
  });
  const pty = { term: 'xterm-256color', ...size };
  conn.on('ready', () => {
    const open = (cb: (err: Error | undefined, stream: ClientChannel) => void) =>
      room === undefined ? conn.shell(pty, cb) : conn.exec(room, { pty }, cb);
    open((err, stream) => {
      if (err) {
        seen.error = err.message;
        return;
      }
      seen.stream = stream;
      stream.on('data', (d: Buffer) => {
        seen.bytes += d.length;
        seen.arrivals.push(performance.now());
        // The screen's text, kept short: what the last frames drew.
        seen.out = (seen.out + d.toString()).slice(-20_000);
      });
      stream.stderr.on('data', () => {});
    });
  });
  // strictVendor off: the openssh_* requests are sent to a server that is not OpenSSH.
  conn.connect({ sock, username: name, readyTimeout: 10_000, strictVendor: false });
  return seen;
}

/**
 * The server's end of the TCP connection from `clientPort` (/proc/net/tcp: its state and send queue),
 * or '' when the kernel has none any more.
 */
function serverSide(clientPort: number): string {
  const hex = (port: number) => port.toString(16).toUpperCase().padStart(4, '0');
  const local = `:${hex(sshPort)}`;
  const remote = `:${hex(clientPort)}`;
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f[1]?.endsWith(local) && f[2]?.endsWith(remote)) return `state ${f[3]} queues ${f[4]}`;
  }
  return '';
}

/** The difference of two [bucket, count] histograms, as a dense array. */
function histogramDelta(end: [number, number][], start: [number, number][]): number[] {
  const dense: number[] = [];
  for (const [b, n] of end) dense[b] = (dense[b] ?? 0) + n;
  for (const [b, n] of start) dense[b] = (dense[b] ?? 0) - n;
  return Array.from(dense, (n) => n ?? 0);
}

/** The game's tick over the window between two stats reports: rate, duration and lateness. */
function tickWindow(start: StatsReport, end: StatsReport) {
  const seconds = (end.time - start.time) / 1000;
  const durations = histogramDelta(end.ticks.histogram, start.ticks.histogram);
  const lateness = histogramDelta(end.lateness.histogram, start.lateness.histogram);
  return {
    seconds,
    ticks: end.tick - start.tick,
    ticksPerSecond: (end.tick - start.tick) / seconds,
    tickP99Ms: histogramPercentile(durations, 99),
    lateP90Ms: histogramPercentile(lateness, 90) - LATENESS_SHIFT_MS,
    lateP99Ms: histogramPercentile(lateness, 99) - LATENESS_SHIFT_MS,
    /** Ticks that started more than 20 ms late (the histogram's last bucket: all above it). */
    lateOver20: lateness[TICK_BUCKETS] ?? 0,
    /** Ticks that took longer than 20 ms. */
    longOver20: durations[TICK_BUCKETS] ?? 0,
  };
}

const round = (v: number) => Math.round(v * 10) / 10;

test('a stalled TCP window: the session is dropped, bounded in time and bytes; the game goes on', async () => {
  const ana = player('ana');
  // Wide: each resize below redraws a whole 300-column screen.
  const size = { cols: 300, rows: 100 };
  const stall = player('stall', size);
  // The room list (two rooms): Enter joins the default room, on top.
  expect(await until(() => ana.out.includes('Enter') && stall.out.includes('Enter'), 10_000)).toBe(
    true,
  );
  for (const p of [ana, stall]) p.stream!.write('\r');
  // Both ready in the lobby (the bots wait for the humans), then the game, frames flowing to both.
  expect(await until(() => ana.out.includes('Lobby') && stall.out.includes('Lobby'), 10_000)).toBe(
    true,
  );
  // A team (b: the hiders), then ready.
  for (const p of [ana, stall]) p.stream!.write('b');
  await Bun.sleep(300);
  for (const p of [ana, stall]) p.stream!.write(' ');
  expect(
    await until(() => {
      try {
        const s = JSON.parse(readFileSync(statsFile, 'utf8')) as StatsReport;
        return s.phase === 'game' && ana.bytes > 0 && stall.bytes > 0 && s.players >= 5;
      } catch {
        return false;
      }
    }, 15_000),
  ).toBe(true);
  await Bun.sleep(500);
  const before = await freshStats(statsFile, Date.now());
  const rss0 = rssKiB();
  const received = stall.bytes;
  const anaAt = ana.bytes;
  // The client stops reading its socket: the kernel's buffers fill, then its SSH window (the
  // server may send 2 MiB unacknowledged), then the server's queue for the session.
  const stallPort = stall.sock.localPort!;
  expect(serverSide(stallPort)).toStartWith('state 01'); // ESTABLISHED
  stall.sock.pause();
  const t0 = performance.now();
  // It still sends window changes (no key): each one is a whole new screen for the server to
  // send, so the window fills in seconds (a game's frames alone, ≈ 4 KB/s, would take minutes).
  let rssMax = rss0;
  let flip = 0;
  const left = () => events('ssh-leave').find((e) => e.name === 'stall');
  while (left() === undefined && performance.now() - t0 < 22_000) {
    flip ^= 1;
    stall.stream!.setWindow(size.rows - flip, size.cols - flip, 0, 0);
    rssMax = Math.max(rssMax, rssKiB());
    await Bun.sleep(100);
  }
  const dropMs = performance.now() - t0;
  const leave = left();
  expect(leave?.reason).toBe('slow reader');
  // Its player left the game, as the game's own log says.
  expect(events('disconnect').some((e) => e.name === 'stall')).toBe(true);
  expect(await until(() => serverSide(stallPort) === '', 2000)).toBe(true);
  // What the server wrote and the client never read: at most its SSH window (2 MiB, the ssh2
  // client's as OpenSSH's) and the cap, a frame over; at least the cap (less: it was dropped
  // before its queue was full, for some other reason).
  const unread = Number(leave!.bytes) - received;
  expect(unread).toBeGreaterThan(DEFAULT_MAX_QUEUED);
  expect(unread).toBeLessThan(2 * 1024 * 1024 + DEFAULT_MAX_QUEUED + 128 * 1024);
  // Resident memory while it stalled: a ceiling against a runaway, not the queue's measure (the
  // bytes above are). Most of what the process grows by here is the garbage of drawing these
  // 300×100 screens ten times a second until a collection: a client that reads, under the same
  // resizes, grew the process by ≈ 150 MiB in 30 s (measured); this one by 40–175 MiB.
  const grewMiB = (rssMax - rss0) / 1024;
  expect(grewMiB).toBeLessThan(256);
  // The game went on: ticks on time, ana's frames kept coming, her session untouched.
  const after = await freshStats(statsFile, Date.now());
  const tick = tickWindow(before, after);
  expect(tick.ticksPerSecond).toBeGreaterThan(0.9 * after.tickRate);
  const during = ana.arrivals.filter((t) => t >= t0);
  const gaps = during.slice(1).map((t, i) => t - during[i]!);
  expect(ana.bytes - anaAt).toBeGreaterThan(0);
  // (A hider in the dark gets a new frame each second, the timer on the status line; up to
  // 3.5 s apart measured on a busy machine. A session stuck behind the stalled one would get
  // nothing for the whole stall, 9–18 s.)
  expect(Math.max(0, ...gaps)).toBeLessThan(8000);
  expect(during.filter((t) => t < t0 + dropMs).length).toBeGreaterThanOrEqual(
    Math.floor(dropMs / 3000),
  );
  expect(ana.closed).toBe(false);
  console.log(
    `stalled reader: dropped after ${(dropMs / 1000).toFixed(1)} s, ${(unread / 1024).toFixed(0)} KiB unread, ` +
      `RSS ${(rss0 / 1024).toFixed(0)} MiB → max +${grewMiB.toFixed(0)} MiB; ` +
      `tick ${round(tick.ticksPerSecond)}/s, p99 ${tick.tickP99Ms.toFixed(2)} ms, late p99 ${tick.lateP99Ms.toFixed(2)} ms; ` +
      `ana: ${(((ana.bytes - anaAt) / dropMs) * 1000).toFixed(0)} B/s, largest gap ${Math.max(0, ...gaps).toFixed(0)} ms`,
  );
  ana.conn.end();
}, 30_000);

test('a stalled TCP window whose client grants SSH window blindly: dropped all the same', async () => {
  // A client that never reads but keeps sending WINDOW_ADJUST (a hostile one can: it needs no
  // data to send them) keeps the SSH window open, so the server's channel queues nothing: what
  // it writes waits in the TCP socket's buffers instead. The cap must count those.
  const size = { cols: 300, rows: 100 };
  // In the room of its own (the default room plays on from the test above): its lobby.
  const greedy = player('greedy', size, 'quiet');
  expect(await until(() => greedy.out.includes('Lobby'), 10_000)).toBe(true);
  const greedyPort = greedy.sock.localPort!;
  expect(serverSide(greedyPort)).toStartWith('state 01'); // ESTABLISHED
  greedy.sock.pause();
  const t0 = performance.now();
  const proto = (
    greedy.conn as unknown as {
      _protocol: { channelWindowAdjust(chan: number, amount: number): void };
    }
  )._protocol;
  const serverChannel = (greedy.stream as unknown as { outgoing: { id: number } }).outgoing.id;
  let flip = 0;
  const left = () => events('ssh-leave').find((e) => e.name === 'greedy');
  while (left() === undefined && performance.now() - t0 < 22_000) {
    flip ^= 1;
    proto.channelWindowAdjust(serverChannel, 1024 * 1024);
    greedy.stream!.setWindow(size.rows - flip, size.cols - flip, 0, 0);
    // Every 25 ms: since the client renders its HUD only when what it shows changed, ten
    // resizes a second made too few bytes to fill the kernel's ≈ 4 MB send buffer in 22 s
    // (16 s at twenty a second); at forty the queue passes the cap in seconds.
    await Bun.sleep(25);
  }
  const leave = left();
  console.log(
    `greedy stalled reader: ${leave ? `dropped after ${((performance.now() - t0) / 1000).toFixed(1)} s, ${leave.bytes} bytes written` : 'not dropped in 22 s'}`,
  );
  expect(leave?.reason).toBe('slow reader');
  expect(events('disconnect').some((e) => e.name === 'greedy')).toBe(true);
  // And its connection is gone from the server at once, reset: not left ending politely (for as
  // long as the client stays silent) with ≈ 4 MB in the kernel's send queue and a seat taken.
  expect(await until(() => serverSide(greedyPort) === '', 2000)).toBe(true);
}, 30_000);

/**
 * The next packet `conn` sends with `from` in it goes with `to` instead (the same length): how
 * this test sends a channel type or a global request that no client library knows.
 */
function renameNextPacket(conn: Client, from: string, to: string): void {
  expect(to.length).toBe(from.length);
  // ssh2's internals: every outgoing packet passes through its writer's finalize().
  const writer = (
    conn as unknown as {
      _protocol: { _packetRW: { write: { finalize: (p: Buffer, ...r: unknown[]) => Buffer } } };
    }
  )._protocol._packetRW.write;
  const finalize = writer.finalize;
  writer.finalize = (packet, ...rest) => {
    const at = packet.indexOf(from);
    if (at >= 0) {
      packet.write(to, at);
      writer.finalize = finalize;
    }
    return finalize.call(writer, packet, ...rest);
  };
}

/** A request's answer: the error's message, or 'accepted'. */
function answer(send: (cb: (err?: Error | null) => void) => void): Promise<string> {
  return new Promise((resolve) => send((err) => resolve(err ? err.message : 'accepted')));
}

test('unknown channel types and global requests: refused, and the game session plays on', async () => {
  // In a room of her own: its lobby stays (the default room plays on from the test above).
  const cleo = player('cleo', undefined, 'quiet');
  expect(await until(() => cleo.out.includes('Lobby') && cleo.out.includes('cleo'), 10_000)).toBe(
    true,
  );
  const errorsBefore = events('ssh-error').length;
  const { conn } = cleo;
  const channels = [
    // direct-streamlocal@openssh.com (ssh -L to a socket), direct-tcpip (ssh -L), a made-up type.
    await answer((cb) => conn.openssh_forwardOutStreamLocal('/run/haunted.sock', cb)),
    await answer((cb) => conn.forwardOut('127.0.0.1', 5000, '127.0.0.1', 22, cb)),
    await answer((cb) => {
      renameNextPacket(conn, 'direct-streamlocal@openssh.com', 'haunted-test-made-up@nowhere.x');
      conn.openssh_forwardOutStreamLocal('/x', cb);
    }),
  ];
  const requests = [
    // tcpip-forward (ssh -R), streamlocal-forward@openssh.com, a made-up name (sent in the place
    // of no-more-sessions@openssh.com, which ssh2 answers itself: it only forbids more sessions).
    await answer((cb) => conn.forwardIn('127.0.0.1', 0, cb)),
    await answer((cb) => conn.openssh_forwardInStreamLocal('/tmp/haunted-test.sock', cb)),
    await answer((cb) => {
      renameNextPacket(conn, 'no-more-sessions@openssh.com', 'haunted-made-up@nowhere.test');
      conn.openssh_noMoreSessions(cb);
    }),
  ];
  for (const a of [...channels, ...requests]) expect(a).not.toBe('accepted');
  // Channel opens refused as the protocol says (SSH_MSG_CHANNEL_OPEN_FAILURE), requests failed.
  for (const a of channels) expect(a).toContain('Channel open failure');
  // Nothing else: the connection and its game go on, keys still work, nothing logged as an error.
  cleo.stream!.write('b');
  expect(await until(() => /Hiders \(\d\)[\s\S]*cleo \(you\)/.test(cleo.out), 5000)).toBe(true);
  const at = cleo.bytes;
  expect(await until(() => cleo.bytes > at, 3000)).toBe(true);
  expect(cleo.closed).toBe(false);
  expect(cleo.error).toBe('');
  expect(events('ssh-error').length).toBe(errorsBefore);
  expect(events('ssh-leave').some((e) => e.name === 'cleo')).toBe(false);
  console.log(`refusals: ${[...channels, ...requests].join(' | ')}`);
  cleo.conn.end();
}, 20_000);

test('an SSH storm beside a UDP player: the tick keeps its time', async () => {
  // The UDP player: a bot in this process, every datagram it receives counted.
  let datagrams = 0;
  const udp = await startBots({
    server: { address: '127.0.0.1', port: gamePort },
    count: 1,
    seed: 7,
    clock: () => performance.now(),
    onDatagram: () => datagrams++,
    // Not a name the server's own bots (seeded at random) have taken: it would be refused.
    takenNames: new Set(events('connect').map((e) => String(e.name))),
  });
  try {
    expect(await until(() => datagrams > 30, 10_000)).toBe(true);
    // The same seconds without a storm first: how late ticks are on this machine right now.
    const quiet0 = await freshStats(statsFile, Date.now());
    const before = await freshStats(statsFile, quiet0.time + 3500);
    const quiet = tickWindow(quiet0, before);
    const got0 = datagrams;
    const cpu0 = threadCpuSeconds(proc!.pid);
    const t0 = performance.now();
    // The storm's clients in a child under `nice`: on a real host they are on other machines,
    // not on the game's cores.
    const storm = Bun.spawn(
      ['nice', '-n', '19', 'bun', 'test/support/ssh-storm.ts', String(sshPort), '8', '10'],
      { stdout: 'pipe', stderr: 'inherit', stdin: 'ignore' },
    );
    const { served, junk } = JSON.parse(await new Response(storm.stdout).text()) as {
      served: number;
      junk: number;
    };
    const cpu = threadCpuPercent(
      cpu0,
      threadCpuSeconds(proc!.pid),
      (performance.now() - t0) / 1000,
    );
    const after = await freshStats(statsFile, Date.now());
    const got = datagrams - got0;
    const tick = tickWindow(before, after);
    const ticks = after.tick - before.tick;
    const main = cpu.main as { user: number; system: number };
    console.log(
      `ssh storm ${tick.seconds.toFixed(1)} s: ${served} sessions to their first frame on 10 lanes, ${junk} garbage connections; ` +
        `tick ${round(tick.ticksPerSecond)}/s (quiet: late p90 ${quiet.lateP90Ms.toFixed(2)} ms, ${quiet.lateOver20} of ${quiet.ticks} over 20 ms), ` +
        `duration p99 ${tick.tickP99Ms.toFixed(2)} ms (${tick.longOver20} over 20 ms), late p90 ${tick.lateP90Ms.toFixed(2)} ms, p99 ${tick.lateP99Ms.toFixed(2)} ms, ${tick.lateOver20} of ${tick.ticks} over 20 ms; ` +
        `CPU: game thread ${round(main.user + main.system)} %, SSH thread ${cpu.Worker} %; ` +
        `the UDP player got ${got} datagrams for ${ticks} ticks`,
    );
    // The storm was one: sessions kept coming (7–40 a second here, the storm's client being
    // niced on a busy machine), garbage too.
    expect(served).toBeGreaterThanOrEqual(20);
    expect(junk).toBeGreaterThanOrEqual(20);
    // The SSH work is not on the game's thread: ≈ 6 % of a core measured there during the storm
    // (the log lines, the sessions' players joining and leaving), 31–37 % with the SSH server
    // moved onto the game's thread.
    expect(main.user + main.system).toBeLessThan(25);
    // Every tick ran, and on time. On this loaded 2-core machine (load 4–10 from other tests)
    // the storm left 0–29 of 270–330 ticks (≤ 10 %) more than 20 ms late (the histogram's top;
    // p90 2–18 ms late, growing with the machine's load, not the storm's size); with the SSH
    // server on the game's thread, 107–122 of 280 (39–43 %). So: at most 20 % of ticks over
    // 20 ms late (a tick late by less than its 33 ms period is ridden out by the clients'
    // interpolation, and the next one is not lost), or 10 % more than the quiet seconds just
    // before showed when the machine's other work already made ticks late then. A tick's own
    // work at p99 stays under 20 ms on the wall clock (≤ 18 ms measured at load 10).
    const share = (w: typeof tick) => w.lateOver20 / w.ticks;
    expect(tick.ticksPerSecond).toBeGreaterThan(0.95 * after.tickRate);
    expect(share(tick)).toBeLessThanOrEqual(Math.max(0.2, share(quiet) + 0.1));
    expect(tick.longOver20 / tick.ticks).toBeLessThanOrEqual(0.05);
    // And the UDP player was sent its snapshot every tick.
    expect(got).toBeGreaterThan(0.9 * ticks);
  } finally {
    await udp.stop(300);
  }
}, 30_000);
