/**
 * Ink and the map surface together, on a terminal in memory (VtScreen): whatever Ink redraws,
 * the screen must end up showing both the HUD Ink drew and the map we painted.
 */
import { afterEach, describe, expect, test } from 'bun:test';
import { PassThrough } from 'node:stream';
import { Box, type Instance, render, Text } from 'ink';
import { createElement as h, type ReactNode } from 'react';
import type { StyledCell } from '../../src/client/map-view.ts';
import { InkTap } from '../../src/client/render/ink-tap.ts';
import { MapRegion } from '../../src/client/render/MapRegion.tsx';
import { MapSurface } from '../../src/client/render/map-surface.ts';
import { FakeTerminal } from '../support/fake-terminal.ts';

const MAP_W = 20;

/** A map frame: every row the same `fill` character, with row numbers at the start. */
function frame(height: number, fill: string): StyledCell[][] {
  const style = {};
  return Array.from({ length: height }, (_, y) =>
    [...`${String(y).padStart(2, '0')}${fill.repeat(MAP_W - 2)}`].map((ch) => ({ ch, style })),
  );
}

function screenTree(
  surface: MapSurface,
  rows: number,
  status: string,
  panel: string,
  panelLeft: boolean,
  mapW: number,
): ReactNode {
  if (mapW === 0) return h(Box, { height: rows }, h(Text, null, 'another screen'));
  const side = h(Box, { width: 12, flexDirection: 'column' }, h(Text, null, panel));
  const region = h(MapRegion, { surface, width: mapW, height: rows - 2 });
  return h(
    Box,
    { flexDirection: 'column', height: rows },
    h(Text, null, status),
    h(Box, { flexDirection: 'row' }, ...(panelLeft ? [side, region] : [region, side])),
    h(Text, null, 'bottom line'),
  );
}

let ink: Instance | null = null;
afterEach(() => {
  ink?.unmount();
  ink = null;
});

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await ink?.waitUntilRenderFlush();
    await new Promise((r) => setTimeout(r, 5));
  }
}

function setup(rows = 12, columns = 40, frameRows = rows) {
  const term = new FakeTerminal(rows, columns);
  term.screen.feed('\x1b[7;1H'); // the shell left the cursor mid-screen
  const tap = new InkTap(term);
  const surface = new MapSurface(tap, 'none');
  const show = (status: string, panel: string, panelLeft = false, mapW = MAP_W) => {
    const tree = screenTree(
      surface,
      frameRows - (rows - term.rows),
      status,
      panel,
      panelLeft,
      mapW,
    );
    if (ink) ink.rerender(tree);
    else {
      ink = render(tree, {
        stdout: tap as unknown as NodeJS.WriteStream,
        stdin: Object.assign(new PassThrough(), { isTTY: false }) as unknown as NodeJS.ReadStream,
        interactive: true,
        incrementalRendering: true,
        alternateScreen: true,
        patchConsole: false,
        exitOnCtrlC: false,
      });
    }
  };
  return { term, tap, surface, show };
}

/** The map columns of screen row `y`. */
function mapText(term: FakeTerminal, y: number, col = 0): string {
  return term.screen.line(y).slice(col, col + MAP_W);
}

