/**
 * A seeded PRNG for the protocol and server tests: the game's sfc32 (src/game/rng.ts) with the
 * helpers fuzzing wants (floats, ranges, edge-heavy integers, picks, bytes).
 */
import { type RngState, rngNext, seedRng } from '../../../src/game/rng.ts';

export class Rng {
  private readonly state: RngState;

  constructor(seed: number) {
    this.state = seedRng(seed);
  }

  /** Uniform in 0..2^32-1. */
  u32(): number {
    return rngNext(this.state);
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in min..max (inclusive), for spans up to 2^32. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  /** An integer in min..max, with the ends and small values more likely (edge cases). */
  edgy(min: number, max: number): number {
    const roll = this.int(0, 9);
    if (roll === 0) return min;
    if (roll === 1) return max;
    if (roll < 5) return Math.min(max, min + this.int(0, 20));
    return this.int(min, max);
  }

  bool(p = 0.5): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.u32() & 0xff;
    return out;
  }

  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'.charAt(this.int(0, 15));
    return s;
  }
}
