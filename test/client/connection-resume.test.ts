/**
 * docs/PROTOCOL.md §7, "lost": a WELCOME with the same token resumes the session. The client
 * keeps its input numbering, so the server applies its next input instead of ignoring it as a
 * replay (seq not above the highest received). Simulated time, the real server, a link that
 * lets only the handshake's answers through, so the WELCOME (not a SNAP) is what resumes.
 */
import { expect, test } from 'bun:test';
import { ClientConnection } from '../../src/client/connection.ts';
import { KEY } from '../../src/game/movement.ts';
import { findPlayer } from '../../src/game/state.ts';
import type { Transport } from '../../src/net/transport.ts';
import { SERVER_ADDRESS, startServer } from '../support/server-harness.ts';

const HANDSHAKE = ['CHALLENGE ', 'WELCOME ', 'REFUSED '];

test('lost, then a WELCOME with the same token: the same session, inputs numbered on, applied', () => {
  let onlyHandshake = false;
  const filter = (t: Transport): Transport => ({
    ...t,
    local: t.local,
    send(data, to) {
      const text = new TextDecoder().decode(data.subarray(0, 10));
      if (onlyHandshake && !HANDSHAKE.some((p) => text.startsWith(p))) return true;
      return t.send(data, to);
    },
    sendBatch(batch) {
      let n = 0;
      for (const [data, to] of batch) if (this.send(data, to)) n++;
      return n;
    },
    onDatagram: (h) => t.onDatagram(h),
    close: () => t.close(),
  });
  const h = startServer({}, 1, filter);
  h.net.setConditions({ latencyMs: 20, jitterMs: 0, lossPct: 0, dupPct: 0 });
  const conn = new ClientConnection({
    transport: h.net.bind({ address: '127.0.0.1', port: 5001 }),
    server: SERVER_ADDRESS,
    name: 'Casper',
    now: h.net.now,
  });
  h.each((now) => conn.update(now));
  h.run(500);
  expect(conn.state).toBe('playing');
  conn.setInput(KEY.right, h.net.now);
  h.run(300);
  conn.setInput(0, h.net.now);
  h.run(300);
  const token = conn.welcome!.token;
  const session = [...h.server.sessions.values()][0]!;
  const seqBefore = session.highestSeq;
  expect(seqBefore).toBeGreaterThanOrEqual(2);

  // The server's snapshots stop reaching the client: lost after 5 s, then the handshake, whose
  // answer is the same session's WELCOME.
  onlyHandshake = true;
  for (let waited = 0; waited < 6000 && conn.state !== 'lost'; waited += 1) h.run(1);
  expect(conn.state).toBe('lost');
  conn.setInput(KEY.down, h.net.now); // held while lost: goes out once playing again
  h.run(1000);
  expect(conn.state).toBe('playing');
  expect(conn.detail).toBe('connection restored');
  expect(conn.welcome?.token).toBe(token);
  expect(h.server.sessions.size).toBe(1);
  // The resumed session's new input: numbered on from the last, taken and applied.
  expect(session.highestSeq).toBe(seqBefore + 1);
  const me = findPlayer(h.server.state, conn.welcome!.playerId)!;
  h.run(500);
  expect(me.keys).toBe(KEY.down); // applied: the server holds the resumed session's keys
  onlyHandshake = false;
  h.run(500);
  expect(conn.pendingInputs).toEqual([]);
});
