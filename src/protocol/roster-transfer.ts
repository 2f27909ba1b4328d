/**
 * Roster transfer: the server splits its player list into ROSTER parts that each fit a
 * datagram; the client keeps the newest complete version.
 */
import { encodeRosterEntry } from './codec-roster.ts';
import { MAX_DATAGRAM, RANGES } from './constants.ts';
import type { RosterEntry, RosterMessage } from './messages.ts';

/** Longest `ROSTER <version> <part> <parts>` plus ` END`. */
const ROSTER_FRAME_BYTES = 'ROSTER 4294967295 15 16'.length + ' END'.length;

/**
 * The ROSTER parts of one version, filled in order, each ≤ MAX_DATAGRAM bytes. An empty roster
 * is one part with no players. Throws if it needs more than 16 parts.
 */
export function splitRoster(version: number, players: readonly RosterEntry[]): RosterMessage[] {
  const groups: RosterEntry[][] = [[]];
  let used = ROSTER_FRAME_BYTES;
  for (const p of players) {
    const size = 1 + encodeRosterEntry(p).length;
    if (used + size > MAX_DATAGRAM) {
      groups.push([]);
      used = ROSTER_FRAME_BYTES;
    }
    groups[groups.length - 1]?.push(p);
    used += size;
  }
  const parts = groups.length;
  if (parts > RANGES.rosterParts[1]) {
    throw new RangeError(`a roster of ${players.length} players needs ${parts} parts (max 16)`);
  }
  return groups.map((g, part) => ({ type: 'ROSTER', version, part, parts, players: g }));
}

/** What `RosterAssembler.add` did with a part. */
export type RosterPartStatus =
  /** The part completed its version: `players` and `version` are now the new roster. */
  | 'complete'
  /** Stored; more parts of that version to come. */
  | 'partial'
  | 'duplicate'
  /** Of a version no newer than the complete one held: ignored. */
  | 'old'
  /** Disagrees with earlier parts of its version (part count), or repeats a player id. */
  | 'bad';

/** Collects ROSTER parts of the newest version, in any order, until one version is complete. */
export class RosterAssembler {
  /** Version of `players`, 0 before the first complete roster (what INPUT reports). */
  version = 0;
  players: readonly RosterEntry[] = [];
  private pendingVersion = 0;
  private pending: (RosterMessage | undefined)[] = [];

  add(msg: RosterMessage): RosterPartStatus {
    if (msg.version <= this.version || msg.version < this.pendingVersion) return 'old';
    if (msg.version > this.pendingVersion) {
      this.pendingVersion = msg.version;
      this.pending = new Array<RosterMessage | undefined>(msg.parts).fill(undefined);
    }
    if (msg.parts !== this.pending.length) return 'bad';
    if (this.pending[msg.part] !== undefined) return 'duplicate';
    this.pending[msg.part] = msg;
    if (this.pending.some((p) => p === undefined)) return 'partial';
    const players = this.pending.flatMap((p) => p?.players ?? []);
    this.pending = [];
    this.pendingVersion = 0;
    if (new Set(players.map((p) => p.id)).size !== players.length) return 'bad';
    this.version = msg.version;
    this.players = players;
    return 'complete';
  }
}
