/**
 * Bots on a server wait for humans (src/bots/brain.ts `fellows`), as in a local game: while a
 * human is in the lobby and none is ready they do not ready up, so the lobby timer does not run
 * and the human gets a lobby round with them; once it is ready, the game starts with it playing.
 * Their wait is bounded: an idle human does not stop them for good. In simulated time, over the
 * protocol, with a scripted human.
 */
import { describe, expect, test } from 'bun:test';
import { Bot, botNames } from '../../src/bots/bot.ts';
import { ScriptedPlayer } from '../support/scripted-player.ts';
import { QUICK_RULES, SERVER_ADDRESS, startServer } from '../support/server-harness.ts';

const BOTS = 4;

function serverWithBots(humanWaitMs: number, fellows: boolean) {
  const h = startServer({ rules: { ...QUICK_RULES, lobbyWait: 10 } }, 9);
  const names = botNames(BOTS, 9);
  const bots = names.map(
    (name, i) =>
      new Bot({
        transport: h.net.bind({ address: '127.0.0.1', port: 6000 + i }),
        server: SERVER_ADDRESS,
        name,
        seed: 900 + i,
        now: h.net.now,
        ...(fellows ? { fellows: new Set(names) } : {}),
        humanWaitMs,
      }),
  );
  h.each((now) => {
    for (const bot of bots) bot.update(now);
  });
  const human = new ScriptedPlayer(h, 7000, 'Hum');
  human.join();
  const started = () => h.log.lines.filter((l) => l.name === 'game-start').length;
  const me = () => h.server.state.players.find((p) => p.name === 'Hum')!;
  return { h, human, started, me };
}

describe('bots wait for humans', () => {
  test('a human in the lobby gets a lobby round with the bots, and plays once ready', () => {
    const { h, human, started, me } = serverWithBots(60_000, true);
    h.run(30_000); // well past the 10 s lobby timer
    expect(started()).toBe(0);
    expect(h.server.state.players.filter((p) => p.ready)).toEqual([]);
    human.press('BLUE');
    h.run(200);
    human.press('READY');
    h.run(5_000);
    expect(started()).toBe(1);
    expect(h.server.state.phase.kind).toBe('game');
    expect(me().spectator).toBe(false);
  }, 30_000);

  test('bots that do not know each other (no fellows) leave an idle human out', () => {
    const { h, started, me } = serverWithBots(60_000, false);
    h.run(30_000);
    expect(started()).toBe(1);
    expect(me().spectator).toBe(true);
  }, 30_000);

  test('their wait is bounded: then the lobby timer starts the game without the idle human', () => {
    const { h, started, me } = serverWithBots(15_000, true);
    h.run(12_000);
    expect(started()).toBe(0);
    h.run(20_000); // 15 s of waiting, the 10 s lobby timer, the countdown
    expect(started()).toBe(1);
    expect(me().spectator).toBe(true);
  }, 30_000);
});
