/**
 * One player's view of a game, headless and pure of real time: intents in, a frame model out.
 * The terminal client (game-client.ts), bots (src/bots/bot.ts), the client bench and the SSH
 * front-end all mount one. It owns the session (a ClientConnection, and its replacement when the
 * player renames after a name refusal), the own player's prediction (prediction.ts), the others'
 * interpolation (interpolation.ts), the fog (src/game/sight.ts, the same code the server culls
 * with), the game news (game-news.ts) and the rates a network panel shows.
 *
 * The owner calls `update(now)` every few ms (the connection's timers, the events that came),
 * and `frame(now)` when it draws: you where the prediction says, the others where the
 * interpolation says, each with its roster facts, and the fog from where you are drawn. The
 * fog is recomputed only when what decides it changed (your cell, the living players' cells,
 * lights up / blind / dark), so a frame where nobody changed cell costs almost nothing.
 * Intents: the held movement keys (the KEY bitmask the connection sends), one-shot actions,
 * quit, and rename. No keys of a keyboard, no terminal, no clock here.
 */
import type { GameMap } from '../game/map.ts';
import type { PhaseKind } from '../game/player-step.ts';
import { createFog, type Fog, type Seer, updateFog } from '../game/sight.ts';
import type { Address, Transport } from '../net/transport.ts';
import type { Action, GameEventWire, Phase, RoomRequest, RosterEntry } from '../protocol/index.ts';
import { ClientConnection, type ConnectionEvent, type ConnectionTimers } from './connection.ts';
import { FogLinger } from './fog-linger.ts';
import { GameNews } from './game-news.ts';
import { Interpolation } from './interpolation.ts';
import type { FramePlayer, FrameYou, NetFigures, PlayerFrame } from './player-frame.ts';
import { type Correction, type OwnPosition, Prediction } from './prediction.ts';
import { RateMeter } from './rate-meter.ts';
import type { Snapshot } from './snapshots.ts';

export type { FramePlayer, FrameYou, NetFigures, PlayerFrame, Rates } from './player-frame.ts';

export interface PlayerViewOptions {
  readonly transport: Transport;
  readonly server: Address;
  readonly name: string;
  /** The room to join or make (PROTOCOL.md §15); left out: the default room. */
  readonly room?: RoomRequest;
  /** The time of creation in ms: the first HELLO goes out at once. */
  readonly now: number;
  /** Connection timers (tests shorten them). */
  readonly timers?: Partial<ConnectionTimers>;
  /** Whether the connection takes the transport's datagram handler. @default true */
  readonly listen?: boolean;
  /** How long quitting waits for the server's confirmation, ms. @default 1000 */
  readonly quitTimeoutMs?: number;
  /** Whether frames carry the fog (bots draw nothing and leave it out). @default true */
  readonly fog?: boolean;
  /** Told of every connection event, of every connection this view makes. */
  readonly onEvent?: (event: ConnectionEvent) => void;
  /** Told of every correction of the prediction. */
  readonly onCorrection?: (c: Correction) => void;
}

const RULES_PHASE: Readonly<Record<Phase['kind'], PhaseKind>> = {
  LOBBY: 'lobby',
  COUNTDOWN: 'countdown',
  GAME: 'game',
  END: 'end',
};

export class PlayerView {
  private connection: ClientConnection;
  private prediction: Prediction;
  private interpolation: Interpolation;
  private playerName: string;
  private startedAt: number;
  private everPlayedFlag = false;
  private lostSince: number | null = null;
  private leavingSince: number | null = null;
  /** Something the screen shows beyond the map changed (see `takeChanged`). */
  private changed = true;
  private lastPhaseKind: Phase['kind'] | null = null;
  private news: GameNews | null = null;
  private newsToken: string | null = null;
  private readonly gameEvents: GameEventWire[] = [];
  private readonly meter: RateMeter;
  // The fog: per map, the sight and the cells seen now; per game, the cells seen so far.
  private fog: Fog | null = null;
  private remembered = new Uint8Array(0);
  private forget = false;
  private lit = false;
  private readonly players: FramePlayer[] = [];
  private readonly seers: Seer[] = [];
  private last: PlayerFrame | null = null;
  /** Fog computations of the maps before this one. */
  private fogCount = 0;
  /** PlayerFrame.fogVersion: one more at each frame whose fog, memory or shown fog changed. */
  private fogVersion = 0;
  /** The fog as drawn: cells that left sight linger a moment (fog-linger.ts). */
  private readonly linger = new FogLinger();

