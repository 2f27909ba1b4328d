/**
 * Bots against bots: a real GameServer on the seeded simulated network, five bots joining over
 * the protocol, picking balanced teams, readying up and playing a whole game to its end banner,
 * in simulated time, over ten seeds; both sides must win some of them. And a seeded game (server,
 * network and bots) replays exactly, even on a link that loses, duplicates and delays.
 *
 * Seek time: the QUICK_RULES' 20 s is too short for seekers to search the classic manor's dark
 * half (1516 dark cells, seen only from next to them): hiders then win about 4 games in 5.
 * With 60 s seekers win about 3 in 5; 40 s gave about even odds over 20 seeds with 4, 5 or 6
 * bots when it was chosen, so that is what these games use. Measured again in November 2026
 * (seeds 1–20): seekers won 11, 5 and 5 of the 20 games with 4, 5 and 6 bots.
 */
import { describe, expect, test } from 'bun:test';
import { Bot, botNames } from '../../src/bots/bot.ts';
import type { LinkConditions } from '../../src/net/link-conditions.ts';
import { checkName } from '../../src/protocol/index.ts';
import { QUICK_RULES, SERVER_ADDRESS, startServer } from '../support/server-harness.ts';

const SEEK_SECONDS = 40;
const BOTS = 5;
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/** One game of `BOTS` bots from connection to the end banner, then everybody leaves. */
function playGame(seed: number, link?: LinkConditions) {
  const h = startServer({ rules: { ...QUICK_RULES, seekTime: SEEK_SECONDS } }, seed);
  if (link !== undefined) h.net.setConditions(link);
  const bots = botNames(BOTS, seed).map(
    (name, i) =>
      new Bot({
        transport: h.net.bind({ address: '127.0.0.1', port: 6000 + i }),
        server: SERVER_ADDRESS,
        name,
        seed: seed * 100 + i,
        now: h.net.now,
      }),
  );
  h.each((now) => {
    for (const bot of bots) bot.update(now);
  });
  const events = (name: string) => h.log.lines.filter((l) => l.name === name);
  const limit = (SEEK_SECONDS + 15) * 1000;
  while (events('game-end').length === 0 && h.net.now < limit) h.run(100);
  h.run(100); // the END phase reaches every bot
  const phases = bots.map((b) => b.conn.latestSnapshot?.phase);
  const positions = h.server.state.players.map((p) => [p.name, p.x, p.y, p.caught]);
  const seen = bots.map((b) => [...(b.conn.latestSnapshot?.positions ?? new Map())]);
  const stats = bots.map((b) => b.stats());
  for (const bot of bots) bot.quit(h.net.now);
  h.run(1500);
  return {
    start: events('game-start')[0]?.fields,
    end: events('game-end')[0]?.fields,
    catches: events('catch').map((l) => l.fields),
    cancels: events('countdown-cancel').length,
    phases,
    positions,
    seen,
    stats,
    finished: bots.every((b) => b.finished && b.conn.state === 'closed'),
    playersLeft: h.server.state.players.length,
  };
}

describe('bots', () => {
  test('five bots pick balanced teams, ready up and play whole games; both sides win', () => {
    const wins = { R: 0, B: 0 };
    for (const seed of SEEDS) {
      const game = playGame(seed);
      const { start, end } = game;
      expect(start).toBeDefined();
      const seekers = Number(start!.seekers);
      const hiders = Number(start!.hiders);
      expect(seekers + hiders).toBe(BOTS);
      expect(Math.abs(seekers - hiders)).toBeLessThanOrEqual(1);
      expect(game.cancels).toBe(0); // nobody changed team or un-readied once all were ready
      expect(end).toBeDefined();
      const winner = end!.winner as 'R' | 'B';
      expect(['R', 'B']).toContain(winner);
      expect(end!.reason).toBe(winner === 'R' ? 'all-caught' : 'time');
      if (winner === 'R') expect(game.catches.length).toBe(hiders);
      else expect(game.catches.length).toBeLessThan(hiders);
      for (const phase of game.phases) expect(phase).toMatchObject({ kind: 'END', winner });
      for (const s of game.stats) expect(s.frames).toBeGreaterThan(0);
      expect(game.finished).toBe(true);
      expect(game.playersLeft).toBe(0);
      wins[winner]++;
    }
    console.log(
      `bots: ${SEEDS.length} games of ${BOTS} bots, ${SEEK_SECONDS} s to seek: ` +
        `seekers won ${wins.R}, hiders won ${wins.B}`,
    );
    expect(wins.R).toBeGreaterThanOrEqual(1);
    expect(wins.B).toBeGreaterThanOrEqual(1);
  }, 60_000); // ten whole games (up to 40 s each), slow on a loaded machine

  test('a seeded game replays exactly, even over a bad link', () => {
    const link: LinkConditions = { latencyMs: 40, jitterMs: 15, lossPct: 3, dupPct: 2 };
    const first = playGame(4, link);
    const second = playGame(4, link);
    expect(first.end).toBeDefined();
    expect(second.end).toEqual(first.end!);
    expect(second.catches).toEqual(first.catches);
    expect(second.positions).toEqual(first.positions);
    expect(second.seen).toEqual(first.seen);
    expect(second.stats).toEqual(first.stats);
    // And another seed plays another game.
    expect(playGame(5, link).positions).not.toEqual(first.positions);
  }, 60_000); // three whole games

  test('botNames: distinct valid names, numbered past the list, none taken', () => {
    const names = botNames(70, 3, new Set(['Casper', 'Boo2']));
    expect(new Set(names).size).toBe(70);
    for (const n of names) expect(checkName(n)).toBe('ok');
    expect(names).not.toContain('Casper');
    expect(names).not.toContain('Boo2');
    expect(names).toContain('Casper2');
    expect(botNames(5, 3)).toEqual(botNames(5, 3));
    expect(botNames(5, 3)).not.toEqual(botNames(5, 4));
  });
});
