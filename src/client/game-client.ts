/**
 * The terminal client's game loop, pure of real time and of the terminal: keys in, map frames
 * and screen models out. The CLI (src/cli/commands/play.ts) owns the clock, the socket and Ink:
 * it calls `onKey` for each key event, `frame(now)` at the frame rate (and at once after a key
 * that moves), presents the map rows to the MapSurface, and re-renders the App with `model(now)`
 * when `modelDue(now)` says so (a few times a second: each Ink render costs milliseconds).
 *
 * Each frame: the held keys (held-keys.ts) become the input (connection.ts), the own player is
 * predicted (prediction.ts) and the others interpolated (interpolation.ts), the fog is computed
 * here from the *predicted* position, so it moves with you at once, and the map rows are built
 * (render/map-view-model.ts) at the size the layout gives (ui/layout.ts).
 */
import { standsInLight } from '../game/exposure.ts';
import type { Cell, GameMap } from '../game/map.ts';
import { SPEED, type Team } from '../game/units.ts';
import {
  computeFog,
  createOccupancy,
  createVisibility,
  type Occupancy,
  playerCellIndex,
  setOccupants,
  type Visibility,
} from '../game/visibility.ts';
import type { Address, Transport } from '../net/transport.ts';
import type { GameEventWire, Position, RoomRequest, RosterEntry } from '../protocol/index.ts';
import { ClientConnection, type ConnectionTimers, DEFAULT_TIMERS } from './connection.ts';
import { GameNews } from './game-news.ts';
import { HeldKeys, type TapFrom } from './held-keys.ts';
import { Interpolation } from './interpolation.ts';
import { type Dir, type KeyEvent, keyIntents, type Layout } from './keys.ts';
import type { StyledCell } from './map-view.ts';
import { NameDraft } from './name-draft.ts';
import type { ColorLevel } from './palette.ts';
import { Prediction } from './prediction.ts';
import { PLAYER_COLOURS } from './render/game-theme.ts';
import { paintOverlay } from './render/map-overlay.ts';
import { buildMapView, type MapPlayer, playerCell } from './render/map-view-model.ts';
import { drawOverlay, type OverlayLine, overlayWidth } from './render/overlay-box.ts';
import { NAME_REFUSALS, screenModel } from './ui/build-model.ts';
import { playLayout } from './ui/layout.ts';
import type { AppModel, NetStatsView, ScreenModel } from './ui/model.ts';
import { netStatsOverlay } from './ui/netstats-overlay.ts';

export interface GameClientOptions {
  readonly transport: Transport;
  readonly server: Address;
  /** The server as the player typed it (shown on screen). */
  readonly address: string;
  readonly name: string;
  /** The room to join or make (PROTOCOL.md §15); left out: the default room, as before rooms. */
  readonly room?: RoomRequest;
  /** The time of creation in ms: the first HELLO goes out at once. */
  readonly now: number;
  /** The terminal's size in cells. */
  readonly columns: number;
  readonly rows: number;
  readonly level: ColorLevel;
  /** Keyboard layout for q (keys.ts). @default 'auto' */
  readonly layout?: Layout;
  /** Frames a second the caller draws at: the client tick the held keys round steps to. */
  readonly fps?: number;
  /** Words for the network simulator's conditions when one is on (the netstats panel). */
  readonly simulated?: string | null;
  /** Connection timers (tests shorten them). */
  readonly timers?: Partial<ConnectionTimers>;
  /** How long quitting waits for the server's confirmation. @default 1000 */
  readonly quitTimeoutMs?: number;
  /** How often the model is rebuilt when nothing else asks for it, ms. @default 250 */
  readonly modelIntervalMs?: number;
}

/** Rates measured over the last whole second. */
interface Rates {
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly snapshots: number;
}

const NO_RATES: Rates = { bytesIn: 0, bytesOut: 0, snapshots: 0 };