describe('Ink lays out the screen, the surface paints the map region', () => {
  test('the region is found, painted, and HUD changes leave the map alone', async () => {
    const { term, tap, surface, show } = setup();
    show('status 1', 'panel');
    await settle();
    expect(surface.size).toEqual({ width: MAP_W, height: 10 });
    surface.present(frame(10, '.'));
    expect(mapText(term, 1)).toBe(`00${'.'.repeat(18)}`);
    expect(mapText(term, 10)).toBe(`09${'.'.repeat(18)}`);
    expect(term.screen.line(1).slice(MAP_W)).toStartWith('panel');

    const ownBefore = tap.ownBytes;
    show('status 2', 'panel 2');
    await settle();
    expect(term.screen.line(0)).toStartWith('status 2');
    expect(term.screen.line(1).slice(MAP_W)).toStartWith('panel 2');
    expect(mapText(term, 1)).toBe(`00${'.'.repeat(18)}`);
    expect(tap.ownBytes).toBe(ownBefore); // nothing to repair: Ink wrote right of the map

    surface.present(frame(10, 'x'));
    expect(term.screen.lines().slice(1, 11)).toEqual(
      frame(10, 'x').map(
        (r, y) => r.map((c) => c.ch).join('') + term.screen.line(y + 1).slice(MAP_W),
      ),
    );
    expect(term.screen.line(11)).toStartWith('bottom line');
  });

  test('when Ink rewrites map rows (a panel left of the map), they are repainted at once', async () => {
    const { term, surface, show } = setup();
    show('status', 'left', true);
    await settle();
    surface.present(frame(10, '.'));
    expect(mapText(term, 1, 12)).toBe(`00${'.'.repeat(18)}`);
    const repairs = surface.repairs;
    show('status', 'LEFT!', true); // Ink rewrites row 1 from column 0, erasing to its end
    await settle();
    expect(term.screen.line(1)).toStartWith('LEFT!');
    expect(mapText(term, 1, 12)).toBe(`00${'.'.repeat(18)}`);
    expect(surface.repairs).toBeGreaterThan(repairs);
  });

  test('after a resize the map is painted whole in its new place', async () => {
    const { term, surface, show } = setup();
    show('status', 'panel');
    await settle();
    surface.present(frame(10, '.'));
    term.resize(14, 36);
    show('status', 'panel');
    await settle();
    expect(surface.size).toEqual({ width: MAP_W, height: 12 });
    surface.present(frame(12, 'o'));
    for (let y = 0; y < 12; y++)
      expect(mapText(term, y + 1)).toBe(
        frame(12, 'o')
          [y]!.map((c) => c.ch)
          .join(''),
      );
    expect(term.screen.line(13)).toStartWith('bottom line');
  });

  test('when the region shrinks, nothing of the old map is left outside it', async () => {
    const { term, surface, show } = setup();
    show('status', 'panel');
    await settle();
    surface.present(frame(10, '#'));
    show('status', 'panel', false, 12); // the panel moves left, over where the map was
    await settle();
    surface.present(frame(10, '#').map((r) => r.slice(0, 12)));
    for (let y = 1; y <= 10; y++) {
      expect(mapText(term, y).slice(0, 12)).toBe(
        `${String(y - 1).padStart(2, '0')}${'#'.repeat(10)}`,
      );
      expect(term.screen.line(y).slice(12)).not.toContain('#');
    }
    expect(term.screen.line(1).slice(12)).toStartWith('panel');
  });

  test('when MapRegion goes (another screen), the map goes with it', async () => {
    const { term, surface, show } = setup();
    show('status', 'panel');
    await settle();
    surface.present(frame(10, '#'));
    show('status', 'panel', false, 0);
    await settle();
    surface.present(frame(10, '#')); // the game loop may run on: nothing is painted
    expect(term.screen.line(0)).toStartWith('another screen');
    expect(term.screen.lines().join('')).not.toContain('#');
  });

  test('a screen shorter than the terminal works too (the alternate screen starts at the top)', async () => {
    const { term, surface, show } = setup(16, 40, 12);
    show('status', 'panel');
    await settle();
    surface.present(frame(10, '.'));
    expect(term.screen.line(0)).toStartWith('status');
    expect(mapText(term, 1)).toBe(`00${'.'.repeat(18)}`);
    expect(mapText(term, 10)).toBe(`09${'.'.repeat(18)}`);
    expect(term.screen.line(11)).toStartWith('bottom line');
    show('status 2', 'panel 2');
    await settle();
    expect(term.screen.line(0)).toStartWith('status 2');
    expect(mapText(term, 10)).toBe(`09${'.'.repeat(18)}`);
  });
});
