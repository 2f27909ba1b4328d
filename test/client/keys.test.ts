/**
 * Key events → intents, as tables: one row per key (or chunk of merged keys), with the layout it
 * is read in and the layout it leaves behind.
 */
import { describe, expect, test } from 'bun:test';
import type { Key } from 'ink';
import {
  type Dir,
  f2Event,
  type Intent,
  type KeyEvent,
  type KeyEventType,
  type KeyFlags,
  keyIntents,
  type Layout,
  quitsWithQ,
} from '../../src/client/keys.ts';

const mv = (dir: Dir, source: string, event: KeyEventType = 'press'): Intent => ({
  kind: 'move',
  dir,
  event,
  source,
});
const READY: Intent = { kind: 'action', action: 'READY' };
const RED: Intent = { kind: 'action', action: 'RED' };
const BLUE: Intent = { kind: 'action', action: 'BLUE' };
const NEUTRAL: Intent = { kind: 'action', action: 'NEUTRAL' };
const QUIT: Intent = { kind: 'quit' };
const NETSTATS: Intent = { kind: 'netstats' };
const HELP: Intent = { kind: 'help' };

const ev = (input: string, key: KeyFlags = {}, sequence?: string): KeyEvent =>
  sequence === undefined ? { input, key } : { input, key, sequence };
const up: KeyFlags = { upArrow: true };
const down: KeyFlags = { downArrow: true };
const left: KeyFlags = { leftArrow: true };
const right: KeyFlags = { rightArrow: true };

type Row = [name: string, event: KeyEvent, layout: Layout, intents: Intent[], after?: Layout];

