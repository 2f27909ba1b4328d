/** Codec of ROSTER: one part of the player list, entries `<id>:<name>:<colour>:<team>:<flags>`. */
import { TEAMS, type Team } from '../game/units.ts';
import { RANGES, U32_MAX } from './constants.ts';
import { type Codec, fmtUint, inRange, parseUint, type Reader, show } from './fields.ts';
import type { RosterEntry, RosterMessage } from './messages.ts';
import { checkName } from './text.ts';

/** A roster's version is never 0 (0 in INPUT means "no roster yet"). */
export const ROSTER_VERSION_RANGE = [1, U32_MAX] as const;

function flagsToString(e: RosterEntry): string {
  const s = (e.ready ? 'r' : '') + (e.caught ? 'c' : '') + (e.spectator ? 's' : '');
  return s === '' ? '-' : s;
}

/** Flags of `s`: `-` or a non-empty subsequence of "rcs"; null when not canonical. */
function parseFlags(s: string): { ready: boolean; caught: boolean; spectator: boolean } | null {
  if (s === '-') return { ready: false, caught: false, spectator: false };
  if (s.length === 0) return null;
  let last = -1;
  for (let i = 0; i < s.length; i++) {
    const f = 'rcs'.indexOf(s.charAt(i));
    if (f <= last) return null;
    last = f;
  }
  return { ready: s.includes('r'), caught: s.includes('c'), spectator: s.includes('s') };
}

export function encodeRosterEntry(e: RosterEntry): string {
  const id = fmtUint('id', e.id, RANGES.playerId);
  if (checkName(e.name) !== 'ok')
    throw new RangeError(`cannot encode name ${JSON.stringify(e.name)}`);
  if (!TEAMS.includes(e.team)) throw new RangeError(`cannot encode team ${String(e.team)}`);
  return `${id}:${e.name}:${fmtUint('colour', e.colour, RANGES.colour)}:${e.team}:${flagsToString(e)}`;
}

function decodeEntry(r: Reader, t: string): RosterEntry | null {
  const c1 = t.indexOf(':');
  const c2 = c1 < 0 ? -1 : t.indexOf(':', c1 + 1);
  const c3 = c2 < 0 ? -1 : t.indexOf(':', c2 + 1);
  const c4 = c3 < 0 ? -1 : t.indexOf(':', c3 + 1);
  if (c4 < 0) return r.fail(`player ${show(t)} is not <id>:<name>:<colour>:<team>:<flags>`);
  const id = parseUint(t, 0, c1);
  if (!inRange(id, RANGES.playerId)) return r.fail(`player ${show(t)}: bad id`);
  const name = t.slice(c1 + 1, c2);
  if (checkName(name) !== 'ok') return r.fail(`player ${show(t)}: bad name`);
  const colour = parseUint(t, c2 + 1, c3);
  if (!inRange(colour, RANGES.colour)) return r.fail(`player ${show(t)}: bad colour`);
  const team = t.slice(c3 + 1, c4) as Team;
  if (!TEAMS.includes(team)) return r.fail(`player ${show(t)}: team must be N, R or B`);
  const flags = parseFlags(t.slice(c4 + 1));
  if (flags === null)
    return r.fail(`player ${show(t)}: flags must be - or a subset of rcs in order`);
  return { id, name, colour, team, ...flags };
}

function partProblem(part: number, parts: number, ids: readonly number[]): string | null {
  if (part >= parts) return `part ${part} is not below parts ${parts}`;
  if (new Set(ids).size !== ids.length) return 'a player id appears twice';
  return null;
}

export const rosterCodec: Codec<RosterMessage> = {
  encode(m) {
    let s = `ROSTER ${fmtUint('version', m.version, ROSTER_VERSION_RANGE)}`;
    s += ` ${fmtUint('part', m.part, RANGES.rosterPart)} ${fmtUint('parts', m.parts, RANGES.rosterParts)}`;
    const problem = partProblem(
      m.part,
      m.parts,
      m.players.map((p) => p.id),
    );
    if (problem !== null) throw new RangeError(`cannot encode ROSTER: ${problem}`);
    for (const p of m.players) s += ` ${encodeRosterEntry(p)}`;
    return `${s} END`;
  },
  decode(r) {
    const version = r.uint('version', ROSTER_VERSION_RANGE);
    const part = r.uint('part', RANGES.rosterPart);
    const parts = r.uint('parts', RANGES.rosterParts);
    const players: RosterEntry[] = [];
    while (r.remaining > 0 && r.error === null) {
      const p = decodeEntry(r, r.next('player'));
      if (p === null) return null;
      players.push(p);
    }
    if (r.error !== null) return null;
    const problem = partProblem(
      part,
      parts,
      players.map((p) => p.id),
    );
    return problem === null ? { type: 'ROSTER', version, part, parts, players } : r.fail(problem);
  },
};
