/** Helpers for simulator tests: byte arrays, and an endpoint that records what it receives. */
import type { Address, Transport } from '../../../src/net/transport.ts';

export function bytes(...values: number[]): Uint8Array {
  return Uint8Array.from(values);
}

export interface Received {
  readonly data: Uint8Array;
  readonly from: Address;
  readonly now: number;
}

/** Records every datagram `transport` receives, in order. */
export function inbox(transport: Transport) {
  const got: Received[] = [];
  transport.onDatagram((data, from, now) => got.push({ data, from, now }));
  return {
    transport,
    got,
    /** The first byte of each datagram received. */
    values: (): number[] => got.map((r) => r.data[0] ?? -1),
  };
}
