/**
 * Seeded random numbers: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator), 128 bits of
 * state held in the game state as four uint32 so it can be saved, restored and cloned. The only
 * source of randomness in src/game.
 */
export type RngState = [number, number, number, number];

/** A generator state from any 32-bit seed (splitmix32 spreads the seed over the four words). */
export function seedRng(seed: number): RngState {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const state: RngState = [next(), next(), next(), next()];
  for (let i = 0; i < 12; i++) rngNext(state);
  return state;
}

/** Next uint32; advances `state` in place. */
export function rngNext(state: RngState): number {
  let [a, b, c, d] = state;
  const t = (((a + b) >>> 0) + d) >>> 0;
  d = (d + 1) >>> 0;
  a = b ^ (b >>> 9);
  b = (c + (c << 3)) >>> 0;
  c = (c << 21) | (c >>> 11);
  c = (c + t) >>> 0;
  state[0] = a >>> 0;
  state[1] = b;
  state[2] = c;
  state[3] = d;
  return t;
}

/** Uniform integer in [0, n), n ≥ 1 (rejection sampling, no modulo bias). */
export function rngInt(state: RngState, n: number): number {
  const limit = Math.floor(0x100000000 / n) * n;
  for (;;) {
    const v = rngNext(state);
    if (v < limit) return v % n;
  }
}
