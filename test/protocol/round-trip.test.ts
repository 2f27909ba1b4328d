/** Every message type: encode → decode gives the same message, and re-encodes to the same bytes. */
import { describe, expect, test } from 'bun:test';
import {
  decode,
  decodeText,
  encode,
  encodeBytes,
  MAX_DATAGRAM,
  MESSAGE_TYPES,
  type Message,
  travelsTo,
} from '../../src/protocol/index.ts';
import { Rng } from './support/prng.ts';
import { randomMessage } from './support/random-messages.ts';
import { SAMPLES } from './support/samples.ts';

function roundTrip(msg: Message): void {
  const bytes = encodeBytes(msg);
  expect(bytes.length).toBeLessThanOrEqual(MAX_DATAGRAM);
  const r = decode(bytes);
  if (!r.ok) throw new Error(`${encode(msg).slice(0, 80)}: ${r.reason} ${r.detail}`);
  expect(r.msg).toEqual(msg);
  expect(encodeBytes(r.msg)).toEqual(bytes);
  const t = decodeText(encode(msg));
  expect(t.ok && t.msg).toEqual(msg);
}

describe('round trip of the edge-value samples', () => {
  for (const type of MESSAGE_TYPES) {
    const samples = SAMPLES.filter((m) => m.type === type);
    test(`${type} (${samples.length} samples)`, () => {
      expect(samples.length).toBeGreaterThan(0);
      for (const msg of samples) roundTrip(msg);
    });
  }
});

describe('round trip of seeded random messages', () => {
  for (const type of MESSAGE_TYPES) {
    test(type, () => {
      const rng = new Rng(MESSAGE_TYPES.indexOf(type) + 1);
      for (let i = 0; i < 300; i++) roundTrip(randomMessage(rng, type));
    });
  }
});

test('exact wire forms of a few messages', () => {
  expect(encode({ type: 'NOSESSION', token: '5e1c8a03' })).toBe('NOSESSION 5e1c8a03 END');
  expect(
    encode({
      type: 'INPUT',
      token: '0123456789abcdef',
      ackTick: null,
      rosterVersion: 0,
      eventAck: 0,
      inputs: [
        { seq: 1, tick: 40, keys: 0b1001, action: null },
        { seq: 2, tick: 41, keys: 0, action: 'READY' },
      ],
    }),
  ).toBe('INPUT 0123456789abcdef - 0 0 1:40:UR:- 2:41:-:READY END');
  expect(
    encode({
      type: 'SNAP',
      tick: 12,
      baseTick: 10,
      ackSeq: null,
      lead: -3,
      rosterVersion: 2,
      phase: {
        kind: 'GAME',
        ticksLeft: 6000,
        hidersLeft: 1,
        hidersTotal: 2,
        headStart: 0,
        endTicks: 150,
      },
      entries: [
        { op: 'set', id: 1, x: 16, y: 32 },
        { op: 'move', id: 2, dx: -4, dy: 0 },
        { op: 'gone', id: 3 },
      ],
    }),
  ).toBe('SNAP 12 10 - -3 2 GAME 6000 1 2 0 150 1=16,32 2+-4,0 3x END');
  expect(encode({ type: 'PONG', stamp: 5, tick: 6, info: null })).toBe('PONG 5 6 END');
});

test('a signed zero is written 0', () => {
  const text = encode({
    type: 'SNAP',
    tick: 2,
    baseTick: 1,
    ackSeq: 1,
    lead: -0,
    rosterVersion: 3,
    phase: { kind: 'LOBBY', notice: null, startIn: null },
    entries: [{ op: 'move', id: 1, dx: -0, dy: 0 }],
  });
  expect(text).toBe('SNAP 2 1 1 0 3 LOBBY - - 1+0,0 END');
  expect(decodeText(text).ok).toBe(true);
});

test('direction: each type travels to exactly one side', () => {
  for (const msg of SAMPLES) {
    expect(travelsTo(msg.type, 'server')).not.toBe(travelsTo(msg.type, 'client'));
    const side = travelsTo(msg.type, 'server') ? 'server' : 'client';
    expect(decode(encodeBytes(msg), side).ok).toBe(true);
  }
});
