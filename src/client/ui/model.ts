/**
 * What the terminal client's screens show, as plain data: the Ink components (screens/*.tsx) are
 * functions of a `ScreenModel` and nothing else, so each screen renders from a given state in
 * tests, and the game loop (game-client.ts) builds the model from the connection, the
 * prediction and the player's own choices (build-model.ts). The map itself is not in the model:
 * it is painted straight to the terminal (render/map-surface.ts) inside the region the layout
 * reserves for it (layout.ts).
 */
import type { Team } from '../../game/units.ts';
import type { Refusal } from '../connection-types.ts';
import type { FeedLine } from '../game-news.ts';
import type { NetFigures } from '../player-frame.ts';
import type { ListedRoom } from '../room-list.ts';

/** Always on screen, whatever the screen: the link and the frame rate. */
export interface StatusView {
  /** The server as typed, `host:port`. */
  readonly address: string;
  /** Smoothed round trip in ms; null before the first sample. */
  readonly pingMs: number | null;
  /** Datagrams lost, both ways together, percent (0–100); null while unknown. */
  readonly lossPct: number | null;
  /** Frames drawn in the last second. */
  readonly fps: number;
  /** The room named by the server's WELCOME (or asked for, until then); left out: none named. */
  readonly room?: string;
  /**
   * Whole seconds since the server last answered, when the connection is lost (retrying or
   * given up): the status line says so instead of a round trip that is no longer true.
   */
  readonly silentSeconds?: number;
}

/** The network panel (F2): everything the netcode measures (player-frame.ts NetFigures). */
export interface NetStatsView extends NetFigures {
  /** Conditions of the network simulator when one is on (`--lag` and co.), else null. */
  readonly simulated: string | null;
}

/** A player in the team columns. */
export interface TeamMember {
  readonly id: number;
  readonly name: string;
  /** Palette index 0–11 (render/game-theme.ts PLAYER_COLOURS). */
  readonly colour: number;
  readonly ready: boolean;
  readonly caught: boolean;
  readonly spectator: boolean;
  readonly isYou: boolean;
}

export interface TeamsView {
  /** Team N: not chosen yet. */
  readonly unassigned: readonly TeamMember[];
  /** Team R (red). */
  readonly seekers: readonly TeamMember[];
  /** Team B (blue). */
  readonly hiders: readonly TeamMember[];
}

/** The phase of the game as the screens tell it. Seconds are rounded up to tenths. */
export type PhaseView =
  | {
      readonly kind: 'lobby';
      /** Why the countdown stopped or cannot start, in words; null when nothing to say. */
      readonly notice: string | null;
      /** Seconds until the lobby timer starts the countdown; null while it does not run. */
      readonly startsInSeconds: number | null;
    }
  | { readonly kind: 'countdown'; readonly secondsLeft: number }
  | {
      readonly kind: 'game';
      readonly secondsLeft: number;
      readonly hidersLeft: number;
      readonly hidersTotal: number;
      /** Seconds of the seekers' head start left (0: they are free). */
      readonly headStartSeconds: number;
      /** Seconds until the next lobby at the latest: time left plus the end banner. */
      readonly nextRoundSeconds: number;
    }
  | {
      readonly kind: 'end';
      /** R seekers, B hiders, null nobody (everybody left). */
      readonly winner: 'R' | 'B' | null;
      readonly secondsLeft: number;
    };

/** You, as the roster knows you. */
export interface YouView {
  readonly name: string;
  readonly team: Team;
  readonly colour: number;
  readonly ready: boolean;
  /** Caught in this game: now watching. */
  readonly caught: boolean;
  /** Joined while a game ran: watching until the next lobby. */
  readonly spectator: boolean;
  /**
   * In game and alive, standing on a lit cell: any seeker with a clear line sees you, however
   * far (src/game/exposure.ts). Left out (false) outside a game.
   */
  readonly lit?: boolean;
}

