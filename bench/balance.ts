/**
 * `bun run bench balance [--games 40] [--first-seed 1] [--bots 5] [--map classic]
 * [--head-start 5] [--seek-time 65]`: who wins, and how soon hiders are caught, over seeded
 * bot games with the default rules: a real GameServer and real Bots on the seeded simulated
 * network (src/net/sim.ts, a perfect link), every millisecond simulated, no sockets, no clock,
 * so each seed plays the same game every run (as bench/corrections.ts). One game per seed, from
 * the bots' arrival to the end of the round.
 *
 * Target (issue 12): seekers win between 35 % and 65 % of 40 games of 5 bots on the classic
 * manor, and no hider is caught in the first 10 s of a round.
 */

import { mean, round } from '../src/bench/server-bench.ts';
import { Bot, botNames } from '../src/bots/bot.ts';
import type { GameMap } from '../src/game/map.ts';
import { DEFAULT_RULES, type Rules } from '../src/game/state.ts';
import { SimNetwork } from '../src/net/sim.ts';
import { memoryLogger } from '../src/server/log.ts';
import { GameServer } from '../src/server/server.ts';
import { builtinMap } from './corrections.ts';

export interface BalanceBenchOptions {
  games: number;
  firstSeed: number;
  bots: number;
  map: string;
  /** Overrides of the default rules (seconds). */
  headStart: number;
  seekTime: number;
}

const SERVER = { address: '127.0.0.1', port: 9998 };

export interface GameResult {
  readonly seed: number;
  readonly winner: 'R' | 'B' | null;
  readonly reason: string;
  readonly seekers: number;
  readonly hiders: number;
  /** Seconds from the game's start to each catch. */
  readonly catchSeconds: readonly number[];
  /** Seconds the round lasted. */
  readonly seconds: number;
}

/** One seeded game of bots, from their arrival to the end of the round. */
export function playBalanceGame(
  map: GameMap,
  rules: Rules,
  bots: number,
  seed: number,
): GameResult {
  const net = new SimNetwork({ seed });
  const log = memoryLogger();
  let tokens = 0;
  const server = new GameServer({
    transport: net.bind(SERVER),
    map,
    rules,
    maxPlayers: Math.max(10, bots),
    timeoutMs: 5000,
    name: 'balance',
    secret: new Uint8Array(32).fill(seed & 0xff),
    randomToken: () => (++tokens).toString(16).padStart(16, '0'),
    seed,
    logger: log,
    now: 0,
  });
  const players = botNames(bots, seed).map(
    (name, i) =>
      new Bot({
        transport: net.bind({ address: '127.0.0.1', port: 6000 + i }),
        server: SERVER,
        name,
        seed: seed * 100 + i,
        now: 0,
      }),
  );
  let startedAt: number | null = null;
  let seen = 0;
  const catchSeconds: number[] = [];
  const limit = (rules.seekTime + rules.countdown + 60) * 1000;
  for (;;) {
    net.advanceTo(net.now + 1);
    for (const bot of players) bot.update(net.now);
    server.update(net.now);
    // Read the log as it grows: each event's time is the millisecond it was written.
    for (; seen < log.lines.length; seen++) {
      const line = log.lines[seen]!;
      if (line.name === 'game-start') startedAt = net.now;
      if (line.name === 'catch' && startedAt !== null) {
        catchSeconds.push((net.now - startedAt) / 1000);
      }
      if (line.name === 'game-end') {
        const start = log.lines.find((l) => l.name === 'game-start')!.fields;
        return {
          seed,
          winner: line.fields.winner === 'none' ? null : (line.fields.winner as 'R' | 'B'),
          reason: String(line.fields.reason),
          seekers: Number(start.seekers),
          hiders: Number(start.hiders),
          catchSeconds,
          seconds: startedAt === null ? 0 : (net.now - startedAt) / 1000,
        };
      }
    }
    if (net.now > limit) throw new Error(`seed ${seed}: no game end in ${limit / 1000} s`);
  }
}

export function benchBalance(o: BalanceBenchOptions) {
  const started = performance.now();
  const map = builtinMap(o.map);
  const rules: Rules = { ...DEFAULT_RULES, headStart: o.headStart, seekTime: o.seekTime };
  const games: GameResult[] = [];
  for (let i = 0; i < o.games; i++)
    games.push(playBalanceGame(map, rules, o.bots, o.firstSeed + i));
  const seekerWins = games.filter((g) => g.winner === 'R').length;
  const catches = games.flatMap((g) => g.catchSeconds);
  const firstCatches = games.flatMap((g) => g.catchSeconds.slice(0, 1));
  return {
    suite: 'balance',
    simulated: true,
    games: o.games,
    seeds: `${o.firstSeed}-${o.firstSeed + o.games - 1}`,
    bots: o.bots,
    map: o.map,
    rules: { headStart: rules.headStart, seekTime: rules.seekTime, countdown: rules.countdown },
    seekerWins,
    seekerWinPct: round((100 * seekerWins) / o.games, 1),
    hiderWins: games.filter((g) => g.winner === 'B').length,
    catches: catches.length,
    earliestCatchSeconds: catches.length === 0 ? null : round(Math.min(...catches), 1),
    catchesInFirst10s: catches.filter((s) => s < 10).length,
    medianFirstCatchSeconds:
      firstCatches.length === 0
        ? null
        : round([...firstCatches].sort((a, b) => a - b)[Math.floor(firstCatches.length / 2)]!, 1),
    meanRoundSeconds: round(mean(games.map((g) => g.seconds)), 1),
    target: 'seekers win 35–65 % of the games; no hider caught in the first 10 s of a round',
    met:
      seekerWins >= 0.35 * o.games && seekerWins <= 0.65 * o.games && catches.every((s) => s >= 10),
    perGame: games.map((g) => ({
      seed: g.seed,
      winner: g.winner,
      teams: `${g.seekers}v${g.hiders}`,
      catches: g.catchSeconds.map((s) => round(s, 1)),
      seconds: round(g.seconds, 1),
    })),
    wallSeconds: round((performance.now() - started) / 1000, 1),
  };
}

export function parseBalanceBenchArgs(argv: readonly string[]): BalanceBenchOptions {
  const o: BalanceBenchOptions = {
    games: 40,
    firstSeed: 1,
    bots: 5,
    map: 'classic',
    headStart: DEFAULT_RULES.headStart,
    seekTime: DEFAULT_RULES.seekTime,
  };
  const numbers: Record<string, (n: number) => void> = {
    '--games': (n) => (o.games = n),
    '--first-seed': (n) => (o.firstSeed = n),
    '--bots': (n) => (o.bots = n),
    '--head-start': (n) => (o.headStart = n),
    '--seek-time': (n) => (o.seekTime = n),
  };
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--map') o.map = value;
    else if (numbers[flag] !== undefined) {
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0) throw new Error(`bad ${flag} ${value}`);
      numbers[flag](n);
    } else throw new Error(`unknown option ${flag}`);
  }
  if (o.games < 1 || o.games > 1000 || !Number.isInteger(o.games)) {
    throw new Error(`bad --games ${o.games}: 1 to 1000`);
  }
  if (o.bots < 2 || o.bots > 10) throw new Error(`bad --bots ${o.bots}: 2 to 10`);
  return o;
}
