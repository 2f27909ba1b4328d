/**
 * A bot's decisions: pure logic that turns what one player is allowed to know (the map, its own
 * position, the phase, the roster, and the positions its snapshots hold, which during a game are
 * only the players it sees) into held keys and now and then a one-shot action. No clock (the
 * time is a parameter), no sockets, randomness only from its seeded generator: the same inputs
 * in the same order give the same decisions, so a seeded game of bots replays exactly.
 *
 * - Lobby: after a short seeded delay, join the team with fewer players (ties: the generator);
 *   once the roster shows the team, ready up, unless its team is two players larger than the
 *   other (then the non-ready member with the highest id moves over: one bot, not all at once).
 *   In a team, stroll around a little. Bots that know their fellow bots (`fellows`) wait for
 *   the humans: while a human is in the lobby and none is ready, they do not ready up (and
 *   un-ready, also during a countdown), so the game starts once a human is ready, as in a local
 *   game; at most `humanWaitMs`, after which the server's lobby timer has its say.
 * - Seeker: chase a living hider it sees; else go where it last saw one; else search, walking to
 *   the nearest dark cell it has not been next to lately (a hider in the dark is seen only from
 *   its proximity zone; lit floor in sight is seen from afar anyway).
 * - Hider: walk to a dark cell (never seen from afar) away from where seekers were seen, and stay
 *   there; when a seeker is in sight, flee toward the far end of the cells it reaches before any
 *   seeker could (dark ones preferred), planning again every 0.5 s.
 * - Caught, spectating, countdown, end: hold nothing.
 * - Walking: a teammate standing in the way (not walking on the same way) is given way to at
 *   once, and keys that have not moved the player for half a second count as stuck: either way
 *   a random direction for a moment, then a new plan.
 */
import type { GameMap } from '../game/map.ts';
import { KEY } from '../game/movement.ts';
import { type RngState, rngInt, seedRng } from '../game/rng.ts';
import type { Action } from '../game/rules.ts';
import { CELL_H, CELL_W, PLAYER_H, PLAYER_W, SPEED, type Team } from '../game/units.ts';
import { NEAR_X, NEAR_Y } from '../game/visibility.ts';
import { keysToward, NavMap, type Point, UNREACHABLE } from './nav.ts';

/** The phases as a bot tells them apart (the SNAP phase, lower case). */
export type BotPhase = 'lobby' | 'countdown' | 'game' | 'end';

/** A one-shot action: join the seekers, the hiders, no team, or toggle ready. */
export type BotAction = Action;

/** What the roster says of a player (a RosterEntry fits). */
export interface BrainPlayer {
  readonly name: string;
  readonly team: Team;
  readonly ready: boolean;
  readonly caught: boolean;
  readonly spectator: boolean;
}

/** Everything one decision may look at. */
export interface BrainInput {
  /** Time in ms (any origin, never going back). */
  readonly now: number;
  /** The bot's own player id. */
  readonly id: number;
  /** Its own box's corner (the predicted present, or the newest snapshot's); null before one. */
  readonly position: Point | null;
  /** Its team as the roster has it. */
  readonly team: Team;
  readonly phase: BotPhase;
  /** Every player by id, from the newest complete roster. */
  readonly roster: ReadonlyMap<number, BrainPlayer>;
  /**
   * The positions of the newest snapshot by id (during a game, only the players it sees). Kept
   * and never changed: a new snapshot is a new map.
   */
  readonly seen: ReadonlyMap<number, Point>;
  /** The seekers' head start runs (a seeker then stands still, whatever it holds). */
  readonly headStart?: boolean;
}

/** What to do: the keys to hold from now on, and maybe one action. */
export interface BrainOutput {
  readonly keys: number;
  readonly action: BotAction | null;
}

/** What the brain is busy with (for tests, logs and a debug view). */
export type BrainMode =
  | 'idle'
  | 'wander'
  | 'explore'
  | 'chase'
  | 'last-seen'
  | 'travel'
  | 'hide'
  | 'flee';

