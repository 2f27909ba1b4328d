/**
 * `bun run bench ssh`: what SSH players cost the server. `haunted serve --ssh` (from source, or
 * `--bin dist/haunted`) in a child process; `--clients` headless SSH clients (ssh2's own Client,
 * in this process) connect with a pty, half pick the seekers and half the hiders, all ready,
 * and the game starts; they walk `--warmup` seconds (10: the game's first seconds, while JSC
 * still compiles the SSH thread's code, reported apart), then over `--seconds` of the game: the
 * server process's CPU (the game, its bots if any, and every SSH session's terminal client and
 * SSH encryption), the bytes each player received a second, and how long `ssh` took to show the
 * first screen.
 *
 * Then the game alone, for comparison ("on top of the game"): the same server, started the same
 * way, with the same number of players as light UDP clients (`haunted bots`, in a process of
 * their own, so their CPU is not counted) in one game, over the same seconds. The SSH sessions'
 * share is the difference.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'ssh2';
import { cpuSeconds, percentile, round } from '../src/bench/server-bench.ts';
import { LATENESS_SHIFT_MS } from '../src/server/stats.ts';
import { classifyBytes, emptyBytes, type TerminalBytes } from './terminal-bytes.ts';

export interface SshBenchOptions {
  clients: number;
  seconds: number;
  /** Seconds of the game walked before the measured ones (their CPU is reported apart). */
  warmup: number;
  /** The executable; none: `bun src/cli/main.ts`. */
  bin?: string;
  fps: number;
  cols: number;
  rows: number;
  /** The game's seed (spawns, colours): the same seed, the same scene. @default 1 */
  seed: number;
  /** A file to write the busiest player's bytes of the measured seconds to (to study them). */
  capture?: string;
}

interface Player {
  conn: Client;
  bytes: number;
  screen: string;
  firstScreenMs: number | null;
  /** The bytes by kind while `measuring` (terminal-bytes.ts). */
  kinds: TerminalBytes;
  measuring: boolean;
  inMap: boolean;
  /** What came while measuring, kept only with `--capture`. */
  captured: string[];
  write(data: string): void;
}

function connect(port: number, name: string, o: SshBenchOptions): Promise<Player> {
  return new Promise((resolve, reject) => {
    const conn = new Client();
    const started = performance.now();
    const player: Player = {
      conn,
      bytes: 0,
      screen: '',
      firstScreenMs: null,
      kinds: emptyBytes(),
      measuring: false,
      inMap: false,
      captured: [],
      write: () => {},
    };
    conn.on('error', reject);
    conn.on('ready', () => {
      conn.shell({ term: 'xterm-256color', cols: o.cols, rows: o.rows }, (err, stream) => {
        if (err) return reject(err);
        player.write = (d) => stream.write(d);
        stream.on('data', (d: Buffer) => {
          player.bytes += d.length;
          const text = d.toString('utf8');
          if (player.measuring) {
            player.inMap = classifyBytes(text, player.kinds, player.inMap);
            if (o.capture !== undefined) player.captured.push(text);
          }
          // The last 64 KB is enough to find what the screen says now.
          player.screen = (player.screen + text).slice(-65536);
          if (player.firstScreenMs === null && player.screen.includes('Lobby'))
            player.firstScreenMs = performance.now() - started;
        });
        stream.stderr.on('data', () => {});
        resolve(player);
      });
    });
    conn.connect({ host: '127.0.0.1', port, username: name, readyTimeout: 20_000 });
  });
}

async function until(what: () => boolean, ms: number, label: string): Promise<void> {
  const end = performance.now() + ms;
  while (!what()) {
    if (performance.now() > end) throw new Error(`bench ssh: ${label} did not happen in ${ms} ms`);
    await Bun.sleep(50);
  }
}

interface Served {
  proc: ReturnType<typeof Bun.spawn> & { stdout: ReadableStream<Uint8Array> };
  sshPort: number;
  udpPort: number;
  statsPath: string;
}

