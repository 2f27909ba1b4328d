/**
 * The roster (PROTOCOL.md §11): the player list with teams and flags, sent only when it changes.
 * Each change makes a new version, split into parts that fit a datagram, encoded once.
 */
import type { GameState } from '../game/state.ts';
import { encodeBytes, type RosterEntry, splitRoster } from '../protocol/index.ts';

export class Roster {
  version = 1;
  /** The current version's parts, encoded. */
  parts: Uint8Array[] = [];
  private signature = '';

  /** Takes the roster from `state`; returns true when it changed (a new version). */
  update(state: GameState): boolean {
    let signature = '';
    for (const p of state.players) {
      signature += `${p.id}${p.team}${+p.ready}${+p.caught}${+p.spectator} `;
    }
    if (signature === this.signature && this.parts.length > 0) return false;
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
    this.signature = signature;
    this.parts = splitRoster(this.version, entries).map(encodeBytes);
    return true;
  }
}
