/**
 * Bun's UDP socket as a Transport, on 127.0.0.1 only. These are the few tests with real sockets
 * (and so real, if short, waits); everything else about the network runs through sim.ts.
 */
import { afterEach, describe, expect, test } from 'bun:test';
import type { Address, Transport } from '../../src/net/transport.ts';
import {
  anyAddressFor,
  BindError,
  bindError,
  createUdpTransport,
  type LookupAll,
  localAddresses,
  resolveHost,
  type UdpOptions,
  type UdpTransport,
} from '../../src/net/udp.ts';

const LOOPBACK = '127.0.0.1';
const opened: UdpTransport[] = [];

async function open(options: Partial<UdpOptions> = {}): Promise<UdpTransport> {
  const t = await createUdpTransport({ host: LOOPBACK, clock: () => 0, ...options });
  opened.push(t);
  return t;
}

afterEach(() => {
  for (const t of opened.splice(0)) t.close();
});

interface Received {
  data: Uint8Array;
  from: Address;
  now: number;
}

/** Collects what `t` receives; `next()` waits (real time, at most 1 s) for the n-th datagram. */
function inbox(t: Transport) {
  const got: Received[] = [];
  t.onDatagram((data, from, now) => got.push({ data, from, now }));
  const next = async (n = got.length + 1): Promise<Received> => {
    for (let waited = 0; got.length < n && waited < 1000; waited += 2) await Bun.sleep(2);
    const r = got[n - 1];
    if (!r) throw new Error(`datagram ${n} did not arrive within 1 s`);
    return r;
  };
  return { got, next };
}

/** A port on 127.0.0.1 where nobody listens (opened, then closed again). */
async function closedPort(): Promise<number> {
  const t = await createUdpTransport({ host: LOOPBACK, clock: () => 0 });
  const port = t.local.port;
  t.close();
  return port;
}