export interface BrainOptions {
  /** Seed of the bot's generator: delays, team ties, waypoints, spots. */
  readonly seed: number;
  /**
   * Line up on the other axis before a passage (nav.ts `stepKeys`), a diagonal for a moment.
   * Off, it holds one key as a person would and counts on the movement's corner assistance
   * (bun run bench corrections --line-up 0 compares the two). @default true
   */
  readonly lineUp?: boolean;
  /**
   * The names of the bots playing beside it (its own included): every other player is a human,
   * to wait for. Unknown (undefined): no waiting, every player counts alike.
   */
  readonly fellows?: ReadonlySet<string>;
  /** How long it waits for a human in the lobby, ms. @default Infinity */
  readonly humanWaitMs?: number;
}

/** First team choice: this long after the bot first sees itself in a lobby roster, plus up to… */
const TEAM_DELAY_MS = 300;
const TEAM_DELAY_SPREAD_MS = 1200;
/** READY this long after the roster shows the team, plus up to… */
const READY_DELAY_MS = 200;
const READY_DELAY_SPREAD_MS = 600;
/** An action the roster does not reflect after this long is pressed again. */
const ACTION_RETRY_MS = 1000;
/** Keys held without moving this long: stuck (against a player, or a corner). */
const STUCK_MS = 500;
/** A teammate this close ahead (units; a quarter of a cell) stands in the way. */
const AHEAD_X = CELL_W / 4;
const AHEAD_Y = CELL_H / 4;
/** Then a random direction is held this long, and the plan is made again. */
const JITTER_MS = 300;
/** A seeker goes to where it last saw a hider if that was less than this ago. */
const LAST_SEEN_MS = 8000;
/** A searched cell is worth searching again after this long. */
const SEARCH_FORGET_MS = 45_000;
/** Noise (in cell widths of travel) added to the search's "nearest unsearched cell". */
const SEARCH_NOISE = 10;
/** Added to the travel to a cell that a seeker in sight is nearer to. */
const SEARCH_SHARED_PENALTY = 40;
/** A search waypoint not reached after this long is given up. */
const WAYPOINT_TIMEOUT_MS = 15_000;
/** A fleeing hider plans again this often while it sees a seeker… */
const FLEE_REPLAN_MS = 500;
/** …and keeps running to its last flight target this long after it lost sight of them all. */
const FLEE_CALM_MS = 2000;
/** Where seekers were seen counts in the choice of a hiding spot for this long. */
const THREAT_MEMORY_MS = 30_000;
/** A hiding spot is at most this far away (cell widths of travel: a hider does 6 a second). */
const SPOT_MAX_TRAVEL = 90;
/** Score of a hiding spot: random part, weight of the travel, of the distance from seekers. */
const SPOT_NOISE = 40;
const SPOT_TRAVEL_WEIGHT = 0.3;
const SPOT_THREAT_WEIGHT = 0.8;
const SPOT_THREAT_CAP = 60;
/** Score bonus of a dark flight target, in cell widths of seeker distance. */
const FLEE_DARK_BONUS = 8;
/** Lobby strolls: how far, and the pause between two. */
const WANDER_RANGE = 8;
const WANDER_PAUSE_MS = 1500;
const WANDER_PAUSE_SPREAD_MS = 3000;

const DIRECTIONS = [KEY.up, KEY.down, KEY.left, KEY.right] as const;

