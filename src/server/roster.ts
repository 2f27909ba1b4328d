/**
 * The roster (PROTOCOL.md §11): the player list with teams and flags, sent only when it changes.
 * Each change makes a new version, split into parts that fit a datagram, encoded once.
 */
import type { GameState, Player } from '../game/state.ts';
import { encodeBytes, type RosterEntry, splitRoster } from '../protocol/index.ts';

/** Team as 0–2, for the roster's signature. */
const TEAM_CODE = { N: 0, R: 1, B: 2 } as const;

export class Roster {
  version = 1;
  /** The current version's parts, encoded. */
  parts: Uint8Array[] = [];
  /**
   * What the roster was made from: per player, its id, team and flags as one number. Compared
   * every tick, rebuilt only on a change: no string is built per tick to find nothing changed.
   */
  private signature: number[] = [];

  /** Takes the roster from `state`; returns true when it changed (a new version). */
  update(state: GameState): boolean {
    const { players } = state;
    const old = this.signature;
    let same = old.length === players.length && this.parts.length > 0;
    for (let i = 0; same && i < players.length; i++) same = old[i] === signature(players[i]!);
    if (same) return false;
    this.signature = players.map(signature);
    const entries: RosterEntry[] = state.players.map((p) => ({
      id: p.id,
      name: p.name,
      colour: p.colour,
      team: p.team,
      ready: p.ready,
      caught: p.caught,
      spectator: p.spectator,
    }));
    if (this.parts.length > 0) this.version++;
    this.parts = splitRoster(this.version, entries).map(encodeBytes);
    return true;
  }
}

/** A player's id, team and flags in one integer (id ≤ 65535: well within 2^53). */
function signature(p: Player): number {
  return p.id * 32 + TEAM_CODE[p.team] * 8 + +p.ready * 4 + +p.caught * 2 + +p.spectator;
}
