import { describe, expect, test } from 'bun:test';
import {
  encodeBytes,
  type Message,
  makeHello,
  makePing,
  PROTOCOL_VERSION,
} from '../../src/protocol/index.ts';
import { RawClient, startServer } from '../support/server-harness.ts';

/** HELLO, CHALLENGE, CONNECT: the client's WELCOME or REFUSED. */
function join(
  h: ReturnType<typeof startServer>,
  client: RawClient,
  name: string,
): Message | undefined {
  client.send(makeHello());
  h.run(5);
  const challenge = client.last('CHALLENGE');
  if (!challenge) return client.received.at(-1)?.msg;
  client.send({ type: 'CONNECT', version: PROTOCOL_VERSION, cookie: challenge.cookie, name });
  h.run(5);
  return client.received.at(-1)?.msg;
}

describe('handshake', () => {
  test('HELLO gets a cookie no larger than itself; CONNECT with it gets a session', () => {
    const h = startServer();
    const c = new RawClient(h.net, 5001);
    c.send(makeHello());
    h.run(5);
    const reply = c.received[0]!;
    expect(reply.msg.type).toBe('CHALLENGE');
    expect(reply.size).toBeLessThanOrEqual(encodeBytes(makeHello()).length);
    const welcome = join(h, c, 'ann');
    expect(welcome).toMatchObject({
      type: 'WELCOME',
      playerId: 1,
      tickRate: 30,
      mapWidth: 110,
      mapHeight: 32,
      mapChunks: 4,
    });
    expect(h.log.lines.find((l) => l.name === 'connect')?.fields).toMatchObject({
      name: 'ann',
      id: 1,
    });
  });

  test('a HELLO shorter than 64 bytes is dropped and counted, not answered', () => {
    const h = startServer();
    const c = new RawClient(h.net, 5001);
    c.send('HELLO 1 = END');
    h.run(5);
    expect(c.received).toEqual([]);
    expect(h.server.stats.totalDrops()).toBe(1);
  });

  test('a CONNECT without a valid cookie creates nothing', () => {
    const h = startServer();
    const c = new RawClient(h.net, 5001);
    c.send({
      type: 'CONNECT',
      version: PROTOCOL_VERSION,
      cookie: '0123456789abcdef01234567',
      name: 'ann',
    });
    h.run(5);
    expect(c.last('REFUSED')?.reason).toBe('cookie');
    expect(h.server.sessions.size).toBe(0);
    // Another address cannot use somebody else's cookie either.
    const a = new RawClient(h.net, 5002);
    a.send(makeHello());
    h.run(5);
    c.send({
      type: 'CONNECT',
      version: PROTOCOL_VERSION,
      cookie: a.last('CHALLENGE')!.cookie,
      name: 'ann',
    });
    h.run(5);
    expect(c.all('REFUSED').length).toBe(2);
    expect(h.server.sessions.size).toBe(0);
  });

  test('a cookie expires after its two 10 s windows', () => {
    const h = startServer();
    const c = new RawClient(h.net, 5001);
    c.send(makeHello());
    h.run(5);
    const cookie = c.last('CHALLENGE')!.cookie;
    h.run(20_500);
    c.send({ type: 'CONNECT', version: PROTOCOL_VERSION, cookie, name: 'ann' });
    h.run(5);
    expect(c.last('REFUSED')?.reason).toBe('cookie');
  });

  test('a repeated CONNECT (lost WELCOME) gets the same session again', () => {
    const h = startServer();
    const c = new RawClient(h.net, 5001);
    const first = join(h, c, 'ann') as Extract<Message, { type: 'WELCOME' }>;
    c.send({
      type: 'CONNECT',
      version: PROTOCOL_VERSION,
      cookie: c.last('CHALLENGE')!.cookie,
      name: 'ann',
    });
    h.run(5);
    expect(c.last('WELCOME')?.token).toBe(first.token);
    expect(h.server.sessions.size).toBe(1);
  });
});

