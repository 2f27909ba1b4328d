/**
 * The classic protocol's replies (PROTOCOL-CLASSIC.md §5, §6): the exact texts the original
 * client compares or prints, and the structured replies it parses, each built within the
 * client's 3072-byte buffer. Pure: the listener (src/server/classic) gives what a player sees.
 * Every number is an integer, every list unquoted (`[(…),(…)]`: 2 bytes a player shorter than
 * the original's quoted list, parsed the same), tokens one space apart: ASCII only, since every
 * name our rules let in is printable ASCII.
 */
import { CLASSIC_MAX_DATAGRAM } from './requests.ts';
import { darkMap, shadesWithin } from './shades.ts';

/** The original server's refusal and error texts, byte for byte (no `END`). */
export const CLASSIC_TEXTS = {
  full: 'The game is already full',
  nameTaken: 'This pseudo already exists.',
  nameTooLong: 'Your pseudo is too big !',
  nameBadChar: "Don't use ' ' or ',' or '(' or ')' in your pseudo !",
  noPlayer: 'No player of that name',
  impersonating: 'You are impersonating someone else !',
  invalid: 'Invalid Request',
  /** Ours: the console's `deaf` has no original text (it must not hold the token CONNECTED). */
  closed: 'The server is not taking new players',
  /** Ours: sent at shutdown, for the client to give up (it has no "closing" message). */
  shutdown: 'The server is shutting down',
} as const;

/** A player as the classic client draws it: team 0 none, 1 seekers, 2 hiders; box top-left. */
export interface ClassicPlayer {
  readonly team: 0 | 1 | 2;
  readonly name: string;
  readonly rgb: readonly [number, number, number];
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly ready: boolean;
}

export function formatPlayer(p: ClassicPlayer): string {
  return `(${p.team},${p.name},(${p.rgb[0]},${p.rgb[1]},${p.rgb[2]}),(${p.x},${p.y}),(${p.w},${p.h}))`;
}

/** A wall or a light: `(id,(r,g,b),(x,y),(w,h))`, drawn as a filled rectangle. */
export interface ClassicRect {
  readonly rgb: readonly [number, number, number];
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** The WALLS list. The id is unused by the client (the original repeats some): the index. */
export function formatWalls(rects: readonly ClassicRect[]): string {
  return `[${rects.map((r, i) => `(${i},(${r.rgb.join(',')}),(${r.x},${r.y}),(${r.w},${r.h}))`).join(',')}]`;
}

/** Seconds as the original's `"{:.1f}"`. */
export function tenths(seconds: number): string {
  return (Math.round(Math.max(0, seconds) * 10) / 10).toFixed(1);
}

/** What the phase part of a reply says. */
export type ClassicPhase =
  | { readonly kind: 'lobby' }
  | { readonly kind: 'countdown'; readonly seconds: number }
  | { readonly kind: 'game'; readonly seconds: number }
  | { readonly kind: 'end'; readonly winner: 'R' | 'B' | null; readonly seconds: number };

/** The player's sight during a game: 1 per seen cell, or null for no shadow (`SHADES []`). */
export interface ClassicShadow {
  readonly seen: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly cellW: number;
  readonly cellH: number;
}

export interface ClassicView {
  readonly phase: ClassicPhase;
  /** The player itself: always sent, first. */
  readonly self: ClassicPlayer;
  /** The others it may see, nearest first: as many as fit are sent. */
  readonly others: readonly ClassicPlayer[];
  /** Null outside a game and for spectators; a game's dark otherwise. */
  readonly shadow: ClassicShadow | null;
  /** The map in units, for the dark map fallback. */
  readonly mapW: number;
  readonly mapH: number;
  /** `formatWalls(…)` to lead the reply with (the client has not had them yet), or null. */
  readonly walls: string | null;
}

const WINNER_TEXT = {
  R: 'The_seekers_won_the_game!',
  // The original's spelling.
  B: 'The_hidders_won_the_game!',
} as const;

function phasePart(phase: ClassicPhase, ready: string): string {
  switch (phase.kind) {
    case 'lobby':
      return `LOBBY [${ready}]`;
    case 'countdown':
      return `TRANSITION_LOBBY_GAME Entering_game_in_${tenths(phase.seconds)}s`;
    case 'game':
      return `GAME ${tenths(phase.seconds)}`;
    case 'end': {
      const text = phase.winner === null ? 'Nobody_won_the_game!' : WINNER_TEXT[phase.winner];
      return `TRANSITION_GAME_LOBBY ${text}_Going_back_to_lobby_in_${tenths(phase.seconds)}s`;
    }
  }
}

/**
 * The reply to an INPUT: `[WALLS w] LOBBY|TRANSITION_…|GAME … STATE […] [SHADES […]] END`, at
 * most CLASSIC_MAX_DATAGRAM bytes. The player itself always goes in; the others nearest first
 * while they fit beside the smallest shadow; the shadow then gets the bytes left (shades.ts).
 * Throws only if even the player alone cannot fit (the listener checks that the walls leave
 * room for it at start).
 */
export function classicReply(view: ClassicView, max = CLASSIC_MAX_DATAGRAM): string {
  const inGame = view.phase.kind === 'game' || view.phase.kind === 'end';
  const lobby = view.phase.kind === 'lobby';
  const minShades = inGame ? (view.shadow ? darkMap(view.mapW, view.mapH).length : 2) : 0;
  const head = view.walls === null ? '' : `WALLS ${view.walls} `;
  const items = [formatPlayer(view.self)];
  const ready = lobby && view.self.ready ? [view.self.name] : [];
  // `<head><phase> STATE [<items>] SHADES <shades> END`, the lobby's ready names in <phase>.
  const fixed =
    head.length +
    phasePart(view.phase, '').length +
    ' STATE [] END'.length +
    (inGame ? ' SHADES '.length : 0);
  let used = fixed + items[0]!.length + (ready.length > 0 ? ready[0]!.length : 0);
  if (used + minShades > max)
    throw new RangeError(`a classic reply needs ${used + minShades} bytes`);
  for (const p of view.others) {
    const cost = p.ready && lobby ? p.name.length + 1 : 0;
    const more = 1 + formatPlayer(p).length + cost;
    if (used + more + minShades > max) continue;
    used += more;
    items.push(formatPlayer(p));
    if (p.ready && lobby) ready.push(p.name);
  }
  let text = `${head}${phasePart(view.phase, ready.join(','))} STATE [${items.join(',')}]`;
  if (inGame) {
    const s = view.shadow;
    const shades =
      s === null ? '[]' : shadesWithin(s.seen, s.width, s.height, s.cellW, s.cellH, max - used);
    text += ` SHADES ${shades ?? darkMap(view.mapW, view.mapH)}`;
  }
  return `${text} END`;
}

/** `CONNECTED` in its LOBBY form, always (the client takes no other): no walls yet, itself alone. */
export function connectedReply(
  port: number,
  name: string,
  mapW: number,
  mapH: number,
  self: ClassicPlayer,
): string {
  return `CONNECTED ${port} ${name} (${mapW},${mapH}) WALLS [] LOBBY [] STATE [${formatPlayer(self)}] END`;
}

export function disconnectedReply(name: string): string {
  return `DISCONNECTED ${name} END`;
}

/** The PING's own token back: the client compares it as a float with what it sent. */
export function pingReply(stamp: string): string {
  return `PING ${stamp} END`;
}
