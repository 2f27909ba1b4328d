/** The event feed under the panel's news: whole lines only, newest first to be kept. */
import { describe, expect, test } from 'bun:test';
import { withFeed } from '../../src/client/ui/phase-news.ts';

const NEWS = [{ text: 'Press Space when ready' }];
const FEED = [
  { text: '· 0:50 Skeleton caught player and ran' },
  { text: '· Seekers win: you lost (0:54)' },
];

describe('withFeed', () => {
  test('a wrapped feed line is shown whole or not at all', () => {
    // 24 columns: the older line takes two rows, the newest two; four rows leave room for two.
    const rows = withFeed(NEWS, FEED, 24, 4).map((l) => l.text);
    expect(rows[0]).toBe('Press Space when ready');
    expect(rows.slice(1).join(' ')).toBe('· Seekers win: you lost (0:54)');
    expect(rows.join(' ')).not.toContain('Skeleton');
  });

  test('with room for both, both, oldest first', () => {
    const rows = withFeed(NEWS, FEED, 24, 6).map((l) => l.text);
    expect(rows.join(' ')).toContain('Skeleton caught');
    expect(rows.join(' ').indexOf('Skeleton')).toBeLessThan(rows.join(' ').indexOf('Seekers win'));
  });

  test('the news first: no room, no feed', () => {
    expect(withFeed(NEWS, FEED, 24, 1).map((l) => l.text)).toEqual(['Press Space when ready']);
  });
});
