import { describe, expect, test } from 'bun:test';
import { createLogger, LOG_BURST, LOG_WINDOW_MS, withFields } from '../../src/server/log.ts';
import { TickTimes } from '../../src/server/stats.ts';

function logger(format: 'text' | 'json' = 'text') {
  const lines: string[] = [];
  let now = 1_700_000_000_000;
  const log = createLogger({ format, sinks: [(l) => lines.push(l)], wallClock: () => now });
  return { log, lines, advance: (ms: number) => (now += ms) };
}

describe('the log summarises repeated lines', () => {
  test('49 000 refusals in 10 s: LOG_BURST lines, then one summary', () => {
    const { log, lines, advance } = logger();
    for (let i = 0; i < 49_000; i++) {
      log.event('refuse', { reason: 'version', addr: `10.0.0.${i % 250}:4000`, name: null });
      if (i % 5 === 4) advance(1);
    }
    expect(lines.length).toBe(LOG_BURST);
    advance(LOG_WINDOW_MS - 49_000 / 5);
    log.flush();
    expect(lines.length).toBe(LOG_BURST + 1);
    expect(lines.at(-1)).toMatch(/ log-suppressed kind=refuse count=48936 seconds=10\n$/);
    const bytes = lines.reduce((n, l) => n + l.length, 0);
    expect(bytes).toBeLessThan(8000);
  });

  test('other events are not held back by a flood of one kind', () => {
    const { log, lines } = logger();
    for (let i = 0; i < 1000; i++) log.event('refuse', { reason: 'version' });
    log.event('catch', { seeker: 'Ana', hider: 'Bo' });
    expect(lines.at(-1)).toMatch(/ catch seeker=Ana hider=Bo\n$/);
  });

  test('a new window writes again; JSON summaries are JSON', () => {
    const { log, lines, advance } = logger('json');
    for (let i = 0; i < LOG_BURST + 5; i++) log.event('timeout', { name: `p${i}` });
    advance(LOG_WINDOW_MS);
    log.event('timeout', { name: 'late' });
    const parsed = lines.map((l) => JSON.parse(l));
    expect(parsed.at(-2)).toMatchObject({ event: 'log-suppressed', kind: 'timeout', count: 5 });
    expect(parsed.at(-1)).toMatchObject({ event: 'timeout', name: 'late' });
  });

  test('nothing held back, nothing summarised', () => {
    const { log, lines, advance } = logger();
    log.event('connect', { name: 'Ana' });
    advance(LOG_WINDOW_MS * 3);
    log.flush();
    expect(lines.length).toBe(1);
  });
});

test("a room's logger puts room=NAME first on its lines, and shares the debug switch", () => {
  const { log, lines } = logger();
  const attic = withFields(log, { room: 'attic' });
  attic.event('catch', { seeker: 'ann', hider: 'bob' });
  expect(lines.at(-1)).toMatch(/ catch room=attic seeker=ann hider=bob\n$/);
  log.debugEnabled = true;
  expect(attic.debugEnabled).toBe(true);
  attic.debugEnabled = false;
  expect(log.debugEnabled).toBe(false);
});

describe('tick time percentiles', () => {
  test('never above the largest tick (a bucket edge may be)', () => {
    const t = new TickTimes();
    t.add(0.0123);
    t.add(0.0111);
    expect(t.percentile(99)).toBeLessThanOrEqual(t.max);
    expect(t.percentile(50)).toBeLessThanOrEqual(t.max);
  });
});
