/**
 * An SSH channel as the terminal `runPlay` draws on (play.ts PlayTerminal): keys from the
 * channel, the screen to it, its size from the pty request and window changes.
 *
 * The server side of an SSH session has no pty line discipline: nothing turns Ink's `\n` into
 * `\r\n`, so this does. The channel looks like a terminal to Ink (`isTTY`, `setRawMode` a no-op:
 * the player's own ssh client already put their terminal in raw mode).
 *
 * One SSH packet per frame: everything written in one turn of the event loop (Ink's screen, the
 * map painter's cells, their synchronized-output markers) is gathered and goes to the channel as
 * one write at the end of the turn (a microtask), so it costs one packet (one MAC, one padding,
 * one syscall) instead of one per write. Where one synchronized update ends and the next begins
 * in the same write, the pair is dropped: the terminal shows both as one update.
 *
 * Memory: a frame is written whatever the player's connection takes; bytes not sent yet queue in
 * the channel (its SSH window closed) or in the connection's TCP socket (the SSH window open, the
 * TCP one stalled: a client may grant SSH window without reading). Past `maxQueued` of both the
 * reader is too slow and the session is dropped (`onOverflow`), so a stalled reader never grows
 * the server's memory. The bytes gathered for the end of the turn count too.
 */
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { ServerChannel } from 'ssh2';
import type { PlayTerminal } from '../commands/play.ts';

/** Bytes a session may have queued, unsent, before it is dropped. @default 256 KiB */
export const DEFAULT_MAX_QUEUED = 256 * 1024;

/** Sizes a pty may claim; beyond them the request is refused (cells, not pixels). */
export const MAX_COLUMNS = 1000;
export const MAX_ROWS = 500;

/** Whether a pty or window size is one a terminal can have. */
export function saneSize(cols: number, rows: number): boolean {
  return (
    Number.isInteger(cols) &&
    Number.isInteger(rows) &&
    cols >= 1 &&
    rows >= 1 &&
    cols <= MAX_COLUMNS &&
    rows <= MAX_ROWS
  );
}

/** Lone `\n` → `\r\n` (a `\r\n` already there is left as it is). */
export function toCrlf(data: string): string {
  return data.replace(/\r?\n/g, '\r\n');
}

/** The end of a synchronized update followed at once by the start of another. */
const SYNC_SEAM = '\x1b[?2026l\x1b[?2026h';

/** Joins back-to-back synchronized updates into one (drops every end-then-start seam). */
export function joinSyncUpdates(data: string): string {
  return data.includes(SYNC_SEAM) ? data.split(SYNC_SEAM).join('') : data;
}

class ChannelOutput extends EventEmitter {
  readonly isTTY = true;
  /** Bytes written to the channel (the SSH bench reads them). */
  bytes = 0;
  /** Channel writes made (one per turn of the event loop that wrote anything). */
  writes = 0;
  private closed = false;
  /** What this turn of the event loop wrote so far (CRLF already), and its size in bytes. */
  private pending: string[] = [];
  private pendingBytes = 0;
  private readonly flushSoon = () => this.flush();

  constructor(
    private readonly channel: ServerChannel,
    public columns: number,
    public rows: number,
    private readonly maxQueued: number,
    private readonly onOverflow: () => void,
    private readonly socketQueued: () => number,
  ) {
    super();
  }

  get destroyed(): boolean {
    return this.closed || this.channel.destroyed;
  }
  get writable(): boolean {
    return !this.destroyed;
  }
  get writableEnded(): boolean {
    return this.destroyed;
  }

  /** No more writes; what was gathered goes out first. */
  close(): void {
    this.flush();
    this.closed = true;
  }

  write(data: string, callback?: (error?: Error | null) => void): boolean {
    if (this.destroyed) {
      callback?.(null);
      return false;
    }
    const out = toCrlf(data);
    if (this.pending.length === 0) queueMicrotask(this.flushSoon);
    this.pending.push(out);
    this.pendingBytes += Buffer.byteLength(out);
    callback?.(null);
    if (this.channel.writableLength + this.socketQueued() + this.pendingBytes > this.maxQueued) {
      this.closed = true;
      this.pending = [];
      this.pendingBytes = 0;
      this.onOverflow();
      return false;
    }
    return true;
  }

  /** Sends what this turn gathered as one channel write. */
  flush(): void {
    if (this.pending.length === 0) return;
    const data = joinSyncUpdates(
      this.pending.length === 1 ? this.pending[0]! : this.pending.join(''),
    );
    this.pending = [];
    this.pendingBytes = 0;
    if (this.destroyed) return;
    this.bytes += Buffer.byteLength(data);
    this.writes++;
    this.channel.write(data);
  }

  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
}

export interface ChannelTerminal extends PlayTerminal {
  /** Window-change: the new size, and a `resize` for the client. */
  resize(columns: number, rows: number): void;
  /** Bytes written to the player so far. */
  readonly bytesOut: number;
  /** Channel writes (SSH data packets, at most) made so far. */
  readonly writesOut: number;
  /** The session is over: no more writes, keys end. */
  close(): void;
}

export function channelTerminal(o: {
  channel: ServerChannel;
  columns: number;
  rows: number;
  maxQueued?: number;
  /** Each chunk of keys (the idle timer is reset by it). */
  onInput?: () => void;
  /** The reader fell `maxQueued` behind. */
  onOverflow: () => void;
  /** Bytes the connection's TCP socket holds unsent (the kernel's buffers full). @default none */
  socketQueued?: () => number;
  stop: AbortSignal;
}): ChannelTerminal {
  const stdout = new ChannelOutput(
    o.channel,
    o.columns,
    o.rows,
    o.maxQueued ?? DEFAULT_MAX_QUEUED,
    o.onOverflow,
    o.socketQueued ?? (() => 0),
  );
  // Ink reads keys through 'readable' and read(), and wants a tty's methods on its stdin.
  const keys = new PassThrough();
  const stdin = Object.assign(keys, {
    isTTY: true,
    isRaw: true,
    setRawMode: () => stdin,
    ref: () => stdin,
    unref: () => stdin,
  }) as unknown as NodeJS.ReadStream;
  const onData = (chunk: Buffer) => {
    o.onInput?.();
    if (!keys.destroyed) keys.write(chunk);
  };
  o.channel.on('data', onData);
  return {
    stdin,
    stdout,
    writeNow: (data) => {
      stdout.write(data);
      stdout.flush();
    },
    ownsProcess: false,
    stop: o.stop,
    resize: (columns, rows) => stdout.resize(columns, rows),
    get bytesOut() {
      return stdout.bytes;
    },
    get writesOut() {
      return stdout.writes;
    },
    close: () => {
      o.channel.off('data', onData);
      stdout.close();
      keys.end();
    },
  };
}