/** The decisions of one bot; call `decide` once a tick. */
export class Brain {
  readonly nav: NavMap;
  /** What it is doing since the last decision. */
  mode: BrainMode = 'idle';
  /** The cell it is walking to (waypoint, chase, spot, flight), or null. */
  target: number | null = null;
  private readonly rng: RngState;
  private phase: BotPhase | null = null;
  // Lobby.
  private teamAt: number | null = null;
  private teamPressedAt = Number.NEGATIVE_INFINITY;
  private readyAt: number | null = null;
  private readyPressedAt = Number.NEGATIVE_INFINITY;
  private wanderAt = 0;
  private readonly fellows: ReadonlySet<string> | null;
  private readonly humanWaitMs: number;
  /** Since when a human has been waited for (null: none is). */
  private humanSince: number | null = null;
  // Movement.
  private lastPos: Point | null = null;
  /**
   * The positions of the newest snapshot it decided on, and of the one before (a teammate that
   * moved between the two is walking on). Snapshots' maps never change once made.
   */
  private seenNow: ReadonlyMap<number, Point> = new Map();
  private seenBefore: ReadonlyMap<number, Point> = new Map();
  private stillSince = 0;
  private jitterKeys = 0;
  private jitterUntil = Number.NEGATIVE_INFINITY;
  private stuck = 0;
  private readonly lineUp: boolean;
  // Seeker.
  private readonly searchedAt: Float64Array;
  private waypoint: number | null = null;
  private waypointAt = 0;
  private lastSeen: { cell: number; pos: Point; at: number } | null = null;
  // Hider.
  private spot: number | null = null;
  private threats: number[] = [];
  private threatAt = Number.NEGATIVE_INFINITY;
  private flee: { target: number; field: Int32Array; planAt: number } | null = null;
  private readonly work: Int32Array;
  private readonly work2: Int32Array;

  constructor(map: GameMap, options: BrainOptions) {
    this.nav = NavMap.of(map);
    this.rng = seedRng(options.seed);
    this.lineUp = options.lineUp ?? true;
    this.fellows = options.fellows ?? null;
    this.humanWaitMs = options.humanWaitMs ?? Number.POSITIVE_INFINITY;
    this.searchedAt = new Float64Array(this.nav.size).fill(Number.NEGATIVE_INFINITY);
    this.work = new Int32Array(this.nav.size);
    this.work2 = new Int32Array(this.nav.size);
  }

  /** One decision. */
  decide(input: BrainInput): BrainOutput {
    if (input.phase !== this.phase) this.enterPhase(input.phase);
    const me = input.roster.get(input.id);
    if (me === undefined || me.spectator) return this.idle();
    switch (input.phase) {
      case 'lobby':
        return this.lobby(input, me);
      case 'countdown':
        // A human came during a countdown: step back so that it gets a lobby of its own.
        return { keys: 0, action: this.unreadyForHumans(input, me) };
      case 'game':
        if (me.caught || input.position === null || input.team === 'N') return this.idle();
        if (input.team === 'R' && input.headStart === true) return this.idle();
        return {
          keys: this.move(input, input.team === 'R' ? this.seek(input) : this.hide(input)),
          action: null,
        };
      default:
        return this.idle();
    }
  }

  private idle(): BrainOutput {
    this.mode = 'idle';
    this.target = null;
    return { keys: 0, action: null };
  }

  private enterPhase(phase: BotPhase): void {
    this.phase = phase;
    this.target = null;
    this.lastPos = null;
    this.jitterUntil = Number.NEGATIVE_INFINITY;
    if (phase === 'lobby') {
      this.readyAt = null;
      this.readyPressedAt = Number.NEGATIVE_INFINITY;
    }
    if (phase === 'game') {
      this.searchedAt.fill(Number.NEGATIVE_INFINITY);
      this.lastSeen = null;
      this.waypoint = null;
      this.spot = null;
      this.threats = [];
      this.threatAt = Number.NEGATIVE_INFINITY;
      this.flee = null;
    }
  }

  // ── Lobby ───────────────────────────────────────────────────────────────────────────

