import { describe, expect, test } from 'bun:test';
import { FOG_LINGER_MS, FogLinger } from '../../src/client/fog-linger.ts';

/** A fog of one row drawn as text: 'o' seen. */
const fog = (text: string) => Uint8Array.from([...text], (ch) => (ch === 'o' ? 1 : 0));
const drawn = (l: FogLinger) => [...l.cells].map((v) => (v === 1 ? 'o' : '.')).join('');

describe('FogLinger: the fog as drawn', () => {
  test('seen cells at once; a cell that left sight lingers, then fades', () => {
    const l = new FogLinger(300);
    expect(l.update(fog('oo...'), true, 1000)).toBe(true);
    expect(drawn(l)).toBe('oo...');
    // Sight moves right: the new cells at once, the old one still drawn.
    expect(l.update(fog('.oo..'), true, 1050)).toBe(true);
    expect(drawn(l)).toBe('ooo..');
    expect(l.update(fog('.oo..'), false, 1200)).toBe(false);
    // Faded on the 100 ms grid: 1050 + 300 → 1400.
    expect(l.update(fog('.oo..'), false, 1399)).toBe(false);
    expect(l.update(fog('.oo..'), false, 1400)).toBe(true);
    expect(drawn(l)).toBe('.oo..');
  });

  test('back in sight before it fades: nothing changed for the map', () => {
    const l = new FogLinger(300);
    l.update(fog('ooo..'), true, 0);
    expect(l.update(fog('oo...'), true, 40)).toBe(false);
    expect(l.update(fog('ooo..'), true, 240)).toBe(false);
    // Seen again: it does not fade at 400.
    expect(l.update(fog('ooo..'), false, 500)).toBe(false);
    expect(drawn(l)).toBe('ooo..');
  });

  test('no lingering (0 ms), a new size, reset', () => {
    const l = new FogLinger(0);
    l.update(fog('oo'), true, 0);
    expect(l.update(fog('.o'), true, 10)).toBe(true);
    expect(drawn(l)).toBe('.o');
    expect(l.update(fog('o.o'), false, 20)).toBe(true);
    expect(drawn(l)).toBe('o.o');
    l.reset(3);
    expect(drawn(l)).toBe('...');
    expect(FOG_LINGER_MS).toBeGreaterThan(0);
  });
});
