/**
 * One socket write per turn of the event loop. ssh2 writes each SSH packet in pieces: with
 * AES-GCM (what OpenSSH and ssh2 clients pick first) the length, the encrypted payload and the
 * tag, three `socket.write` calls, each a syscall (and over loopback the receiver's TCP work in
 * the same call). A profile of 20 SSH players had those writes as the SSH side's largest cost.
 * Gathered until the turn ends (a microtask), they go out as one write: one syscall, one TCP
 * segment, for every packet of the turn.
 *
 * Only Buffers written without a callback are gathered (all ssh2 writes); anything else flushes
 * what is gathered first and goes through as it was. `end` sends what is gathered first.
 */

/** The part of a socket this needs (node:net's Socket has it). */
export interface WritableSocket {
  write(chunk: unknown, ...rest: unknown[]): boolean;
  end(...args: unknown[]): unknown;
  readonly destroyed: boolean;
}

export function coalesceWrites(socket: WritableSocket): void {
  const write = socket.write.bind(socket);
  const end = socket.end.bind(socket);
  let pending: Buffer[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const chunks = pending;
    pending = [];
    if (socket.destroyed) return;
    write(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
  };
  socket.write = (chunk: unknown, ...rest: unknown[]): boolean => {
    if (rest.length > 0 || !Buffer.isBuffer(chunk)) {
      flush();
      return write(chunk, ...rest);
    }
    if (pending.length === 0) queueMicrotask(flush);
    pending.push(chunk);
    return true;
  };
  socket.end = (...args: unknown[]): unknown => {
    flush();
    return end(...args);
  };
}