  private lobby(input: BrainInput, me: BrainPlayer): BrainOutput {
    const { now } = input;
    const counts = { N: 0, R: 0, B: 0 };
    for (const [, p] of input.roster) if (!p.spectator) counts[p.team]++;
    let action: BotAction | null = null;
    if (me.team === 'N') {
      this.readyAt = null;
      this.teamAt ??= now + TEAM_DELAY_MS + rngInt(this.rng, TEAM_DELAY_SPREAD_MS);
      if (now >= this.teamAt && now - this.teamPressedAt >= ACTION_RETRY_MS) {
        const team = counts.R < counts.B ? 'R' : counts.B < counts.R ? 'B' : this.coin('R', 'B');
        action = team === 'R' ? 'RED' : 'BLUE';
        this.teamPressedAt = now;
      }
    } else if (this.waitingForHumans(input)) {
      this.readyAt = null;
      action = this.unreadyForHumans(input, me);
    } else if (!me.ready) {
      const other = me.team === 'R' ? 'B' : 'R';
      this.readyAt ??= now + READY_DELAY_MS + rngInt(this.rng, READY_DELAY_SPREAD_MS);
      if (counts[me.team] >= counts[other] + 2) {
        // Too many of us: the non-ready member with the highest id moves over, alone.
        let highest = -1;
        for (const [id, p] of input.roster) {
          if (p.team === me.team && !p.ready && !p.spectator) highest = Math.max(highest, id);
        }
        if (highest === input.id && now - this.teamPressedAt >= ACTION_RETRY_MS) {
          action = other === 'R' ? 'RED' : 'BLUE';
          this.teamPressedAt = now;
          this.readyAt = null;
        }
      } else if (now >= this.readyAt && now - this.readyPressedAt >= ACTION_RETRY_MS) {
        action = 'READY';
        this.readyPressedAt = now;
      }
    }
    const keys = me.team === 'N' || input.position === null ? 0 : this.wander(input);
    return { keys, action };
  }

  /** Whether it holds back READY: a human is in the lobby, none is ready, not for too long. */
  private waitingForHumans(input: BrainInput): boolean {
    if (this.fellows === null) return false;
    let waiting = false;
    for (const [id, p] of input.roster) {
      if (id === input.id || p.spectator || this.fellows.has(p.name)) continue;
      if (p.ready) return false;
      waiting = true;
    }
    if (!waiting) {
      this.humanSince = null;
      return false;
    }
    this.humanSince ??= input.now;
    return input.now - this.humanSince < this.humanWaitMs;
  }

  /** READY (to un-ready) when it is ready while waiting for a human; else nothing. */
  private unreadyForHumans(input: BrainInput, me: BrainPlayer): BotAction | null {
    if (!me.ready || !this.waitingForHumans(input)) return null;
    if (input.now - this.readyPressedAt < ACTION_RETRY_MS) return null;
    this.readyPressedAt = input.now;
    return 'READY';
  }

  /** A short stroll now and then (only in a team: unassigned players run too fast to steer). */
  private wander(input: BrainInput): number {
    const { now } = input;
    const pos = input.position!;
    const here = this.nav.cellOf(pos);
    if (this.target === null || here === this.target) {
      if (this.target !== null) {
        this.target = null;
        this.wanderAt = now + WANDER_PAUSE_MS + rngInt(this.rng, WANDER_PAUSE_SPREAD_MS);
      }
      if (now < this.wanderAt) {
        this.mode = 'idle';
        return this.move(input, this.nav.centreKeys(here, pos));
      }
      const near = this.nav.distances([here], this.work, (_c, d) => d <= WANDER_RANGE);
      const cells = this.nav.floorCells.filter((c) => near[c]! > 0);
      if (cells.length === 0) {
        this.wanderAt = now + WANDER_PAUSE_MS;
        return 0;
      }
      this.target = cells[rngInt(this.rng, cells.length)]!;
    }
    this.mode = 'wander';
    return this.move(input, this.walkTo(this.target, pos) ?? 0);
  }

  // ── Seeker ──────────────────────────────────────────────────────────────────────────

