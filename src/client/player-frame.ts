/**
 * What a PlayerView (player-view.ts) gives per frame: plain data, no behaviour, so that any
 * front-end (the terminal's GameClient, bots, benches, tests) reads it without the view.
 */
import type { GameMap } from '../game/map.ts';
import type { Phase, RosterEntry, WelcomeMessage } from '../protocol/index.ts';
import type { ConnectionState, Refusal } from './connection-types.ts';
import type { Snapshot } from './snapshots.ts';

/** A player to draw: its roster entry, and where; positions are box top-left corners in units. */
export interface FramePlayer extends RosterEntry {
  /** Where it is drawn (fractional: interpolated, or predicted and smoothed for you). */
  readonly x: number;
  readonly y: number;
  readonly isYou: boolean;
}

/** You, as this frame draws you. */
export interface FrameYou extends FramePlayer {
  /** The predicted position, whole units (where the server will have you if it agrees). */
  readonly predictedX: number;
  readonly predictedY: number;
  /** You are alive in a game and stand in the light (src/game/exposure.ts). */
  readonly lit: boolean;
}

/** Rates measured over the last whole second. */
export interface Rates {
  readonly fps: number;
  readonly bytesInPerSec: number;
  readonly bytesOutPerSec: number;
  readonly snapshotsPerSec: number;
}

/** The figures of a network panel (ui/model.ts NetStatsView adds the simulator's words). */
export interface NetFigures {
  readonly rttMs: number | null;
  readonly jitterMs: number | null;
  /** Snapshots missing from the ticks received, percent. */
  readonly lossDownPct: number | null;
  /** PINGs unanswered that were not lost downstream, percent. */
  readonly lossUpPct: number | null;
  readonly bytesInPerSec: number;
  readonly bytesOutPerSec: number;
  readonly snapshotsPerSec: number;
  /** Server tick rate (WELCOME). */
  readonly tickRate: number | null;
  /** Input lead: ticks of margin on top of the trip. */
  readonly leadTicks: number;
  /** How far behind the newest snapshot the others are drawn, in ms. */
  readonly interpolationDelayMs: number | null;
  /** Prediction: corrections since the session began, of which visible, and snapped. */
  readonly corrections: number;
  readonly visibleCorrections: number;
  readonly snaps: number;
  /** Inputs not acknowledged yet. */
  readonly pendingInputs: number;
  /** Datagrams dropped (bad, unexpected, from elsewhere). */
  readonly drops: number;
}

/** Everything one frame shows; read it before the next `frame` (the arrays are reused). */
export interface PlayerFrame {
  readonly state: ConnectionState;
  /** People's words for the state. */
  readonly detail: string;
  readonly refusal: Refusal | null;
  readonly name: string;
  readonly welcome: WelcomeMessage | null;
  readonly map: GameMap | null;
  readonly snapshot: Snapshot | null;
  /** The newest snapshot's phase, or null before one. */
  readonly phase: Phase | null;
  readonly roster: ReadonlyMap<number, RosterEntry>;
  /** Null when you are not drawn (not playing, no snapshot holding you yet). */
  readonly you: FrameYou | null;
  /** Everybody to draw, you last; empty when not playing. */
  readonly players: readonly FramePlayer[];
  /** 1 per cell you see (map width · height), or null (no map, or `fog: false`). */
  readonly fog: Uint8Array | null;
  /**
   * The fog as the map draws it: 1 per cell seen now or until a moment ago (fog-linger.ts:
   * the edges of sight do not flicker); null with `fog`.
   */
  readonly shownFog: Uint8Array | null;
  /** 1 per cell seen since the game began (the fog's memory), or null with `fog`. */
  readonly remembered: Uint8Array | null;
  /** Whether `fog` differs from the last frame's. */
  readonly fogChanged: boolean;
  /** Counts the changes of `fog`, `shownFog` and `remembered`: the same, nothing new to draw. */
  readonly fogVersion: number;
  readonly rates: Rates;
}
