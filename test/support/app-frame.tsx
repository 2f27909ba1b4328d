/**
 * The App drawn from a screen model in ink-testing-library, for the screen tests: a model with
 * a plausible status line around a screen, and its frame as text lines.
 */
import { render } from 'ink-testing-library';
import { App } from '../../src/client/ui/App.tsx';
import type { AppModel, NetStatsView, ScreenModel } from '../../src/client/ui/model.ts';

/** `screen` in a 120×40 colour terminal, the network panel closed, unless `over` says else. */
export function app(screen: ScreenModel, over: Partial<AppModel> = {}): AppModel {
  return {
    screen,
    status: { address: '192.168.1.20:9998', pingMs: 12, lossPct: 0, fps: 30 },
    netstats: null,
    columns: 120,
    rows: 40,
    color: true,
    ...over,
  };
}

/** The network panel's figures of a quiet 30 Hz game (F2 open), unless `over` says else. */
export function netStats(over: Partial<NetStatsView> = {}): NetStatsView {
  return {
    rttMs: 1,
    jitterMs: 1,
    lossDownPct: 0,
    lossUpPct: 0,
    bytesInPerSec: 1,
    bytesOutPerSec: 1,
    snapshotsPerSec: 30,
    tickRate: 30,
    leadTicks: 2,
    interpolationDelayMs: 100,
    corrections: 0,
    visibleCorrections: 0,
    snaps: 0,
    pendingInputs: 0,
    drops: 0,
    simulated: null,
    ...over,
  };
}

/** The App's frame as text lines, unmounted at once. */
export function frame(model: AppModel): string[] {
  const { lastFrame, unmount } = render(<App model={model} surface={null} />);
  const text = lastFrame() ?? '';
  unmount();
  return text.split('\n');
}
