/**
 * What docs/PROTOCOL.md says of the server's rules, replayed against the server in simulated
 * time: the drop reasons (one list, the code's, what `status` prints), the rate limits' figures,
 * culling only in GAME, the long PONG only for a sessionless PING, MAPREQ answered in any phase,
 * and SNAP.lead kept until a newer entry comes.
 */
import { describe, expect, test } from 'bun:test';
import { ClientConnection } from '../../src/client/connection.ts';
import { findPlayer } from '../../src/game/state.ts';
import {
  DROP_REASONS,
  encodeBytes,
  makeHello,
  PROTOCOL_VERSION,
  SESSION_DROP_REASONS,
} from '../../src/protocol/index.ts';
import { statusText } from '../../src/server/console.ts';
import { HANDSHAKE_LIMITS, RECENT_MS } from '../../src/server/rate-limit.ts';
import { sessionBurst } from '../../src/server/session.ts';
import { ScriptedPlayer } from '../support/scripted-player.ts';
import { QUICK_RULES, RawClient, SERVER_ADDRESS, startServer } from '../support/server-harness.ts';

const DOC = (await Bun.file(new URL('../../docs/PROTOCOL.md', import.meta.url)).text()).replace(
  /\s+/g,
  ' ',
);
const has = (text: string) => DOC.includes(text);