  constructor(private readonly options: PlayerViewOptions) {
    this.playerName = options.name;
    this.startedAt = options.now;
    this.meter = new RateMeter(options.now);
    this.connection = this.connect(options.name, options.now);
    this.prediction = new Prediction(this.connection, this.predictionOptions());
    this.interpolation = new Interpolation(this.connection);
  }

  private predictionOptions() {
    const onCorrection = this.options.onCorrection;
    return onCorrection === undefined ? {} : { onCorrection };
  }

  private connect(name: string, now: number): ClientConnection {
    const { options } = this;
    return new ClientConnection({
      ...options.timers,
      transport: options.transport,
      server: options.server,
      name,
      now,
      ...(options.room === undefined ? {} : { room: options.room }),
      ...(options.listen === undefined ? {} : { listen: options.listen }),
      onEvent: (e) => {
        if (e.type === 'snapshot') this.meter.snapshot();
        else if (e.type === 'game') this.gameEvents.push(e.event);
        else if (e.type === 'state' || e.type === 'roster') this.changed = true;
        options.onEvent?.(e);
      },
    });
  }

  // ── What it is reading ────────────────────────────────────────────────────────────────

  /** The session now (a rename replaces it). */
  get conn(): ClientConnection {
    return this.connection;
  }

  get name(): string {
    return this.playerName;
  }

  /** When the current session began (construction or the last rename), ms. */
  get sinceStart(): number {
    return this.startedAt;
  }

  /** Whether a session of this view ever reached `playing`. */
  get everPlayed(): boolean {
    return this.everPlayedFlag;
  }

  /** How long the session has been lost (ms at `now`), or null when it is not. */
  lostForMs(now: number): number | null {
    return this.lostSince === null ? null : now - this.lostSince;
  }

  get leaving(): boolean {
    return this.leavingSince !== null;
  }

  /** The game news of this session (null before WELCOME). */
  get gameNews(): GameNews | null {
    return this.news;
  }

  /** The prediction's and the interpolation's counters. */
  get predictionStats() {
    return this.prediction.stats;
  }

  get interpolationStats() {
    return this.interpolation.stats;
  }

  resetStats(): void {
    this.prediction.resetStats();
    this.interpolation.resetStats();
  }

  /** Where you are at `now` (prediction.ts), or null before a snapshot holding you. */
  own(now: number): OwnPosition | null {
    return this.prediction.position(now);
  }

  /** The last frame built (null before the first). */
  get lastFrame(): PlayerFrame | null {
    return this.last;
  }

  /** Times the fog was computed (sight.ts `Fog.computed`; frames where it did not change: none). */
  get fogComputed(): number {
    return this.fogCount + (this.fog?.computed ?? 0);
  }

  /** Whether something beyond the map changed since the last call (state, roster, news, phase, lit). */
  takeChanged(): boolean {
    const was = this.changed;
    this.changed = false;
    return was;
  }

  // ── Intents ───────────────────────────────────────────────────────────────────────────

  /** The movement keys held now (KEY bits); sent at once when they changed. Ignored when leaving. */
  setKeys(keys: number, now: number): void {
    if (keys !== this.connection.keys && this.leavingSince === null) {
      this.connection.setInput(keys, now);
    }
  }

  /** A one-shot action (team, ready); false when it cannot go out now. */
  press(action: Action, now: number): boolean {
    return this.connection.pressAction(action, now);
  }

