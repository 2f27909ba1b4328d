/**
 * A round's summary, kept as the round goes: who hid, who caught whom and when, who left. Fed
 * with the rules' events (rules.ts `step`, `removePlayer`) and the tick they happened at; the
 * server turns it into the EVENTS `hider` lines sent just before a round's `end`. Pure: the tick
 * is a parameter.
 */
import type { GameEvent } from './rules.ts';
import type { GameState } from './state.ts';

/** What became of one hider: caught by a seeker (its id), safe to the end, or left. */
export interface HiderFate {
  readonly hider: number;
  readonly by: number | 'safe' | 'left';
  /** Ticks from the round's start to the catch, the departure, or the end. */
  readonly ticks: number;
}

/** What `RoundLog.note` made of an event, for the server to send. */
export type RoundNote =
  | {
      readonly kind: 'start';
      readonly round: number;
      readonly seekers: number;
      readonly hiders: number;
    }
  | { readonly kind: 'end'; readonly ticks: number; readonly fates: readonly HiderFate[] }
  | null;

export class RoundLog {
  /** Rounds started on this server so far (the current one's number while it runs). */
  round = 0;
  private startTick = 0;
  private running = false;
  /** The round's hiders, in id order, and their fates once decided. */
  private readonly fates = new Map<number, HiderFate | null>();

  /**
   * Takes one of the rules' events that happened at `tick` (the tick `step` ran, before its
   * increment). `state` is read at a round's start for its hiders.
   */
  note(event: GameEvent, tick: number, state: GameState): RoundNote {
    switch (event.type) {
      case 'game-start': {
        this.round++;
        this.running = true;
        this.startTick = tick;
        this.fates.clear();
        const hiders = state.players.filter((p) => p.team === 'B' && !p.spectator);
        for (const p of hiders.sort((a, b) => a.id - b.id)) this.fates.set(p.id, null);
        return { kind: 'start', round: this.round, seekers: event.seekers, hiders: event.hiders };
      }
      case 'caught':
        this.decide(event.hiderId, event.seekerId, tick);
        return null;
      case 'leave':
        this.decide(event.id, 'left', tick);
        return null;
      case 'game-end': {
        if (!this.running) return null;
        this.running = false;
        const ticks = Math.max(0, tick - this.startTick);
        const fates: HiderFate[] = [];
        for (const [hider, fate] of this.fates) fates.push(fate ?? { hider, by: 'safe', ticks });
        return { kind: 'end', ticks, fates };
      }
      default:
        return null;
    }
  }

  /** The first thing that happens to a hider of the running round is its fate. */
  private decide(hider: number, by: number | 'left', tick: number): void {
    if (!this.running || this.fates.get(hider) !== null) return;
    this.fates.set(hider, { hider, by, ticks: Math.max(0, tick - this.startTick) });
  }
}