describe('refusals, each with its reason', () => {
  test('a version 1 client (before EVENTS) is refused with the words it knows', () => {
    const h = startServer();
    const c = new RawClient(h.net, 5001);
    c.send(makeHello(1));
    h.run(5);
    expect(PROTOCOL_VERSION).toBe(2);
    expect(c.received.map((r) => r.msg)).toEqual([{ type: 'REFUSED', reason: 'version' }]);
  });

  test('wrong protocol version, at HELLO and at CONNECT', () => {
    const h = startServer();
    const c = new RawClient(h.net, 5001);
    c.send(makeHello(PROTOCOL_VERSION + 1));
    h.run(5);
    expect(c.last('REFUSED')?.reason).toBe('version');
    expect(c.received[0]!.size).toBeLessThanOrEqual(64);
    c.send(makeHello());
    h.run(5);
    c.send({
      type: 'CONNECT',
      version: PROTOCOL_VERSION + 1,
      cookie: c.last('CHALLENGE')!.cookie,
      name: 'ann',
    });
    h.run(5);
    expect(c.received.at(-1)?.msg).toEqual({ type: 'REFUSED', reason: 'version' });
    expect(h.server.sessions.size).toBe(0);
  });

  test('name too long, with a forbidden character, taken (in any case)', () => {
    const h = startServer();
    expect(join(h, new RawClient(h.net, 5001), 'abcdefghijk')).toEqual({
      type: 'REFUSED',
      reason: 'name-too-long',
    });
    expect(join(h, new RawClient(h.net, 5002), 'a,b')).toEqual({
      type: 'REFUSED',
      reason: 'name-bad-char',
    });
    expect(join(h, new RawClient(h.net, 5003), 'ann')).toMatchObject({ type: 'WELCOME' });
    expect(join(h, new RawClient(h.net, 5004), 'ANN')).toEqual({
      type: 'REFUSED',
      reason: 'name-taken',
    });
    expect(h.log.lines.filter((l) => l.name === 'refuse').map((l) => l.fields.reason)).toEqual([
      'name-too-long',
      'name-bad-char',
      'name-taken',
    ]);
  });

  test('server full', () => {
    const h = startServer({ maxPlayers: 2 });
    expect(join(h, new RawClient(h.net, 5001), 'a')).toMatchObject({ type: 'WELCOME' });
    expect(join(h, new RawClient(h.net, 5002), 'b')).toMatchObject({ type: 'WELCOME' });
    expect(join(h, new RawClient(h.net, 5003), 'c')).toEqual({ type: 'REFUSED', reason: 'full' });
  });

  test('deaf: new players refused until listen', () => {
    const h = startServer();
    h.server.deaf = true;
    expect(join(h, new RawClient(h.net, 5001), 'a')).toEqual({ type: 'REFUSED', reason: 'closed' });
    h.server.deaf = false;
    expect(join(h, new RawClient(h.net, 5002), 'a')).toMatchObject({ type: 'WELCOME' });
  });
});

