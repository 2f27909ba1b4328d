/**
 * Seeded fuzz test of the decoder: random bytes, random printable tokens, and mutations of valid
 * datagrams. `decode` must never throw, and whatever it accepts must re-encode to exactly the
 * same bytes (so nothing non-canonical, and nothing malformed, gets through).
 */
import { expect, test } from 'bun:test';
import { decode, encode, encodeBytes, MESSAGE_TYPES } from '../../src/protocol/index.ts';
import { ENCODER, mutateBytes, mutateTokens, randomTokens } from './support/mutations.ts';
import { Rng } from './support/prng.ts';
import { randomMessage } from './support/random-messages.ts';
import { SAMPLES } from './support/samples.ts';

const DATAGRAMS = 100_000;
const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed);
test(`fuzz: ${DATAGRAMS} datagrams never throw, and what is accepted is canonical`, () => {
  const rng = new Rng(SEED);
  const valid = [...SAMPLES.map((m) => encode(m))];
  for (let i = 0; i < 2000; i++) valid.push(encode(randomMessage(rng)));

  const started = performance.now();
  const accepted: Record<string, number> = {};
  let acceptedTotal = 0;
  for (let n = 0; n < DATAGRAMS; n++) {
    let data: Uint8Array;
    const kind = rng.int(0, 9);
    if (kind < 2) {
      data = rng.bytes(rng.int(0, 1300));
    } else if (kind < 4) {
      data = randomTokens(rng);
    } else {
      let text = rng.pick(valid);
      let b: Uint8Array | null = null;
      const rounds = rng.int(1, 3);
      for (let m = 0; m < rounds; m++) {
        if (b === null && rng.bool()) text = mutateTokens(rng, text, valid);
        else b = mutateBytes(rng, b ?? ENCODER.encode(text));
      }
      data = b ?? ENCODER.encode(text);
    }
    let r: ReturnType<typeof decode>;
    try {
      r = decode(data);
    } catch (e) {
      throw new Error(`decode threw on ${JSON.stringify(new TextDecoder().decode(data))}: ${e}`);
    }
    if (!r.ok) continue;
    const again = encodeBytes(r.msg);
    if (again.length !== data.length || again.some((v, i) => v !== data[i])) {
      throw new Error(
        `accepted a non-canonical datagram:\n  got  ${new TextDecoder().decode(data)}\n  back ${new TextDecoder().decode(again)}`,
      );
    }
    accepted[r.msg.type] = (accepted[r.msg.type] ?? 0) + 1;
    acceptedTotal++;
  }
  const ms = performance.now() - started;
  console.log(
    `fuzz: ${DATAGRAMS} datagrams in ${ms.toFixed(0)} ms, ${acceptedTotal} accepted`,
    JSON.stringify(accepted),
  );
  // The mutations must also produce valid datagrams, or the canonical check proves nothing.
  expect(acceptedTotal).toBeGreaterThan(DATAGRAMS / 50);
  expect(Object.keys(accepted).length).toBe(MESSAGE_TYPES.length);
}, 20_000);