  /** Leaves: DISCONNECT until confirmed or `quitTimeoutMs`. */
  quit(now: number): void {
    if (this.leavingSince !== null) return;
    this.leavingSince = now;
    this.connection.disconnect(now);
    this.changed = true;
  }

  /** Joins again under `name` (after a name refusal): a new session, prediction, interpolation. */
  rename(name: string, now: number): void {
    this.playerName = name;
    this.connection = this.connect(name, now);
    this.prediction = new Prediction(this.connection, this.predictionOptions());
    this.interpolation = new Interpolation(this.connection);
    this.startedAt = now;
    this.changed = true;
  }

  /** Whether quitting is over: confirmed, or `quitTimeoutMs` passed. */
  finished(now: number): boolean {
    if (this.leavingSince === null) return false;
    const limit = this.options.quitTimeoutMs ?? 1000;
    return this.connection.isFinal || now - this.leavingSince >= limit;
  }

  // ── Time ──────────────────────────────────────────────────────────────────────────────

  /** The connection's timers and what came in: the news, the phase, the rates. */
  update(now: number): void {
    const conn = this.connection;
    conn.update(now);
    const state = conn.state;
    if (state === 'playing') this.everPlayedFlag = true;
    if (state === 'lost') this.lostSince ??= now;
    else this.lostSince = null;
    this.meter.sample(now, conn.stats);
    this.takeNews(now);
    const kind = conn.latestSnapshot?.phase.kind ?? null;
    if (kind !== null && kind !== this.lastPhaseKind) {
      this.changed = true;
      if (this.lastPhaseKind === 'END') this.news?.endOver();
      if (kind === 'GAME') this.forget = true; // a new game: nothing seen yet
      this.lastPhaseKind = kind;
    }
  }

  /** The frame at `now` (call `update` first). */
  frame(now: number): PlayerFrame {
    this.meter.frame(now);
    const conn = this.connection;
    const { welcome, map } = conn;
    const snapshot = conn.latestSnapshot;
    const players = this.players;
    players.length = 0;
    let you: FrameYou | null = null;
    if (conn.state === 'playing' && welcome !== null && map !== null) {
      you = this.place(now, welcome.playerId);
    }
    let fogChanged = false;
    if (this.options.fog !== false && map !== null) fogChanged = this.updateFog(map, snapshot, you);
    const withFog = this.options.fog !== false && this.fog !== null;
    const shownChanged = withFog && this.linger.update(this.fog!.cells, fogChanged, now);
    if (fogChanged || shownChanged) this.fogVersion++;
    const lit = you !== null && this.fog?.lit === true;
    if (lit !== this.lit) this.changed = true;
    this.lit = lit;
    if (you !== null && lit) {
      you = { ...you, lit };
      this.players[this.players.length - 1] = you; // you are drawn last
    }
    this.last = {
      state: conn.state,
      detail: conn.detail,
      refusal: conn.refusal,
      name: this.playerName,
      welcome,
      map,
      snapshot,
      phase: snapshot?.phase ?? null,
      roster: conn.roster,
      you,
      players,
      fog: withFog ? this.fog!.cells : null,
      shownFog: withFog ? this.linger.cells : null,
      remembered: withFog ? this.remembered : null,
      fogChanged,
      fogVersion: this.fogVersion,
      rates: this.meter.rates,
    };
    return this.last;
  }

  /** Fills `players` (others interpolated, then you predicted); returns you, or null. */
  private place(now: number, youId: number): FrameYou | null {
    const roster = this.connection.roster;
    const others = this.interpolation.frame(now).players;
    for (const [id, at] of others) {
      const r = roster.get(id);
      if (id !== youId && r !== undefined) this.players.push(framePlayer(r, at.x, at.y, false));
    }
    const own = this.prediction.position(now);
    const me = roster.get(youId);
    if (own === null || me === undefined) return null;
    const you: FrameYou = {
      ...framePlayer(me, own.x, own.y, true),
      predictedX: own.predictedX,
      predictedY: own.predictedY,
      lit: false,
    };
    this.players.push(you);
    return you;
  }

