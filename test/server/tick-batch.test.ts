/**
 * The tick's batch (endpoint.ts): one `sendBatch` a tick for every room, its pairs reused tick
 * after tick. What the transport is handed in a tick is that tick's datagrams only (never a
 * pair left from a longer batch before it, never a later datagram), and once the call returns
 * the batch holds nothing (PROTOCOL.md §15: one batch a tick; transport.ts: the batch is read
 * during the call only).
 */
import { expect, test } from 'bun:test';
import type { Address, Transport } from '../../src/net/transport.ts';
import { decode } from '../../src/protocol/index.ts';
import { statsReport } from '../../src/server/stats-report.ts';
import { ScriptedPlayer } from '../support/scripted-player.ts';
import { startServer } from '../support/server-harness.ts';

interface Seen {
  /** The batch array the endpoint handed over, and what it held during the call. */
  batch: readonly (readonly [Uint8Array, Address])[];
  during: { text: string; port: number }[];
}

test('each tick hands the transport its own datagrams, in one batch emptied after the call', () => {
  const batches: Seen[] = [];
  const record = (inner: Transport): Transport => ({
    local: inner.local,
    send: (data, to) => inner.send(data, to),
    sendBatch(batch) {
      const seen: Seen = {
        batch,
        during: batch.map(([data, to]) => ({
          text: new TextDecoder().decode(data),
          port: to.port,
        })),
      };
      batches.push(seen);
      return inner.sendBatch(batch);
    },
    onDatagram: (h) => inner.onDatagram(h),
    close: () => inner.close(),
  });
  const h = startServer({ rooms: [{ name: 'attic' }] }, 1, record);
  // Between ticks (each simulated ms, before the server's update), the batch is empty.
  const between: number[] = [];
  h.each(() => {
    const last = batches.at(-1);
    if (last) between.push(last.batch.length);
  });
  const ann = new ScriptedPlayer(h, 5001, 'ann');
  const bob = new ScriptedPlayer(h, 5002, 'bob');
  const cat = new ScriptedPlayer(h, 5003, 'cat', { kind: 'join', name: 'attic' });
  ann.join();
  bob.join();
  cat.join();
  h.run(1000);
  // Bob leaves: later batches are shorter than the ones before, from the same reused pairs.
  const longest = Math.max(...batches.map((b) => b.during.length));
  bob.send({ type: 'DISCONNECT', token: bob.welcome!.token });
  const leftAt = batches.length;
  h.run(500);

  const ticks = batches.filter((b) => b.during.some((d) => d.text.startsWith('SNAP ')));
  expect(ticks.length).toBeGreaterThan(40);
  expect(between.length).toBeGreaterThan(1000);
  expect(between.every((n) => n === 0)).toBe(true);
  for (const b of batches) {
    expect(b.batch).toBe(batches[0]!.batch);
    // Every SNAP of a batch is of one tick; no client gets two in one batch.
    const snaps = b.during.filter((d) => d.text.startsWith('SNAP '));
    const snapTicks = new Set(snaps.map((d) => d.text.split(' ')[1]));
    expect(snapTicks.size).toBeLessThanOrEqual(1);
    expect(new Set(snaps.map((d) => d.port)).size).toBe(snaps.length);
    for (const d of b.during)
      expect(decode(new TextEncoder().encode(d.text), 'client').ok).toBe(true);
  }
  // Ticks run one after the other: each batch's SNAPs are one tick later than the last one's.
  const tickOf = (b: Seen) =>
    Number(b.during.find((d) => d.text.startsWith('SNAP '))!.text.split(' ')[1]);
  for (let i = 1; i < ticks.length; i++) expect(tickOf(ticks[i]!)).toBe(tickOf(ticks[i - 1]!) + 1);
  expect(longest).toBeGreaterThanOrEqual(3);
  const after = batches.slice(leftAt + 2);
  for (const b of after) {
    expect(b.during.every((d) => d.port !== 5002)).toBe(true);
    expect(b.during.filter((d) => d.text.startsWith('SNAP ')).length).toBeLessThanOrEqual(2);
  }
  // What the clients got is what each batch held at its call: their SNAP ticks only increase.
  for (const p of [ann, cat]) {
    const got = p.all('SNAP').map((s) => s.tick);
    expect(got.length).toBeGreaterThan(30);
    for (let i = 1; i < got.length; i++) expect(got[i]!).toBeGreaterThan(got[i - 1]!);
  }
});

test('the stats split each tick: the time its batch took to send, within the whole tick', () => {
  // A fine clock that only the transport moves: 2 ms per batch, nothing for the rooms.
  let clock = 0;
  const slow = (inner: Transport): Transport => ({
    local: inner.local,
    send: (data, to) => inner.send(data, to),
    sendBatch(batch) {
      clock += 2;
      return inner.sendBatch(batch);
    },
    onDatagram: (h) => inner.onDatagram(h),
    close: () => inner.close(),
  });
  const h = startServer({ measure: () => clock }, 1, slow);
  new ScriptedPlayer(h, 5001, 'ann').join();
  h.run(1000);
  const { ticks, sends } = h.server.stats;
  expect(ticks.count).toBeGreaterThan(25);
  expect(sends.count).toBe(ticks.count);
  expect(sends.percentile(50)).toBeCloseTo(2, 1);
  expect(ticks.percentile(50)).toBeCloseTo(2, 1);
  expect(statsReport(h.server, 0).sends.histogram).toEqual([[200, sends.count]]);
});