/** One line of keys to press: each key with what it does. */
export interface KeyHint {
  readonly key: string;
  readonly does: string;
}

export type ScreenModel =
  | {
      readonly kind: 'connecting';
      /** What it is doing now ("saying hello to the server", "downloading the map 3/5"…). */
      readonly detail: string;
      /** Seconds since it started trying. */
      readonly elapsedSeconds: number;
      /** Seconds it keeps trying before giving up. */
      readonly giveUpSeconds: number;
    }
  | {
      readonly kind: 'refused';
      readonly reason: Refusal;
      /** The reason in words. */
      readonly message: string;
      /** 'client': the client's own check of the name refused it (nothing was sent); else the server. */
      readonly by?: 'client';
      /** A name problem: the screen asks for another name (`draft`, typed so far). */
      readonly rename: { readonly draft: string; readonly error: string | null } | null;
    }
  | {
      /** Nothing answered, or the server closed the session, or the connection failed for good. */
      readonly kind: 'failed';
      readonly title: string;
      readonly message: string;
    }
  | {
      /** The session went silent while playing: retrying for 30 s. */
      readonly kind: 'lost';
      readonly elapsedSeconds: number;
      readonly giveUpSeconds: number;
    }
  | {
      /** Lobby, countdown, game and end: the map with the panel around it. */
      readonly kind: 'play';
      readonly mapName: string;
      /** The map's size in cells: the layout (layout.ts) sizes the map region from it. */
      readonly mapWidth: number;
      readonly mapHeight: number;
      readonly phase: PhaseView;
      readonly you: YouView;
      readonly teams: TeamsView;
      readonly keys: readonly KeyHint[];
      /** The event feed's last lines, oldest first (game-news.ts); none when left out. */
      readonly feed?: readonly FeedLine[];
      /** Who caught you this round, once you were caught (null or left out: not known). */
      readonly caughtBy?: string | null;
    }
  | {
      /** Quitting: the disconnect is out, waiting (at most 1 s) for its confirmation. */
      readonly kind: 'leaving';
    }
  | RoomsScreen;

/** The new-room form of the room list: the map chosen among the server's, the name typed. */
export interface RoomForm {
  /** The maps the server offers, its default first (ROOMLIST's `maps`). */
  readonly maps: readonly string[];
  readonly mapIndex: number;
  /** The name typed so far; empty: the server picks a code. */
  readonly draft: string;
  /** Why the last key was not taken, in words; null when nothing to say. */
  readonly error: string | null;
}

/** The room list of a server with rooms (`haunted play host`), and its new-room form. */
export interface RoomsScreen {
  readonly kind: 'rooms';
  /** The rooms in the server's order; empty while the first answer is awaited. */
  readonly rooms: readonly ListedRoom[];
  /** Index of the chosen room (0 when there is none). */
  readonly selected: number;
  /** Asking for the first list: nothing to show yet. */
  readonly loading: boolean;
  /** A refresh is under way (the rooms shown are the last list). */
  readonly refreshing: boolean;
  /** For the player: why the last try failed, or why no room can be made; null: nothing. */
  readonly message: string | null;
  /** Whether players may make rooms on this server (ROOMLIST's `maps` is not `-`). */
  readonly canCreate: boolean;
  /** The new-room form when open. */
  readonly form: RoomForm | null;
}

/** Everything the App draws. */
export interface AppModel {
  readonly screen: ScreenModel;
  readonly status: StatusView;
  /** The network panel when shown, else null. */
  readonly netstats: NetStatsView | null;
  /** The terminal's size in cells. */
  readonly columns: number;
  readonly rows: number;
  /** NO_COLOR or a terminal without colours: the screens speak in glyphs and words alone. */
  readonly color: boolean;
  /** The help overlay (?) is open: it takes the map region's place. @default false */
  readonly help?: boolean;
}

/** The smallest terminal the client draws in; below it a message asks for a bigger window. */
export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;
