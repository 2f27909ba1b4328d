/**
 * Codec of SNAP: the server's state for one client at one tick: header, game phase, then the
 * players that client can see, absolute (`=`) or as a change against an acknowledged base (`+`),
 * or gone since the base (`x`).
 */
import { NOTICE_WHY, type NoticeWhy, PHASES } from './codes.ts';
import { MAX_SNAP_ENTRIES, RANGES, U32_MAX } from './constants.ts';
import {
  type Codec,
  fmtOptSint,
  fmtOptUint,
  fmtSint,
  fmtUint,
  inRange,
  parseSint,
  parseUint,
  type Reader,
  show,
} from './fields.ts';
import type { LobbyNotice, Phase, SnapEntry, SnapMessage } from './messages.ts';
import { checkName } from './text.ts';

/** SNAP's roster version is never 0: a server's roster starts at version 1. */
export const SNAP_ROSTER_VERSION = [1, U32_MAX] as const;

function encodeNotice(n: LobbyNotice | null): string {
  if (n === null) return '-';
  if (n.why === 'teams') return 'teams';
  if (!NOTICE_WHY.includes(n.why) || checkName(n.name) !== 'ok') {
    throw new RangeError(`cannot encode notice ${n.why}:${n.name}`);
  }
  return `${n.why}:${n.name}`;
}

function decodeNotice(r: Reader): LobbyNotice | null {
  const t = r.next('notice');
  if (r.error !== null || t === '-') return null;
  if (t === 'teams') return { why: 'teams' };
  const colon = t.indexOf(':');
  const why = t.slice(0, colon) as NoticeWhy;
  const name = t.slice(colon + 1);
  if (colon < 0 || !NOTICE_WHY.includes(why) || checkName(name) !== 'ok') {
    return r.fail(`notice ${show(t)} is not -, teams or <${NOTICE_WHY.join('|')}>:<name>`);
  }
  return { why, name };
}

/** The phase's words (`GAME 6000 1 1 150 150`); snap-writer.ts writes them once per tick. */
export function encodePhase(p: Phase): string {
  switch (p.kind) {
    case 'LOBBY':
      return `LOBBY ${encodeNotice(p.notice)} ${fmtOptUint('startIn', p.startIn, RANGES.lobbyTicks)}`;
    case 'COUNTDOWN':
      return `COUNTDOWN ${fmtUint('ticksLeft', p.ticksLeft, RANGES.countdownTicks)}`;
    case 'GAME': {
      const left = fmtUint('hidersLeft', p.hidersLeft, RANGES.hiders);
      const total = fmtUint('hidersTotal', p.hidersTotal, RANGES.hiders);
      if (p.hidersLeft > p.hidersTotal)
        throw new RangeError('cannot encode hidersLeft > hidersTotal');
      const headStart = fmtUint('headStart', p.headStart, RANGES.headStartTicks);
      const endTicks = fmtUint('endTicks', p.endTicks, RANGES.endTicks);
      return `GAME ${fmtUint('ticksLeft', p.ticksLeft, RANGES.gameTicks)} ${left} ${total} ${headStart} ${endTicks}`;
    }
    case 'END': {
      if (p.winner !== null && p.winner !== 'R' && p.winner !== 'B') {
        throw new RangeError(`cannot encode winner ${String(p.winner)}`);
      }
      return `END ${p.winner ?? '-'} ${fmtUint('ticksLeft', p.ticksLeft, RANGES.endTicks)}`;
    }
    default:
      throw new RangeError(`cannot encode phase ${String((p as { kind: unknown }).kind)}`);
  }
}

function decodePhase(r: Reader): Phase | null {
  const kind = r.word('phase', PHASES);
  if (r.error !== null) return null;
  switch (kind) {
    case 'LOBBY': {
      const notice = decodeNotice(r);
      return { kind, notice, startIn: r.optUint('startIn', RANGES.lobbyTicks) };
    }
    case 'COUNTDOWN':
      return { kind, ticksLeft: r.uint('ticksLeft', RANGES.countdownTicks) };
    case 'GAME': {
      const ticksLeft = r.uint('ticksLeft', RANGES.gameTicks);
      const hidersLeft = r.uint('hidersLeft', RANGES.hiders);
      const hidersTotal = r.uint('hidersTotal', RANGES.hiders);
      const headStart = r.uint('headStart', RANGES.headStartTicks);
      const endTicks = r.uint('endTicks', RANGES.endTicks);
      if (r.error === null && hidersLeft > hidersTotal) {
        return r.fail(`hidersLeft ${hidersLeft} > hidersTotal ${hidersTotal}`);
      }
      return { kind, ticksLeft, hidersLeft, hidersTotal, headStart, endTicks };
    }
    case 'END': {
      const w = r.word('winner', ['R', 'B', '-'] as const);
      return {
        kind,
        winner: w === '-' ? null : w,
        ticksLeft: r.uint('ticksLeft', RANGES.endTicks),
      };
    }
  }
}