describe('createUdpTransport', () => {
  test('binds the port the system chose when asked for port 0', async () => {
    const t = await open();
    expect(t.local.address).toBe(LOOPBACK);
    expect(t.local.port).toBeGreaterThan(0);
  });

  test('two transports exchange datagrams both ways, bytes, sender and clock intact', async () => {
    const a = await open({ clock: () => 1234.5 });
    const b = await open({ clock: () => 42 });
    const aIn = inbox(a);
    const bIn = inbox(b);
    const small = new Uint8Array([0, 1, 2, 255]);
    const large = Uint8Array.from({ length: 1200 }, (_, i) => (i * 7) & 0xff);

    expect(a.send(small, b.local)).toBe(true);
    const r1 = await bIn.next();
    expect(r1.data).toEqual(small);
    expect(r1.from).toEqual(a.local);
    expect(r1.now).toBe(42);

    expect(b.send(large, r1.from)).toBe(true);
    const r2 = await aIn.next();
    expect(r2.data).toEqual(large);
    expect(r2.from).toEqual(b.local);
    expect(r2.now).toBe(1234.5);

    expect(a.stats).toMatchObject({ datagramsOut: 1, bytesOut: 4, datagramsIn: 1, bytesIn: 1200 });
    expect(b.stats).toMatchObject({ datagramsOut: 1, bytesOut: 1200, datagramsIn: 1, bytesIn: 4 });
    expect(a.stats.sendFailures + b.stats.sendFailures).toBe(0);
  });

  test('batches one after the other: each sends its own datagrams only, never an earlier one', async () => {
    // sendBatch refills one array for sendMany: a shorter batch after a longer one must not
    // send the longer one's tail again, and each datagram goes where its own pair says.
    const a = await open();
    const b = await open();
    const c = await open();
    const bIn = inbox(b);
    const cIn = inbox(c);
    const bytes = (text: string) => new TextEncoder().encode(text);
    const text = (r: Received) => new TextDecoder().decode(r.data);
    expect(
      a.sendBatch([
        [bytes('one-b'), b.local],
        [bytes('one-c'), c.local],
        [bytes('two-b'), b.local],
        [bytes('two-c'), c.local],
      ]),
    ).toBe(4);
    await bIn.next(2);
    await cIn.next(2);
    expect(a.sendBatch([[bytes('three-c'), c.local]])).toBe(1);
    expect(text(await cIn.next(3))).toBe('three-c');
    expect(a.sendBatch([])).toBe(0);
    expect(a.sendBatch([[bytes('four-b'), b.local]])).toBe(1);
    expect(text(await bIn.next(3))).toBe('four-b');
    await Bun.sleep(20); // anything sent twice would be here by now
    expect(bIn.got.map(text)).toEqual(['one-b', 'two-b', 'four-b']);
    expect(cIn.got.map(text)).toEqual(['one-c', 'two-c', 'three-c']);
    expect(a.stats).toMatchObject({ datagramsOut: 6, sendFailures: 0 });
  });

  test('sending to a closed port neither throws nor stops the socket; errors are counted', async () => {
    const errors: Error[] = [];
    const a = await open({ onError: (e) => errors.push(e) });
    const b = await open();
    const bIn = inbox(b);
    const gone = { address: LOOPBACK, port: await closedPort() };
    for (let i = 0; i < 5; i++) {
      expect(() => a.send(new Uint8Array([i]), gone)).not.toThrow();
      await Bun.sleep(5);
    }
    // The unreachable reports arrive as error events or as throws of the next send: either way
    // they are counted and a datagram to a live peer right after still gets through.
    for (let i = 0; i < 5; i++) {
      a.send(new Uint8Array([100 + i]), gone);
      expect(a.send(new Uint8Array([i]), b.local)).toBe(true);
    }
    await bIn.next(5);
    expect(bIn.got.map((r) => r.data[0])).toEqual([0, 1, 2, 3, 4]);
    await Bun.sleep(20);
    expect(a.stats.socketErrors).toBeGreaterThan(0);
    expect(errors.length).toBe(a.stats.socketErrors);
    expect(errors.every((e) => (e as { code?: string }).code === 'ECONNREFUSED')).toBe(true);
  });

  test('send returns false instead of throwing on what the socket refuses', async () => {
    const a = await open();
    const b = await open();
    const bytes = new Uint8Array([1]);
    expect(a.send(bytes, { address: 'localhost', port: b.local.port })).toBe(false); // no DNS
    expect(a.send(bytes, { address: LOOPBACK, port: 0 })).toBe(false);
    expect(a.send(bytes, { address: LOOPBACK, port: 70000 })).toBe(false);
    expect(a.send(bytes, { address: '::1', port: b.local.port })).toBe(false); // IPv4 socket
    expect(a.send(new Uint8Array(70000), b.local)).toBe(false); // larger than a datagram
    expect(a.stats.sendFailures).toBe(5);
    expect(a.stats.datagramsOut).toBe(0);
  });

  test('a port in use rejects with a one-line message', async () => {
    const a = await open();
    const taken = a.local.port;
    const attempt = createUdpTransport({ host: LOOPBACK, port: taken, clock: () => 0 });
    await expect(attempt).rejects.toThrow(`port ${taken} is already in use`);
    await attempt.catch((e: unknown) => {
      expect(e).toBeInstanceOf(BindError);
      expect((e as BindError).code).toBe('EADDRINUSE');
    });
  });

  test('an invalid port rejects before touching the system', async () => {
    await expect(open({ port: 70000 })).rejects.toThrow('invalid port 70000');
    await expect(open({ port: 1.5 })).rejects.toThrow('invalid port 1.5');
  });

  test('close is idempotent; afterwards send returns false and nothing is received', async () => {
    const a = await open();
    const b = await open();
    const bIn = inbox(b);
    b.close();
    b.close();
    expect(b.send(new Uint8Array([1]), a.local)).toBe(false);
    expect(b.stats.sendFailures).toBe(1);
    a.send(new Uint8Array([1]), b.local);
    await Bun.sleep(20);
    expect(bIn.got).toEqual([]);
  });
});

