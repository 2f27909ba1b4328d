/**
 * A seeded flood of 100 000 garbage and mutated datagrams against a running server while two
 * scripted players play. The same game is played twice, with and without the flood: the
 * players' game must be the same tick for tick, nothing may throw, every bad datagram is
 * counted, and no datagram of the flood gets a reply larger than itself or one sent elsewhere.
 */
import { expect, test } from 'bun:test';
import { KEY } from '../../src/game/movement.ts';
import { rngInt, seedRng } from '../../src/game/rng.ts';
import { type Address, addressKey, type Transport } from '../../src/net/transport.ts';
import { encode, encodeBytes } from '../../src/protocol/index.ts';
import { ENCODER, mutateBytes, mutateTokens, randomTokens } from '../protocol/support/mutations.ts';
import { Rng } from '../protocol/support/prng.ts';
import { randomMessage } from '../protocol/support/random-messages.ts';
import { SAMPLES } from '../protocol/support/samples.ts';
import { ScriptedPlayer } from '../support/scripted-player.ts';
import { startServer } from '../support/server-harness.ts';

const FLOOD = 100_000;
const GAME_MS = 10_000;

interface Violation {
  readonly why: string;
}

/** Wraps the server's transport to see, for each datagram handled, what the server sends. */
function watchReplies(
  inner: Transport,
  current: () => { from: Address; size: number } | null,
  violations: Violation[],
) {
  const proxy: Transport = {
    local: inner.local,
    send(data, to) {
      const cause = current();
      if (cause) {
        if (addressKey(to) !== addressKey(cause.from))
          violations.push({ why: `flood reply sent to ${addressKey(to)}` });
        else if (data.length > cause.size)
          violations.push({ why: `reply of ${data.length} B to ${cause.size} B` });
      }
      return inner.send(data, to);
    },
    sendBatch(batch) {
      let sent = 0;
      for (const [data, to] of batch) if (proxy.send(data, to)) sent++;
      return sent;
    },
    onDatagram: (h) => inner.onDatagram(h),
    close: () => inner.close(),
  };
  return proxy;
}

function floodDatagram(rng: Rng, valid: readonly string[]): Uint8Array {
  const roll = rng.int(0, 9);
  if (roll < 3) return randomTokens(rng);
  if (roll < 6) return mutateBytes(rng, ENCODER.encode(rng.pick(valid)));
  if (roll < 8) return ENCODER.encode(mutateTokens(rng, rng.pick(valid), valid));
  if (roll < 9) {
    const bytes = new Uint8Array(rng.int(0, 1300));
    for (let i = 0; i < bytes.length; i++) bytes[i] = rng.int(0, 255);
    return bytes;
  }
  return encodeBytes(randomMessage(rng)); // well-formed, with made-up tokens and cookies
}

test(`a flood of ${FLOOD} bad datagrams changes nothing for the players`, () => {
  const run = (flood: boolean) => {
    const violations: Violation[] = [];
    let cause: { from: Address; size: number } | null = null;
    const h = startServer({}, 3, (inner) => watchReplies(inner, () => cause, violations));
    const ann = new ScriptedPlayer(h, 5001, 'ann');
    const bob = new ScriptedPlayer(h, 5002, 'bob');
    ann.join();
    bob.join();
    const trace: string[] = [];
    h.each(() => {
      const s = h.server.state;
      trace.push(
        `${s.tick} ${s.phase.kind} ${s.players.map((p) => `${p.id}:${p.x},${p.y},${p.team},${+p.ready}${+p.caught}`).join(' ')}`,
      );
    });
    const rng = new Rng(99);
    const valid = [
      ...SAMPLES.map((m) => encode(m)),
      ...Array.from({ length: 500 }, () => encode(randomMessage(rng))),
    ];
    const plan = seedRng(7);
    const players: Address[] = [ann.transport.local, bob.transport.local];
    let sent = 0;
    h.each((now) => {
      // The players' script: teams, ready, then wander with keys changing every 400 ms.
      if (now === 200) {
        ann.press('RED');
        bob.press('BLUE');
      } else if (now === 400) {
        ann.press('READY');
        bob.press('READY');
      } else if (now > 2000 && now % 400 === 0) {
        const keys = [KEY.up, KEY.down, KEY.left, KEY.right, KEY.up | KEY.left, 0];
        ann.hold(keys[rngInt(plan, keys.length)]!);
        bob.hold(keys[rngInt(plan, keys.length)]!);
      }
      if (!flood) return;
      // The flood: ten datagrams a millisecond, a fifth of them spoofing a player's address.
      for (let i = 0; i < 10 && sent < FLOOD; i++, sent++) {
        const data = floodDatagram(rng, valid);
        const from =
          rng.int(0, 4) === 0
            ? rng.pick(players)
            : { address: `127.0.0.${rng.int(2, 250)}`, port: rng.int(1024, 65535) };
        cause = { from, size: data.length };
        h.server.receive(data, from, now);
        cause = null;
      }
    });
    h.run(GAME_MS);
    return { h, trace, violations, sent, ann, bob };
  };

  const calm = run(false);
  const flooded = run(true);
  expect(flooded.sent).toBe(FLOOD);
  expect(flooded.violations).toEqual([]);
  // The same game, tick for tick: positions, teams, ready, caught, phase.
  expect(flooded.trace.length).toBe(calm.trace.length);
  const firstDifference = flooded.trace.findIndex((line, i) => line !== calm.trace[i]);
  expect(firstDifference).toBe(-1);
  // It was a real game, and the flood was really handled.
  expect(calm.trace.some((line) => line.includes(' game '))).toBe(true);
  const drops = flooded.h.server.stats.totalDrops();
  expect(drops).toBeGreaterThan(FLOOD * 0.8);
  expect(flooded.h.server.sessions.size).toBe(2);
  expect(flooded.ann.ackSeq).toBe(calm.ann.ackSeq);
}, 60_000);