function encodeEntry(e: SnapEntry): string {
  const id = fmtUint('id', e.id, RANGES.playerId);
  switch (e.op) {
    case 'set':
      return `${id}=${fmtUint('x', e.x, RANGES.position)},${fmtUint('y', e.y, RANGES.position)}`;
    case 'move':
      return `${id}+${fmtSint('dx', e.dx, RANGES.delta)},${fmtSint('dy', e.dy, RANGES.delta)}`;
    case 'gone':
      return `${id}x`;
    default:
      throw new RangeError(`cannot encode entry op ${String((e as { op: unknown }).op)}`);
  }
}

function decodeEntry(r: Reader, t: string): SnapEntry | null {
  let j = 0;
  while (j < t.length && t.charCodeAt(j) >= 0x30 && t.charCodeAt(j) <= 0x39) j++;
  const id = parseUint(t, 0, j);
  if (!inRange(id, RANGES.playerId)) return r.fail(`entry ${show(t)}: bad id`);
  const op = t.charAt(j);
  if (op === 'x')
    return j + 1 === t.length ? { op: 'gone', id } : r.fail(`entry ${show(t)}: text after x`);
  const comma = t.indexOf(',', j + 1);
  if ((op !== '=' && op !== '+') || comma < 0) {
    return r.fail(`entry ${show(t)} is not <id>=<x>,<y>, <id>+<dx>,<dy> or <id>x`);
  }
  if (op === '=') {
    const x = parseUint(t, j + 1, comma);
    const y = parseUint(t, comma + 1, t.length);
    if (!inRange(x, RANGES.position) || !inRange(y, RANGES.position)) {
      return r.fail(`entry ${show(t)}: position not in ${RANGES.position.join('–')}`);
    }
    return { op: 'set', id, x, y };
  }
  const dx = parseSint(t, j + 1, comma);
  const dy = parseSint(t, comma + 1, t.length);
  if (!inRange(dx, RANGES.delta) || !inRange(dy, RANGES.delta)) {
    return r.fail(`entry ${show(t)}: change not in ${RANGES.delta.join('–')}`);
  }
  return { op: 'move', id, dx, dy };
}

/** Why the entry list cannot be sent with this base (null: it can). */
function entriesProblem(entries: readonly SnapEntry[], baseTick: number | null): string | null {
  if (entries.length > MAX_SNAP_ENTRIES) return `more than ${MAX_SNAP_ENTRIES} entries`;
  // Ids strictly increasing (as snapEntries writes them) are unique without a set.
  let increasing = true;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (i > 0 && e.id <= entries[i - 1]!.id) increasing = false;
    if (baseTick === null && e.op !== 'set')
      return `entry ${e.id}${e.op === 'move' ? '+' : 'x'} needs a base snapshot`;
  }
  if (increasing) return null;
  const seen = new Set<number>();
  for (const e of entries) {
    if (seen.has(e.id)) return `player ${e.id} appears twice`;
    seen.add(e.id);
  }
  return null;
}

export const snapCodec: Codec<SnapMessage> = {
  encode(m) {
    let s = `SNAP ${fmtUint('tick', m.tick, RANGES.tick)}`;
    s += ` ${fmtOptUint('baseTick', m.baseTick, RANGES.tick)}`;
    s += ` ${fmtOptUint('ackSeq', m.ackSeq, RANGES.seq)}`;
    s += ` ${fmtOptSint('lead', m.lead, RANGES.lead)}`;
    s += ` ${fmtUint('rosterVersion', m.rosterVersion, SNAP_ROSTER_VERSION)}`;
    s += ` ${encodePhase(m.phase)}`;
    const problem =
      m.baseTick !== null && m.baseTick >= m.tick
        ? `baseTick ${m.baseTick} is not before tick ${m.tick}`
        : entriesProblem(m.entries, m.baseTick);
    if (problem !== null) throw new RangeError(`cannot encode SNAP: ${problem}`);
    for (const e of m.entries) s += ` ${encodeEntry(e)}`;
    return `${s} END`;
  },
  decode(r) {
    const tick = r.uint('tick', RANGES.tick);
    const baseTick = r.optUint('baseTick', RANGES.tick);
    const ackSeq = r.optUint('ackSeq', RANGES.seq);
    const lead = r.optSint('lead', RANGES.lead);
    const rosterVersion = r.uint('rosterVersion', SNAP_ROSTER_VERSION);
    const phase = decodePhase(r);
    if (phase === null || r.error !== null) return r.fail('bad phase');
    if (baseTick !== null && baseTick >= tick) {
      return r.fail(`baseTick ${baseTick} is not before tick ${tick}`);
    }
    if (r.remaining > MAX_SNAP_ENTRIES) return r.fail(`more than ${MAX_SNAP_ENTRIES} entries`);
    const entries: SnapEntry[] = [];
    while (r.remaining > 0) {
      const e = decodeEntry(r, r.next('entry'));
      if (e === null) return null;
      entries.push(e);
    }
    const problem = entriesProblem(entries, baseTick);
    if (problem !== null) return r.fail(problem);
    return { type: 'SNAP', tick, baseTick, ackSeq, lead, rosterVersion, phase, entries };
  },
};
