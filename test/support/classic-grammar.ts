/**
 * A strict parser of the classic replies (../shared/classic/PROTOCOL-CLASSIC.md §5–§7), written
 * from the document, not from our encoder: stricter than the original client (which skips quote
 * and bracket debris), so that whatever it accepts the client reads as meant. Throws with the
 * reason on anything else.
 */

export const CLASSIC_BUFFER = 3072;

export const ORIGINAL_TEXTS = [
  'The game is already full',
  'The game has already started',
  'This pseudo already exists.',
  'Your pseudo is too big !',
  "Don't use ' ' or ',' or '(' or ')' in your pseudo !",
  'No player of that name',
  'You are impersonating someone else !',
  'Invalid Request',
] as const;

export interface ParsedPlayer {
  readonly team: number;
  readonly name: string;
  readonly rgb: readonly number[];
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface ParsedWall {
  readonly id: number;
  readonly rgb: readonly number[];
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export type ParsedPhase =
  | { readonly kind: 'lobby'; readonly ready: readonly string[] }
  | { readonly kind: 'countdown'; readonly seconds: number }
  | { readonly kind: 'game'; readonly seconds: number }
  | { readonly kind: 'end'; readonly text: string; readonly seconds: number };

export type ParsedReply =
  | {
      readonly kind: 'connected';
      readonly port: number;
      readonly name: string;
      readonly size: readonly [number, number];
      readonly walls: readonly ParsedWall[];
      readonly ready: readonly string[];
      readonly players: readonly ParsedPlayer[];
    }
  | {
      readonly kind: 'state';
      readonly walls: readonly ParsedWall[] | null;
      readonly phase: ParsedPhase;
      readonly players: readonly ParsedPlayer[];
      /** Null in the lobby phases (no SHADES field); [] for no shadow. */
      readonly shades: readonly (readonly [number, number])[] | null;
    }
  | { readonly kind: 'ping'; readonly stamp: string }
  | { readonly kind: 'disconnected'; readonly name: string }
  | { readonly kind: 'text'; readonly text: string };

const STRUCTURE =
  /CONNECTED|^(LOBBY|GAME|TRANSITION_|STATE|WALLS|SHADES|PING|DISCONNECTED)\b|[[\]]/;
const UTF8 = new TextDecoder('utf-8', { fatal: true });
const INT = '(0|[1-9]\\d*)';
const PLAYER = new RegExp(
  `^\\(([012]),([^,()\\s]+),\\(${INT},${INT},${INT}\\),\\(${INT},${INT}\\),\\(${INT},${INT}\\)\\)$`,
);
const WALL = new RegExp(
  `^\\(${INT},\\(${INT},${INT},${INT}\\),\\(${INT},${INT}\\),\\(${INT},${INT}\\)\\)$`,
);
const POINT = new RegExp(`^\\(${INT},${INT}\\)$`);
const TENTHS = '(0|[1-9]\\d*)\\.\\d';

export function parseClassicReply(data: Uint8Array): ParsedReply {
  if (data.length > CLASSIC_BUFFER) throw new Error(`${data.length} bytes, over the buffer`);
  const text = UTF8.decode(data);
  if (text !== text.trim()) throw new Error('white space around the reply');
  if ((ORIGINAL_TEXTS as readonly string[]).includes(text)) return { kind: 'text', text };
  const t = text.split(' ');
  if (t.includes('')) throw new Error('an empty token (double space)');
  if (t.at(-1) !== 'END') {
    // A refusal of our own: short prose, nothing the client could take for a structured reply.
    if (STRUCTURE.test(text) || text.length > 80)
      throw new Error(`not a reply: ${text.slice(0, 80)}`);
    return { kind: 'text', text }; // a refusal of our own: any text the client prints
  }
  switch (t[0]) {
    case 'PING':
      if (t.length !== 3) throw new Error('PING is not 3 tokens');
      return { kind: 'ping', stamp: t[1]! };
    case 'DISCONNECTED':
      if (t.length !== 3) throw new Error('DISCONNECTED is not 3 tokens');
      return { kind: 'disconnected', name: t[1]! };
    case 'CONNECTED': {
      if (t.length !== 11) throw new Error(`CONNECTED has ${t.length} tokens, not 11`);
      if (t[4] !== 'WALLS' || t[6] !== 'LOBBY' || t[8] !== 'STATE')
        throw new Error('CONNECTED fields');
      const size = new RegExp(`^\\(${INT},${INT}\\)$`).exec(t[3]!);
      if (!size || !/^\d+$/.test(t[1]!)) throw new Error('CONNECTED port or size');
      return {
        kind: 'connected',
        port: Number(t[1]),
        name: t[2]!,
        size: [Number(size[1]), Number(size[2])],
        walls: list(t[5]!).map(wall),
        ready: names(t[7]!),
        players: list(t[9]!).map(player),
      };
    }
    default:
      return stateReply(t);
  }
}

function stateReply(t: readonly string[]): ParsedReply {
  let i = 0;
  let walls: ParsedWall[] | null = null;
  if (t[0] === 'WALLS') {
    walls = list(t[1]!).map(wall);
    i = 2;
  }
  const key = t[i];
  const arg = t[i + 1] ?? '';
  const phase = phaseOf(key, arg);
  if (t[i + 2] !== 'STATE') throw new Error('no STATE after the phase');
  const players = list(t[i + 3] ?? '').map(player);
  const withShades = phase.kind === 'game' || phase.kind === 'end';
  let shades: [number, number][] | null = null;
  let end = i + 4;
  if (withShades) {
    if (t[end] !== 'SHADES') throw new Error('no SHADES in a game reply');
    shades = list(t[end + 1] ?? '').map(point);
    end += 2;
  }
  if (end !== t.length - 1) throw new Error(`${t.length - 1 - end} tokens too many`);
  return { kind: 'state', walls, phase, players, shades };
}

const COUNTDOWN = new RegExp(`^Entering_game_in_(${TENTHS})s$`);
const GAME_TIME = new RegExp(`^${TENTHS}$`);
const BANNER = new RegExp(
  `^(The_seekers_won_the_game!|The_hidders_won_the_game!|Nobody_won_the_game!)_Going_back_to_lobby_in_(${TENTHS})s$`,
);

function phaseOf(key: string | undefined, arg: string): ParsedPhase {
  if (key === 'LOBBY') return { kind: 'lobby', ready: names(arg) };
  if (key === 'GAME' && GAME_TIME.test(arg)) return { kind: 'game', seconds: Number(arg) };
  const countdown = key === 'TRANSITION_LOBBY_GAME' ? COUNTDOWN.exec(arg) : null;
  if (countdown) return { kind: 'countdown', seconds: Number(countdown[1]) };
  const banner = key === 'TRANSITION_GAME_LOBBY' ? BANNER.exec(arg) : null;
  if (banner) return { kind: 'end', text: banner[1]!, seconds: Number(banner[2]) };
  throw new Error(`bad phase field: ${key} ${arg.slice(0, 40)}`);
}

/** `[a,b,…]` split at its top-level commas; `[]` is empty. */
function list(token: string): string[] {
  if (!token.startsWith('[') || !token.endsWith(']'))
    throw new Error(`not a list: ${token.slice(0, 30)}`);
  const body = token.slice(1, -1);
  if (body === '') return [];
  const items: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      items.push(body.slice(from, i));
      from = i + 1;
    }
    if (depth < 0) throw new Error('unbalanced parentheses');
  }
  if (depth !== 0) throw new Error('unbalanced parentheses');
  items.push(body.slice(from));
  if (items.includes('')) throw new Error('an empty list item');
  return items;
}

