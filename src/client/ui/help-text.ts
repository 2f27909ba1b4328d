/**
 * The help overlay's text (`?`): the goal of each team, the keys, what the map's glyphs mean and
 * the network panel's words. Plain data, so the Help screen only lays it out and a test can read
 * it; at most 21 lines of at most 54 characters, indent included, so it fits the map region of an 80×24 terminal
 * (54×22, a row of it for the title).
 */
import { type Layout, quitsWithQ } from '../keys.ts';
import { type LegendEntry, legendEntries } from './legend.ts';

export type HelpLine =
  | { readonly kind: 'title'; readonly text: string }
  | { readonly kind: 'text'; readonly text: string }
  /** A key (drawn as a key cap) and what it does. */
  | { readonly kind: 'key'; readonly key: string; readonly does: string }
  | { readonly kind: 'legend'; readonly entries: readonly LegendEntry[] };

/** The longest line of the help, in cells: what the overlay must be given to show it whole. */
export const HELP_WIDTH = 54;

export function helpLines(coloured: boolean, layout: Layout = 'auto'): HelpLine[] {
  const legend = legendEntries(coloured);
  return [
    { kind: 'text', text: 'Seekers (red): catch every hider before time is up.' },
    { kind: 'text', text: 'Hiders (blue): stay free until the clock runs out.' },
    { kind: 'text', text: 'Dark manor: you see lit floor in your line of sight' },
    { kind: 'text', text: 'and next to you. In the light, seen from afar.' },
    { kind: 'title', text: 'Keys' },
    { kind: 'key', key: '←↑↓→ WASD ZQSD', does: 'move' },
    { kind: 'key', key: 'R B N', does: 'seekers, hiders, no team (lobby)' },
    { kind: 'key', key: 'Space', does: 'ready / not ready' },
    { kind: 'key', key: '? F2', does: 'this help, the network panel' },
    { kind: 'key', key: quitsWithQ(layout) ? 'q Esc' : 'Esc', does: 'quit (Esc closes this help)' },
    { kind: 'title', text: 'Map' },
    { kind: 'legend', entries: legend.slice(0, 4) },
    { kind: 'legend', entries: legend.slice(4) },
    { kind: 'title', text: 'Network panel (F2)' },
    { kind: 'text', text: 'Round trip: ms to the server and back. Jitter: how' },
    { kind: 'text', text: 'much it varies. Lost packets: lost on the way to you' },
    { kind: 'text', text: '(down) and to the server (up). Smoothing delay: how' },
    { kind: 'text', text: 'far behind the others are drawn, to move smoothly.' },
    { kind: 'text', text: 'Input margin: how early your keys leave. Prediction' },
    { kind: 'text', text: 'fixes: the server put you elsewhere than predicted' },
    { kind: 'text', text: '(visible: you saw it; jumps: moved at once).' },
  ];
}
