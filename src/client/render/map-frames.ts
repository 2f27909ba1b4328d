/**
 * The map rows of a player's frames, built only when something they show changed. At 30 fps a
 * player crosses a cell every several frames and the fog changes on a sixth of them: most frames
 * draw exactly what the last one drew, and over SSH there are 20 players' worth of them on one
 * thread. So each frame first compares what the rows are drawn from (an InputTrack: the players'
 * cells and marks, the fog's version, the size, the messages and the panel over the map) with
 * the last frame's; the same, and the last rows stand (nothing built, nothing to paint: `changed`
 * false); else the whole view is built again (map-view-model.ts buildMapView) and the messages
 * and the panel painted over it.
 */
import type { GameMap } from '../../game/map.ts';
import { playerCellX, playerCellY } from '../../game/units.ts';
import type { StyledCell } from '../map-view.ts';
import type { ColorLevel } from '../palette.ts';
import type { FramePlayer } from '../player-frame.ts';
import { PLAYER_COLOURS } from './game-theme.ts';
import { type MapOverlay, paintOverlay } from './map-overlay.ts';
import { buildMapView, type MapPlayer } from './map-view-model.ts';
import { drawOverlay, type OverlayLine, overlayWidth } from './overlay-box.ts';

/**
 * A frame's inputs in order, compared with the last frame's slot by slot (by `===`), without
 * allocating: `begin`, `note` each input, `end` says whether any differed.
 */
export class InputTrack {
  private readonly slots: unknown[] = [];
  private at = 0;
  private differs = false;

  begin(): void {
    this.at = 0;
    this.differs = false;
  }

  note(value: unknown): void {
    const i = this.at++;
    if (i < this.slots.length && this.slots[i] === value) return;
    this.slots[i] = value;
    this.differs = true;
  }

  /** Whether an input noted so far differed from the last frame's. */
  get differing(): boolean {
    return this.differs;
  }

  /** Whether any input differed from the last frame's (or their number did). */
  end(): boolean {
    if (this.slots.length !== this.at) {
      this.slots.length = this.at;
      this.differs = true;
    }
    return this.differs;
  }

  /** The next frame differs, whatever it notes. */
  forget(): void {
    this.slots.length = 0;
  }
}

/** What one frame of the map is drawn from. */
export interface MapFrameInput {
  readonly map: GameMap;
  /** 1 per cell seen now (PlayerFrame.fog). */
  readonly fog: Uint8Array;
  /** 1 per cell seen since the game began; never changed here. */
  readonly remembered: Uint8Array;
  /** Changes whenever `fog` or `remembered` changed (PlayerFrame.fogVersion). */
  readonly fogVersion: number;
  /** Everybody to draw, you among them (isYou). */
  readonly players: readonly FramePlayer[];
  readonly level: ColorLevel;
  /** The region's size in cells. */
  readonly width: number;
  readonly height: number;
  /** The game's messages over the map (a catch's flash, the end banner), or null. */
  readonly news: MapOverlay | null;
  /** The panel the player opened (the network panel, F2), over everything; null: none. */
  readonly panel: readonly OverlayLine[] | null;
}

export class MapFrames {
  private readonly track = new InputTrack();
  /**
   * Whether the terrain's inputs (noted first) differed from the last frame's: when only players
   * moved, only their rows are drawn again. The last frame's inputs are the last build's (a
   * frame that differs in nothing builds nothing).
   */
  private terrainChanged = true;
  /** The last rows built had messages or a panel painted over them. */
  private overlaid = false;
  private rows: StyledCell[][] = [];
  private readonly mapPlayers: MapPlayer[] = [];
  /** Whether the last `draw` built new rows (false: the same rows as before, nothing to paint). */
  changed = false;
  /** Frames whose rows were built (the others cost a comparison of their inputs). */
  builds = 0;

  /**
   * The rows for `input`: the last frame's (the same arrays, unchanged) when nothing drawn
   * changed, else built again. Read them before the next call.
   */
  draw(input: MapFrameInput): StyledCell[][] {
    this.changed = this.differs(input);
    if (!this.changed) return this.rows;
    this.builds++;
    const { map, fog, remembered, level, width, height, news, panel } = input;
    const players = this.mapPlayers;
    players.length = 0;
    let you: MapPlayer | undefined;
    for (const p of input.players) {
      const m = mapPlayer(p);
      players.push(m);
      if (p.isYou) you = m;
    }
    // The network panel stands over the region's right side: the camera centres a point half
    // the box's width right of you, so that a map which scrolls shows you in the uncovered part
    // (a map that fits is centred whatever the focus).
    const focus =
      panel === null || you === undefined
        ? undefined
        : {
            x: playerCellX(you.x) + Math.ceil(overlayWidth(panel, width) / 2),
            y: playerCellY(you.y),
          };
    const terrainSame = !this.terrainChanged && !this.overlaid;
    const { rows } = buildMapView({
      map,
      fog,
      remembered,
      players,
      level,
      width,
      height,
      terrainSame,
      ...(focus === undefined ? {} : { focus }),
    });
    const told = news !== null && (news.flash !== null || news.banner !== null);
    if (told) paintOverlay(rows, news, level);
    this.overlaid = told || panel !== null;
    // The panel the player opened stands over the game's messages.
    if (panel !== null) drawOverlay(rows, panel, level);
    this.rows = rows;
    return rows;
  }

  /** The next `draw` builds its rows whatever it is given (the screen showed something else). */
  forget(): void {
    this.track.forget();
  }

  /** Notes everything the rows show, in a fixed order, the terrain first; whether any changed. */
  private differs(input: MapFrameInput): boolean {
    const t = this.track;
    t.begin();
    t.note(input.map);
    t.note(input.fog);
    t.note(input.remembered);
    t.note(input.fogVersion);
    t.note(input.level);
    t.note(input.width);
    t.note(input.height);
    this.terrainChanged = t.differing;
    for (const p of input.players) {
      t.note(p.id);
      t.note(playerCellX(p.x));
      t.note(playerCellY(p.y));
      t.note(p.team);
      t.note(p.caught || p.spectator);
      t.note(p.isYou);
      t.note(p.name);
      t.note(p.colour);
    }
    // A separator: the players' slots above and the messages' below never line up by chance.
    t.note(MESSAGES);
    const { news, panel } = input;
    t.note(news?.flash ?? null);
    t.note(news?.banner ?? null);
    t.note(panel === null);
    if (panel !== null) {
      for (const line of panel) {
        t.note(line.text);
        t.note(line.bold === true);
      }
    }
    return t.end();
  }
}

const MESSAGES = Symbol('messages');

/** A player of the frame as the map draws it (caught players and spectators as ghosts). */
function mapPlayer(p: FramePlayer): MapPlayer {
  return {
    id: p.id,
    name: p.name,
    colour: p.colour % PLAYER_COLOURS.length,
    team: p.team,
    x: p.x,
    y: p.y,
    isYou: p.isYou,
    caught: p.caught || p.spectator,
  };
}
