/**
 * When the App needs rendering at all. An Ink render of the screen costs milliseconds (React,
 * Yoga, Ink's output), and the game loop asks for a model several times a second and after
 * every key; most of those models draw exactly the screen already there (a movement key changes
 * nothing in the HUD, a timer in tenths of a second is printed in whole seconds). So the model
 * is reduced to what the screens print (numbers cut to the precision they are shown with), and
 * Ink renders only when that differs from what it rendered last.
 *
 * The status line's round trip, loss and frame rate are figures of the last second: they are
 * shown anew about once a second (StatusPace), not at every model, so they stay readable.
 *
 * With a surface (haunted play: ModelPresenter), the texts that change with time (the timers of
 * the play screen, the status line's figures) are painted by it from every model
 * (render/LiveText.tsx), and only their shapes are in the key: in a game, Ink renders when the
 * layout changes (roster, catches, phase, panels, size, a timer gaining or losing a digit).
 */
import type { AppModel, PhaseView, ScreenModel, StatusView, YouView } from './model.ts';
import { clock, tenths } from './screens/Shared.tsx';

/**
 * A figure as shown, or only its shape when it is painted (the live texts: LiveText): every
 * digit the same, so a text whose figures change keeps its key while its length and words (what
 * Ink lays out: the box reserved for it, where it wraps) stay the same.
 */
type Shown = (text: string) => string;
const asIs: Shown = (text) => text;
const shape: Shown = (text) => text.replace(/[0-9]/g, '0');

function shownPhase(phase: PhaseView, you: YouView, live: Shown): unknown {
  switch (phase.kind) {
    case 'lobby':
      // lobbyTimerText: whole seconds, rounded up.
      return {
        ...phase,
        startsInSeconds:
          phase.startsInSeconds === null ? null : live(String(Math.ceil(phase.startsInSeconds))),
      };
    case 'countdown':
      return { kind: phase.kind, secondsLeft: live(tenths(phase.secondsLeft)) };
    case 'game':
      // The clock in whole seconds, the head start in tenths, the next round in whole seconds
      // (shown only to who watches from the start: watchingBanner).
      return {
        ...phase,
        secondsLeft: live(clock(phase.secondsLeft)),
        headStartSeconds: phase.headStartSeconds <= 0 ? 0 : live(tenths(phase.headStartSeconds)),
        nextRoundSeconds: you.spectator ? live(String(Math.ceil(phase.nextRoundSeconds))) : null,
      };
    case 'end':
      // Tenths on the play screen; the next round's whole seconds follow from them.
      return { ...phase, secondsLeft: live(tenths(phase.secondsLeft)) };
  }
}

function shownScreen(screen: ScreenModel, live: Shown): unknown {
  switch (screen.kind) {
    case 'connecting':
    case 'lost':
      return {
        ...screen,
        elapsedSeconds: live(String(Math.floor(Math.max(0, screen.elapsedSeconds)))),
      };
    case 'play':
      return {
        ...screen,
        // Painted, the light warning's line is there whether lit or not (phase-news.ts).
        you: live === shape ? { ...screen.you, lit: null } : screen.you,
        phase: shownPhase(screen.phase, screen.you, live),
      };
    default:
      return screen;
  }
}

function shownStatus(status: StatusView, live: Shown): unknown {
  return {
    ...status,
    pingMs: status.pingMs === null ? null : live(String(Math.round(status.pingMs))),
    lossPct: status.lossPct === null ? null : live(status.lossPct.toFixed(1)),
    fps: live(String(Math.round(status.fps))),
    silentSeconds:
      status.silentSeconds === undefined ? undefined : live(String(status.silentSeconds)),
  };
}

/**
 * What the App draws from `model`, as a string: two models with the same key draw the same
 * screen. The network panel of the play screen is drawn over the map by the game loop, not by
 * the App, so it is left out there. With `painted`, the live texts (the timers of the play
 * screen, the status line's figures) are painted by the surface from each model, and only
 * their shapes are in the key: Ink renders when the structure changes, not every second.
 */
export function shownKey(model: AppModel, painted = false): string {
  const live = painted ? shape : asIs;
  return JSON.stringify({
    screen: shownScreen(model.screen, live),
    status: shownStatus(model.status, live),
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
  /** The model `changed` was last asked about, and its key (`drawn` takes it from there). */
  private asked: AppModel | null = null;
  private askedKey = '';

  /** `painted`: the App has a surface that paints the live texts (see `shownKey`). */
  constructor(private readonly painted = false) {}

  /** Whether `model` draws a screen other than the last one drawn. */
  changed(model: AppModel): boolean {
    this.asked = model;
    this.askedKey = shownKey(model, this.painted);
    return this.askedKey !== this.last;
  }

  /** `model` is being drawn. */
  drawn(model: AppModel): void {
    this.last = model === this.asked ? this.askedKey : shownKey(model, this.painted);
    this.asked = null;
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

/** What the presenter needs of the surface: it paints the live texts of each model. */
export interface LiveTextPainter {
  showModel(model: AppModel): void;
}

/**
 * How a game loop shows its models on an Ink screen with a surface (haunted play, the client
 * bench): the status line's figures paced (StatusPace: anew about once a second), Ink rendering
 * only a model whose screen is laid out anew (ScreenGate with the live texts painted), and the
 * surface painting the live texts of every model.
 */
export class ModelPresenter {
  private readonly gate = new ScreenGate(true);
  private readonly pace = new StatusPace();
  /** Ink renders asked for, and models shown. */
  renders = 0;
  models = 0;

  constructor(
    private readonly render: (model: AppModel) => void,
    private readonly surface: LiveTextPainter,
  ) {}

  /** Shows `model` at `now` (ms): an Ink render if its layout is new, the live texts painted. */
  show(model: AppModel, now: number): void {
    const shown: AppModel = { ...model, status: this.pace.ride(model.status, now) };
    this.models++;
    if (this.gate.changed(shown)) {
      this.gate.drawn(shown);
      this.renders++;
      this.render(shown);
    }
    this.surface.showModel(shown);
  }
}
