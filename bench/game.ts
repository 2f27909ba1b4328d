/**
 * The pure game core on the classic map with 10 players, in µs:
 * - movement: `step` of a lobby where every player holds keys that change every half second
 *   (movement + collision + rules), per player-tick;
 * - culling and fog: see bench/visibility.ts.
 */
import { parseMap } from '../src/game/map.ts';
import { BUILTIN_MAPS } from '../src/game/maps/index.ts';
import { KEY } from '../src/game/movement.ts';
import { rngInt, seedRng } from '../src/game/rng.ts';
import { addPlayer, type PlayerInput, step } from '../src/game/rules.ts';
import { createGame } from '../src/game/state.ts';
import { benchVisibility } from './visibility.ts';

const KEYSETS = [KEY.up, KEY.down, KEY.left, KEY.right, KEY.up | KEY.left, KEY.down | KEY.right, 0];

export function benchMovement(players = 10, ticks = 60_000) {
  const parsed = parseMap(BUILTIN_MAPS.classic!);
  if (!parsed.ok) throw new Error('classic map');
  const state = createGame(parsed.map, undefined, 1);
  for (let i = 1; i <= players; i++) addPlayer(state, i, `p${i}`);
  const rng = seedRng(99);
  const plan = (): Map<number, PlayerInput[]> =>
    new Map(
      state.players.map((p) => [
        p.id,
        [{ keys: KEYSETS[rngInt(rng, KEYSETS.length)]!, action: null }],
      ]),
    );
  // Warm up the JIT, then measure.
  for (let t = 0; t < 2000; t++) step(state, t % 15 === 0 ? plan() : new Map());
  const inputs = Array.from({ length: Math.ceil(ticks / 15) }, plan);
  const none = new Map<number, PlayerInput[]>();
  const started = Bun.nanoseconds();
  for (let t = 0; t < ticks; t++) step(state, t % 15 === 0 ? inputs[t / 15]! : none);
  const us = (Bun.nanoseconds() - started) / 1e3;
  return {
    movementUsPerPlayerTick: round(us / (ticks * players)),
    stepUsPerTick: round(us / ticks),
    ticks,
  };
}

export async function benchGame() {
  return {
    suite: 'game',
    map: 'classic (110×32, 3 lights)',
    players: 10,
    ...benchMovement(),
    ...benchVisibility(),
    targets: { cullUsPerPlayerTick: '≤ 20', fogUsPerCall: '≤ 200' },
  };
}

const round = (v: number) => Math.round(v * 1000) / 1000;
