/**
 * `--seed` and the network simulator's flags (`--lag --jitter --loss --dup`), as `serve`, `play`,
 * `bots` and `bench` all take them: the seed given, or a random one (printed by the commands so
 * a run can be replayed), and the conditions, null when the simulator is off.
 */
import { randomInt } from 'node:crypto';
import {
  type ConditionFlags,
  conditionsActive,
  type NetConditions,
  parseConditionFlags,
} from '../../net/conditioned.ts';

export function seedAndConditions(
  flags: ConditionFlags,
): { seed: number; conditions: NetConditions | null } | { error: string } {
  const parsed = parseConditionFlags(flags, randomInt(0, 2 ** 31));
  if ('error' in parsed) return parsed;
  const { conditions } = parsed;
  return { seed: conditions.seed, conditions: conditionsActive(conditions) ? conditions : null };
}
