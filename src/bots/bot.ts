/**
 * A bot: a headless player over the real protocol. It mounts a PlayerView on a transport of its
 * own (src/client/player-view.ts, the same player core the terminal client runs on, so it joins,
 * downloads the map, sends inputs and reads snapshots exactly as a person's client would: no
 * side door into the server), runs its Brain once a server tick on what the view received, and
 * takes a frame (prediction and interpolation, no fog: nobody looks at it) at the frame rate as a
 * client drawing the game would, to measure what a player would see (corrections, jumps,
 * underruns). Pure of real time: the owner calls `update(now)` every millisecond or so, in
 * simulated time in tests or from a timer in the CLI.
 */
import type { ClientConnection, ConnectionEvent } from '../client/connection.ts';
import { PlayerView } from '../client/player-view.ts';
import type { GameMap } from '../game/map.ts';
import { type RngState, rngInt, rngNext, seedRng } from '../game/rng.ts';
import type { Address, Transport } from '../net/transport.ts';
import { checkName, type Phase, type RoomRequest } from '../protocol/index.ts';
import { type BotPhase, Brain } from './brain.ts';

export interface BotOptions {
  /** The bot's own endpoint (one per bot: the server tells players apart by address). */
  transport: Transport;
  server: Address;
  /** Its player name (see `botNames`). */
  name: string;
  /** The room it joins (PROTOCOL.md §15); absent: the server's default room. */
  room?: RoomRequest;
  /** Seed of its decisions. */
  seed: number;
  /** The time of creation, ms: the first HELLO goes out at once. */
  now: number;
  /** Frames "drawn" a second (prediction and interpolation run at this rate). @default 30 */
  fps?: number;
  /** Whether it lines up before passages (brain.ts BrainOptions.lineUp). @default true */
  lineUp?: boolean;
  /** Told of every connection event (state changes, snapshots, drops), e.g. for a log. */
  onEvent?: (event: ConnectionEvent) => void;
  /** The names of the bots playing beside it: it waits for the other players (brain.ts). */
  fellows?: ReadonlySet<string>;
  /** How long it waits for a human in the lobby, ms. @default Infinity */
  humanWaitMs?: number;
}

/** What a player watching this bot's screen would have seen, since the start or `resetStats`. */
export interface BotStats {
  /** Snapshots that moved the bot's predicted present, and those of half a cell or more. */
  corrections: number;
  visibleCorrections: number;
  /**
   * Of the visible ones, those with another player near the replayed path: a collision the
   * prediction could not foresee (the others are the rest: the network's doing).
   */
  visibleCrowded: number;
  /**
   * Of the visible ones, those of its own catch: from a second before the roster said caught
   * (the prediction walked on until the server's word came) to the end of the game.
   */
  visibleCaught: number;
  /** Corrections of a cell or more: drawn as a jump. */
  snaps: number;
  /** The largest move of another player between two frames, in cells. */
  largestJumpCells: number;
  /** Frames drawn, and times the interpolation ran past the newest snapshot. */
  frames: number;
  underruns: number;
}

const PHASES: Readonly<Record<Phase['kind'], BotPhase>> = {
  LOBBY: 'lobby',
  COUNTDOWN: 'countdown',
  GAME: 'game',
  END: 'end',
};

/** A headless player; see the file comment. */
export class Bot {
  readonly view: PlayerView;
  readonly name: string;
  private readonly seed: number;
  private readonly lineUp: boolean;
  private readonly fellows: ReadonlySet<string> | undefined;
  private readonly humanWaitMs: number | undefined;
  private readonly frameMs: number;
  private readonly start: number;
  private nextFrameAt: number;
  private nextThinkAt: number;
  /**
   * Where in each tick it thinks, as a fraction of a tick (seeded): people press keys at any
   * moment, and bots all thinking at one phase would all wait the same time for the server.
   */
  private readonly thinkPhase: number;
  private brainMap: GameMap | null = null;
  private mind: Brain | null = null;
  private visibleCrowded = 0;
  private visibleCaught = 0;
  /** Times of the visible corrections of the last second, and whether it is caught now. */
  private recentVisible: number[] = [];
  private caught = false;

  constructor(o: BotOptions) {
    this.name = o.name;
    this.seed = o.seed;
    this.lineUp = o.lineUp ?? true;
    this.fellows = o.fellows;
    this.humanWaitMs = o.humanWaitMs;
    this.view = new PlayerView({
      transport: o.transport,
      server: o.server,
      name: o.name,
      ...(o.room ? { room: o.room } : {}),
      now: o.now,
      listen: true,
      fog: false,
      ...(o.onEvent ? { onEvent: o.onEvent } : {}),
      onCorrection: (c) => {
        if (c.visible && c.crowded) this.visibleCrowded++;
        if (c.visible) {
          if (this.caught) this.visibleCaught++;
          else this.recentVisible.push(c.at);
        }
      },
    });
    this.frameMs = 1000 / (o.fps ?? 30);
    this.start = o.now;
    this.nextFrameAt = o.now;
    this.nextThinkAt = o.now;
    this.thinkPhase = rngNext(seedRng(o.seed ^ 0x7f4a7c15)) / 2 ** 32;
  }

  /** Its session (the view's). */
  get conn(): ClientConnection {
    return this.view.conn;
  }

