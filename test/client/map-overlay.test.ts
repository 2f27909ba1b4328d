/** Messages over the map (render/map-overlay.ts), read as text at colour level none. */
import { describe, expect, test } from 'bun:test';
import type { StyledCell } from '../../src/client/map-view.ts';
import { paintOverlay } from '../../src/client/render/map-overlay.ts';
import { rowsToText } from '../../src/client/render/map-view-model.ts';

function blank(width: number, height: number): StyledCell[][] {
  return Array.from({ length: height }, () =>
    Array.from({ length: width }, () => ({ ch: '.', style: {} })),
  );
}

describe('paintOverlay', () => {
  test('a flash sits centred on the second row; nothing else changes', () => {
    const rows = blank(20, 5);
    paintOverlay(rows, { flash: 'You caught Bo', banner: null }, 'none');
    expect(rowsToText(rows)).toEqual([
      '....................',
      '.. You caught Bo ...',
      '....................',
      '....................',
      '....................',
    ]);
  });

  test('a flash wider than the region is cut with …', () => {
    const rows = blank(12, 3);
    paintOverlay(rows, { flash: 'You were caught by Ana', banner: null }, 'none');
    expect(rowsToText(rows)[1]).toBe(' You were c…');
  });

  test('the banner is a framed box in the middle, title centred; cut to the region', () => {
    const rows = blank(30, 8);
    const banner = { title: 'Seekers win: you won!', winner: 'R' as const, lines: ['Bo: caught'] };
    paintOverlay(rows, { flash: 'ignored under a banner', banner }, 'none');
    expect(rowsToText(rows)).toEqual([
      '..............................',
      '..+-----------------------+...',
      '..| Seekers win: you won! |...',
      '..|                       |...',
      '..| Bo: caught            |...',
      '..+-----------------------+...',
      '..............................',
      '..............................',
    ]);
    const small = blank(30, 4);
    paintOverlay(small, { flash: null, banner }, 'none');
    expect(rowsToText(small)[1]).toContain('Seekers win: you won!');
    expect(rowsToText(small)[3]).toContain('+----');
  });
});
