/**
 * The network panel's lines for the box over the map (render/overlay-box.ts): a title, then the
 * same labels and values as the NetStats component (screens/NetStats.tsx), one a line.
 */
import type { OverlayLine } from '../render/overlay-box.ts';
import type { NetStatsView } from './model.ts';
import { LABEL_WIDTH, netStatsEntries } from './screens/NetStats.tsx';

export function netStatsOverlay(stats: NetStatsView): OverlayLine[] {
  const lines: OverlayLine[] = [{ text: 'Network    F2 closes, ? explains', bold: true }];
  for (const group of netStatsEntries(stats, true)) {
    for (const entry of group) {
      lines.push({
        text:
          entry.label === null ? `  ${entry.value}` : entry.label.padEnd(LABEL_WIDTH) + entry.value,
      });
    }
  }
  return lines;
}