/** `haunted serve --ssh` as the bench runs it, once its banner says both ports. */
async function serve(o: SshBenchOptions, dir: string): Promise<Served> {
  const cmd = o.bin ? [o.bin] : ['bun', 'src/cli/main.ts'];
  const statsPath = join(dir, `stats-${performance.now()}.json`);
  const proc = Bun.spawn(
    [
      ...cmd,
      'serve',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--ssh',
      '0',
      '--ssh-host-key',
      join(dir, 'key'),
      '--max-players',
      String(Math.max(o.clients, 2)),
      '--ssh-max-sessions',
      String(o.clients + 4),
      '--countdown',
      '1',
      '--head-start',
      '0',
      '--lobby-wait',
      '3',
      '--seek-time',
      String(o.seconds + 60),
      '--seed',
      String(o.seed),
      '--stats-file',
      statsPath,
    ],
    { stdout: 'pipe', stderr: 'ignore', stdin: 'ignore' },
  );
  const reader = proc.stdout.getReader();
  let banner = '';
  const sshLine = /ssh -p (\d+) NAME@/;
  const udpLine = /listening on [^\s]*:(\d+) \(UDP\)/;
  while (!sshLine.test(banner) || !udpLine.test(banner)) {
    const { value, done } = await reader.read();
    if (done) {
      await stop(proc);
      throw new Error(`bench ssh: the server exited: ${banner}`);
    }
    banner += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  // Its stdout must keep draining (the log), or the server would block on it.
  (async () => {
    for await (const _ of proc.stdout) {
    }
  })().catch(() => {});
  return {
    proc,
    sshPort: Number(sshLine.exec(banner)![1]),
    udpPort: Number(udpLine.exec(banner)![1]),
    statsPath,
  };
}

async function stop(proc: ReturnType<typeof Bun.spawn>): Promise<void> {
  proc.kill('SIGTERM');
  await Promise.race([proc.exited, Bun.sleep(3000)]);
  if (proc.exitCode === null) proc.kill('SIGKILL');
}

/**
 * The game alone: the same server with `o.clients` light UDP players (`haunted bots`, another
 * process) in one game; the server's CPU over `o.seconds` of it.
 */
async function gameAlone(o: SshBenchOptions, dir: string) {
  const { proc, udpPort, statsPath } = await serve(o, dir);
  const cmd = o.bin ? [o.bin] : ['bun', 'src/cli/main.ts'];
  const bots = Bun.spawn(
    [...cmd, 'bots', `127.0.0.1:${udpPort}`, '--count', String(o.clients), '--seed', '1'],
    { stdout: 'ignore', stderr: 'ignore', stdin: 'ignore' },
  );
  try {
    const playing = async () => {
      try {
        const r = JSON.parse(await Bun.file(statsPath).text());
        return r.phase === 'game' && r.players === o.clients;
      } catch {
        return false; // not written yet, or being rewritten
      }
    };
    const end = performance.now() + 30_000;
    while (!(await playing())) {
      if (performance.now() > end) throw new Error('bench ssh: the bots did not reach a game');
      await Bun.sleep(200);
    }
    await Bun.sleep(1000 + o.warmup * 1000); // as the SSH players: the same warm-up
    const c0 = cpuSeconds(proc.pid) ?? 0;
    const t0 = performance.now();
    await Bun.sleep(o.seconds * 1000);
    const seconds = (performance.now() - t0) / 1000;
    const c1 = cpuSeconds(proc.pid) ?? 0;
    return round((100 * (c1 - c0)) / seconds, 1);
  } finally {
    bots.kill('SIGTERM');
    await Promise.race([bots.exited, Bun.sleep(3000)]);
    if (bots.exitCode === null) bots.kill('SIGKILL');
    await stop(proc);
  }
}

export async function benchSsh(o: SshBenchOptions) {
  const dir = mkdtempSync(join(tmpdir(), 'haunted-bench-ssh-'));
  const players: Player[] = [];
  let served: Served | null = null;
  try {
    served = await serve(o, dir);
    const { proc, sshPort: port, statsPath } = served;
    // One at a time, a little apart: the handshake rate limit is per source address (20/s).
    for (let i = 0; i < o.clients; i++) {
      players.push(await connect(port, `p${i}`, o));
      await Bun.sleep(60);
    }
    await until(() => players.every((p) => p.firstScreenMs !== null), 20_000, 'every lobby');
    players.forEach((p, i) => {
      p.write(i % 2 === 0 ? 'r' : 'b');
    });
    await Bun.sleep(500);
    for (const p of players) p.write(' ');
    await until(
      () => players.every((p) => /You hide|You seek|hiders left/.test(p.screen.slice(-8000))),
      30_000,
      'the game on every screen',
    );
    await Bun.sleep(1000); // the game's first full frames
    // Players walk: each presses an arrow key (a new one every 400 ms), as a person would.
    const arrows = ['\x1b[A', '\x1b[B', '\x1b[C', '\x1b[D'];
    let step = 0;
    const walk = setInterval(() => {
      step++;
      players.forEach((p, i) => {
        p.write(arrows[(i + step) % 4]!);
      });
    }, 400);
    // The warm-up: the game's first seconds of walking, measured apart. JSC's optimising
    // compiler is still at work on the SSH thread's code then (bench client says the same of
    // the terminal client), so they cost more than the game's steady state that follows.
    const w0 = cpuSeconds(proc.pid) ?? 0;
    const tw = performance.now();
    await Bun.sleep(o.warmup * 1000);
    const warmupSeconds = (performance.now() - tw) / 1000;
    const warmupCpu =
      o.warmup > 0 ? round((100 * ((cpuSeconds(proc.pid) ?? 0) - w0)) / warmupSeconds, 1) : null;
    const b0 = players.map((p) => p.bytes);
    for (const p of players) p.measuring = true;
    const s0 = await readStats(statsPath);
    const c0 = cpuSeconds(proc.pid) ?? 0;
    const t0 = performance.now();
    await Bun.sleep(o.seconds * 1000);
    clearInterval(walk);
    const seconds = (performance.now() - t0) / 1000;
    const c1 = cpuSeconds(proc.pid) ?? 0;
    await Bun.sleep(1100); // the stats file is rewritten every second
    const s1 = await readStats(statsPath);
    const perPlayer = players.map((p, i) => (p.bytes - b0[i]!) / seconds);
    for (const p of players) p.measuring = false;
    const busiest = players[perPlayer.indexOf(Math.max(...perPlayer))]!;
    if (o.capture !== undefined) await Bun.write(o.capture, busiest.captured.join(''));
    const everyone = emptyBytes();
    for (const p of players) {
      for (const k of Object.keys(everyone) as (keyof TerminalBytes)[]) everyone[k] += p.kinds[k];
    }
    const byKind = {
      busiest: perSecond(busiest.kinds, seconds, 1),
      mean: perSecond(everyone, seconds, players.length),
    };
    // Even players picked the seekers, odd ones the hiders.
    const seekers = perPlayer.filter((_, i) => i % 2 === 0);
    const hiders = perPlayer.filter((_, i) => i % 2 === 1);
    const lobby = players.map((p) => p.firstScreenMs!).sort((a, b) => a - b);
    for (const p of players) p.conn.end();
    players.length = 0;
    await Bun.sleep(200);
    await stop(proc);
    served = null;
    const serverCpu = round((100 * (c1 - c0)) / seconds, 1);
    const alone = await gameAlone(o, dir);
    return {
      suite: 'ssh',
      what: `${o.clients} SSH players (ssh2 Client, pty ${o.cols}x${o.rows}, an arrow key every 400 ms) in one game on haunted serve --ssh, ${o.fps} fps, over ${round(seconds, 1)} s of the game after ${o.warmup} s of it walked as a warm-up; then the same server with ${o.clients} light UDP players (haunted bots) in one game, over ${o.seconds} s`,
      serverCpuPercentOfOneCore: serverCpu,
      gameAloneCpuPercentOfOneCore: alone,
      sshSessionsCpuPercentOfOneCore: round(serverCpu - alone, 1),
      // The warm-up's seconds (the game's first, JIT still compiling), the whole server.
      serverCpuDuringWarmupPercent: warmupCpu,
      bytesPerSecondPerPlayer: {
        mean: round(mean(perPlayer), 0),
        p50: round(
          percentile(
            perPlayer.sort((a, b) => a - b),
            50,
          ),
          0,
        ),
        max: round(Math.max(...perPlayer), 0),
        seekersMean: round(mean(seekers), 0),
        hidersMean: round(mean(hiders), 0),
      },
      // What the bytes are (terminal-bytes.ts: the map painter's moves, SGR, glyphs and the
      // rest; Ink's), a second: the busiest player's, and the mean of everyone's.
      bytesPerSecondByKind: byKind,
      // The game's tick beside the SSH sessions on the one event loop (the stats file's 10 µs
      // histograms, the window's counts: from the last rewrite before it to the first after).
      tickMs: window(s0.ticks, s1.ticks, 0),
      tickLatenessMs: window(s0.lateness, s1.lateness, LATENESS_SHIFT_MS),
      sshToLobbyMs: { p50: round(percentile(lobby, 50), 0), max: round(Math.max(...lobby), 0) },
    };
  } finally {
    for (const p of players) p.conn.end();
    if (served !== null) {
      await Bun.sleep(200);
      await stop(served.proc);
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

function perSecond(b: TerminalBytes, seconds: number, players: number): TerminalBytes {
  const r = emptyBytes();
  for (const k of Object.keys(r) as (keyof TerminalBytes)[])
    r[k] = round(b[k] / seconds / players, 0);
  return r;
}

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

type Histogram = [number, number][];

async function readStats(path: string): Promise<{ ticks: Histogram; lateness: Histogram }> {
  const r = JSON.parse(await Bun.file(path).text());
  return { ticks: r.ticks.histogram, lateness: r.lateness.histogram };
}

/** p50, p99 and max (ms) of what a 10 µs histogram counted between two readings. */
function window(a: Histogram, b: Histogram, shiftMs: number) {
  const before = new Map(a);
  const counts = b.map(([bucket, n]) => [bucket, n - (before.get(bucket) ?? 0)] as const);
  const total = counts.reduce((t, [, n]) => t + n, 0);
  const at = (q: number) => {
    let seen = 0;
    for (const [bucket, n] of counts) {
      seen += n;
      if (seen >= q * total) return round(bucket / 100 - shiftMs, 2);
    }
    return null;
  };
  const max = counts.filter(([, n]) => n > 0).at(-1);
  return {
    count: total,
    p50: at(0.5),
    p99: at(0.99),
    max: max ? round(max[0] / 100 - shiftMs, 2) : null,
  };
}

export function parseSshBenchArgs(argv: readonly string[]): SshBenchOptions {
  const o: SshBenchOptions = {
    clients: 20,
    seconds: 10,
    warmup: 10,
    fps: 30,
    cols: 120,
    rows: 40,
    seed: 1,
  };
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    if (flag === '--bin' && value) {
      o.bin = value;
      continue;
    }
    if (flag === '--capture' && value) {
      o.capture = value;
      continue;
    }
    const n = Number(value);
    const ok = value !== undefined && Number.isInteger(n) && n > 0;
    if (flag === '--clients' && ok && n <= 64) o.clients = n;
    else if (flag === '--seconds' && ok && n <= 600) o.seconds = n;
    else if (
      flag === '--warmup' &&
      value !== undefined &&
      Number.isInteger(n) &&
      n >= 0 &&
      n <= 600
    )
      o.warmup = n;
    else if (flag === '--cols' && ok && n <= 500) o.cols = n;
    else if (flag === '--rows' && ok && n <= 200) o.rows = n;
    else if (flag === '--seed' && ok) o.seed = n;
    else throw new Error(`bench ssh: bad option ${flag} ${value ?? ''}`.trim());
  }
  return o;
}
