/**
 * The server's game events (EVENTS) told to the player, pure of real time: a short message over
 * the map for a few seconds ("You caught Bo", "You were caught by Ana", "Ana caught Bo"), the
 * event feed's last lines, and the end banner with who won, whether you did, and the round's
 * summary. Names come from the roster as the events arrive (ids are kept once seen, so a player
 * who left is still named in the summary).
 */
import type { Team } from '../game/units.ts';
import type { GameEventWire, RosterEntry } from '../protocol/index.ts';

/** How long a catch's message stays over the map, ms. @default 3000 */
export const FLASH_MS = 3000;
/** Lines the event feed keeps. */
export const FEED_LINES = 4;

/** One line of the feed, tinted by the team it is about (null: none). */
export interface FeedLine {
  readonly text: string;
  readonly team: Team | null;
}

/** The round's end, over the map. */
export interface EndBanner {
  /** "Seekers win: you won!", "Hiders win: you lost", "Seekers win" (you only watched). */
  readonly title: string;
  readonly winner: 'R' | 'B' | null;
  /** Whether you won: null when you were not on a team of the round. */
  readonly youWon: boolean | null;
  /** Why it ended, then one line per hider, then the catches per seeker. */
  readonly lines: readonly string[];
}

export interface NewsView {
  /** The short message over the map, or null. */
  readonly flash: string | null;
  readonly feed: readonly FeedLine[];
  readonly banner: EndBanner | null;
  /** Who caught you in this round (null: not caught, or not known). */
  readonly caughtBy: string | null;
}

type HiderEvent = Extract<GameEventWire, { kind: 'hider' }>;

/** m:ss of a tick count. */
export function clockOf(ticks: number, tickRate: number): string {
  const s = Math.floor(Math.max(0, ticks) / tickRate);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export class GameNews {
  private readonly names = new Map<number, string>();
  private flash: { text: string; until: number } | null = null;
  private readonly feed: FeedLine[] = [];
  private banner: EndBanner | null = null;
  private caughtBy: string | null = null;
  private roundStart: number | null = null;
  private fates: HiderEvent[] = [];

  constructor(
    private readonly youId: number,
    private readonly tickRate: number,
  ) {}

  /** Remembers the roster's names (call at each complete roster). */
  learn(roster: ReadonlyMap<number, RosterEntry>): void {
    for (const p of roster.values()) this.names.set(p.id, p.name);
  }

  private name(id: number): string {
    return this.names.get(id) ?? `#${id}`;
  }

  private line(text: string, team: Team | null): void {
    this.feed.push({ text, team });
    if (this.feed.length > FEED_LINES) this.feed.shift();
  }

  /** Takes one event, arrived at `now` (ms); `roster` is the one held then. */
  take(e: GameEventWire, now: number, roster: ReadonlyMap<number, RosterEntry>): void {
    this.learn(roster);
    switch (e.kind) {
      case 'start':
        this.roundStart = e.tick;
        this.banner = null;
        this.caughtBy = null;
        this.fates = [];
        this.line(
          `Round ${e.round}: ${plural(e.seekers, 'seeker')}, ${plural(e.hiders, 'hider')}`,
          null,
        );
        return;
      case 'catch': {
        const seeker = this.name(e.seeker);
        const hider = this.name(e.hider);
        let text = `${seeker} caught ${hider}`;
        if (e.seeker === this.youId) text = `You caught ${hider}`;
        else if (e.hider === this.youId) {
          text = `You were caught by ${seeker}`;
          this.caughtBy = seeker;
        }
        this.flash = { text, until: now + FLASH_MS };
        const at =
          this.roundStart === null ? '' : `${clockOf(e.tick - this.roundStart, this.tickRate)} `;
        this.line(`${at}${text}`, 'R');
        return;
      }
      case 'hider':
        this.fates.push(e);
        return;
      case 'end':
        this.banner = this.endBanner(e, roster);
        this.flash = null;
        this.line(`${this.banner.title} (${clockOf(e.ticks, this.tickRate)})`, e.winner);
        this.fates = [];
        this.roundStart = null;
        return;
    }
  }

  private endBanner(
    e: Extract<GameEventWire, { kind: 'end' }>,
    roster: ReadonlyMap<number, RosterEntry>,
  ): EndBanner {
    const me = roster.get(this.youId);
    const hid = this.fates.some((f) => f.hider === this.youId);
    const side: Team | null = hid ? 'B' : me?.team === 'R' && !me.spectator ? 'R' : null;
    const youWon = side === null || e.winner === null ? null : side === e.winner;
    const base = e.winner === 'R' ? 'Seekers win' : e.winner === 'B' ? 'Hiders win' : 'Nobody wins';
    const title = youWon === null ? base : `${base}: ${youWon ? 'you won!' : 'you lost'}`;
    const safe = this.fates.filter((f) => f.by === 'safe').length;
    const why = {
      'all-caught': `Every hider caught in ${clockOf(e.ticks, this.tickRate)}`,
      time: `Time ran out: ${safe} of ${plural(this.fates.length, 'hider')} safe`,
      'seekers-left': 'The seekers left',
      'hiders-left': 'The hiders left',
      'everybody-left': 'Everybody left',
    }[e.reason];
    const lines = [why];
    const catches = new Map<number, number>();
    for (const p of roster.values()) if (p.team === 'R' && !p.spectator) catches.set(p.id, 0);
    for (const f of this.fates) {
      const who = this.name(f.hider);
      const at = clockOf(f.ticks, this.tickRate);
      if (f.by === 'safe') lines.push(`${who}: safe to the end (${at})`);
      else if (f.by === 'left') lines.push(`${who}: left at ${at}`);
      else {
        lines.push(`${who}: caught by ${this.name(f.by)} at ${at}`);
        catches.set(f.by, (catches.get(f.by) ?? 0) + 1);
      }
    }
    if (catches.size > 0) {
      const list = [...catches].map(([id, n]) => `${this.name(id)} ${n}`).join(', ');
      lines.push(`Catches: ${list}`);
    }
    return { title, winner: e.winner, youWon, lines };
  }

  /** The round's END phase is over (the lobby, or a new round): the banner goes. */
  endOver(): void {
    this.banner = null;
    this.caughtBy = null;
  }

  view(now: number): NewsView {
    if (this.flash !== null && now >= this.flash.until) this.flash = null;
    return {
      flash: this.flash?.text ?? null,
      feed: this.feed,
      banner: this.banner,
      caughtBy: this.caughtBy,
    };
  }
}