describe('sessions', () => {
  test('the map is sent in chunks on request', () => {
    const h = startServer();
    const c = new RawClient(h.net, 5001);
    const welcome = join(h, c, 'ann') as Extract<Message, { type: 'WELCOME' }>;
    for (let chunk = 0; chunk < welcome.mapChunks; chunk++)
      c.send({ type: 'MAPREQ', token: welcome.token, chunk });
    c.send({ type: 'MAPREQ', token: welcome.token, chunk: 200 });
    h.run(5);
    expect(c.all('MAP').map((m) => m.chunk)).toEqual([0, 1, 2, 3]);
    expect(h.server.stats.drops.get('unexpected')).toBe(1);
  });

  test('a wrong token, or the right token from another address, gets NOSESSION and changes nothing', () => {
    const h = startServer();
    const c = new RawClient(h.net, 5001);
    const welcome = join(h, c, 'ann') as Extract<Message, { type: 'WELCOME' }>;
    const thief = new RawClient(h.net, 6000);
    thief.send({ type: 'DISCONNECT', token: welcome.token });
    thief.send({
      type: 'INPUT',
      token: welcome.token,
      ackTick: null,
      rosterVersion: 0,
      eventAck: 0,
      inputs: [{ seq: 1, tick: 0, keys: 1, action: null }],
    });
    c.send({
      type: 'INPUT',
      token: 'ffffffffffffffff',
      ackTick: null,
      rosterVersion: 0,
      eventAck: 0,
      inputs: [],
    });
    h.run(5);
    expect(thief.last('DISCONNECTED')).toBeDefined(); // repeated DISCONNECTs are always confirmed
    expect(thief.last('NOSESSION')).toBeDefined();
    expect(c.last('NOSESSION')).toEqual({ type: 'NOSESSION', token: 'ffffffff' }); // echoes the bad token
    expect(thief.last('NOSESSION')?.token).toBe(welcome.token.slice(0, 8));
    expect(h.server.sessions.size).toBe(1);
    expect(h.server.stats.drops.get('no-session')).toBe(3);
  });

  test('DISCONNECT is confirmed and frees the slot and the name', () => {
    const h = startServer({ maxPlayers: 1 });
    const c = new RawClient(h.net, 5001);
    const welcome = join(h, c, 'ann') as Extract<Message, { type: 'WELCOME' }>;
    h.run(50);
    expect(h.server.state.players.map((p) => p.name)).toEqual(['ann']);
    c.send({ type: 'DISCONNECT', token: welcome.token });
    h.run(50);
    expect(c.last('DISCONNECTED')).toBeDefined();
    expect(h.server.state.players).toEqual([]);
    expect(join(h, new RawClient(h.net, 5002), 'ann')).toMatchObject({ type: 'WELCOME' });
  });

  test('a client silent for the timeout is dropped and its slot freed', () => {
    const h = startServer({ timeoutMs: 2000 });
    const c = new RawClient(h.net, 5001);
    join(h, c, 'ann');
    h.run(2100);
    expect(c.last('CLOSING')?.reason).toBe('timeout');
    expect(h.server.sessions.size).toBe(0);
    expect(h.server.state.players).toEqual([]);
    expect(h.log.lines.some((l) => l.name === 'timeout' && l.fields.name === 'ann')).toBe(true);
  });

  test("a sessionless PING is answered with the server's description only when it fits", () => {
    const h = startServer();
    const c = new RawClient(h.net, 5001);
    c.send(makePing(null, 42, 120));
    c.send(makePing(null, 43, 0));
    h.run(5);
    const [long, short] = c.received;
    expect(long!.msg).toMatchObject({
      type: 'PONG',
      stamp: 42,
      info: { serverName: 'Test manor', players: 0, maxPlayers: 10, phase: 'lobby' },
    });
    expect(long!.size).toBeLessThanOrEqual(120);
    expect(short!.msg).toMatchObject({ type: 'PONG', stamp: 43, info: null });
    expect(short!.size).toBeLessThanOrEqual(encodeBytes(makePing(null, 43, 0)).length);
    expect(long!.msg).toMatchObject({ info: { access: 'open' } });
    // Deaf: the long form says new players are refused, and still fits in the PING.
    h.server.deaf = true;
    c.send(makePing(null, 44, 120));
    h.run(5);
    const deaf = c.received[2]!;
    expect(deaf.msg).toMatchObject({ type: 'PONG', stamp: 44, info: { access: 'closed' } });
    expect(deaf.size).toBeLessThanOrEqual(120);
  });

  test('shutdown tells every client three times, 100 ms apart, then the server is finished', () => {
    const h = startServer();
    const a = new RawClient(h.net, 5001);
    const b = new RawClient(h.net, 5002);
    join(h, a, 'ann');
    join(h, b, 'bob');
    h.server.shutdown(h.net.now);
    h.run(400);
    expect(a.all('CLOSING').map((m) => m.reason)).toEqual(['shutdown', 'shutdown', 'shutdown']);
    expect(b.all('CLOSING').length).toBe(3);
    expect(h.server.finished).toBe(true);
  });
});
