/** The game events in words (game-news.ts): the message over the map, the feed, the end banner. */
import { describe, expect, test } from 'bun:test';
import { FEED_LINES, FLASH_MS, GameNews } from '../../src/client/game-news.ts';
import type { RosterEntry } from '../../src/protocol/index.ts';

const player = (id: number, name: string, team: 'R' | 'B' | 'N', spectator = false) =>
  [id, { id, name, colour: 0, team, ready: false, caught: false, spectator }] as const;
const ROSTER: ReadonlyMap<number, RosterEntry> = new Map([
  player(1, 'Ana', 'R'),
  player(2, 'Bo', 'B'),
  player(3, 'Cy', 'B'),
  player(4, 'Eve', 'R'),
  player(5, 'Late', 'N', true),
]);

/** A round seen by `you`: Ana catches Bo at 0:42; Cy leaves; the seekers win after 1:05. */
function round(you: number) {
  const news = new GameNews(you, 30);
  news.take({ kind: 'start', tick: 1000, round: 3, seekers: 2, hiders: 2 }, 0, ROSTER);
  news.take({ kind: 'catch', tick: 1000 + 42 * 30, seeker: 1, hider: 2 }, 100, ROSTER);
  return news;
}

function finish(news: GameNews, roster: ReadonlyMap<number, RosterEntry> = ROSTER) {
  news.take({ kind: 'hider', hider: 2, by: 1, ticks: 42 * 30 }, 5000, roster);
  news.take({ kind: 'hider', hider: 3, by: 'left', ticks: 50 * 30 }, 5000, roster);
  news.take(
    { kind: 'end', tick: 1000 + 65 * 30, winner: 'R', reason: 'hiders-left', ticks: 65 * 30 },
    5000,
    roster,
  );
  return news.view(5000);
}

describe('GameNews', () => {
  test.each([
    [1, 'You caught Bo'],
    [2, 'You were caught by Ana'],
    [4, 'Ana caught Bo'],
    [5, 'Ana caught Bo'],
  ])('a catch seen by player %p: %p over the map for 3 s, and in the feed', (you, text) => {
    const news = round(you);
    expect(news.view(100).flash).toBe(text);
    expect(news.view(100 + FLASH_MS - 1).flash).toBe(text);
    expect(news.view(100 + FLASH_MS).flash).toBeNull();
    expect(news.view(100).feed.map((l) => l.text)).toEqual([
      'Round 3: 2 seekers, 2 hiders',
      `0:42 ${text}`,
    ]);
    expect(news.view(100).caughtBy).toBe(you === 2 ? 'Ana' : null);
  });

  test.each([
    [1, 'Seekers win: you won!', true],
    [2, 'Seekers win: you lost', false],
    [3, 'Seekers win: you lost', false], // a hider of the round who left
    [5, 'Seekers win', null], // joined during the round: watched it
  ])('the end for player %p: %p', (you, title, youWon) => {
    const view = finish(round(you));
    expect(view.banner).toEqual({
      title,
      winner: 'R',
      youWon,
      lines: [
        'The hiders left',
        'Bo: caught by Ana at 0:42',
        'Cy: left at 0:50',
        'Catches: Ana 1, Eve 0',
      ],
    });
    expect(view.flash).toBeNull(); // the banner takes the map's middle
    expect(view.feed.at(-1)?.text).toBe(`${title} (1:05)`);
  });

  test('names of players gone from the roster are remembered; unknown ids say #id', () => {
    const news = round(1);
    const without = new Map([...ROSTER].filter(([id]) => id !== 3));
    const view = finish(news, without);
    expect(view.banner?.lines).toContain('Cy: left at 0:50');
    const fresh = new GameNews(1, 30);
    fresh.take({ kind: 'catch', tick: 10, seeker: 1, hider: 9 }, 0, ROSTER);
    expect(fresh.view(0).flash).toBe('You caught #9');
    expect(fresh.view(0).feed.at(-1)?.text).toBe('You caught #9'); // no round start: no time
  });

  test('time up: the safe hiders; the feed keeps its last lines; endOver takes the banner away', () => {
    const news = new GameNews(2, 30);
    for (let r = 1; r <= 3; r++) {
      news.take({ kind: 'start', tick: 0, round: r, seekers: 1, hiders: 1 }, 0, ROSTER);
      news.take({ kind: 'hider', hider: 2, by: 'safe', ticks: 6000 }, 0, ROSTER);
      news.take({ kind: 'end', tick: 6000, winner: 'B', reason: 'time', ticks: 6000 }, 0, ROSTER);
    }
    const view = news.view(0);
    expect(view.banner?.title).toBe('Hiders win: you won!');
    expect(view.banner?.lines.slice(0, 2)).toEqual([
      'Time ran out: 1 of 1 hider safe',
      'Bo: safe to the end (3:20)',
    ]);
    expect(view.feed).toHaveLength(FEED_LINES);
    expect(view.feed.at(-2)?.text).toBe('Round 3: 1 seeker, 1 hider');
    news.endOver();
    expect(news.view(0).banner).toBeNull();
  });
});