export class GameClient {
  conn: ClientConnection;
  private prediction: Prediction;
  private interpolation: Interpolation;
  private readonly held: HeldKeys;
  private layout: Layout;
  private name: string;
  private columns: number;
  private rows: number;
  private connectStartedAt: number;
  private everPlayed = false;
  private lostSince: number | null = null;
  private leavingSince: number | null = null;
  private dismissed = false;
  private readonly draft = new NameDraft();
  private showNetstats = false;
  private showHelp = false;
  /** You are alive in a game and stand in the light (exposure.ts), as of the last frame. */
  private youLit = false;
  /** Frame times of the last second (fps). */
  private readonly frameTimes: number[] = [];
  private rates: Rates = NO_RATES;
  private rateWindow = { at: 0, bytesIn: 0, bytesOut: 0, snapshots: 0 };
  private snapshotsIn = 0;
  private modelAt = Number.NEGATIVE_INFINITY;
  private modelDirty = true;
  private lastPhaseKind: string | null = null;
  /** The server's game events told to the player (per session), and those not taken yet. */
  private news: GameNews | null = null;
  private newsToken: string | null = null;
  private readonly gameEvents: GameEventWire[] = [];
  // The fog: per map, the light maps and the occupancy; per game, the cells seen so far.
  private fogMap: GameMap | null = null;
  private vis: Visibility | null = null;
  private occ: Occupancy | null = null;
  private fog = new Uint8Array(0);
  private remembered = new Uint8Array(0);
  private readonly cells: number[] = [];

  constructor(private readonly options: GameClientOptions) {
    this.layout = options.layout ?? 'auto';
    this.name = options.name;
    this.columns = options.columns;
    this.rows = options.rows;
    this.held = new HeldKeys({ tickMs: 1000 / (options.fps ?? 30) });
    this.connectStartedAt = options.now;
    this.conn = this.connect(options.name, options.now);
    this.prediction = new Prediction(this.conn);
    this.interpolation = new Interpolation(this.conn);
    this.rateWindow.at = options.now;
  }

  private connect(name: string, now: number): ClientConnection {
    return new ClientConnection({
      ...this.options.timers,
      transport: this.options.transport,
      server: this.options.server,
      name,
      now,
      ...(this.options.room === undefined ? {} : { room: this.options.room }),
      onEvent: (e) => {
        if (e.type === 'snapshot') this.snapshotsIn++;
        // Game events are taken at the next frame, which has the time.
        else if (e.type === 'game') this.gameEvents.push(e.event);
        else if (e.type === 'state' || e.type === 'roster') this.modelDirty = true;
      },
    });
  }

  // ── Input ─────────────────────────────────────────────────────────────────────────────

  /** One key event (Ink's useInput, plus the raw sequence for F2). */
  onKey(event: KeyEvent, now: number): void {
    this.modelDirty = true;
    const screen = this.screen(now);
    if (screen.kind === 'refused' && screen.rename !== null) {
      this.editName(event, now);
      return;
    }
    if (screen.kind === 'failed' || screen.kind === 'refused') {
      if (event.key.eventType !== 'release') this.dismissed = true;
      return;
    }
    const result = keyIntents(event, this.layout, this.showHelp);
    this.layout = result.layout;
    if (event.key.eventType === 'release') this.held.noteRelease();
    for (const intent of result.intents) {
      switch (intent.kind) {
        case 'quit':
          this.quit(now);
          break;
        case 'netstats':
          this.showNetstats = !this.showNetstats;
          break;
        case 'help':
          this.showHelp = !this.showHelp;
          break;
        case 'action':
          this.conn.pressAction(intent.action, now);
          break;
        case 'move':
          this.held.onMove(
            intent.dir,
            intent.event,
            now,
            SPEED[this.team()],
            intent.source,
            this.tapFrom(intent.dir, now),
          );
          break;
      }
    }
    this.applyKeys(now);
  }

  /** Typing a new name after a name refusal: letters, Backspace, Enter to retry, Esc to quit. */
  private editName(event: KeyEvent, now: number): void {
    const verdict = this.draft.key(event);
    if (verdict === 'quit') this.dismissed = true;
    else if (verdict === 'submit') {
      this.name = this.draft.text;
      this.reconnect(now);
    }
  }

  private reconnect(now: number): void {
    this.conn = this.connect(this.name, now);
    this.prediction = new Prediction(this.conn);
    this.interpolation = new Interpolation(this.conn);
    this.connectStartedAt = now;
    this.modelDirty = true;
  }

