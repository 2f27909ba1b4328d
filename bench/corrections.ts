/**
 * `bun run bench corrections [--bots 10] [--seeds 11-20] [--seconds 60] [--warmup 10]
 * [--lag 75] [--jitter 20] [--loss 5] [--dup 0] [--map classic] [--line-up 1]`: what
 * `haunted bench` measures from the bots' side (visible prediction corrections, the largest jump
 * of another player, interpolation underruns), and the bots' time stuck (bench/stuck.ts), in
 * simulated time: a real GameServer and real Bots on the seeded
 * simulated network (src/net/sim.ts), every millisecond simulated, no sockets, no clock.
 *
 * Why beside `haunted bench`: over real UDP a run depends on when the processes get the CPU
 * (the machine's steal time moves its figures), so one seed never plays the same game twice and
 * a change to the prediction or the bots cannot be compared on the same games. Here each seed
 * plays exactly the same game every time, only as fast as the code runs, so two versions can be
 * compared game for game over many seeds. What it leaves out is the real network and scheduling:
 * frames and decisions come exactly on time.
 */

import { mean, round } from '../src/bench/server-bench.ts';
import { Bot, type BotStats, botNames } from '../src/bots/bot.ts';
import { type GameMap, parseMap } from '../src/game/map.ts';
import { BUILTIN_MAPS } from '../src/game/maps/index.ts';
import { DEFAULT_RULES } from '../src/game/state.ts';
import type { LinkConditions } from '../src/net/link-conditions.ts';
import { SimNetwork } from '../src/net/sim.ts';
import { memoryLogger } from '../src/server/log.ts';
import { GameServer } from '../src/server/server.ts';
import { StuckMeter } from './stuck.ts';

export interface CorrectionsBenchOptions {
  bots: number;
  seeds: number[];
  seconds: number;
  warmup: number;
  link: LinkConditions;
  map: string;
  /** Bots line up before passages (1, their default) or hold one key as a person would (0). */
  lineUp: boolean;
}

const SERVER = { address: '127.0.0.1', port: 9998 };

/** One seed: warm up, then measure every bot over `seconds` of simulated play. */
export function playSeed(o: CorrectionsBenchOptions, map: GameMap, seed: number) {
  const net = new SimNetwork({ seed });
  net.setConditions(o.link);
  const log = memoryLogger();
  let tokens = 0;
  const rules = { ...DEFAULT_RULES, countdown: 1, seekTime: o.warmup + o.seconds + 60 };
  const server = new GameServer({
    transport: net.bind(SERVER),
    map,
    rules,
    maxPlayers: o.bots,
    timeoutMs: 5000,
    name: 'bench',
    secret: new Uint8Array(32).fill(seed & 0xff),
    randomToken: () => (++tokens).toString(16).padStart(16, '0'),
    seed,
    logger: log,
    now: 0,
  });
  const bots = botNames(o.bots, seed).map(
    (name, i) =>
      new Bot({
        transport: net.bind({ address: '127.0.0.1', port: 6000 + i }),
        server: SERVER,
        name,
        seed: seed * 100 + i,
        now: 0,
        lineUp: o.lineUp,
      }),
  );
  const stuck = new StuckMeter(rules.tickRate);
  let tick = server.state.tick;
  const run = (until: number) => {
    while (net.now < until) {
      net.advanceTo(net.now + 1);
      for (const bot of bots) bot.update(net.now);
      server.update(net.now);
      // Every millisecond is simulated, so an update runs at most one tick.
      if (server.state.tick !== tick) {
        tick = server.state.tick;
        stuck.observe(server.state.players);
      }
    }
  };
  const started = () => log.lines.some((l) => l.name === 'game-start');
  while (!started() && net.now < 30_000) run(net.now + 100);
  if (!started()) throw new Error(`seed ${seed}: the game did not start in 30 s`);
  run(net.now + o.warmup * 1000);
  for (const bot of bots) bot.resetStats();
  stuck.reset();
  const brainStuck = () => bots.reduce((n, b) => n + (b.brain?.stuckCount ?? 0), 0);
  const stuckBefore = brainStuck();
  const from = net.now;
  run(from + o.seconds * 1000);
  const minutes = (net.now - from) / 60_000;
  const stats = bots.map((b) => b.stats());
  const { ticks: stuckTicks, spells } = stuck.figures();
  const botMinutes = minutes * bots.length;
  const stuckPerBotPerMinute = {
    seconds: round(stuckTicks / rules.tickRate / botMinutes),
    spells: round(spells / botMinutes),
    // The bots' own word: keys that had not moved them for 0.5 s (then they try another way).
    brainStuck: round((brainStuck() - stuckBefore) / botMinutes),
  };
  return { seed, minutes, stats, stuckPerBotPerMinute };
}

/** Per bot a minute: the mean over bots, and the worst bot. */
function perMinute(stats: readonly BotStats[], minutes: number, pick: (s: BotStats) => number) {
  const values = stats.map((s) => pick(s) / minutes);
  return { mean: round(mean(values)), worst: round(Math.max(0, ...values)) };
}