  /** The brain, once the map is known (null before). */
  get brain(): Brain | null {
    return this.mind;
  }

  /** The connection's timers, then a frame and a decision when their time has come. */
  update(now: number): void {
    this.view.update(now);
    this.noteCatch(now);
    const { welcome, map } = this.conn;
    if (this.conn.state !== 'playing' || welcome === null || map === null) return;
    if (this.brainMap !== map) {
      this.brainMap = map;
      this.mind = new Brain(map, {
        seed: this.seed,
        lineUp: this.lineUp,
        ...(this.fellows ? { fellows: this.fellows } : {}),
        ...(this.humanWaitMs === undefined ? {} : { humanWaitMs: this.humanWaitMs }),
      });
    }
    if (now >= this.nextFrameAt) {
      this.view.frame(now);
      const frames = Math.floor((now - this.start) / this.frameMs) + 1;
      this.nextFrameAt = this.start + frames * this.frameMs;
    }
    if (now >= this.nextThinkAt) {
      const tickMs = 1000 / welcome.tickRate;
      this.think(now);
      const origin = this.start + this.thinkPhase * tickMs;
      this.nextThinkAt = origin + (Math.floor((now - origin) / tickMs) + 1) * tickMs;
    }
  }

  /** Tells the corrections of its own catch from the others (see BotStats.visibleCaught). */
  private noteCatch(now: number): void {
    const id = this.conn.welcome?.playerId;
    const caught = id !== undefined && this.conn.roster.get(id)?.caught === true;
    if (caught && !this.caught) {
      this.visibleCaught += this.recentVisible.filter((t) => now - t <= 1000).length;
    }
    this.caught = caught;
    while (this.recentVisible.length > 0 && now - this.recentVisible[0]! > 1000) {
      this.recentVisible.shift();
    }
  }

  /** Leaves the server (DISCONNECT until confirmed or 1 s; keep calling `update`). */
  quit(now: number): void {
    this.view.quit(now);
  }

  /** Whether the connection is over (left, refused, failed or closed by the server). */
  get finished(): boolean {
    return this.conn.isFinal;
  }

  /** The prediction's and the interpolation's counters, as a player would have seen them. */
  stats(): BotStats {
    const p = this.view.predictionStats;
    const i = this.view.interpolationStats;
    return {
      corrections: p.corrections,
      visibleCorrections: p.visibleCorrections,
      visibleCrowded: this.visibleCrowded,
      visibleCaught: this.visibleCaught,
      snaps: p.snaps,
      largestJumpCells: i.largestJumpCells,
      frames: i.frames,
      underruns: i.underruns,
    };
  }

  /** Zeroes the counters (e.g. after a warm-up). */
  resetStats(): void {
    this.view.resetStats();
    this.visibleCrowded = 0;
    this.visibleCaught = 0;
  }

  /** One decision on the newest snapshot and roster; keys and actions go out at once. */
  private think(now: number): void {
    const snap = this.conn.latestSnapshot;
    const welcome = this.conn.welcome;
    if (snap === null || welcome === null || this.mind === null) return;
    const id = welcome.playerId;
    const predicted = this.view.own(now);
    const position =
      predicted === null
        ? (snap.positions.get(id) ?? null)
        : { x: predicted.predictedX, y: predicted.predictedY };
    const roster = this.conn.roster;
    const out = this.mind.decide({
      now,
      id,
      position,
      team: roster.get(id)?.team ?? 'N',
      phase: PHASES[snap.phase.kind],
      roster,
      seen: snap.positions,
      headStart: snap.phase.kind === 'GAME' && snap.phase.headStart > 0,
    });
    this.view.setKeys(out.keys, now);
    if (out.action !== null) this.view.press(out.action, now);
  }
}

/** Names bots pick from: spooky, at most 10 characters, all accepted by `checkName`. */
export const BOT_NAMES: readonly string[] = [
  'Casper',
  'Banshee',
  'Wraith',
  'Specter',
  'Phantom',
  'Ghoul',
  'Spook',
  'Shade',
  'Wisp',
  'Revenant',
  'Wight',
  'Spirit',
  'Boo',
  'Slimer',
  'Haunt',
  'Lich',
  'Ghast',
  'Wendigo',
  'Kelpie',
  'Dullahan',
  'Bogeyman',
  'Eidolon',
  'Apparition',
  'Nightmare',
  'Gremlin',
  'Ghost',
  'Zombie',
  'Mummy',
  'Vampire',
  'Skeleton',
];

/**
 * `count` distinct bot names, shuffled by `seed`, none in `taken`: the spooky list first, then
 * the same names with a number (`Casper2`, trimmed to stay within 10 characters).
 */
export function botNames(
  count: number,
  seed: number,
  taken: ReadonlySet<string> = new Set(),
): string[] {
  const rng: RngState = seedRng(seed);
  const pool = [...BOT_NAMES];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = rngInt(rng, i + 1);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  const used = new Set(taken);
  const out: string[] = [];
  const take = (name: string) => {
    if (out.length >= count || used.has(name) || checkName(name) !== 'ok') return;
    used.add(name);
    out.push(name);
  };
  for (const name of pool) take(name);
  for (let n = 2; out.length < count; n++) {
    const suffix = String(n);
    for (const name of pool) take(name.slice(0, 10 - suffix.length) + suffix);
  }
  return out;
}
