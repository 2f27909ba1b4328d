import { describe, expect, test } from 'bun:test';
import { coalesceWrites } from '../../src/cli/ssh/coalesce-writes.ts';

function fakeSocket() {
  const writes: unknown[] = [];
  const socket = {
    destroyed: false,
    ended: false,
    write(chunk: unknown, ..._rest: unknown[]): boolean {
      writes.push(Buffer.isBuffer(chunk) ? chunk.toString() : chunk);
      return true;
    },
    end(): unknown {
      writes.push('<end>');
      return undefined;
    },
  };
  coalesceWrites(socket);
  return { socket, writes };
}

const turn = () => new Promise((r) => setTimeout(r, 0));

describe('coalesceWrites: one socket write per turn', () => {
  test('the pieces of a turn go out as one write, in order; the next turn its own', async () => {
    const { socket, writes } = fakeSocket();
    socket.write(Buffer.from('len'));
    socket.write(Buffer.from('payload'));
    socket.write(Buffer.from('tag'));
    expect(writes).toEqual([]);
    await turn();
    expect(writes).toEqual(['lenpayloadtag']);
    socket.write(Buffer.from('next'));
    await turn();
    expect(writes).toEqual(['lenpayloadtag', 'next']);
  });

  test('a write with a callback or a string flushes first; end sends what was gathered', async () => {
    const { socket, writes } = fakeSocket();
    socket.write(Buffer.from('a'));
    socket.write('text', 'utf8');
    socket.write(Buffer.from('b'));
    socket.end();
    expect(writes).toEqual(['a', 'text', 'b', '<end>']);
    await turn();
    expect(writes).toEqual(['a', 'text', 'b', '<end>']);
  });

  test('a socket destroyed before the turn ends gets nothing more', async () => {
    const { socket, writes } = fakeSocket();
    socket.write(Buffer.from('lost'));
    socket.destroyed = true;
    await turn();
    expect(writes).toEqual([]);
  });
});
