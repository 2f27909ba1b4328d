/**
 * The phase timers of docs/PROTOCOL.md's examples, replayed against the real server in simulated
 * time: a timer of s seconds at 30 Hz is first sent as s·30 − 1 (the server counts down to 0
 * inclusive), and the document's examples quote exactly what the server sends.
 */
import { expect, test } from 'bun:test';
import type { GameEventWire as GameEvent, Phase } from '../../src/protocol/index.ts';
import { ScriptedPlayer } from '../support/scripted-player.ts';
import { QUICK_RULES, startServer } from '../support/server-harness.ts';

const DOC = await Bun.file(new URL('../../docs/PROTOCOL.md', import.meta.url)).text();

/** ann (seeker) and bob (hider) join, pick teams and ready up under `rules`; snapshots by tick. */
function play(rules: Partial<typeof QUICK_RULES>) {
  const h = startServer({ rules: { ...QUICK_RULES, ...rules } });
  const ann = new ScriptedPlayer(h, 5001, 'ann');
  const bob = new ScriptedPlayer(h, 5002, 'bob');
  ann.join();
  bob.join();
  h.run(200);
  ann.press('RED');
  bob.press('BLUE');
  h.run(200);
  ann.press('READY');
  bob.press('READY');
  const phases = () => ann.all('SNAP').map((s) => ({ tick: s.tick, phase: s.phase }));
  return { h, ann, bob, phases };
}

function ofKind<K extends Phase['kind']>(
  list: { tick: number; phase: Phase }[],
  kind: K,
): { tick: number; phase: Extract<Phase, { kind: K }> }[] {
  return list.filter((s) => s.phase.kind === kind) as {
    tick: number;
    phase: Extract<Phase, { kind: K }>;
  }[];
}

test('countdown 5 s, a 65 s round with a 5 s head start, end 5 s: 149, 1949, 149, each down to 0', () => {
  const { h, bob, phases } = play({ countdown: 5, seekTime: 65, headStart: 5, endTime: 5 });
  h.run(5300);
  bob.send({ type: 'DISCONNECT', token: bob.welcome!.token }); // the hiders leave: seekers win
  h.run(5500);
  const snaps = phases();
  const countdown = ofKind(snaps, 'COUNTDOWN');
  const game = ofKind(snaps, 'GAME');
  const end = ofKind(snaps, 'END');
  expect(countdown[0]?.phase.ticksLeft).toBe(5 * 30 - 1);
  expect(countdown.at(-1)?.phase.ticksLeft).toBe(0);
  expect(game[0]?.phase).toMatchObject({ ticksLeft: 65 * 30 - 1, headStart: 150, endTicks: 150 });
  expect(end[0]?.phase).toMatchObject({ winner: 'R', ticksLeft: 5 * 30 - 1 });
  expect(end.at(-1)?.phase.ticksLeft).toBe(0);
  // The lobby's first snapshot follows the END's last, which said 0.
  const lobby = snaps.find((s) => s.tick > end[0]!.tick && s.phase.kind === 'LOBBY');
  expect(lobby?.tick).toBe(end.at(-1)!.tick + 1);
  // The examples quote those values, never the one-above ones.
  const has = (text: string) => DOC.includes(text);
  expect(has('COUNTDOWN 149 ')).toBe(true);
  expect(has('GAME 1949 1 1 150 150 ')).toBe(true);
  expect(has('END R 149 ')).toBe(true);
  expect(/GAME 6000|END R 150|COUNTDOWN 150/.test(DOC)).toBe(false);
});

test('a round that runs out of time: start, the safe hider and the end, as the EVENTS example', () => {
  const { h, ann, phases } = play({ countdown: 1, seekTime: 10, headStart: 5, endTime: 5 });
  h.run(17_000);
  const events = ann.all('EVENTS').flatMap((e) => e.events);
  const start = events.find((e) => e.kind === 'start') as Extract<GameEvent, { kind: 'start' }>;
  const hider = events.find((e) => e.kind === 'hider') as Extract<GameEvent, { kind: 'hider' }>;
  const end = events.find((e) => e.kind === 'end') as Extract<GameEvent, { kind: 'end' }>;
  expect(hider).toMatchObject({ by: 'safe', ticks: 10 * 30 });
  expect(end).toMatchObject({ reason: 'time', winner: 'B', ticks: 10 * 30 });
  expect(end.tick - start.tick).toBe(10 * 30);
  // A round that runs its time: the lobby's first snapshot comes ticksLeft + endTicks + 1 ticks
  // after any GAME snapshot (what GAME's endTicks is documented for).
  const snaps = phases();
  const game = ofKind(snaps, 'GAME');
  const lobby = snaps.find((s) => s.tick > game[0]!.tick && s.phase.kind === 'LOBBY');
  for (const g of [game[0]!, game[100]!, game.at(-1)!]) {
    expect(lobby?.tick).toBe(g.tick + g.phase.ticksLeft + g.phase.endTicks + 1);
  }
  // The document's example of a 65 s round at 30 Hz that ran out: 1950 ticks, start to end.
  expect(
    DOC.includes('EVENTS 7 start:60000:4:1:1 hider:3:safe:1950 end:61950:B:time:1950 END'),
  ).toBe(true);
});