function names(token: string): string[] {
  const items = list(token);
  for (const n of items) if (/[[\]'"()\s]/.test(n)) throw new Error(`bad ready name ${n}`);
  return items;
}

function rgb(parts: readonly string[]): number[] {
  const c = parts.map(Number);
  if (c.some((v) => v > 255)) throw new Error('colour over 255');
  return c;
}

function player(item: string): ParsedPlayer {
  const m = PLAYER.exec(item);
  if (!m) throw new Error(`bad player ${item}`);
  return {
    team: Number(m[1]),
    name: m[2]!,
    rgb: rgb([m[3]!, m[4]!, m[5]!]),
    x: Number(m[6]),
    y: Number(m[7]),
    w: Number(m[8]),
    h: Number(m[9]),
  };
}

function wall(item: string): ParsedWall {
  const m = WALL.exec(item);
  if (!m) throw new Error(`bad wall ${item}`);
  return {
    id: Number(m[1]),
    rgb: rgb([m[2]!, m[3]!, m[4]!]),
    x: Number(m[5]),
    y: Number(m[6]),
    w: Number(m[7]),
    h: Number(m[8]),
  };
}

function point(item: string): [number, number] {
  const m = POINT.exec(item);
  if (!m) throw new Error(`bad point ${item}`);
  return [Number(m[1]), Number(m[2])];
}
