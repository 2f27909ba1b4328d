/**
 * Taps on a terminal without key releases (tmux, xterm…), through the whole client against the
 * real server in simulated time, 75 ms each way: each tap moves a seeker one whole cell and
 * leaves it wholly inside a cell, so it stays lined up with the doors. Before, a tap held the
 * key for one cell's time rounded up to whole ticks: 17 or 18 units of a 16-unit cell, off the
 * grid after a few taps.
 */
import { expect, test } from 'bun:test';
import { GameClient } from '../../src/client/game-client.ts';
import type { KeyFlags } from '../../src/client/keys.ts';
import { boxHitsWall } from '../../src/game/movement.ts';
import { findPlayer } from '../../src/game/state.ts';
import { CELL_H, CELL_W, PLAYER_H, PLAYER_W } from '../../src/game/units.ts';
import { SERVER_ADDRESS, startServer } from '../support/server-harness.ts';

const FRAME_MS = 33;

test('a seeker tapping right and left moves a whole cell a tap and stays on the grid', () => {
  const h = startServer({}, 5);
  h.net.setConditions({ latencyMs: 75, jitterMs: 0, lossPct: 0, dupPct: 0 });
  const client = new GameClient({
    transport: h.net.bind({ address: '127.0.0.1', port: 5001 }),
    server: SERVER_ADDRESS,
    address: 'localhost:9998',
    name: 'Ana',
    now: h.net.now,
    columns: 120,
    rows: 40,
    level: 'none',
  });
  // Frames as the CLI runs them: at the frame rate, and at the first millisecond at or after
  // the time the held keys said they would change by themselves.
  let due: number | null = null;
  h.each((now) => {
    if (now % FRAME_MS !== 0 && (due === null || now < due)) return;
    client.frame(now);
    due = client.nextKeyChange(now);
  });
  const press = (input: string, flags: KeyFlags = {}) => {
    client.onKey({ input, key: flags }, h.net.now);
    due = client.nextKeyChange(h.net.now);
  };
  h.run(1000);
  press('r'); // the seekers: 128 units a second, 4.27 units a tick
  h.run(1000);
  const ana = () => findPlayer(h.server.state, client.conn.welcome!.playerId)!;
  expect(ana().team).toBe('R');
  const map = h.server.state.map;
  const start = { x: ana().x, y: ana().y };
  // Room for four cells to the right of where it stands (else the test moves it left).
  const free = (dir: number) =>
    [1, 2, 3, 4].every((n) => !boxHitsWall(map, start.x + n * dir * CELL_W, start.y));
  const dir = free(1) ? 1 : -1;
  expect(free(dir)).toBe(true);
  const col0 = Math.floor(start.x / CELL_W);
  const cells: (number | null)[] = [];
  for (const step of [dir, dir, dir, dir, -dir, -dir, -dir, dir, -dir, -dir]) {
    press('', step > 0 ? { rightArrow: true } : { leftArrow: true });
    h.run(700 + (cells.length % 3) * 111); // taps at any moment of a tick
    const { x, y } = ana();
    const col = Math.floor(x / CELL_W);
    // Wholly inside a cell: its column (or null when it straddles two).
    cells.push(x + PLAYER_W <= (col + 1) * CELL_W ? col - col0 : null);
    expect(Math.floor(y / CELL_H)).toBe(Math.floor((y + PLAYER_H - 1) / CELL_H));
  }
  expect(cells).toEqual([1, 2, 3, 4, 3, 2, 1, 2, 1, 0].map((c) => c * dir));
});
