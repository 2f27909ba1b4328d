/**
 * The terminal front-end's adapter on a PlayerView (player-view.ts), pure of real time and of
 * the terminal: key events in, map frames and screen models out. The PlayerView is the player
 * (session, prediction, interpolation, fog, news, rates); this turns Ink's key events into its
 * intents (keys.ts keyIntents, held-keys.ts HeldKeys, name-draft.ts NameDraft) and its frame
 * model into map rows (render/map-view-model.ts buildMapView, at the size the layout gives,
 * ui/layout.ts) and the App's model (ui/build-model.ts).
 *
 * The CLI (src/cli/commands/play.ts, and the SSH front-end through it) owns the clock, the
 * socket and Ink: it calls `onKey` for each key event, `frame(now)` at the frame rate (and at
 * once after a key that moves), presents the map rows to the MapSurface, and re-renders the App
 * with `model(now)` when `modelDue(now)` says so (a few times a second: each Ink render costs
 * milliseconds).
 */
import { SPEED, type Team } from '../game/units.ts';
import type { Address, Transport } from '../net/transport.ts';
import type { RoomRequest } from '../protocol/index.ts';
import { type ClientConnection, type ConnectionTimers, DEFAULT_TIMERS } from './connection.ts';
import { HeldKeys, type TapFrom } from './held-keys.ts';
import { type Dir, type KeyEvent, keyIntents, type Layout } from './keys.ts';
import type { StyledCell } from './map-view.ts';
import { NameDraft } from './name-draft.ts';
import type { ColorLevel } from './palette.ts';
import { PlayerView } from './player-view.ts';
import { MapFrames } from './render/map-frames.ts';
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

export class GameClient {
  /** The player this front-end shows and drives. */
  readonly view: PlayerView;
  private readonly held: HeldKeys;
  private layout: Layout;
  private columns: number;
  private rows: number;
  private dismissed = false;
  private readonly draft = new NameDraft();
  private showNetstats = false;
  private showHelp = false;
  /** You are alive in a game and stand in the light (exposure.ts), as of the last frame. */
  private youLit = false;
  private fps = 0;
  private modelAt = Number.NEGATIVE_INFINITY;
  private modelDirty = true;
  /** The map rows, built only on frames that change what they show. */
  private readonly map = new MapFrames();

  constructor(private readonly options: GameClientOptions) {
    this.layout = options.layout ?? 'auto';
    this.columns = options.columns;
    this.rows = options.rows;
    this.held = new HeldKeys({ tickMs: 1000 / (options.fps ?? 30) });
    this.view = new PlayerView({
      transport: options.transport,
      server: options.server,
      name: options.name,
      now: options.now,
      ...(options.room === undefined ? {} : { room: options.room }),
      ...(options.timers === undefined ? {} : { timers: options.timers }),
      ...(options.quitTimeoutMs === undefined ? {} : { quitTimeoutMs: options.quitTimeoutMs }),
    });
  }

  /** The session now (a rename replaces it). */
  get conn(): ClientConnection {
    return this.view.conn;
  }

  // ── Input ─────────────────────────────────────────────────────────────────────────────

  /** One key event (Ink's useInput, plus the raw sequence for F2). */
  onKey(event: KeyEvent, now: number): void {
    const screen = this.screen(now);
    if (screen.kind === 'refused' && screen.rename !== null) {
      this.modelDirty = true;
      this.editName(event, now);
      return;
    }
    if (screen.kind === 'failed' || screen.kind === 'refused') {
      this.modelDirty = true;
      if (event.key.eventType !== 'release') this.dismissed = true;
      return;
    }
    const result = keyIntents(event, this.layout, this.showHelp);
    // A key that only moves changes nothing the screen model shows (the map is drawn each frame):
    // the model is not rebuilt for it, so walking costs no model and no screen comparison.
    if (result.layout !== this.layout || result.intents.some((i) => i.kind !== 'move')) {
      this.modelDirty = true;
    }
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
          this.view.press(intent.action, now);
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
    this.view.setKeys(this.held.keys(now), now);
  }

  /** Typing a new name after a name refusal: letters, Backspace, Enter to retry, Esc to quit. */
  private editName(event: KeyEvent, now: number): void {
    const verdict = this.draft.key(event);
    if (verdict === 'quit') this.dismissed = true;
    else if (verdict === 'submit') {
      this.view.rename(this.draft.text, now);
      this.modelDirty = true;
    }
  }

