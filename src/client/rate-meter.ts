/**
 * The rates a player's screen shows, measured over the last whole second and pure of real time:
 * frames drawn (fps), bytes in and out, snapshots applied. The owner tells it of each frame and
 * snapshot, and samples the connection's byte counters; a new connection's counters starting
 * again from 0 give one second of 0, never a negative rate.
 */
import type { Rates } from './player-frame.ts';

export class RateMeter {
  /** Frame times of the last second. */
  private readonly frameTimes: number[] = [];
  private snapshotsIn = 0;
  private window: { at: number; bytesIn: number; bytesOut: number; snapshots: number };
  private perSecond = { bytesIn: 0, bytesOut: 0, snapshots: 0 };

  /** @param now the time measuring starts, ms */
  constructor(now: number) {
    this.window = { at: now, bytesIn: 0, bytesOut: 0, snapshots: 0 };
  }

  /** A snapshot was applied. */
  snapshot(): void {
    this.snapshotsIn++;
  }

  /** A frame was drawn at `now`. */
  frame(now: number): void {
    const times = this.frameTimes;
    times.push(now);
    while (times.length > 0 && times[0]! <= now - 1000) times.shift();
  }

  /** The byte counters at `now`: once a second has passed, the rates move on. */
  sample(now: number, bytes: { readonly bytesIn: number; readonly bytesOut: number }): void {
    const w = this.window;
    if (now - w.at < 1000) return;
    const seconds = (now - w.at) / 1000;
    this.perSecond = {
      bytesIn: Math.max(0, bytes.bytesIn - w.bytesIn) / seconds,
      bytesOut: Math.max(0, bytes.bytesOut - w.bytesOut) / seconds,
      snapshots: (this.snapshotsIn - w.snapshots) / seconds,
    };
    this.window = { at: now, ...bytes, snapshots: this.snapshotsIn };
  }

  get rates(): Rates {
    const r = this.perSecond;
    return {
      fps: this.frameTimes.length,
      bytesInPerSec: r.bytesIn,
      bytesOutPerSec: r.bytesOut,
      snapshotsPerSec: r.snapshots,
    };
  }
}
