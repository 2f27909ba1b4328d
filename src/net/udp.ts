/**
 * Bun's UDP socket as a Transport, plus the address helpers the CLI needs around it. Behaviour of
 * Bun 1.4.5 on Linux that shapes this file (measured, see test/net/udp.test.ts):
 * - An ICMP "port unreachable" (a client that went away) comes back either as an `error` event or
 *   as a synchronous ECONNREFUSED thrown by the NEXT send, whatever its destination; that send did
 *   not go out. So send catches, counts, and retries once.
 * - The `error` handler gets the Error as its first argument (bun-types say second); a throw from
 *   the `data` callback is also routed there, so datagram handlers are called inside our own
 *   try/catch and their exceptions rethrown outside the socket, never mistaken for socket errors.
 * - Binding a taken port rejects with code EADDRINUSE ("bind EADDRINUSE 127.0.0.1").
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { Address, DatagramHandler, Transport } from './transport.ts';

export interface UdpOptions {
  /** Address to listen on, an IP literal. @default '0.0.0.0' (every IPv4 interface) */
  host?: string;
  /** Port to listen on; 0 lets the system choose a free one (see `local`). @default 0 */
  port?: number;
  /** The time given to handlers as `now`, ms, e.g. `() => performance.now()`. */
  clock: () => number;
  /** Told of each socket error after it is counted, e.g. to log it in debug mode. */
  onError?: (error: Error) => void;
}

/** Counters since the socket opened. */
export interface UdpStats {
  datagramsIn: number;
  bytesIn: number;
  datagramsOut: number;
  bytesOut: number;
  /** Datagrams not sent: socket closed, kernel buffer full, bad address, too large, … */
  sendFailures: number;
  /** Errors the socket reported, mostly ICMP unreachable from peers that are gone. */
  socketErrors: number;
  /** Datagrams received cut short by the kernel: dropped, not handed over. */
  truncatedIn: number;
  /** Times the socket became writable again after a send found the kernel buffer full. */
  drains: number;
}

export interface UdpTransport extends Transport {
  /** Live counters (read-only view). */
  readonly stats: Readonly<UdpStats>;
}

