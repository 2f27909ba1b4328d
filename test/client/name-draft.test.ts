/** The rename prompt's editing, as a table: keys in, the draft and its error out. */
import { expect, test } from 'bun:test';
import type { KeyEvent, KeyFlags } from '../../src/client/keys.ts';
import { NameDraft } from '../../src/client/name-draft.ts';

const key = (input: string, flags: KeyFlags = {}): KeyEvent => ({ input, key: flags });
const BACKSPACE = key('', { backspace: true } as KeyFlags);
const ENTER = key('\r', { return: true } as KeyFlags);

test.each([
  ['letters, digits and signs', ['Ana-2_!'], 'Ana-2_!', null],
  ['a space', ['Bo b'], 'Bob', 'Names cannot contain spaces'],
  ['a forbidden sign', ['a,b'], 'ab', 'Names cannot contain ","'],
  ['non-ASCII', ['Zoé'], 'Zo', 'Names can only have ASCII letters, digits and signs'],
  ['an eleventh character', ['abcdefghijk'], 'abcdefghij', 'Names have at most 10 characters'],
  ['the next good key clears the error', ['a b', 'c'], 'abc', null],
] as const)('%s', (_, inputs, text, error) => {
  const d = new NameDraft();
  for (const input of inputs) expect(d.key(key(input))).toBe('edit');
  expect(d.text).toBe(text);
  expect(d.error).toBe(error);
});

test('seeded once per refusal: emptied, it stays empty; Enter on empty asks for a name', () => {
  const d = new NameDraft();
  const attempt = {};
  d.seed(attempt, 'Alice');
  expect(d.text).toBe('Alice');
  for (let i = 0; i < 5; i++) d.key(BACKSPACE);
  d.seed(attempt, 'Alice');
  expect(d.text).toBe('');
  expect(d.key(ENTER)).toBe('edit');
  expect(d.error).toBe('type a name first');
  d.key(key('Carol'));
  expect(d.key(ENTER)).toBe('submit');
  // The next refusal (another attempt) starts from the name tried, cleaned.
  d.seed({}, 'two words');
  expect(d.text).toBe('twowords');
  expect(d.key(key('', { escape: true }))).toBe('quit');
});