  /** The terminal changed size. */
  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.modelDirty = true;
  }

  /** Sends the disconnect and waits (at most `quitTimeoutMs`) for its confirmation. */
  quit(now: number): void {
    if (this.leavingSince !== null) return;
    this.leavingSince = now;
    this.held.clear();
    this.conn.disconnect(now);
    this.modelDirty = true;
  }

  /** Whether the loop is over: quit and confirmed (or timed out), or a final screen dismissed. */
  finished(now: number): boolean {
    if (this.dismissed) return true;
    if (this.leavingSince === null) return false;
    const limit = this.options.quitTimeoutMs ?? 1000;
    return this.conn.isFinal || now - this.leavingSince >= limit;
  }

  /** The process's exit code once finished: 0 when the player left a game, 1 otherwise. */
  get exitCode(): number {
    const s = this.conn.state;
    return s === 'refused' || s === 'failed' || s === 'closed-by-server' ? 1 : 0;
  }

  /** When the loop must run again at the latest, for keys that change by themselves (ms). */
  nextKeyChange(now: number): number | null {
    return this.held.nextChange(now);
  }

  /**
   * Where a tap pressed now starts (held-keys.ts TapFrom), so that it ends on the cell grid:
   * the predicted position and the tick the press will be stamped with. Undefined before the
   * first snapshot.
   */
  private tapFrom(dir: Dir, now: number): TapFrom | undefined {
    const tickRate = this.conn.welcome?.tickRate;
    const own = this.prediction.position(now);
    if (tickRate === undefined || own === null) return undefined;
    const across = dir === 'left' || dir === 'right';
    const exact = this.conn.inputTickExact(now);
    return {
      at: across ? own.predictedX : own.predictedY,
      tick: Math.floor(exact),
      tickRate,
      phase: exact - Math.floor(exact),
    };
  }

  private team(): Team {
    const id = this.conn.welcome?.playerId;
    return (id === undefined ? undefined : this.conn.roster.get(id)?.team) ?? 'N';
  }

  private applyKeys(now: number): void {
    const keys = this.held.keys(now);
    if (keys !== this.conn.keys && this.leavingSince === null) this.conn.setInput(keys, now);
  }

  // ── Frames ────────────────────────────────────────────────────────────────────────────

  /**
   * Runs the connection and draws one frame at `now`: the map rows for the map region, or null
   * when no map is shown (not playing yet, lost, quitting).
   */
  frame(now: number): StyledCell[][] | null {
    this.applyKeys(now);
    this.conn.update(now);
    this.measure(now);
    // The play screen (screenModel's 'play'): playing, not leaving, with a snapshot and the map.
    // Every other screen comes and goes with a state event or a key, which mark the model dirty.
    const snapshot = this.conn.latestSnapshot;
    const map = this.conn.map;
    const welcome = this.conn.welcome;
    if (this.conn.state !== 'playing' || this.leavingSince !== null) return null;
    if (snapshot === null || map === null || welcome === null) return null;
    const news = this.takeNews(now);
    if (snapshot.phase.kind !== this.lastPhaseKind) {
      this.modelDirty = true;
      if (this.lastPhaseKind === 'END') news?.endOver();
      if (snapshot.phase.kind === 'GAME') this.remembered.fill(0); // a new game: nothing seen yet
      this.lastPhaseKind = snapshot.phase.kind;
    }
    const { width, height } = playLayout(this.columns, this.rows, map.width, map.height).map;
    const players = this.players(now);
    const you = players.find((p) => p.isYou);
    const { phase } = snapshot;
    const inGame = phase.kind === 'GAME' && you !== undefined && !you.caught;
    // A seeker held by the head start sees nothing (src/game/sight.ts says the same).
    const blind = inGame && phase.headStart > 0 && you.team === 'R';
    this.computeFog(map, players, inGame, blind);
    // The network panel stands over the map, so the phase panel (time left, the winner) stays.
    const overlay = this.showNetstats ? netStatsOverlay(this.netstats()) : null;
    const { rows } = buildMapView({
      map,
      fog: this.fog,
      remembered: this.remembered,
      players,
      level: this.options.level,
      width,
      height,
      ...(overlay === null || you === undefined ? {} : { focus: beside(you, overlay, width) }),
    });
    const told = news?.view(now);
    if (told && (told.flash !== null || told.banner !== null)) {
      paintOverlay(rows, told, this.options.level);
    }
    // The panel the player opened stands over the game's messages.
    if (overlay !== null) drawOverlay(rows, overlay, this.options.level);
    return rows;
  }

  /** The session's news, with the game events that came since the last frame taken. */
  private takeNews(now: number): GameNews | null {
    const welcome = this.conn.welcome;
    if (welcome === null) return null;
    if (this.news === null || this.newsToken !== welcome.token) {
      this.news = new GameNews(welcome.playerId, welcome.tickRate);
      this.newsToken = welcome.token;
    }
    if (this.gameEvents.length > 0) {
      for (const e of this.gameEvents) this.news.take(e, now, this.conn.roster);
      this.gameEvents.length = 0;
      this.modelDirty = true;
    }
    return this.news;
  }

  /** Everybody to draw: you where the prediction says, the others where interpolation says. */
  private players(now: number): MapPlayer[] {
    const welcome = this.conn.welcome;
    if (welcome === null) return [];
    const roster = this.conn.roster;
    const out: MapPlayer[] = [];
    const others = this.interpolation.frame(now).players;
    for (const [id, pos] of others) {
      const r = roster.get(id);
      if (id !== welcome.playerId && r !== undefined) out.push(mapPlayer(r, pos, false));
    }
    const own = this.prediction.position(now);
    const me = roster.get(welcome.playerId);
    if (own !== null && me !== undefined) out.push(mapPlayer(me, own, true));
    return out;
  }

  /**
   * The fog from where you are drawn: everything when `dark` is false (lobby, countdown, end,
   * spectators), nothing when `blind` (a seeker held by the head start), else what the shared rules say you see (src/game/visibility.ts), with the living
   * players you know of casting shadows.
   */
  private computeFog(
    map: GameMap,
    players: readonly MapPlayer[],
    dark: boolean,
    blind: boolean,
  ): void {
    if (this.fogMap !== map) {
      this.fogMap = map;
      this.vis = createVisibility(map);
      this.occ = createOccupancy(this.vis);
      this.fog = new Uint8Array(map.width * map.height);
      this.remembered = new Uint8Array(map.width * map.height);
    }
    const { vis, occ } = this;
    if (!dark || vis === null || occ === null) {
      this.fog.fill(1);
      this.setLit(false);
      return;
    }
    if (blind) {
      this.fog.fill(0);
      this.setLit(false);
      return;
    }
    const cells = this.cells;
    cells.length = 0;
    let own = -1;
    for (const p of players) {
      if (p.caught) continue;
      const cell = playerCellIndex(vis, Math.round(p.x), Math.round(p.y));
      if (p.isYou) own = cell;
      cells.push(cell);
    }
    if (own < 0) {
      this.fog.fill(1);
      this.setLit(false);
      return;
    }
    setOccupants(vis, occ, cells);
    computeFog(vis, occ, own, this.fog);
    this.setLit(standsInLight(vis, occ, own));
  }

  /** The "you are in the light" mark shows at once, not at the next HUD refresh. */
  private setLit(lit: boolean): void {
    if (lit !== this.youLit) this.modelDirty = true;
    this.youLit = lit;
  }

  private measure(now: number): void {
    const times = this.frameTimes;
    times.push(now);
    while (times.length > 0 && times[0]! <= now - 1000) times.shift();
    const w = this.rateWindow;
    if (now - w.at >= 1000) {
      const seconds = (now - w.at) / 1000;
      const s = this.conn.stats;
      this.rates = {
        bytesIn: Math.max(0, s.bytesIn - w.bytesIn) / seconds,
        bytesOut: Math.max(0, s.bytesOut - w.bytesOut) / seconds,
        snapshots: (this.snapshotsIn - w.snapshots) / seconds,
      };
      this.rateWindow = {
        at: now,
        bytesIn: s.bytesIn,
        bytesOut: s.bytesOut,
        snapshots: this.snapshotsIn,
      };
    }
    const state = this.conn.state;
    if (state === 'playing') this.everPlayed = true;
    if (state === 'lost') this.lostSince ??= now;
    else this.lostSince = null;
  }

  // ── The model ─────────────────────────────────────────────────────────────────────────

  /** Whether the App should be re-rendered now: something changed, or it is time for the HUD. */
  modelDue(now: number): boolean {
    return this.modelDirty || now - this.modelAt >= (this.options.modelIntervalMs ?? 250);
  }

  private screen(now: number): ScreenModel {
    const c = this.conn;
    const welcome = c.welcome;
    const snapshot = c.latestSnapshot;
    const map = c.map;
    const refusal = c.refusal;
    if (c.state === 'refused' && refusal !== null && NAME_REFUSALS.has(refusal)) {
      this.draft.seed(c, this.name);
    }
    const model = screenModel({
      state: c.state,
      detail: c.detail,
      refusal,
      everPlayed: this.everPlayed,
      leaving: this.leavingSince !== null,
      refusedByClient: c.refusedByClient,
      draft: this.draft.text,
      draftError: this.draft.error,
      sinceStartMs: now - this.connectStartedAt,
      lostForMs: this.lostSince === null ? null : now - this.lostSince,
      giveUpMs: this.options.timers?.giveUpMs ?? DEFAULT_TIMERS.giveUpMs,
      lostRetryMs: this.options.timers?.lostRetryMs ?? DEFAULT_TIMERS.lostRetryMs,
      playing:
        welcome !== null && snapshot !== null && map !== null
          ? {
              mapName: map.name,
              mapWidth: map.width,
              mapHeight: map.height,
              phase: snapshot.phase,
              tickRate: welcome.tickRate,
              roster: c.roster,
              youId: welcome.playerId,
              name: this.name,
              youLit: this.youLit,
            }
          : null,
      layout: this.layout,
    });
    if (model.kind !== 'play' || this.news === null) return model;
    const { feed, caughtBy } = this.news.view(now);
    return { ...model, feed: [...feed], caughtBy };
  }

  private netstats(): NetStatsView {
    const c = this.conn;
    const p = this.prediction.stats;
    let drops = 0;
    for (const n of Object.values(c.stats.drops)) drops += n;
    const up = c.upstreamLoss;
    return {
      rttMs: c.rtt,
      jitterMs: c.rtt === null ? null : c.jitter,
      lossDownPct: c.welcome === null ? null : c.downstreamLoss * 100,
      lossUpPct: up === null ? null : up * 100,
      bytesInPerSec: this.rates.bytesIn,
      bytesOutPerSec: this.rates.bytesOut,
      snapshotsPerSec: this.rates.snapshots,
      tickRate: c.welcome?.tickRate ?? null,
      leadTicks: c.lead,
      interpolationDelayMs: c.welcome === null ? null : this.interpolation.delayMs,
      corrections: p.corrections,
      visibleCorrections: p.visibleCorrections,
      snaps: p.snaps,
      pendingInputs: c.pendingInputs.length,
      drops,
      simulated: this.options.simulated ?? null,
    };
  }

  /** The room for the status line: as WELCOME named it, else as asked for by name; null: none. */
  private roomName(): string | null {
    const asked = this.options.room;
    return this.conn.room ?? (asked?.kind === 'join' ? asked.name : null);
  }

  /** Everything the App draws at `now`. */
  model(now: number): AppModel {
    this.modelAt = now;
    this.modelDirty = false;
    const c = this.conn;
    const ping = c.link.loss;
    const down = c.welcome === null ? null : c.downstreamLoss;
    const loss = ping === null && down === null ? null : Math.max(ping ?? 0, down ?? 0) * 100;
    // Lost, or lost for good: the last round trip is no longer true; say how long it is silent.
    const silent = c.state === 'lost' || (c.state === 'failed' && this.everPlayed);
    const room = this.roomName();
    return {
      screen: this.screen(now),
      status: {
        address: this.options.address,
        pingMs: silent ? null : c.rtt,
        lossPct: loss,
        fps: this.frameTimes.length,
        ...(room === null ? {} : { room }),
        ...(silent ? { silentSeconds: Math.floor((now - c.heardAt) / 1000) } : {}),
      },
      netstats: this.showNetstats ? this.netstats() : null,
      columns: this.columns,
      rows: this.rows,
      color: this.options.level !== 'none',
      help: this.showHelp,
    };
  }
}

/**
 * The cell for the camera to centre while the network panel covers the region's right side:
 * half the box's width right of you, so that a map which scrolls shows you in the uncovered
 * part (a map that fits is centred whatever the focus).
 */
function beside(you: MapPlayer, overlay: readonly OverlayLine[], width: number): Cell {
  const cell = playerCell(you);
  return { x: cell.x + Math.ceil(overlayWidth(overlay, width) / 2), y: cell.y };
}

/** A roster entry at a position, as the map draws it (caught players and spectators as ghosts). */
function mapPlayer(r: RosterEntry, at: Position, isYou: boolean): MapPlayer {
  return {
    id: r.id,
    name: r.name,
    colour: r.colour % PLAYER_COLOURS.length,
    team: r.team,
    x: at.x,
    y: at.y,
    isYou,
    caught: r.caught || r.spectator,
  };
}
