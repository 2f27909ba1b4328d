/**
 * `haunted serve --announce HOST[:PORT]`: heartbeats to list servers (docs/LIST-SERVER.md), sent
 * from the game's own socket so that the list server's challenge, sent to the address it will
 * list, reaches this server. `withAnnouncer` puts it in front of the game's transport: what
 * comes from a list server's address and reads as LCHALLENGE or LISTED is the announcer's,
 * everything else goes to the game as before. Time is a parameter; nothing here waits.
 */
import type { Address, DatagramHandler, Transport } from '../net/transport.ts';
import {
  decodeList,
  encodeList,
  LIST_PROTOCOL_VERSION,
  paddedHeartbeat,
  type ServerInfo,
} from '../protocol/codec-list.ts';
import type { Logger } from './log.ts';

export interface AnnouncerOptions {
  /** The list servers, resolved to IP addresses. */
  readonly targets: readonly Address[];
  readonly logger: Logger;
  /** What the heartbeats say, read at each one. */
  readonly info: () => ServerInfo;
  /** Seconds between heartbeats until a list server says otherwise (LISTED). @default 10 */
  readonly intervalSeconds?: number;
}

interface Target {
  readonly address: Address;
  cookie: string | null;
  intervalMs: number;
  next: number;
  listed: boolean;
  /** When the last LISTED came; a list server silent for 3 intervals is logged as lost. */
  lastListed: number;
}

const ENCODER = new TextEncoder();

export class Announcer {
  private readonly targets: Target[];
  private send: (data: Uint8Array, to: Address) => void = () => {};
  /** The port to list (Agones: the public one from the GameServer's status); null: ours. */
  private port: number | null = null;

  constructor(
    private readonly options: AnnouncerOptions,
    now: number,
  ) {
    const intervalMs = (options.intervalSeconds ?? 10) * 1000;
    this.targets = options.targets.map((address) => ({
      address,
      cookie: null,
      intervalMs,
      next: now,
      listed: false,
      lastListed: now,
    }));
  }

  /** Sets how heartbeats go out (the game's socket: `withAnnouncer` does it). */
  attach(send: (data: Uint8Array, to: Address) => void): void {
    this.send = send;
  }

  /** The port to list instead of the socket's own (the public port under Agones). */
  setPublicPort(port: number | null): void {
    this.port = port;
    for (const t of this.targets) t.cookie = null; // a new address: challenged anew
  }

  private target(from: Address): Target | undefined {
    return this.targets.find(
      (t) => t.address.port === from.port && t.address.address === from.address,
    );
  }

  /** Whether the datagram is a list server's answer; if so it is handled here. */
  claim(data: Uint8Array, from: Address, now: number): boolean {
    const t = this.target(from);
    if (t === undefined || data.length < 6 || data[0] !== 0x4c /* L */) return false;
    const d = decodeList(data);
    if (!d.ok) return false;
    if (d.msg.type === 'LCHALLENGE') {
      const fresh = t.cookie === null;
      t.cookie = d.msg.cookie;
      // Answered at once: the challenge proves the address, the heartbeat lists it.
      this.beat(t, now);
      if (fresh) this.options.logger.event('announce-challenged', { to: key(t.address) });
      return true;
    }
    if (d.msg.type === 'LISTED') {
      t.intervalMs = d.msg.interval * 1000;
      t.next = Math.min(t.next, now + t.intervalMs);
      t.lastListed = now;
      if (!t.listed) this.options.logger.event('announce-listed', { to: key(t.address) });
      t.listed = true;
      return true;
    }
    return false;
  }

  /** Sends every heartbeat that is due. Call it a few times a second. */
  update(now: number): void {
    for (const t of this.targets) {
      if (t.listed && now - t.lastListed > 3 * t.intervalMs) {
        t.listed = false;
        t.cookie = null;
        this.options.logger.event('announce-unanswered', { to: key(t.address) });
      }
      if (now >= t.next) this.beat(t, now);
    }
  }

  private beat(t: Target, now: number): void {
    t.next = now + t.intervalMs;
    const info = this.options.info();
    const msg = paddedHeartbeat({
      version: LIST_PROTOCOL_VERSION,
      port: this.port,
      cookie: t.cookie,
      ...info,
    });
    this.send(ENCODER.encode(encodeList(msg)), t.address);
  }
}

function key(a: Address): string {
  return `${a.address}:${a.port}`;
}

/** The game's transport with the announcer in front: the announcer's datagrams never reach the game. */
export function withAnnouncer(inner: Transport, announcer: Announcer): Transport {
  announcer.attach((data, to) => inner.send(data, to));
  let handler: DatagramHandler = () => {};
  inner.onDatagram((data, from, now) => {
    if (!announcer.claim(data, from, now)) handler(data, from, now);
  });
  return {
    local: inner.local,
    send: (data, to) => inner.send(data, to),
    sendBatch: (batch) => inner.sendBatch(batch),
    onDatagram: (h) => {
      handler = h;
    },
    close: () => inner.close(),
  };
}
