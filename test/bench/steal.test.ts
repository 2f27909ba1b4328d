/**
 * The bench's reading of a virtual machine's steal time (/proc/stat): the share of the machine's
 * CPU time between two readings that its host gave to other guests.
 */
import { expect, test } from 'bun:test';
import { machineCpuTicks, stealPercent } from '../../src/bench/server-bench.ts';

test('steal is the stolen share of all CPU time between two readings', () => {
  expect(stealPercent({ total: 1000, steal: 10 }, { total: 1400, steal: 30 })).toBe(5);
  expect(stealPercent({ total: 1000, steal: 10 }, { total: 1400, steal: 10 })).toBe(0);
  // No reading, or no time between the two: no figure rather than a wrong one.
  expect(stealPercent(null, { total: 1400, steal: 30 })).toBeNull();
  expect(stealPercent({ total: 1000, steal: 10 }, { total: 1000, steal: 10 })).toBeNull();
});

test.if(process.platform === 'linux')('this machine: counters that only grow', async () => {
  const a = machineCpuTicks();
  await Bun.sleep(50);
  const b = machineCpuTicks();
  expect(a).not.toBeNull();
  expect(b!.total).toBeGreaterThanOrEqual(a!.total);
  expect(b!.steal).toBeGreaterThanOrEqual(a!.steal);
  expect(a!.steal).toBeLessThanOrEqual(a!.total);
});