  private seek(input: BrainInput): number {
    const { now, roster } = input;
    const pos = input.position!;
    const nav = this.nav;
    const here = nav.cellOf(pos);
    this.markSearched(here, now);
    let prey: { id: number; pos: Point; cell: number; d: number } | null = null;
    const mates: number[] = [];
    for (const [id, p] of input.seen) {
      if (id === input.id) continue;
      const who = roster.get(id);
      if (who === undefined || who.caught || who.spectator) continue;
      const cell = nav.cellOf(p);
      if (who.team === 'R') {
        // Another seeker sees what is next to it: no need to search there again.
        this.markSearched(cell, now);
        mates.push(cell);
      }
      if (who.team !== 'B') continue;
      const d = Math.abs(p.x - pos.x) + Math.abs(p.y - pos.y);
      if (prey === null || d < prey.d) prey = { id, pos: p, cell, d };
    }
    if (prey !== null) {
      this.mode = 'chase';
      this.target = prey.cell;
      this.lastSeen = { cell: prey.cell, pos: prey.pos, at: now };
      const field = nav.fieldTo(prey.cell);
      if (here === prey.cell || nav.nextCell(field, here) === prey.cell) {
        return keysToward(pos, prey.pos);
      }
      return nav.stepKeys(field, pos, this.lineUp) ?? keysToward(pos, prey.pos);
    }
    if (this.lastSeen !== null && now - this.lastSeen.at < LAST_SEEN_MS) {
      if (here !== this.lastSeen.cell) {
        const keys = this.walkTo(this.lastSeen.cell, pos);
        if (keys !== null) {
          this.mode = 'last-seen';
          this.target = this.lastSeen.cell;
          return keys;
        }
      }
      this.waypoint = null; // there, and nobody: search from here
    }
    this.lastSeen = null;
    this.mode = 'explore';
    const w = this.waypoint;
    if (
      w === null ||
      this.searchedAt[w]! >= this.waypointAt ||
      now - this.waypointAt > WAYPOINT_TIMEOUT_MS
    ) {
      this.waypoint = this.chooseWaypoint(here, mates, now);
      this.waypointAt = now;
    }
    this.target = this.waypoint;
    if (this.waypoint === null) return 0;
    const keys = this.walkTo(this.waypoint, pos);
    if (keys === null) this.waypoint = null;
    return keys ?? 0;
  }

  /** The cells a player on `cell` sees in the dark, searched at `now`. */
  private markSearched(cell: number, now: number): void {
    const nav = this.nav;
    const cx = nav.cellX(cell);
    const cy = nav.cellY(cell);
    for (let y = Math.max(0, cy - NEAR_Y); y <= Math.min(nav.height - 1, cy + NEAR_Y); y++) {
      for (let x = Math.max(0, cx - NEAR_X); x <= Math.min(nav.width - 1, cx + NEAR_X); x++) {
        const c = y * nav.width + x;
        if (nav.walls[c] !== 1 && nav.nearSight(cell, c, NEAR_X, NEAR_Y)) this.searchedAt[c] = now;
      }
    }
  }

  /**
   * The nearest dark cell not searched lately (with some noise), else the longest unsearched.
   * Cells nearer to a seeker in sight (`mates`) than to this one are left to it, if possible:
   * two seekers walking one corridor search half as much.
   */
  private chooseWaypoint(here: number, mates: readonly number[], now: number): number | null {
    const nav = this.nav;
    const dist = nav.distances([here], this.work);
    const theirs = mates.length > 0 ? nav.distances(mates, this.work2) : null;
    let best: number | null = null;
    let bestScore = Number.POSITIVE_INFINITY;
    for (const c of nav.darkCells) {
      const d = dist[c]!;
      if (d <= 0 || this.searchedAt[c]! > now - SEARCH_FORGET_MS) continue;
      const t = theirs === null ? UNREACHABLE : theirs[c]!;
      const theirsToo = t !== UNREACHABLE && t < d ? SEARCH_SHARED_PENALTY : 0;
      const score = d + theirsToo + rngInt(this.rng, SEARCH_NOISE);
      if (score < bestScore) {
        bestScore = score;
        best = c;
      }
    }
    if (best !== null) return best;
    // Everything searched lately: the longest ago, nearest first (lit floor if nothing is dark).
    let oldest = Number.POSITIVE_INFINITY;
    let nearest = Number.POSITIVE_INFINITY;
    for (const c of nav.darkCells.length > 0 ? nav.darkCells : nav.floorCells) {
      const d = dist[c]!;
      const at = this.searchedAt[c]!;
      if (d <= 0 || at > oldest || (at === oldest && d >= nearest)) continue;
      oldest = at;
      nearest = d;
      best = c;
    }
    return best;
  }

  // ── Hider ───────────────────────────────────────────────────────────────────────────

