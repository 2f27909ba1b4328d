import { expect, test } from 'bun:test';
import { rngInt, seedRng } from '../../src/game/rng.ts';
import { TimedQueue } from '../../src/net/timed-queue.ts';

test('items come out by time, equal times in insertion order', () => {
  const q = new TimedQueue<string>();
  expect(q.pop()).toBeUndefined();
  expect(q.peekTime()).toBeUndefined();
  for (const [t, s] of [
    [5, 'a'],
    [1, 'b'],
    [5, 'c'],
    [1, 'd'],
    [3, 'e'],
    [5, 'f'],
  ] as const)
    q.push(t, s);
  expect(q.size).toBe(6);
  expect(q.peekTime()).toBe(1);
  const out: string[] = [];
  for (let e = q.pop(); e; e = q.pop()) out.push(`${e.time}${e.item}`);
  expect(out).toEqual(['1b', '1d', '3e', '5a', '5c', '5f']);
});

test('a thousand random times come out sorted and stable', () => {
  const rng = seedRng(9);
  const q = new TimedQueue<number>();
  const input = Array.from({ length: 1000 }, (_, i) => ({ time: rngInt(rng, 50), i }));
  for (const { time, i } of input) q.push(time, i);
  const expected = [...input].sort((x, y) => x.time - y.time || x.i - y.i).map((e) => e.i);
  const out: number[] = [];
  for (let e = q.pop(); e; e = q.pop()) out.push(e.item);
  expect(out).toEqual(expected);
});
