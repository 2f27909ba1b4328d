/**
 * The SSH front-end's pieces without a network: the host key (made, kept, its fingerprint as
 * ssh-keygen prints it), the channel as a terminal (CRLF, size and resize, keys in one chunk,
 * the queue cap that drops a slow reader), and `runPlay` drawing the real client on injected
 * streams (the channel terminal over a fake channel) until a stop.
 */
import { expect, test } from 'bun:test';
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerChannel } from 'ssh2';
import { utils } from 'ssh2';
import { EXIT } from '../../src/cli/cli-io.ts';
import { runPlay } from '../../src/cli/commands/play.ts';
import {
  channelTerminal,
  joinSyncUpdates,
  saneSize,
  toCrlf,
} from '../../src/cli/ssh/channel-terminal.ts';
import {
  defaultHostKeyPath,
  fingerprint,
  loadOrCreateHostKey,
} from '../../src/cli/ssh/host-key.ts';

/** What the channel terminal uses of an ssh2 channel: data in, write out, a queue length. */
class FakeChannel extends EventEmitter {
  out = '';
  writableLength = 0;
  destroyed = false;
  /** Bytes written count as queued (a reader that never reads) when set. */
  stalled = false;
  write(data: string): boolean {
    this.out += data;
    if (this.stalled) this.writableLength += Buffer.byteLength(data);
    return true;
  }
}

function terminalOn(channel: FakeChannel, maxQueued = 1024) {
  let overflowed = 0;
  const stop = new AbortController();
  const t = channelTerminal({
    channel: channel as unknown as ServerChannel,
    columns: 100,
    rows: 30,
    maxQueued,
    onOverflow: () => overflowed++,
    stop: stop.signal,
  });
  return { t, stop, overflowed: () => overflowed };
}

test('toCrlf: every lone \\n becomes \\r\\n, an existing \\r\\n stays', () => {
  expect(toCrlf('a\nb\r\nc\n')).toBe('a\r\nb\r\nc\r\n');
  expect(toCrlf('\x1b[2K\n\n')).toBe('\x1b[2K\r\n\r\n');
});

test('saneSize: a terminal from 1×1 to 1000×500; zero, fractions and absurd sizes refused', () => {
  expect(saneSize(80, 24)).toBe(true);
  expect(saneSize(1000, 500)).toBe(true);
  expect(saneSize(0, 24)).toBe(false);
  expect(saneSize(80, 0)).toBe(false);
  expect(saneSize(1001, 24)).toBe(false);
  expect(saneSize(80, 100_000)).toBe(false);
  expect(saneSize(80.5, 24)).toBe(false);
});

test('the channel as a terminal: a tty of the pty size, resizes, keys in one chunk, CRLF out', async () => {
  const channel = new FakeChannel();
  const { t } = terminalOn(channel);
  expect(t.stdin.isTTY).toBe(true);
  expect(t.stdout.isTTY).toBe(true);
  expect([t.stdout.columns, t.stdout.rows]).toEqual([100, 30]);
  let resized = 0;
  t.stdout.on('resize', () => resized++);
  t.resize(90, 20);
  expect([t.stdout.columns, t.stdout.rows, resized]).toEqual([90, 20, 1]);
  t.stdout.write('one\ntwo');
  await Promise.resolve(); // gathered until the end of the turn
  expect(channel.out).toBe('one\r\ntwo');
  expect(t.bytesOut).toBe(8);
  // Three arrow presses the network bundled: one chunk, as the bytes came.
  const keys: string[] = [];
  t.stdin.on('data', (d: Buffer) => keys.push(d.toString()));
  channel.emit('data', Buffer.from('\x1b[A\x1b[A\x1b[B'));
  await Bun.sleep(0);
  expect(keys.join('')).toBe('\x1b[A\x1b[A\x1b[B');
  t.close();
  t.stdout.write('after');
  await Promise.resolve();
  expect(channel.out).toBe('one\r\ntwo');
});

test('one channel write per turn: writes gathered in order, synchronized updates joined', async () => {
  const channel = new FakeChannel();
  const writes: string[] = [];
  const write = channel.write.bind(channel);
  channel.write = (data: string) => {
    writes.push(data);
    return write(data);
  };
  const { t } = terminalOn(channel, 10_000);
  // Ink's update, then the painter's, then a plain write: one packet, in that order.
  t.stdout.write('\x1b[?2026hHUD\n\x1b[?2026l');
  t.stdout.write('\x1b[?2026h\x1b7MAP\x1b8\x1b[?2026l');
  t.stdout.write('tail');
  expect(writes).toEqual([]);
  await Promise.resolve();
  expect(writes).toEqual(['\x1b[?2026hHUD\r\n\x1b7MAP\x1b8\x1b[?2026ltail']);
  expect(t.writesOut).toBe(1);
  expect(t.bytesOut).toBe(Buffer.byteLength(writes[0]!));
  // The next turn: its own write.
  t.stdout.write('next');
  await Promise.resolve();
  expect(writes).toEqual([writes[0]!, 'next']);
  expect(t.writesOut).toBe(2);
  // writeNow (the last restore of the terminal) goes out at once, after what was gathered.
  t.stdout.write('a');
  t.writeNow('b');
  expect(writes.slice(2)).toEqual(['ab']);
  // Closing sends what was gathered, then nothing more.
  t.stdout.write('last');
  t.close();
  t.stdout.write('never');
  await Promise.resolve();
  expect(writes.slice(3)).toEqual(['last']);
});