  /**
   * The fog from where you are drawn, with the living players you know of casting shadows
   * (src/game/sight.ts decides: lights up, blind, or dark). Returns whether it changed.
   */
  private updateFog(map: GameMap, snapshot: Snapshot | null, you: FrameYou | null): boolean {
    if (this.fog === null || this.fog.sight.vis.walls !== map.walls) {
      this.fogCount += this.fog?.computed ?? 0;
      this.fog = createFog(map);
      this.remembered = new Uint8Array(map.width * map.height);
    }
    const fog = this.fog;
    const seers = this.seers;
    seers.length = 0;
    for (const p of this.players) seers.push(seer(p));
    const phase = snapshot?.phase;
    const tick = snapshot?.tick ?? 0;
    // Without you drawn there is no dark to see in: the lights are up (you watch).
    const viewer: Seer = you === null ? WATCHER : seer(you);
    const changed = updateFog(
      fog,
      {
        tick,
        phase: {
          kind: phase === undefined ? 'lobby' : RULES_PHASE[phase.kind],
          headStartEnd: phase?.kind === 'GAME' ? tick + phase.headStart : 0,
        },
        players: seers,
      },
      viewer,
    );
    if (this.forget) {
      this.remembered.fill(0);
      this.linger.reset(this.remembered.length);
      this.forget = false;
    } else if (!changed) return false;
    const { cells } = fog;
    const remembered = this.remembered;
    for (let c = 0; c < cells.length; c++) if (cells[c] === 1) remembered[c] = 1;
    return true;
  }

  /** The game events that came since the last call, told to the session's news. */
  private takeNews(now: number): void {
    const welcome = this.connection.welcome;
    if (welcome === null) return;
    if (this.news === null || this.newsToken !== welcome.token) {
      this.news = new GameNews(welcome.playerId, welcome.tickRate);
      this.newsToken = welcome.token;
    }
    if (this.gameEvents.length === 0) return;
    for (const e of this.gameEvents) this.news.take(e, now, this.connection.roster);
    this.gameEvents.length = 0;
    this.changed = true;
  }

  /** The network panel's figures now. */
  netFigures(): NetFigures {
    const c = this.connection;
    const p = this.prediction.stats;
    let drops = 0;
    for (const n of Object.values(c.stats.drops)) drops += n;
    const up = c.upstreamLoss;
    const rates = this.meter.rates;
    return {
      rttMs: c.rtt,
      jitterMs: c.rtt === null ? null : c.jitter,
      lossDownPct: c.welcome === null ? null : c.downstreamLoss * 100,
      lossUpPct: up === null ? null : up * 100,
      bytesInPerSec: rates.bytesInPerSec,
      bytesOutPerSec: rates.bytesOutPerSec,
      snapshotsPerSec: rates.snapshotsPerSec,
      tickRate: c.welcome?.tickRate ?? null,
      leadTicks: c.lead,
      interpolationDelayMs: c.welcome === null ? null : this.interpolation.delayMs,
      corrections: p.corrections,
      visibleCorrections: p.visibleCorrections,
      snaps: p.snaps,
      pendingInputs: c.pendingInputs.length,
      drops,
    };
  }
}

/** A viewer outside the game (nobody drawn as you): sight gives it everything. */
const WATCHER: Seer = { id: 0, x: 0, y: 0, team: 'N', caught: false, spectator: true };

function framePlayer(r: RosterEntry, x: number, y: number, isYou: boolean): FramePlayer {
  const { id, name, colour, team, ready, caught, spectator } = r;
  return { id, name, colour, team, ready, caught, spectator, x, y, isYou };
}

/** A drawn player as sight takes it: on the whole unit its box is drawn at. */
function seer(p: FramePlayer): Seer {
  const { id, team, caught, spectator } = p;
  return { id, x: Math.round(p.x), y: Math.round(p.y), team, caught, spectator };
}
