/**
 * A datagram transport: what the server and the client talk through. Two implementations: Bun's
 * UDP socket (udp.ts) and an in-memory network with seeded latency, jitter, loss, duplication
 * and reordering in simulated time (sim.ts), so most network tests run without a socket or a
 * sleep. Time is a parameter: a transport hands every datagram over with the time it arrived,
 * read from the clock it was given (the real one only in the CLI layer).
 */

/** A UDP endpoint. */
export interface Address {
  readonly address: string;
  readonly port: number;
}

/** "address:port" (IPv6 in brackets): the key of a peer in maps. */
export function addressKey(a: Address): string {
  return a.address.includes(':') ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
}

/** Called for each datagram received, with the time (ms) it arrived. */
export type DatagramHandler = (data: Uint8Array, from: Address, now: number) => void;

export interface Transport {
  /** Where this transport receives. */
  readonly local: Address;
  /**
   * Sends one datagram. Never throws: a datagram that cannot be sent is counted as lost
   * (UDP promises nothing anyway). Returns false when it was not handed to the network.
   */
  send(data: Uint8Array, to: Address): boolean;
  /**
   * Sends several datagrams at once (one system call on a real socket: the server's snapshots of
   * a tick). Same guarantees as `send`; returns how many were handed to the network. The batch
   * and its pairs are the caller's, read during the call only (the server refills them at the
   * next tick); the datagrams' bytes may be kept.
   */
  sendBatch(batch: readonly (readonly [Uint8Array, Address])[]): number;
  /** Sets the receive handler (one at a time; the last set wins). */
  onDatagram(handler: DatagramHandler): void;
  /** Stops receiving and sending; idempotent. */
  close(): void;
}