  /** The terminal changed size. */
  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.modelDirty = true;
  }

  /** Sends the disconnect and waits (at most `quitTimeoutMs`) for its confirmation. */
  quit(now: number): void {
    if (this.view.leaving) return;
    this.held.clear();
    this.view.quit(now);
    this.modelDirty = true;
  }

  /** Whether the loop is over: quit and confirmed (or timed out), or a final screen dismissed. */
  finished(now: number): boolean {
    return this.dismissed || this.view.finished(now);
  }

  /** The process's exit code once finished: 0 when the player left a game, 1 otherwise. */
  get exitCode(): number {
    const s = this.view.conn.state;
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
    const conn = this.view.conn;
    const tickRate = conn.welcome?.tickRate;
    const own = this.view.own(now);
    if (tickRate === undefined || own === null) return undefined;
    const across = dir === 'left' || dir === 'right';
    const exact = conn.inputTickExact(now);
    return {
      at: across ? own.predictedX : own.predictedY,
      tick: Math.floor(exact),
      tickRate,
      phase: exact - Math.floor(exact),
    };
  }

  private team(): Team {
    const conn = this.view.conn;
    const id = conn.welcome?.playerId;
    return (id === undefined ? undefined : conn.roster.get(id)?.team) ?? 'N';
  }

  // ── Frames ────────────────────────────────────────────────────────────────────────────

  /**
   * Runs the player and draws one frame at `now`: the map rows for the map region, or null
   * when no map is shown (not playing yet, lost, quitting). When nothing they show changed, the
   * same rows as the last frame's, untouched, and `mapChanged` is false: nothing to paint.
   */
  frame(now: number): StyledCell[][] | null {
    const view = this.view;
    view.setKeys(this.held.keys(now), now);
    view.update(now);
    const f = view.frame(now);
    this.fps = f.rates.fps;
    this.youLit = f.you?.lit === true;
    if (view.takeChanged()) this.modelDirty = true;
    // The play screen (screenModel's 'play'): playing, not leaving, with a snapshot and the map.
    // Every other screen comes and goes with a state event or a key, which mark the model dirty.
    const { snapshot, map, welcome } = f;
    const shown = f.state === 'playing' && !view.leaving && snapshot !== null && map !== null;
    if (!shown || welcome === null || f.fog === null || f.shownFog === null) {
      this.map.forget(); // the next map drawn is drawn whole
      return null;
    }
    const { width, height } = playLayout(this.columns, this.rows, map.width, map.height).map;
    const told = view.gameNews?.view(now) ?? null;
    return this.map.draw({
      map,
      fog: f.shownFog,
      remembered: f.remembered ?? f.fog,
      fogVersion: f.fogVersion,
      players: f.players,
      level: this.options.level,
      width,
      height,
      news: told,
      // The network panel stands over the map, so the phase panel (time left, the winner) stays.
      panel: this.showNetstats ? netStatsOverlay(this.netstats()) : null,
    });
  }

  /** Whether the last `frame` gave rows that differ from the frame before's. */
  get mapChanged(): boolean {
    return this.map.changed;
  }

  /** Frames whose map rows were built (the others only compared what they show). */
  get mapBuilds(): number {
    return this.map.builds;
  }

  // ── The model ─────────────────────────────────────────────────────────────────────────

  /** Whether the App should be re-rendered now: something changed, or it is time for the HUD. */
  modelDue(now: number): boolean {
    if (this.view.takeChanged()) this.modelDirty = true;
    return this.modelDirty || now - this.modelAt >= (this.options.modelIntervalMs ?? 250);
  }

  private screen(now: number): ScreenModel {
    const view = this.view;
    const c = view.conn;
    const welcome = c.welcome;
    const snapshot = c.latestSnapshot;
    const map = c.map;
    const refusal = c.refusal;
    if (c.state === 'refused' && refusal !== null && NAME_REFUSALS.has(refusal)) {
      this.draft.seed(c, view.name);
    }
    const model = screenModel({
      state: c.state,
      detail: c.detail,
      refusal,
      everPlayed: view.everPlayed,
      leaving: view.leaving,
      refusedByClient: c.refusedByClient,
      draft: this.draft.text,
      draftError: this.draft.error,
      sinceStartMs: now - view.sinceStart,
      lostForMs: view.lostForMs(now),
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
              name: view.name,
              youLit: this.youLit,
            }
          : null,
      layout: this.layout,
    });
    const news = view.gameNews;
    if (model.kind !== 'play' || news === null) return model;
    const { feed, caughtBy } = news.view(now);
    return { ...model, feed: [...feed], caughtBy };
  }

  private netstats(): NetStatsView {
    return { ...this.view.netFigures(), simulated: this.options.simulated ?? null };
  }

  /** The room for the status line: as WELCOME named it, else as asked for by name; null: none. */
  private roomName(): string | null {
    const asked = this.options.room;
    return this.view.conn.room ?? (asked?.kind === 'join' ? asked.name : null);
  }

  /** Everything the App draws at `now`. */
  model(now: number): AppModel {
    this.modelAt = now;
    this.modelDirty = false;
    const view = this.view;
    const c = view.conn;
    const ping = c.link.loss;
    const down = c.welcome === null ? null : c.downstreamLoss;
    const loss = ping === null && down === null ? null : Math.max(ping ?? 0, down ?? 0) * 100;
    // Lost, or lost for good: the last round trip is no longer true; say how long it is silent.
    const silent = c.state === 'lost' || (c.state === 'failed' && view.everPlayed);
    const room = this.roomName();
    return {
      screen: this.screen(now),
      status: {
        address: this.options.address,
        pingMs: silent ? null : c.rtt,
        lossPct: loss,
        fps: this.fps,
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
