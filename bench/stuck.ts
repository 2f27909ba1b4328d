/**
 * Time stuck, as bench/corrections.ts reports it: a player that holds a movement key through a
 * tick and ends the tick where it started it is stuck for that tick; a spell of such ticks in a
 * row that lasts at least `minTicks` (one second by default) counts whole. Spells shorter than
 * that are a push against a wall that a person (or a bot) corrects at once and are not counted.
 * Read from the server's state, the truth of where everybody is: what a person sees as "I hold
 * the key and nothing happens". Caught hiders and spectators never move and are left out.
 */
import { isLiving, type Player } from '../src/game/state.ts';

interface Spell {
  x: number;
  y: number;
  /** Ticks in a row the player held keys and did not move (0: not stuck). */
  ticks: number;
}

export interface StuckFigures {
  /** Ticks counted in spells of at least `minTicks`, and the number of those spells. */
  readonly ticks: number;
  readonly spells: number;
}

export class StuckMeter {
  private readonly byId = new Map<number, Spell>();
  private ticks = 0;
  private spells = 0;

  /** @param minTicks the shortest spell counted, in ticks (1 s at the game's tick rate) */
  constructor(private readonly minTicks: number) {}

  /**
   * The players after a tick (call once per tick, in tick order). `keys` is what each held
   * during that tick (inputs are applied before movement).
   */
  observe(players: readonly Player[]): void {
    const present = new Set<number>();
    for (const p of players) {
      present.add(p.id);
      const spell = this.byId.get(p.id);
      if (spell === undefined) {
        this.byId.set(p.id, { x: p.x, y: p.y, ticks: 0 });
        continue;
      }
      const still = spell.x === p.x && spell.y === p.y;
      if (isLiving(p) && p.keys !== 0 && still) spell.ticks++;
      else this.close(spell);
      spell.x = p.x;
      spell.y = p.y;
    }
    for (const [id, spell] of this.byId) {
      if (present.has(id)) continue;
      this.close(spell);
      this.byId.delete(id);
    }
  }

  /** Spells so far, those still running included (as if they ended now). */
  figures(): StuckFigures {
    let { ticks, spells } = this;
    for (const s of this.byId.values()) {
      if (s.ticks >= this.minTicks) {
        ticks += s.ticks;
        spells++;
      }
    }
    return { ticks, spells };
  }

  /** Forgets what was counted (after a warm-up); running spells start again from now. */
  reset(): void {
    this.ticks = this.spells = 0;
    for (const s of this.byId.values()) s.ticks = 0;
  }

  private close(spell: Spell): void {
    if (spell.ticks >= this.minTicks) {
      this.ticks += spell.ticks;
      this.spells++;
    }
    spell.ticks = 0;
  }
}