  private hide(input: BrainInput): number {
    const { now, roster } = input;
    const pos = input.position!;
    const nav = this.nav;
    const here = nav.cellOf(pos);
    const seekers: number[] = [];
    for (const [id, p] of input.seen) {
      const who = roster.get(id);
      if (id === input.id || who === undefined || who.team !== 'R') continue;
      if (!who.caught && !who.spectator) seekers.push(nav.cellOf(p));
    }
    if (seekers.length > 0) {
      this.threats = seekers;
      this.threatAt = now;
      this.spot = null;
      if (
        this.flee === null ||
        now >= this.flee.planAt + FLEE_REPLAN_MS ||
        here === this.flee.target
      ) {
        this.planFlight(here, now);
      }
    }
    const flee = this.flee;
    if (flee !== null && now - this.threatAt < FLEE_CALM_MS && here !== flee.target) {
      const keys = nav.stepKeys(flee.field, pos, this.lineUp);
      if (keys !== null) {
        this.mode = 'flee';
        this.target = flee.target;
        return keys;
      }
      this.planFlight(here, now); // pushed off the safe cells: plan again from here
      const again = nav.stepKeys(this.flee!.field, pos, this.lineUp);
      if (again !== null) {
        this.mode = 'flee';
        this.target = this.flee!.target;
        return again;
      }
    }
    this.flee = null;
    this.spot ??= this.chooseSpot(here, now);
    this.target = this.spot;
    if (here === this.spot) {
      this.mode = 'hide';
      return nav.centreKeys(here, pos);
    }
    this.mode = 'travel';
    const keys = this.walkTo(this.spot, pos);
    if (keys === null) this.spot = null;
    return keys ?? 0;
  }