describe('bindError', () => {
  const fake = (code: string, message = `bind ${code}`) =>
    Object.assign(new Error(message), { code });

  test.each([
    ['EADDRINUSE', 'port 9998 is already in use'],
    ['EACCES', 'no permission to listen on port 9998'],
    ['EADDRNOTAVAIL', 'cannot listen on 10.1.2.3: not an address of this machine'],
    ['ENOENT', 'cannot listen on 10.1.2.3: unknown host'],
    ['EWHATEVER', 'cannot listen on 10.1.2.3 port 9998: bind EWHATEVER'],
  ])('%s', (code, message) => {
    const e = bindError(fake(code), '10.1.2.3', 9998);
    expect(e.message).toBe(message);
    expect(e.code).toBe(code);
    expect(e.message).not.toContain('\n');
  });
});

describe('resolveHost', () => {
  const failing =
    (code: string): LookupAll =>
    () =>
      Promise.reject(Object.assign(new Error(`getaddrinfo ${code}`), { code }));
  const never: LookupAll = () => Promise.reject(new Error('lookup must not be called'));

  test('localhost resolves to a loopback address', async () => {
    expect([LOOPBACK, '::1']).toContain(await resolveHost('localhost'));
  });

  test('IP literals pass through without a lookup', async () => {
    expect(await resolveHost('127.0.0.1', never)).toBe('127.0.0.1');
    expect(await resolveHost('::1', never)).toBe('::1');
    expect(await resolveHost('[::1]', never)).toBe('::1');
    expect(await resolveHost(' 192.168.1.20 ', never)).toBe('192.168.1.20');
  });

  test('a name that does not resolve rejects clearly', async () => {
    await expect(resolveHost('nowhere.example', failing('ENOTFOUND'))).rejects.toThrow(
      'cannot resolve host "nowhere.example": no such host',
    );
    await expect(resolveHost('nowhere.example', failing('EAI_AGAIN'))).rejects.toThrow(
      'cannot resolve host "nowhere.example": the name server did not answer',
    );
    await expect(resolveHost('nowhere.example', async () => [])).rejects.toThrow('no such host');
  });

  test('a malformed name rejects without a lookup', async () => {
    for (const bad of ['', 'two words', 'host:9998', 'a/b', 'x'.repeat(254)])
      await expect(resolveHost(bad, never)).rejects.toThrow('is not a valid host name');
  });

  test('IPv4 is preferred when a name has both', async () => {
    const both: LookupAll = async () => [
      { address: 'fd00::7', family: 6 },
      { address: '192.168.1.7', family: 4 },
    ];
    expect(await resolveHost('lan-box', both)).toBe('192.168.1.7');
    const v6only: LookupAll = async () => [{ address: 'fd00::7', family: 6 }];
    expect(await resolveHost('lan-box', v6only)).toBe('fd00::7');
  });
});

describe('localAddresses', () => {
  test('non-internal addresses, IPv4 first, no link-local IPv6, no duplicates', () => {
    const entry = (address: string, family: string, internal = false) => ({
      address,
      family,
      internal,
    });
    const list = localAddresses({
      lo: [entry('127.0.0.1', 'IPv4', true), entry('::1', 'IPv6', true)],
      eth0: [entry('fe80::1', 'IPv6'), entry('fd00::2', 'IPv6'), entry('192.168.1.5', 'IPv4')],
      wlan0: [entry('10.0.0.9', 'IPv4'), entry('192.168.1.5', 'IPv4')],
      down: undefined,
    });
    expect(list).toEqual(['192.168.1.5', '10.0.0.9', 'fd00::2']);
  });

  test("this machine's list has no loopback", () => {
    const list = localAddresses();
    expect(list).not.toContain('127.0.0.1');
    expect(list).not.toContain('::1');
  });
});

test('anyAddressFor picks the family of the peer', () => {
  expect(anyAddressFor('192.168.1.5')).toBe('0.0.0.0');
  expect(anyAddressFor('::1')).toBe('::');
});