describe('keyIntents', () => {
  const rows: Row[] = [
    // Arrows, in every layout, with and without the kitty protocol's event types.
    ['up arrow', ev('', up), 'auto', [mv('up', 'arrowup')]],
    ['down arrow', ev('', down), 'qwerty', [mv('down', 'arrowdown')]],
    ['left arrow', ev('', left), 'azerty', [mv('left', 'arrowleft')]],
    ['right arrow', ev('', right), 'auto', [mv('right', 'arrowright')]],
    ['arrow press (kitty)', ev('', { ...up, eventType: 'press' }), 'auto', [mv('up', 'arrowup')]],
    [
      'arrow repeat (kitty)',
      ev('', { ...left, eventType: 'repeat' }),
      'auto',
      [mv('left', 'arrowleft', 'repeat')],
    ],
    [
      'arrow release (kitty)',
      ev('', { ...right, eventType: 'release' }),
      'auto',
      [mv('right', 'arrowright', 'release')],
    ],
    // WASD.
    ['w (auto: QWERTY shown)', ev('w'), 'auto', [mv('up', 'w')], 'auto-qwerty'],
    ['a (auto: no evidence)', ev('a'), 'auto', [mv('left', 'a')], 'auto'],
    ['s', ev('s'), 'auto', [mv('down', 's')], 'auto'],
    ['d', ev('d'), 'auto', [mv('right', 'd')], 'auto'],
    ['w qwerty', ev('w'), 'qwerty', [mv('up', 'w')], 'qwerty'],
    ['a qwerty', ev('a'), 'qwerty', [mv('left', 'a')]],
    ['s qwerty', ev('s'), 'qwerty', [mv('down', 's')]],
    ['d qwerty', ev('d'), 'qwerty', [mv('right', 'd')]],
    ['z qwerty: nothing', ev('z'), 'qwerty', [], 'qwerty'],
    // ZQSD.
    ['z (auto: AZERTY shown)', ev('z'), 'auto', [mv('up', 'z')], 'auto-azerty'],
    ['q (auto: moves left)', ev('q'), 'auto', [mv('left', 'q')], 'auto'],
    ['z azerty', ev('z'), 'azerty', [mv('up', 'z')], 'azerty'],
    ['q azerty', ev('q'), 'azerty', [mv('left', 'q')]],
    ['s azerty', ev('s'), 'azerty', [mv('down', 's')]],
    ['d azerty', ev('d'), 'azerty', [mv('right', 'd')]],
    ['w azerty: nothing', ev('w'), 'azerty', [], 'azerty'],
    ['a azerty: nothing', ev('a'), 'azerty', []],
    // q quits only where a QWERTY keyboard is known; Z wins over an earlier W, for good.
    ['q qwerty quits', ev('q'), 'qwerty', [QUIT]],
    ['q auto-qwerty quits', ev('q'), 'auto-qwerty', [QUIT], 'auto-qwerty'],
    ['q auto-azerty moves', ev('q'), 'auto-azerty', [mv('left', 'q')], 'auto-azerty'],
    ['z after w', ev('z'), 'auto-qwerty', [mv('up', 'z')], 'auto-azerty'],
    ['w after z', ev('w'), 'auto-azerty', [mv('up', 'w')], 'auto-azerty'],
    ['a after z still moves', ev('a'), 'auto-azerty', [mv('left', 'a')]],
    ['a after w', ev('a'), 'auto-qwerty', [mv('left', 'a')], 'auto-qwerty'],
    [
      'z repeat does not decide',
      ev('z', { eventType: 'repeat' }),
      'auto',
      [mv('up', 'z', 'repeat')],
      'auto',
    ],
    [
      'q release in qwerty: a move release',
      ev('q', { eventType: 'release' }),
      'qwerty',
      [mv('left', 'q', 'release')],
    ],
    ['q repeat in qwerty: nothing', ev('q', { eventType: 'repeat' }), 'qwerty', []],
    // Case: letters in either case (Shift or Caps Lock).
    ['W', ev('W', { shift: true } as KeyFlags), 'auto', [mv('up', 'w')], 'auto-qwerty'],
    ['A', ev('A'), 'qwerty', [mv('left', 'a')]],
    ['Z', ev('Z'), 'auto', [mv('up', 'z')], 'auto-azerty'],
    ['Q azerty', ev('Q'), 'azerty', [mv('left', 'q')]],
    ['Q qwerty quits', ev('Q'), 'qwerty', [QUIT]],
    ['S', ev('S'), 'auto', [mv('down', 's')]],
    ['D', ev('D'), 'auto', [mv('right', 'd')]],
    ['R', ev('R'), 'auto', [RED]],
    ['B', ev('B'), 'auto', [BLUE]],
    ['N', ev('N'), 'auto', [NEUTRAL]],
    // Merged chunks, read key by key.
    ['wa', ev('wa'), 'auto', [mv('up', 'w'), mv('left', 'a')], 'auto-qwerty'],
    ['wq: q quits once w is seen', ev('wq'), 'auto', [mv('up', 'w'), QUIT], 'auto-qwerty'],
    ['zq', ev('zq'), 'auto', [mv('up', 'z'), mv('left', 'q')], 'auto-azerty'],
    [
      'ddd (autorepeat burst)',
      ev('ddd'),
      'auto',
      [mv('right', 'd'), mv('right', 'd'), mv('right', 'd')],
    ],
    ['d r', ev('d r'), 'auto', [mv('right', 'd'), READY, RED]],
    ['spaces burst: READY once', ev('   '), 'auto', [READY]],
    ['rbr: each action once', ev('rbr'), 'auto', [RED, BLUE]],
    ['x?s', ev('x?s'), 'auto', [HELP, mv('down', 's')]],
    // Actions.
    ['Space', ev(' '), 'auto', [READY]],
    ['r', ev('r'), 'auto', [RED]],
    ['b', ev('b'), 'auto', [BLUE]],
    ['n', ev('n'), 'auto', [NEUTRAL]],
    ['Space press (kitty)', ev(' ', { eventType: 'press' }), 'auto', [READY]],
    ['Space repeat ignored', ev(' ', { eventType: 'repeat' }), 'auto', []],
    ['Space release ignored', ev(' ', { eventType: 'release' }), 'auto', []],
    ['r repeat ignored', ev('r', { eventType: 'repeat' }), 'auto', []],
    ['b release ignored', ev('b', { eventType: 'release' }), 'auto', []],
    ['n release ignored', ev('n', { eventType: 'release' }), 'auto', []],
    // Quit.
    ['Esc', ev('', { escape: true }), 'auto', [QUIT]],
    ['Esc (kitty press)', ev('', { escape: true, eventType: 'press' }), 'azerty', [QUIT]],
    ['Esc repeat ignored', ev('', { escape: true, eventType: 'repeat' }), 'auto', []],
    ['Esc release ignored', ev('', { escape: true, eventType: 'release' }), 'auto', []],
    ['Alt-Esc', ev('', { escape: true, meta: true }), 'auto', [QUIT]],
    ['Ctrl-C', ev('c', { ctrl: true }), 'auto', [QUIT]],
    ['Ctrl-C in azerty', ev('c', { ctrl: true }), 'azerty', [QUIT]],
    ['Ctrl-C release ignored', ev('c', { ctrl: true, eventType: 'release' }), 'auto', []],
    ['raw ETX byte', ev('\u0003'), 'auto', [QUIT]],
    // Help and network panel.
    ['? help', ev('?'), 'auto', [HELP]],
    ['? repeat ignored', ev('?', { eventType: 'repeat' }), 'auto', []],
    ['F2 (xterm)', ev('', {}, '\x1bOQ'), 'auto', [NETSTATS]],
    ['F2 (rxvt)', ev('', {}, '\x1b[12~'), 'auto', [NETSTATS]],
    ['F2 (Linux console)', ev('', {}, '\x1b[[B'), 'auto', [NETSTATS]],
    ['F2 (kitty press)', ev('', { eventType: 'press' }, '\x1b[1;1:1Q'), 'auto', [NETSTATS]],
    ['F2 (kitty release) ignored', ev('', { eventType: 'release' }, '\x1b[1;1:3Q'), 'auto', []],
    ['F1 ignored', ev('', {}, '\x1bOP'), 'auto', []],
    ['F12 ignored', ev('', {}, '\x1b[24~'), 'auto', []],
    // Unknown keys and modified letters do nothing; releases pass whatever the modifiers.
    ['x', ev('x'), 'auto', []],
    ['digit', ev('1'), 'auto', []],
    ['Enter', ev('\r', { return: true } as KeyFlags), 'auto', []],
    ['Tab', ev('', { tab: true } as KeyFlags), 'auto', []],
    ['é', ev('é'), 'azerty', []],
    ['empty', ev(''), 'auto', []],
    ['Ctrl-W', ev('w', { ctrl: true }), 'auto', [], 'auto'],
    ['Ctrl-S', ev('s', { ctrl: true }), 'auto', []],
    ['Alt-D', ev('d', { meta: true }), 'auto', []],
    ['Alt-Space', ev(' ', { meta: true }), 'auto', []],
    ['Super-Q', ev('q', { super: true }), 'qwerty', []],
    ['Ctrl-Left', ev('', { ...left, ctrl: true }), 'auto', []],
    [
      'Alt-Up release still a release',
      ev('', { ...up, meta: true, eventType: 'release' }),
      'auto',
      [mv('up', 'arrowup', 'release')],
    ],
    [
      'Shift-Right',
      ev('', { ...right, shift: true } as KeyFlags),
      'auto',
      [mv('right', 'arrowright')],
    ],
    [
      'Ctrl-D release still a release',
      ev('d', { ctrl: true, eventType: 'release' }),
      'auto',
      [mv('right', 'd', 'release')],
    ],
    [
      'z release in qwerty (harmless)',
      ev('z', { eventType: 'release' }),
      'qwerty',
      [mv('up', 'z', 'release')],
    ],
  ];

  // A rest parameter: bun passes a `done` callback to a function with more parameters than the
  // row has values.
  test.each(rows)('%s', (...row: Row) => {
    const [, event, layout, intents, after] = row;
    const result = keyIntents(event, layout);
    expect(result.intents).toEqual(intents);
    expect(result.layout).toBe(after ?? layout);
  });

  test("Ink's key object fits as it is", () => {
    const key: Key = {
      upArrow: false,
      downArrow: false,
      leftArrow: false,
      rightArrow: true,
      pageDown: false,
      pageUp: false,
      home: false,
      end: false,
      return: false,
      escape: false,
      ctrl: false,
      shift: false,
      tab: false,
      backspace: false,
      delete: false,
      meta: false,
      super: false,
      hyper: false,
      capsLock: false,
      numLock: false,
      eventType: 'release',
    };
    expect(keyIntents({ input: '', key }).intents).toEqual([mv('right', 'arrowright', 'release')]);
  });

  test.each([
    ['Esc closes it', ev('', { escape: true }), [HELP]],
    ['? closes it', ev('?'), [HELP]],
    ['Ctrl-C still quits', ev('c', { ctrl: true }), [QUIT]],
    ['F2 still the network panel', ev('', {}, '\x1bOQ'), [NETSTATS]],
    ['moves still move', ev('s'), [mv('down', 's')]],
  ] as const)('help open: %s', (_, event, intents) => {
    expect(keyIntents(event, 'auto', true).intents).toEqual([...intents]);
  });

  test('the layout defaults to auto', () => {
    expect(keyIntents(ev('q')).intents).toEqual([mv('left', 'q')]);
  });
});

describe('quitsWithQ', () => {
  test.each([
    ['auto', false],
    ['auto-qwerty', true],
    ['auto-azerty', false],
    ['qwerty', true],
    ['azerty', false],
  ] as const)('%s → %p', (layout, quits) => {
    expect(quitsWithQ(layout)).toBe(quits);
  });
});

describe('f2Event', () => {
  test.each([
    ['\x1bOQ', 'press'],
    ['\x1b[Q', 'press'],
    ['\x1b[12~', 'press'],
    ['\x1b[[B', 'press'],
    ['\x1b[1;2Q', 'press'],
    ['\x1b[1;1:1Q', 'press'],
    ['\x1b[1;1:2Q', 'repeat'],
    ['\x1b[1;1:3Q', 'release'],
    ['\x1b[12;1:3~', 'release'],
    ['\x1b\x1bOQ', 'press'],
    ['\x1bOP', null],
    ['\x1b[13~', null],
    ['\x1b[A', null],
    ['OQ', null],
    ['q', null],
    ['', null],
  ] as const)('%j → %p', (sequence, type) => {
    expect(f2Event(sequence)).toBe(type);
  });
});
