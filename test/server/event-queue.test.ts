/** The server's per-session event queue against the client's inbox: pacing, size, cap, acks. */
import { describe, expect, test } from 'bun:test';
import { EventInbox } from '../../src/client/event-inbox.ts';
import {
  decode,
  type EventsMessage,
  type GameEventWire,
  MAX_DATAGRAM,
  MAX_EVENTS,
} from '../../src/protocol/index.ts';
import { EVENT_RESEND_MS, EventQueue } from '../../src/server/event-queue.ts';
import { GameEventsOut } from '../../src/server/game-events.ts';
import { createSession } from '../../src/server/session.ts';
import { statsReport } from '../../src/server/stats-report.ts';
import { SERVER_ADDRESS, startServer } from '../support/server-harness.ts';

const catchOf = (tick: number): GameEventWire => ({ kind: 'catch', tick, seeker: 1, hider: 2 });

function events(bytes: Uint8Array | null): EventsMessage {
  if (bytes === null) throw new Error('nothing sent');
  const r = decode(bytes, 'client');
  if (!r.ok || r.msg.type !== 'EVENTS') throw new Error(`not an EVENTS: ${JSON.stringify(r)}`);
  return r.msg;
}

describe('EventQueue', () => {
  test('a new event goes out at once, then again every 250 ms until acknowledged', () => {
    const q = new EventQueue();
    expect(q.due(0)).toBeNull();
    q.push(catchOf(10));
    expect(events(q.due(0))).toEqual({ type: 'EVENTS', first: 1, events: [catchOf(10)] });
    expect(q.due(EVENT_RESEND_MS - 1)).toBeNull();
    q.push(catchOf(11)); // new: at once, with the unacknowledged one before it
    expect(events(q.due(EVENT_RESEND_MS - 1)).events).toEqual([catchOf(10), catchOf(11)]);
    q.ack(1);
    expect(events(q.due(2 * EVENT_RESEND_MS)).first).toBe(2);
    q.ack(2);
    expect(q.due(3 * EVENT_RESEND_MS)).toBeNull();
    expect(q.nextSeq).toBe(3);
  });

  test('acks out of range change nothing', () => {
    const q = new EventQueue();
    q.push(catchOf(1));
    q.ack(0);
    q.ack(2); // never sent
    expect(q.length).toBe(1);
    q.ack(1);
    q.ack(1);
    expect(q.length).toBe(0);
  });

  test('a datagram holds the oldest events that fit 1200 bytes; the rest follow after the ack', () => {
    const q = new EventQueue();
    const long: GameEventWire = {
      kind: 'end',
      tick: 4294967295,
      winner: null,
      reason: 'everybody-left',
      ticks: 4294967295,
    };
    for (let i = 0; i < 40; i++) q.push(long);
    const bytes = q.due(0)!;
    expect(bytes.length).toBeLessThanOrEqual(MAX_DATAGRAM);
    const first = events(bytes);
    expect(first.events.length).toBeLessThan(40);
    q.ack(first.events.length);
    const second = events(q.due(EVENT_RESEND_MS));
    expect(second.first).toBe(first.events.length + 1);
    expect(first.events.length + second.events.length).toBe(40);
  });

  test('past 64 unacknowledged the oldest are dropped and counted; the inbox skips the gap', () => {
    const q = new EventQueue();
    const inbox = new EventInbox();
    for (let i = 0; i < MAX_EVENTS + 5; i++) q.push(catchOf(i));
    expect(q.dropped).toBe(5);
    const msg = events(q.due(0));
    expect(msg.first).toBe(6);
    const fresh = inbox.add(msg);
    expect(fresh[0]).toEqual(catchOf(5));
    expect(inbox.skipped).toBe(5);
    expect(inbox.held).toBe(MAX_EVENTS + 5);
  });
});

describe('EventInbox', () => {
  test('takes each event once and in order, whatever repeats and reorders', () => {
    const inbox = new EventInbox();
    const one = { type: 'EVENTS', first: 1, events: [catchOf(1)] } as const;
    const oneTwo = { type: 'EVENTS', first: 1, events: [catchOf(1), catchOf(2)] } as const;
    expect(inbox.add(oneTwo)).toEqual([catchOf(1), catchOf(2)]);
    expect(inbox.add(one)).toEqual([]); // late, older resend
    expect(inbox.add(oneTwo)).toEqual([]); // duplicate
    expect(inbox.add({ type: 'EVENTS', first: 2, events: [catchOf(2), catchOf(3)] })).toEqual([
      catchOf(3),
    ]);
    expect(inbox.held).toBe(3);
    expect(inbox.skipped).toBe(0);
  });
});

describe('GameEventsOut', () => {
  test('a session that never acknowledges: the server counts the events its full queue drops', () => {
    const h = startServer();
    const out = new GameEventsOut();
    const session = createSession('0123456789abcdef', 1, SERVER_ADDRESS, 'k', 'ann', 0, 30);
    for (let i = 0; i < MAX_EVENTS; i++) out.pending.push(catchOf(i));
    expect(out.deliver(session, null)).toBe(0); // the catches of its own player (id 1)
    out.clear();
    out.pending.push({ kind: 'start', tick: 1, round: 1, seekers: 1, hiders: 1 });
    out.pending.push(catchOf(99));
    expect(out.deliver(session, null)).toBe(2);
    expect(session.events.dropped).toBe(2);
    h.server.stats.eventsDropped += 2;
    expect(statsReport(h.server, 0).eventsDropped).toBe(2);
  });
});
