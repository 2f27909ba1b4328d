/**
 * When the App needs rendering at all. An Ink render of the screen costs milliseconds (React,
 * Yoga, Ink's output), and the game loop asks for a model several times a second and after
 * every key; most of those models draw exactly the screen already there (a movement key changes
 * nothing in the HUD, a timer in tenths of a second is printed in whole seconds). So the model
 * is reduced to what the screens print (numbers cut to the precision they are shown with), and
 * Ink renders only when that differs from what it rendered last.
 *
 * The status line's round trip, loss and frame rate are figures of the last second: they are
 * shown anew about once a second (StatusPace), riding on the draws that happen anyway, not at
 * every model, so they stay readable and cost nothing in between.
 */
import type { AppModel, PhaseView, ScreenModel, StatusView } from './model.ts';
import { clock, tenths } from './screens/Shared.tsx';

function shownPhase(phase: PhaseView): unknown {
  switch (phase.kind) {
    case 'lobby':
      // lobbyTimerText: whole seconds, rounded up.
      return {
        ...phase,
        startsInSeconds: phase.startsInSeconds === null ? null : Math.ceil(phase.startsInSeconds),
      };
    case 'countdown':
      return { kind: phase.kind, secondsLeft: tenths(phase.secondsLeft) };
    case 'game':
      // The clock in whole seconds, the head start in tenths, the next round in whole seconds.
      return {
        ...phase,
        secondsLeft: clock(phase.secondsLeft),
        headStartSeconds: phase.headStartSeconds <= 0 ? 0 : tenths(phase.headStartSeconds),
        nextRoundSeconds: Math.ceil(phase.nextRoundSeconds),
      };
    case 'end':
      // Tenths on the play screen; the next round's whole seconds follow from them.
      return { ...phase, secondsLeft: tenths(phase.secondsLeft) };
  }
}

function shownScreen(screen: ScreenModel): unknown {
  switch (screen.kind) {
    case 'connecting':
    case 'lost':
      return { ...screen, elapsedSeconds: Math.floor(Math.max(0, screen.elapsedSeconds)) };
    case 'play':
      return { ...screen, phase: shownPhase(screen.phase) };
    default:
      return screen;
  }
}

function shownStatus(status: StatusView): unknown {
  return {
    ...status,
    pingMs: status.pingMs === null ? null : Math.round(status.pingMs),
    lossPct: status.lossPct === null ? null : status.lossPct.toFixed(1),
    fps: Math.round(status.fps),
  };
}

/**
 * What the App draws from `model`, as a string: two models with the same key draw the same
 * screen. The network panel of the play screen is drawn over the map by the game loop, not by
 * the App, so it is left out there.
 */
export function shownKey(model: AppModel): string {
  return JSON.stringify({
    screen: shownScreen(model.screen),
    status: shownStatus(model.status),
    netstats: model.screen.kind === 'play' ? null : model.netstats,
    columns: model.columns,
    rows: model.rows,
    color: model.color,
    help: model.help === true,
  });
}

/** Lets through only models that draw something new (see `shownKey`). */
export class ScreenGate {
  private last: string | null = null;

  /** Whether `model` draws a screen other than the last one drawn. */
  changed(model: AppModel): boolean {
    return shownKey(model) !== this.last;
  }

  /** `model` is being drawn. */
  drawn(model: AppModel): void {
    this.last = shownKey(model);
  }

  /** The next model is let through whatever it is (the screen must be drawn again). */
  reset(): void {
    this.last = null;
  }
}

/**
 * How old the status line's measured figures (round trip, loss, frame rate) may be before they
 * are shown anew when the screen is drawn anyway, and at the latest, ms.
 */
export const STATUS_FIGURES_MS = 1000;
export const STATUS_FIGURES_MAX_MS = 2000;

type Figures = Pick<StatusView, 'pingMs' | 'lossPct' | 'fps'>;

/**
 * The status line as shown: its measured figures are figures of the last second, and they change
 * at every model; shown at every model they would make Ink draw the screen several times a
 * second for nothing a person can read. So they are taken anew when the screen is drawn anyway
 * and they are `intervalMs` old (`ride`: in game the clock draws it every second), and on their
 * own only once they are `maxAgeMs` old or a figure appears or vanishes (the first round trip,
 * a lost connection: `hold`). The address, the room and the silence of a lost connection are
 * always the model's own.
 */
export class StatusPace {
  private figures: Figures | null = null;
  private takenAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly intervalMs = STATUS_FIGURES_MS,
    private readonly maxAgeMs = STATUS_FIGURES_MAX_MS,
  ) {}

  /** `status` with the figures last shown, unless they are `maxAgeMs` old or one came or went. */
  hold(status: StatusView, now: number): StatusView {
    const f = this.figures;
    const changedKind =
      f === null ||
      (f.pingMs === null) !== (status.pingMs === null) ||
      (f.lossPct === null) !== (status.lossPct === null);
    if (changedKind || now - this.takenAt >= this.maxAgeMs) return this.take(status, now);
    return { ...status, pingMs: f.pingMs, lossPct: f.lossPct, fps: f.fps };
  }

  /** For a screen drawn anyway: `status` with fresh figures once they are `intervalMs` old. */
  ride(status: StatusView, now: number): StatusView {
    if (now - this.takenAt >= this.intervalMs) return this.take(status, now);
    return this.hold(status, now);
  }

  private take(status: StatusView, now: number): StatusView {
    this.figures = { pingMs: status.pingMs, lossPct: status.lossPct, fps: status.fps };
    this.takenAt = now;
    return status;
  }
}
