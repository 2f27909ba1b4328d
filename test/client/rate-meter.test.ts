import { describe, expect, test } from 'bun:test';
import { RateMeter } from '../../src/client/rate-meter.ts';

describe('RateMeter', () => {
  test('fps: the frames of the last second', () => {
    const m = new RateMeter(0);
    for (let t = 0; t <= 2000; t += 40) m.frame(t);
    expect(m.rates.fps).toBe(25);
  });

  test('bytes and snapshots a second, over the last whole second; nothing before one', () => {
    const m = new RateMeter(0);
    for (let i = 0; i < 30; i++) m.snapshot();
    m.sample(999, { bytesIn: 5000, bytesOut: 900 });
    expect(m.rates).toEqual({ fps: 0, bytesInPerSec: 0, bytesOutPerSec: 0, snapshotsPerSec: 0 });
    m.sample(2000, { bytesIn: 12_000, bytesOut: 2000 });
    expect(m.rates.bytesInPerSec).toBe(6000);
    expect(m.rates.bytesOutPerSec).toBe(1000);
    expect(m.rates.snapshotsPerSec).toBe(15);
  });

  test("a new connection's counters from 0 give 0 for a second, never a negative rate", () => {
    const m = new RateMeter(0);
    m.sample(1000, { bytesIn: 9000, bytesOut: 900 });
    m.sample(2000, { bytesIn: 300, bytesOut: 40 });
    expect(m.rates.bytesInPerSec).toBe(0);
    expect(m.rates.bytesOutPerSec).toBe(0);
    m.sample(3000, { bytesIn: 1300, bytesOut: 140 });
    expect(m.rates.bytesInPerSec).toBe(1000);
    expect(m.rates.bytesOutPerSec).toBe(100);
  });
});
