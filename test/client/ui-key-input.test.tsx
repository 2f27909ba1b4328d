/**
 * KeyInput (src/client/ui/KeyInput.tsx) hands every key to its callback and causes no render by
 * itself: a key read by Ink's input path commits nothing in KeyInput nor in the App beside it
 * (every Ink render of the App costs milliseconds; the game loop decides when one is due). A
 * React Profiler round both counts every commit in them.
 */
import { expect, test } from 'bun:test';
import { Text } from 'ink';
import { render } from 'ink-testing-library';
import { Profiler } from 'react';
import type { KeyEvent } from '../../src/client/keys.ts';
import { KeyInput } from '../../src/client/ui/KeyInput.tsx';

function Screen() {
  return <Text>the screen</Text>;
}

test('keys reach onKey, an arrow in one chunk as one key; no commit in KeyInput or beside it', async () => {
  const keys: KeyEvent[] = [];
  let commits = 0;
  const onKey = (e: KeyEvent) => keys.push(e);
  const { stdin, lastFrame, unmount } = render(
    <Profiler id="screen" onRender={() => commits++}>
      <KeyInput onKey={onKey} />
      <Screen />
    </Profiler>,
  );
  await Bun.sleep(20); // Ink listens once its effects ran
  const before = commits;
  expect(before).toBeGreaterThan(0);
  stdin.write('\x1b[A');
  stdin.write('w');
  stdin.write(' ');
  await Bun.sleep(20);
  expect(keys.map((k) => (k.key.upArrow ? 'up' : k.input))).toEqual(['up', 'w', ' ']);
  expect(commits).toBe(before);
  expect(lastFrame()).toBe('the screen');
  unmount();
});