describe('§6 drop reasons: one list, in the code, the document and status', () => {
  const ALL = [...DROP_REASONS, ...SESSION_DROP_REASONS];

  test('the document names exactly the code’s reasons, in its order', () => {
    const listed =
      /The server's reasons are exactly these eleven, the names its console's `status` prints: (.*?)\. /.exec(
        DOC,
      );
    expect(listed).not.toBeNull();
    expect(listed![1]!.split(', ').map((w) => w.replace(/`/g, ''))).toEqual(ALL);
    expect(ALL.length).toBe(11);
    expect((ALL as readonly string[]).includes('bad-chunk')).toBe(false);
  });

  test('status prints those names for the drops a server counted', () => {
    const h = startServer();
    const raw = new RawClient(h.net, 5009);
    raw.send('HELLO 2 END'); // too short a HELLO: bad-field
    raw.send('hello'); // malformed
    raw.send(`CONNECT 2 ${'0'.repeat(32)} bob END`); // a cookie that is not ours: cookie
    raw.send('MAPREQ 0123456789abcdef 0 END'); // no such session
    h.run(50);
    const text = statusText(h.server, h.net.now, new Map());
    const line = text.split('\n').find((l) => l.startsWith('dropped:'))!;
    const names = [...line.matchAll(/([a-z-]+) \d+/g)].map((m) => m[1]!);
    expect(names.sort()).toEqual(['bad-field', 'cookie', 'malformed', 'no-session']);
    for (const n of names) expect((ALL as readonly string[]).includes(n)).toBe(true);
  });
});

test('§6 and §13: the rate limits’ figures are the code’s', () => {
  expect(HANDSHAKE_LIMITS).toMatchObject({
    perIpRate: 20,
    perIpBurst: 20,
    globalRate: 1000,
    globalBurst: 1000,
    maxSources: 65_536,
  });
  expect(RECENT_MS).toBe(10_000);
  expect([24, 30, 60, 120].map(sessionBurst)).toEqual([16, 20, 40, 80]);
  expect(has('its source IP address (any port; 20 a second, burst 20)')).toBe(true);
  expect(has('(all sources together: 1000 a second, burst 1000)')).toBe(true);
  expect(has('a fresh source needs 1 token left, any other more than 500')).toBe(true);
  expect(has('max(16, ⌈2 × tickRate / 3⌉): 20 at 30 Hz, 40 at 60 Hz, 80 at 120 Hz')).toBe(true);
  expect(has('at most 65 536 addresses per 10 s')).toBe(true);
  expect(
    has(
      '| Session rate limit (`INPUT`, `MAPREQ`, session `PING`) | 2 × tickRate a second, burst max(16, ⌈2 × tickRate / 3⌉)',
    ),
  ).toBe(true);
  expect(has('burst 2 × tickRate')).toBe(false);
});

/** ann and bob in the lobby, far apart with walls between; the game after `play()`. */
function twoPlayers() {
  const h = startServer({ rules: { ...QUICK_RULES, countdown: 1, headStart: 0 } });
  const ann = new ScriptedPlayer(h, 5001, 'ann');
  const bob = new ScriptedPlayer(h, 5002, 'bob');
  ann.join();
  bob.join();
  h.run(200);
  const place = (who: ScriptedPlayer, cx: number, cy: number) =>
    Object.assign(findPlayer(h.server.state, who.id)!, { x: cx * 16 + 2, y: cy * 32 + 4 });
  return { h, ann, bob, place };
}

test('§10: culling only in GAME; in LOBBY, COUNTDOWN and END every player is sent', () => {
  const { h, ann, bob, place } = twoPlayers();
  // Opposite corners of the classic manor, walls and dark between them.
  place(ann, 2, 2);
  place(bob, 106, 29);
  h.run(100);
  expect(ann.phase?.kind).toBe('LOBBY');
  expect(ann.seen.has(bob.id)).toBe(true);
  ann.press('RED');
  bob.press('BLUE');
  h.run(200);
  ann.press('READY');
  bob.press('READY');
  h.run(200);
  expect(ann.phase?.kind).toBe('COUNTDOWN');
  place(ann, 2, 2);
  place(bob, 106, 29);
  h.run(100);
  expect(ann.seen.has(bob.id)).toBe(true);
  h.run(1000);
  expect(ann.phase?.kind).toBe('GAME');
  place(ann, 2, 2);
  place(bob, 106, 29);
  h.run(100);
  expect(ann.seen.has(bob.id)).toBe(false); // culled
  // The hider leaves: the round ends; in END a newcomer anywhere is sent to ann at once.
  bob.send({ type: 'DISCONNECT', token: bob.welcome!.token });
  h.run(100);
  expect(ann.phase?.kind).toBe('END');
  const carl = new ScriptedPlayer(h, 5003, 'carl');
  carl.join();
  h.run(50);
  place(carl, 106, 29);
  h.run(100);
  expect(ann.phase?.kind).toBe('END');
  expect(ann.seen.has(carl.id)).toBe(true);
  expect(
    has('Culling applies only in `GAME`: in `LOBBY`, `COUNTDOWN` and `END` every player is sent'),
  ).toBe(true);
});

test('§5.12: the long PONG answers only a sessionless PING', () => {
  const { h, ann } = twoPlayers();
  const pad = '='.repeat(150);
  ann.send(`PING ${ann.welcome!.token} 7 ${pad} END`);
  ann.send(`PING - 8 ${pad} END`);
  h.run(50);
  const pongs = ann.all('PONG');
  expect(pongs.find((p) => p.stamp === 7)?.info).toBeNull(); // session: short, however padded
  expect(pongs.find((p) => p.stamp === 8)?.info?.version).toBe(PROTOCOL_VERSION);
  expect(has('The long form answers only a sessionless `PING -`')).toBe(true);
});

test('§7: MAPREQ is answered in any phase, a game too', () => {
  const { h, ann, bob } = twoPlayers();
  ann.press('RED');
  bob.press('BLUE');
  h.run(100);
  ann.press('READY');
  bob.press('READY');
  h.run(1300);
  expect(ann.phase?.kind).toBe('GAME');
  const before = ann.all('MAP').length;
  ann.send({ type: 'MAPREQ', token: ann.welcome!.token, chunk: 2 });
  h.run(50);
  expect(
    ann
      .all('MAP')
      .slice(before)
      .map((m) => m.chunk),
  ).toEqual([2]);
  expect(
    has(
      'A valid one is answered with its `MAP` whenever it comes: while loading or playing, in any phase of the game.',
    ),
  ).toBe(true);
});

test('§9: SNAP.lead is the newest entry’s, kept through keep-alives and repeats', () => {
  const h = startServer();
  const raw = new RawClient(h.net, 5010);
  raw.send(makeHello());
  h.run(5);
  raw.send({
    type: 'CONNECT',
    version: PROTOCOL_VERSION,
    cookie: raw.last('CHALLENGE')!.cookie,
    name: 'zed',
  });
  h.run(5);
  const token = raw.last('WELCOME')!.token;
  const input = (inputs: { seq: number; tick: number }[]) =>
    raw.send(
      encodeBytes({
        type: 'INPUT',
        token,
        ackTick: null,
        rosterVersion: 0,
        eventAck: 0,
        inputs: inputs.map((e) => ({ ...e, keys: 0, action: null })),
      }),
    );
  const tick = h.server.state.tick;
  input([{ seq: 1, tick: tick + 3 }]);
  h.run(40);
  expect(raw.last('SNAP')?.lead).toBe(3);
  h.run(100);
  input([]); // a keep-alive
  input([{ seq: 1, tick: tick + 50 }]); // a repeat (even with another tick)
  h.run(100);
  expect(raw.last('SNAP')?.lead).toBe(3);
  const now = h.server.state.tick;
  input([{ seq: 2, tick: now - 2 }]);
  h.run(40);
  expect(raw.last('SNAP')?.lead).toBe(-2);
  expect(has('keep-alives and repeated entries do not change it')).toBe(true);
});

test('§4, §7, §9, §13: one sending cadence; an idle player sends a keep-alive every 500 ms', () => {
  const h = startServer();
  h.net.setConditions({ latencyMs: 10, jitterMs: 0, lossPct: 0, dupPct: 0 });
  const conn = new ClientConnection({
    transport: h.net.bind({ address: '127.0.0.1', port: 5011 }),
    server: SERVER_ADDRESS,
    name: 'idle',
    now: h.net.now,
  });
  h.each((now) => conn.update(now));
  h.run(2000);
  expect(conn.state).toBe('playing');
  const before = conn.stats.datagramsOut;
  h.run(4000);
  // 8 keep-alive INPUTs and 4 PINGs in 4 s, nothing more while nothing changes.
  expect(conn.stats.datagramsOut - before).toBe(12);
  expect(has('every client tick while inputs are unacknowledged')).toBe(false);
  expect(has('every 250 ms otherwise')).toBe(false);
  expect(has('a keep-alive after 500 ms without any `INPUT`')).toBe(true);
  expect(has('| Keep-alive `INPUT` | after 500 ms without another `INPUT` |')).toBe(true);
});