/** A built-in map by name, parsed (also for bench/balance.ts). */
export function builtinMap(name: string): GameMap {
  const source = BUILTIN_MAPS[name];
  if (source === undefined) throw new Error(`no built-in map ${name}`);
  const parsed = parseMap(source);
  if (!parsed.ok) throw new Error(`map ${name}: ${parsed.errors[0]?.reason}`);
  return parsed.map;
}

export function benchCorrections(o: CorrectionsBenchOptions) {
  const started = performance.now();
  const map = builtinMap(o.map);
  const seeds = o.seeds.map((seed) => {
    const { minutes, stats, stuckPerBotPerMinute } = playSeed(o, map, seed);
    return {
      seed,
      stuckPerBotPerMinute,
      visibleCorrectionsPerBotPerMinute: perMinute(stats, minutes, (s) => s.visibleCorrections),
      // As haunted bench splits them (src/bench/server-bench.ts).
      nobodyNear: perMinute(stats, minutes, (s) => s.visibleCorrections - s.visibleCrowded),
      nearOthersNotOwnCatch: perMinute(stats, minutes, (s) =>
        Math.max(0, s.visibleCrowded - s.visibleCaught),
      ),
      ownCatch: perMinute(stats, minutes, (s) => s.visibleCaught),
      largestJumpCells: round(Math.max(0, ...stats.map((s) => s.largestJumpCells))),
      underrunsPerBotPerMinute: perMinute(stats, minutes, (s) => s.underruns).mean,
    };
  });
  const all = seeds.map((s) => s.visibleCorrectionsPerBotPerMinute);
  return {
    suite: 'corrections',
    simulated: true,
    bots: o.bots,
    map: o.map,
    lineUp: o.lineUp,
    link: o.link,
    seconds: o.seconds,
    warmupSeconds: o.warmup,
    seeds,
    overall: {
      visibleCorrectionsPerBotPerMinute: round(mean(all.map((s) => s.mean))),
      worstBotPerMinute: round(Math.max(...all.map((s) => s.worst))),
      seedsOverTarget: seeds.filter((s) => s.visibleCorrectionsPerBotPerMinute.mean > 1).length,
      largestJumpCells: round(Math.max(...seeds.map((s) => s.largestJumpCells))),
      // Seconds held a movement key without moving, in spells of 1 s or more (bench/stuck.ts).
      stuckSecondsPerBotPerMinute: round(mean(seeds.map((s) => s.stuckPerBotPerMinute.seconds))),
      stuckSpellsPerBotPerMinute: round(mean(seeds.map((s) => s.stuckPerBotPerMinute.spells))),
      botsFeltStuckPerBotPerMinute: round(
        mean(seeds.map((s) => s.stuckPerBotPerMinute.brainStuck)),
      ),
    },
    target: '≤ 1 visible correction a minute a bot; no other player jumping more than a cell',
    wallSeconds: round((performance.now() - started) / 1000, 1),
  };
}

/** `--seeds 11-20` or `--seeds 11,12,15`. */
function parseSeeds(text: string): number[] {
  const range = /^(\d+)-(\d+)$/.exec(text);
  if (range) {
    const [a, b] = [Number(range[1]), Number(range[2])];
    if (b < a || b - a > 999) throw new Error(`bad --seeds ${text}`);
    return Array.from({ length: b - a + 1 }, (_, i) => a + i);
  }
  const list = text.split(',').map(Number);
  if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n < 0)) {
    throw new Error(`bad --seeds ${text}: a range (11-20) or a list (11,12)`);
  }
  return list;
}

export function parseCorrectionsBenchArgs(argv: readonly string[]): CorrectionsBenchOptions {
  const o: CorrectionsBenchOptions = {
    bots: 10,
    seeds: parseSeeds('11-20'),
    seconds: 60,
    warmup: 10,
    link: { latencyMs: 75, jitterMs: 20, lossPct: 5, dupPct: 0 },
    map: 'classic',
    lineUp: true,
  };
  const numbers: Record<string, (n: number) => void> = {
    '--bots': (n) => (o.bots = n),
    '--seconds': (n) => (o.seconds = n),
    '--warmup': (n) => (o.warmup = n),
    '--lag': (n) => (o.link = { ...o.link, latencyMs: n }),
    '--jitter': (n) => (o.link = { ...o.link, jitterMs: n }),
    '--loss': (n) => (o.link = { ...o.link, lossPct: n }),
    '--dup': (n) => (o.link = { ...o.link, dupPct: n }),
  };
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--seeds') o.seeds = parseSeeds(value);
    else if (flag === '--map') o.map = value;
    else if (flag === '--line-up') {
      if (value !== '0' && value !== '1') throw new Error(`bad --line-up ${value}: 0 or 1`);
      o.lineUp = value === '1';
    } else if (numbers[flag] !== undefined) {
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0) throw new Error(`bad ${flag} ${value}`);
      numbers[flag](n);
    } else throw new Error(`unknown option ${flag}`);
  }
  return o;
}