  /** A dark cell within reach, away from where seekers were seen, partly at random. */
  private chooseSpot(here: number, now: number): number {
    const nav = this.nav;
    const mine = nav.distances([here], this.work);
    const recent = this.threats.length > 0 && now - this.threatAt < THREAT_MEMORY_MS;
    const theirs = recent ? nav.distances(this.threats, this.work2) : null;
    let best = here;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (const c of nav.darkCells) {
      const d = mine[c]!;
      if (d < 0 || d > SPOT_MAX_TRAVEL) continue;
      let score = rngInt(this.rng, SPOT_NOISE) - d * SPOT_TRAVEL_WEIGHT;
      if (theirs !== null) {
        const t = theirs[c]!;
        score += (t < 0 ? SPOT_THREAT_CAP : Math.min(t, SPOT_THREAT_CAP)) * SPOT_THREAT_WEIGHT;
      }
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    return best;
  }

  /**
   * Flight: the cells this hider reaches before any seeker it saw could (at their speeds, along
   * the grid), and among them the one farthest from the seekers, dark ones preferred. Cornered
   * (no such cell but its own), the cell with the best lead over the seekers anywhere.
   */
  private planFlight(here: number, now: number): void {
    const nav = this.nav;
    const theirs = nav.distances(this.threats, this.work2);
    const vs = SPEED.R;
    const vh = SPEED.B;
    // Hider time d / vh strictly before seeker time t / vs.
    const safe = (c: number, d: number) => {
      const t = theirs[c]!;
      return t === UNREACHABLE || d * vs < t * vh;
    };
    const mine = nav.distances([here], this.work, safe);
    let best = -1;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (const c of nav.floorCells) {
      if (mine[c]! <= 0) continue;
      const t = theirs[c]!;
      const score =
        (t === UNREACHABLE ? nav.size : t) +
        (nav.dark[c] === 1 ? FLEE_DARK_BONUS : 0) +
        rngInt(this.rng, 3);
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    let field: Int32Array;
    if (best >= 0) {
      // Walk there through the safe cells only.
      const allowed = mine;
      field = nav.distances([best], new Int32Array(nav.size), (c) => allowed[c]! >= 0);
    } else {
      const anywhere = nav.distances([here], this.work);
      for (const c of nav.floorCells) {
        const d = anywhere[c]!;
        const t = theirs[c]!;
        if (d <= 0) continue;
        const score = (t === UNREACHABLE ? nav.size : t) * vh - d * vs;
        if (score > bestScore) {
          bestScore = score;
          best = c;
        }
      }
      if (best < 0) best = here;
      field = nav.fieldTo(best);
    }
    this.flee = { target: best, field, planAt: now };
  }

  // ── Movement ────────────────────────────────────────────────────────────────────────

  /** Keys that walk toward `cell`; null when it cannot be reached from `pos`. */
  private walkTo(cell: number, pos: Point): number | null {
    return this.nav.stepKeys(this.nav.fieldTo(cell), pos, this.lineUp);
  }

  /**
   * The keys to hold, unless they would push into a teammate standing in the way, or holding
   * them has not moved the player for STUCK_MS: then a random direction for JITTER_MS (away
   * from the teammate), and the plan is made again (another waypoint, spot or stroll). A person
   * steps aside for a teammate they see in the way, and pushing on would only show them walking
   * into it, then put back, as the prediction learns of the push a round trip later.
   */
  private move(input: BrainInput, keys: number): number {
    const { now } = input;
    const pos = input.position!;
    if (now < this.jitterUntil) return this.jitterKeys;
    const last = this.lastPos;
    const moved = last === null || last.x !== pos.x || last.y !== pos.y;
    this.lastPos = { x: pos.x, y: pos.y };
    if (input.seen !== this.seenNow) {
      this.seenBefore = this.seenNow;
      this.seenNow = input.seen;
    }
    const blocked = keys === 0 ? 0 : this.teammateAhead(input, pos, keys);
    if (blocked === 0 && (keys === 0 || moved)) {
      this.stillSince = now;
      return keys;
    }
    if (blocked === 0 && now - this.stillSince < STUCK_MS) return keys;
    this.stuck++;
    this.stillSince = now;
    const ways = DIRECTIONS.filter((d) => (d & blocked) === 0);
    this.jitterKeys = ways[rngInt(this.rng, ways.length)]!;
    this.jitterUntil = now + JITTER_MS;
    if (this.mode === 'explore') this.waypoint = null;
    if (this.mode === 'wander') this.target = null;
    if (this.mode === 'travel' && this.stuck % 3 === 0) this.spot = null;
    return this.jitterKeys;
  }

  /**
   * The keys among `keys` that would walk into a living teammate it sees within a quarter of a
   * cell of its box, unless that teammate moved away the same way between the last two snapshots
   * (then it follows): 0 when none. The other team is no obstacle worth avoiding (a touch is a catch).
   */
  private teammateAhead(input: BrainInput, pos: Point, keys: number): number {
    let blocked = 0;
    for (const [id, other] of input.seen) {
      if (id === input.id) continue;
      const mate = input.roster.get(id);
      if (mate === undefined || mate.team !== input.team || mate.caught || mate.spectator) continue;
      const dx = other.x - pos.x;
      const dy = other.y - pos.y;
      const was = this.seenBefore.get(id);
      const away = {
        right: was !== undefined && other.x > was.x,
        left: was !== undefined && other.x < was.x,
        down: was !== undefined && other.y > was.y,
        up: was !== undefined && other.y < was.y,
      };
      // Overlapping on the other axis (the boxes would meet), and within a step along this one.
      const rows = Math.abs(dy) < PLAYER_H;
      const columns = Math.abs(dx) < PLAYER_W;
      const nearX = Math.abs(dx) <= PLAYER_W + AHEAD_X;
      const nearY = Math.abs(dy) <= PLAYER_H + AHEAD_Y;
      if (rows && nearX && dx > 0 && !away.right) blocked |= keys & KEY.right;
      if (rows && nearX && dx < 0 && !away.left) blocked |= keys & KEY.left;
      if (columns && nearY && dy > 0 && !away.down) blocked |= keys & KEY.down;
      if (columns && nearY && dy < 0 && !away.up) blocked |= keys & KEY.up;
    }
    return blocked;
  }

  /** Number of times the bot found itself stuck (for tests and tuning). */
  get stuckCount(): number {
    return this.stuck;
  }

  private coin<T>(a: T, b: T): T {
    return rngInt(this.rng, 2) === 0 ? a : b;
  }
}