/** Why a socket could not be opened, with the system's code (EADDRINUSE, EACCES, …). */
export class BindError extends Error {
  override readonly name = 'BindError';
  constructor(
    message: string,
    readonly code: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Errors a send can throw that belong to an EARLIER datagram (the kernel reports the ICMP error of
 * an unconnected socket on its next call): the datagram at hand was not sent and may be retried.
 */
const DEFERRED_ERRORS = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN']);

/** Opens a UDP socket. Rejects with a BindError whose message fits on one line of CLI output. */
export async function createUdpTransport(options: UdpOptions): Promise<UdpTransport> {
  const host = options.host ?? '0.0.0.0';
  const port = options.port ?? 0;
  const { clock, onError } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new BindError(`invalid port ${port}: expected a whole number from 0 to 65535`, 'EINVAL');
  const stats: UdpStats = {
    datagramsIn: 0,
    bytesIn: 0,
    datagramsOut: 0,
    bytesOut: 0,
    sendFailures: 0,
    socketErrors: 0,
    truncatedIn: 0,
    drains: 0,
  };
  let handler: DatagramHandler | undefined;
  let closed = false;
  const socketError = (error: Error) => {
    stats.socketErrors++;
    onError?.(error);
  };

  let socket: Bun.udp.Socket<'uint8array'>;
  try {
    socket = await Bun.udpSocket({
      hostname: host,
      port,
      binaryType: 'uint8array',
      socket: {
        data(_socket, data, fromPort, fromAddress, flags) {
          if (flags?.truncated) {
            stats.truncatedIn++;
            return;
          }
          stats.datagramsIn++;
          stats.bytesIn += data.byteLength;
          try {
            handler?.(data, { address: fromAddress, port: fromPort }, clock());
          } catch (error) {
            // A bug in the handler, not a network event: let it surface as an uncaught error.
            queueMicrotask(() => {
              throw error;
            });
          }
        },
        // Nothing is queued while the kernel buffer is full: a game datagram held back is stale
        // by the time it could go, and the next tick sends fresher state anyway.
        drain() {
          stats.drains++;
        },
        error(...args: unknown[]) {
          const error = args.find((a) => a instanceof Error);
          socketError(error instanceof Error ? error : new Error(String(args[0])));
        },
      },
    });
  } catch (error) {
    throw bindError(error, host, port);
  }

  const local: Address = Object.freeze({ address: socket.address.address, port: socket.port });
  /**
   * sendMany's argument, `[bytes, port, address, …]`, refilled for each batch: a new array of
   * 1500 slots every tick (grown by pushes, copied at each growth) cost the server's tick about
   * a tenth of its send (bench/capacity, 500 datagrams a batch). Emptied after each send, so it
   * keeps no datagram alive until the next.
   */
  const flat: (Uint8Array | number | string)[] = [];
  const attempt = (data: Uint8Array, to: Address): boolean => {
    if (socket.send(data, to.port, to.address)) {
      stats.datagramsOut++;
      stats.bytesOut += data.byteLength;
      return true;
    }
    stats.sendFailures++;
    return false;
  };

  const sendOne = (data: Uint8Array, to: Address): boolean => {
    if (closed) {
      stats.sendFailures++;
      return false;
    }
    try {
      return attempt(data, to);
    } catch (error) {
      if (!DEFERRED_ERRORS.has(errorCode(error))) {
        stats.sendFailures++;
        return false;
      }
      socketError(error as Error);
    }
    try {
      return attempt(data, to);
    } catch {
      stats.sendFailures++;
      return false;
    }
  };

  return {
    local,
    stats,
    send: sendOne,
    sendBatch(batch) {
      if (batch.length === 0) return 0;
      if (closed) {
        stats.sendFailures += batch.length;
        return 0;
      }
      let k = 0;
      for (let i = 0; i < batch.length; i++) {
        const [data, to] = batch[i]!;
        flat[k++] = data;
        flat[k++] = to.port;
        flat[k++] = to.address;
      }
      flat.length = k;
      let sent = 0;
      try {
        // sendMany returns how many it sent; older Bun versions silently dropped a large
        // batch's tail (PLATFORM.md), so whatever it did not take goes one by one.
        sent = socket.sendMany(flat as Parameters<typeof socket.sendMany>[0]);
      } catch (error) {
        if (DEFERRED_ERRORS.has(errorCode(error))) socketError(error as Error);
      }
      flat.fill(0);
      for (let i = 0; i < sent; i++) {
        stats.datagramsOut++;
        stats.bytesOut += batch[i]![0].byteLength;
      }
      for (let i = sent; i < batch.length; i++) if (sendOne(batch[i]![0], batch[i]![1])) sent++;
      return sent;
    },
    onDatagram(h) {
      handler = h;
    },
    close() {
      if (closed) return;
      closed = true;
      handler = undefined;
      socket.close();
    },
  };
}

/** Turns what Bun throws on bind into a BindError with a message a user can act on. */
export function bindError(error: unknown, host: string, port: number): BindError {
  const code = errorCode(error) || 'EUNKNOWN';
  const options = { cause: error };
  switch (code) {
    case 'EADDRINUSE':
      return new BindError(`port ${port} is already in use`, code, options);
    case 'EACCES':
      return new BindError(`no permission to listen on port ${port}`, code, options);
    case 'EADDRNOTAVAIL':
      return new BindError(
        `cannot listen on ${host}: not an address of this machine`,
        code,
        options,
      );
    case 'ENOENT':
    case 'ENOTFOUND':
      return new BindError(`cannot listen on ${host}: unknown host`, code, options);
    default: {
      const why = error instanceof Error ? error.message : String(error);
      return new BindError(`cannot listen on ${host} port ${port}: ${why}`, code, options);
    }
  }
}

/** Looks a name up: every address it has, as node:dns/promises `lookup(name, { all: true })`. */
export type LookupAll = (host: string) => Promise<readonly { address: string; family: number }[]>;

const systemLookup: LookupAll = (host) => lookup(host, { all: true });

/**
 * The IP address to send to for `host`: an IP literal (brackets allowed: `[::1]`) as it is, a name
 * looked up, IPv4 preferred. Rejects with an Error saying which host and why.
 */
export async function resolveHost(host: string, lookupAll = systemLookup): Promise<string> {
  const name = host.trim().replace(/^\[(.*)\]$/, '$1');
  if (isIP(name)) return name;
  if (name === '' || name.length > 253 || !/^[\p{L}\p{N}._-]+$/u.test(name))
    throw new Error(`"${host}" is not a valid host name or IP address`);
  let found: readonly { address: string; family: number }[];
  try {
    found = await lookupAll(name);
  } catch (error) {
    const code = errorCode(error);
    const why =
      code === 'ENOTFOUND' || code === 'EAI_NONAME' || code === 'EAI_NODATA'
        ? 'no such host'
        : code === 'EAI_AGAIN'
          ? 'the name server did not answer'
          : error instanceof Error
            ? error.message
            : String(error);
    throw new Error(`cannot resolve host "${host}": ${why}`, { cause: error });
  }
  const best = found.find((a) => a.family === 4) ?? found[0];
  if (!best) throw new Error(`cannot resolve host "${host}": no such host`);
  return best.address;
}

/** Shape of node:os networkInterfaces(), the part used here. */
export type Interfaces = Readonly<
  Record<
    string,
    readonly { address: string; family: string | number; internal: boolean }[] | undefined
  >
>;

/**
 * This machine's addresses that others can reach: non-internal IPv4 first, then IPv6 (without
 * link-local fe80::/10 ones, which need a zone index to be usable). For "join with haunted play
 * <addr>" when the server listens on every interface.
 */
export function localAddresses(interfaces: Interfaces = networkInterfaces()): string[] {
  const v4: string[] = [];
  const v6: string[] = [];
  for (const entries of Object.values(interfaces)) {
    for (const e of entries ?? []) {
      if (e.internal) continue;
      if (e.family === 'IPv4' || e.family === 4) v4.push(e.address);
      else if (!/^fe[89ab]/i.test(e.address)) v6.push(e.address);
    }
  }
  return [...new Set([...v4, ...v6])];
}

/** The any-address of the family of `ip` ('::' or '0.0.0.0'): where a client binds to reach it. */
export function anyAddressFor(ip: string): string {
  return isIP(ip) === 6 ? '::' : '0.0.0.0';
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}
