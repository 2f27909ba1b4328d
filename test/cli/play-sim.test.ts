/**
 * `haunted play --lag/--jitter/--loss/--dup` tells the player the network is simulated: play.ts
 * hands GameClient `conditionsSummary(conditions)`, and the network panel (F2) shows it under
 * "simulated". Without the simulator the panel has no such entry. In simulated time against
 * the real server (test/support/server-harness.ts).
 */
import { describe, expect, test } from 'bun:test';
import { GameClient } from '../../src/client/game-client.ts';
import {
  conditionsActive,
  conditionsSummary,
  parseConditionFlags,
} from '../../src/net/conditioned.ts';
import { SERVER_ADDRESS, startServer } from '../support/server-harness.ts';

const F2 = { input: '', key: {}, sequence: '\x1bOQ' };

function join(simulated: string | null | undefined) {
  const h = startServer();
  const client = new GameClient({
    transport: h.net.bind({ address: '127.0.0.1', port: 5001 }),
    server: SERVER_ADDRESS,
    address: 'local game, 5 bots',
    name: 'Me',
    now: h.net.now,
    columns: 120,
    rows: 40,
    level: 'none',
    ...(simulated === undefined ? {} : { simulated }),
  });
  h.each((now) => {
    if (now % 33 === 0) client.frame(now);
  });
  h.run(1000);
  return { h, client };
}

describe('the network panel says when the network is simulated', () => {
  test('--lag 75 --jitter 10 --loss 5: "75±10 ms, 5% loss" in the panel', () => {
    const flags = parseConditionFlags({ lag: '75', jitter: '10', loss: '5' }, 1);
    if ('error' in flags) throw new Error(flags.error);
    const summary = conditionsSummary(flags.conditions);
    expect(summary).toBe('75±10 ms, 5% loss');
    const { h, client } = join(summary);
    expect(client.model(h.net.now).screen.kind).toBe('play');
    expect(client.model(h.net.now).netstats).toBeNull();
    client.onKey(F2, h.net.now);
    const stats = client.model(h.net.now).netstats;
    expect(stats?.simulated).toBe('75±10 ms, 5% loss');
    expect(stats?.tickRate).toBe(30);
    client.onKey(F2, h.net.now);
    expect(client.model(h.net.now).netstats).toBeNull();
  });

  test('--dup alone: "2% dup"; every setting 0: no simulator at all (play.ts passes null)', () => {
    const dup = parseConditionFlags({ dup: '2' }, 1);
    if ('error' in dup) throw new Error(dup.error);
    expect(conditionsActive(dup.conditions)).toBe(true);
    expect(conditionsSummary(dup.conditions)).toBe('2% dup');
    const zero = parseConditionFlags({ lag: '0', loss: '0' }, 1);
    if ('error' in zero) throw new Error(zero.error);
    expect(conditionsActive(zero.conditions)).toBe(false);
  });

  test('no simulator (play.ts passes null), or the option left out: no "simulated" entry', () => {
    for (const simulated of [null, undefined]) {
      const { h, client } = join(simulated);
      client.onKey(F2, h.net.now);
      const stats = client.model(h.net.now).netstats;
      expect(stats).not.toBeNull();
      expect(stats?.simulated).toBeNull();
    }
  });
});
