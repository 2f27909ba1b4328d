/**
 * readInput (the server's direct INPUT reader) against `decode(bytes, 'server')`: whatever it
 * returns, decode accepts as the same message; whatever decode accepts as an INPUT, it reads;
 * everything else it leaves to decode (null). On random INPUTs and on mutations of them.
 */
import { describe, expect, test } from 'bun:test';
import { decode, encode, encodeBytes, type InputMessage } from '../../src/protocol/index.ts';
import { readInput } from '../../src/protocol/input-reader.ts';
import { ENCODER, mutateBytes, mutateTokens } from './support/mutations.ts';
import { Rng } from './support/prng.ts';
import { randomMessage } from './support/random-messages.ts';
import { SAMPLES } from './support/samples.ts';

/** Checks readInput against decode on one datagram; returns whether decode took it as INPUT. */
function agree(data: Uint8Array): boolean {
  const fast = readInput(data);
  const r = decode(data, 'server');
  const isInput = r.ok && r.msg.type === 'INPUT';
  if (isInput) expect(fast).toEqual(r.msg as InputMessage);
  else if (fast !== null) {
    throw new Error(`readInput took what decode refuses: ${new TextDecoder().decode(data)}`);
  }
  return isInput;
}

describe('readInput reads what decode reads, and nothing else', () => {
  test('the samples and the documented examples', () => {
    const inputs = SAMPLES.filter((m) => m.type === 'INPUT');
    expect(inputs.length).toBeGreaterThan(3);
    for (const msg of inputs) expect(agree(encodeBytes(msg))).toBe(true);
    for (const msg of SAMPLES.filter((m) => m.type !== 'INPUT')) {
      expect(readInput(encodeBytes(msg))).toBeNull();
    }
  });

  test('hand-picked near misses', () => {
    const token = '5e1c8a03f27b94d6';
    const cases = [
      `INPUT ${token} - 0 0 END`,
      `INPUT ${token} 0 4294967295 4294967295 END`,
      `INPUT ${token} 48263 7 12 2:48264:R:- 3:48265:UR:- 4:48266:UR:RED END`,
      `INPUT ${token} 1 1 0 1:0:UDLR:NEUTRAL END`,
      `INPUT ${token} - 0 0 END END`,
      `INPUT ${token} - 0 0  END`,
      `INPUT ${token}  - 0 0 END`,
      `INPUT ${token} - 0 0 END `,
      ` INPUT ${token} - 0 0 END`,
      `INPUT ${token} - END`,
      `INPUT ${token} 4294967296 0 0 END`,
      `INPUT ${token} 01 0 0 END`,
      `INPUT ${token} -1 0 0 END`,
      `INPUT ${token} - 0 0 0:1:-:- END`,
      `INPUT ${token} - 0 0 2:1:-:- 2:1:-:- END`,
      `INPUT ${token} - 0 0 1:1:RU:- END`,
      `INPUT ${token} - 0 0 1:1:UU:- END`,
      `INPUT ${token} - 0 0 1:1::- END`,
      `INPUT ${token} - 0 0 1:1:-:red END`,
      `INPUT ${token} - 0 0 1:1:-:READ END`,
      `INPUT ${token} - 0 0 1:1:-:-: END`,
      `INPUT ${token} - 0 0 1:1:- END`,
      `INPUT ${token.toUpperCase()} - 0 0 END`,
      `INPUT ${token}0 - 0 0 END`,
      `INPUT ${token.slice(1)} - 0 0 END`,
      `INPUT ${token} - 0:1 END`,
      `INPUT\t${token} - 0 0 END`,
      `INPUT ${token} - 0 0 ${Array.from({ length: 32 }, (_, k) => `${k + 1}:5:-:-`).join(' ')} END`,
      `INPUT ${token} - 0 0 ${Array.from({ length: 33 }, (_, k) => `${k + 1}:5:-:-`).join(' ')} END`,
      `INPUT ${token} - 0 0 1:5:-:-${'='.repeat(1200)} END`,
      'INPUT END',
      `INPUT ${token} - 0 END`,
      `INPUT ${token} - 0 01 END`,
      `INPUT ${token} - 0 4294967296 END`,
      `INPUT ${token} - 0 - END`,
      `INPUT ${token} - 0 1:1:-:- END`,
      'PING - 1 - END',
    ];
    const taken = cases.filter((c) => agree(ENCODER.encode(c)));
    expect(taken).toEqual([0, 1, 2, 3, 27].map((k) => cases[k]!));
  });

  test('20 000 random INPUTs are all read', () => {
    const rng = new Rng(11);
    for (let i = 0; i < 20_000; i++) {
      expect(agree(encodeBytes(randomMessage(rng, 'INPUT')))).toBe(true);
    }
  });

  test('100 000 mutated INPUTs: read exactly when decode accepts them', () => {
    const rng = new Rng(12);
    const valid = Array.from({ length: 500 }, () => encode(randomMessage(rng, 'INPUT')));
    const donors = [...valid, ...SAMPLES.map((m) => encode(m))];
    let accepted = 0;
    for (let n = 0; n < 100_000; n++) {
      let text = rng.pick(valid);
      let b: Uint8Array | null = null;
      for (let m = rng.int(1, 3); m > 0; m--) {
        if (b === null && rng.bool()) text = mutateTokens(rng, text, donors);
        else b = mutateBytes(rng, b ?? ENCODER.encode(text));
      }
      if (agree(b ?? ENCODER.encode(text))) accepted++;
    }
    // Both ways happen often: the test is not vacuous.
    expect(accepted).toBeGreaterThan(5_000);
    expect(accepted).toBeLessThan(95_000);
  });
});