test('joinSyncUpdates: only an end followed at once by a start is dropped', () => {
  expect(joinSyncUpdates('\x1b[?2026ha\x1b[?2026l\x1b[?2026hb\x1b[?2026l')).toBe(
    '\x1b[?2026hab\x1b[?2026l',
  );
  expect(joinSyncUpdates('\x1b[?2026ha\x1b[?2026l x\x1b[?2026hb\x1b[?2026l')).toBe(
    '\x1b[?2026ha\x1b[?2026l x\x1b[?2026hb\x1b[?2026l',
  );
});

test('a reader that does not read: dropped once its queue passes the cap, nothing written after', () => {
  const channel = new FakeChannel();
  channel.stalled = true;
  const { t, overflowed } = terminalOn(channel, 1000);
  for (let i = 0; i < 9; i++) expect(t.stdout.write('x'.repeat(100))).toBe(true);
  expect(overflowed()).toBe(0);
  t.stdout.write('x'.repeat(200));
  expect(overflowed()).toBe(1);
  const before = channel.out.length;
  for (let i = 0; i < 100; i++) t.stdout.write('x'.repeat(100));
  expect(channel.out.length).toBe(before);
  expect(overflowed()).toBe(1);
});

test('the cap counts what one turn gathered: a burst past it drops the session before it is sent', async () => {
  const channel = new FakeChannel();
  const { t, overflowed } = terminalOn(channel, 1000);
  // A reader that keeps up: nothing queues in the channel, turn after turn.
  for (let turn = 0; turn < 5; turn++) {
    for (let i = 0; i < 9; i++) expect(t.stdout.write('x'.repeat(100))).toBe(true);
    await Promise.resolve();
  }
  expect(overflowed()).toBe(0);
  expect(channel.out.length).toBe(4500);
  // 1100 bytes in one turn: over the cap although the channel holds nothing yet.
  for (let i = 0; i < 11; i++) t.stdout.write('y'.repeat(100));
  expect(overflowed()).toBe(1);
  await Promise.resolve();
  expect(channel.out).not.toContain('y');
});

test('the host key: made once (0600), read back the same, its fingerprint as ssh-keygen -lf prints it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'haunted-key-'));
  try {
    const path = join(dir, 'state', 'haunted', 'key');
    const made = loadOrCreateHostKey(path);
    expect(made.created).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(made.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    const again = loadOrCreateHostKey(path);
    expect(again.created).toBe(false);
    expect(again.fingerprint).toBe(made.fingerprint);
    expect(again.pem).toBe(readFileSync(path, 'utf8'));
    const parsed = utils.parseKey(made.pem);
    const key = Array.isArray(parsed) ? parsed[0]! : parsed;
    if (key instanceof Error) throw key;
    expect(key.type).toBe('ssh-ed25519');
    expect(fingerprint(key.getPublicSSH())).toBe(made.fingerprint);
    const keygen = Bun.which('ssh-keygen');
    if (keygen) {
      const printed = Bun.spawnSync([keygen, '-lf', path]).stdout.toString();
      expect(printed).toContain(made.fingerprint);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file that is not a key: a message naming it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'haunted-key-'));
  try {
    const path = join(dir, 'key');
    Bun.write(path, 'not a key\n');
    expect(() => loadOrCreateHostKey(path)).toThrow(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('defaultHostKeyPath: XDG_STATE_HOME, else ~/.local/state', () => {
  expect(defaultHostKeyPath({ XDG_STATE_HOME: '/s' })).toBe('/s/haunted/ssh_host_ed25519_key');
  expect(defaultHostKeyPath({ HOME: '/h' })).toBe('/h/.local/state/haunted/ssh_host_ed25519_key');
});

test('runPlay on injected streams: the local game drawn on the channel, keys from it, a stop ends it', async () => {
  const channel = new FakeChannel();
  const { t, stop } = terminalOn(channel, 10_000_000);
  const errors: string[] = [];
  const done = runPlay(
    {
      stdout: () => {},
      stderr: (s) => errors.push(s),
      env: { TERM: 'xterm-256color' },
      isTTY: true,
    },
    undefined,
    { bots: 1, fps: 30, keys: 'qwerty', color: 'none', lobbyWait: 0, seed: 7 },
    t,
  );
  const until = performance.now() + 10_000;
  while (!channel.out.includes('Lobby') && performance.now() < until) await Bun.sleep(20);
  // The alternate screen, then the lobby, every line ended by \r\n (no lone \n on an SSH channel).
  expect(channel.out).toContain('\x1b[?1049h');
  expect(channel.out).toContain('Lobby');
  expect(channel.out).not.toMatch(/[^\r]\n/);
  // B then Space: a hider, ready; the lobby says so.
  channel.emit('data', Buffer.from('b'));
  await Bun.sleep(100);
  channel.emit('data', Buffer.from(' '));
  const readyBy = performance.now() + 5000;
  while (!/✓ \S+ \(you\)/.test(channel.out.slice(-20_000)) && performance.now() < readyBy)
    await Bun.sleep(20);
  expect(channel.out).toMatch(/✓ \S+ \(you\)/);
  stop.abort();
  expect(await done).toBe(EXIT.ok);
  expect(channel.out).toContain('\x1b[?1049l');
  expect(errors).toEqual([]);
}, 20_000);
