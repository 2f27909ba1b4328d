/**
 * Game events on the built binary in a real terminal: `haunted serve` on a corridor where the
 * seeker starts at one end and the two hiders at the other, three `haunted play` clients in
 * 120×40 tmux panes on a private tmux server. The seeker walks right into a hider: its screen
 * says "You caught …" over the map, the hider's "You were caught by Ana", and the other hider's,
 * who stands next to it, "Ana caught …"; time runs out: the end
 * banner over the map says who won and whether you did, with the summary. Skipped without tmux.
 */
import { afterAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { haunted } from '../support/binary.ts';
import { serveOnFreePort } from '../support/serve-process.ts';
import { PrivateTmux, TMUX } from '../support/tmux.ts';

const tmux = new PrivateTmux('haunted-e2e-events');
const cleanup: (() => void)[] = [];
afterAll(() => {
  for (const f of cleanup) f();
  tmux.kill();
});

// Ana spawns at R; the hiders at the B cells, one in each row: walking right along row 1, Ana
// touches the one in row 1 and passes the one in row 2 without touching (a row is 32 units,
// a player 24 tall). The room around leaves the end banner space for the whole summary.
const CORRIDOR = `name: Corridor
---
${'#'.repeat(50)}
#R...*......................B${'.'.repeat(20)}#
#...........................B${'.'.repeat(20)}#
${`#${'.'.repeat(48)}#\n`.repeat(8)}${'#'.repeat(50)}
`;

/** `haunted serve` on a free port with the corridor and short phases; returns the port. */
async function startServer(bin: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'haunted-events-'));
  const map = join(dir, 'corridor.map');
  writeFileSync(map, CORRIDOR);
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const args = ['--countdown', '1', '--seek-time', '14', '--end-time', '10', '--map', map];
  const server = await serveOnFreePort(bin, args);
  cleanup.push(server.kill);
  return server.port;
}

function startClient(bin: string, port: number, session: string, name: string): void {
  tmux.startPane(session, `'${bin}' play 127.0.0.1:${port} --name ${name} --color none`);
}

test.skipIf(!TMUX)(
  'haunted play in tmux: a catch told over the map on the three screens, then the end banner',
  async () => {
    const bin = await haunted();
    const port = await startServer(bin);
    const names = { ana: 'Ana', bo: 'Bo', cy: 'Cy' } as const;
    for (const [session, name] of Object.entries(names)) startClient(bin, port, session, name);
    for (const session of Object.keys(names)) {
      await tmux.waitForScreen(session, 'Unassigned (3)', 8000);
    }
    tmux.run('send-keys', '-t', 'ana', 'r');
    tmux.run('send-keys', '-t', 'bo', 'b');
    tmux.run('send-keys', '-t', 'cy', 'b');
    await tmux.waitForScreen('ana', (s) => s.includes('Seekers (1)') && s.includes('Hiders (2)'));
    for (const session of Object.keys(names)) tmux.run('send-keys', '-t', session, ' ');
    await tmux.waitForScreen('ana', (s) => s.includes('Time left') && s.includes('You seek'));

    // Ana holds Right (the terminal repeats the key) until she has caught somebody.
    let caught = '';
    for (let i = 0; i < 200 && caught === ''; i++) {
      tmux.run('send-keys', '-t', 'ana', 'Right');
      await Bun.sleep(40);
      caught = /You caught (Bo|Cy)/.exec(tmux.screen('ana'))?.[1] ?? '';
    }
    expect(caught, tmux.screen('ana')).not.toBe('');
    const hider = caught === 'Bo' ? 'bo' : 'cy';
    const other = caught === 'Bo' ? 'Cy' : 'Bo';
    await tmux.waitForScreen(hider, 'You were caught by Ana', 3000);
    // The panel's news (its lines wrap beside the team columns). It follows the roster, whose
    // caught flag may come a resend (250 ms) after the catch's event: wait for it too.
    const hiderScreen = await tmux.waitForScreen(hider, 'Caught by Ana: you are', 3000);
    expect(hiderScreen).not.toContain('You hide');
    // The other hider stands next to the caught one (its near zone): a third screen that saw it.
    await tmux.waitForScreen(hider === 'bo' ? 'cy' : 'bo', `Ana caught ${caught}`, 3000);

    // Time runs out: the hiders win; each screen says whether its player did.
    const end = (session: string, verdict: string) => tmux.waitForScreen(session, verdict, 20_000);
    const anaEnd = await end('ana', 'Hiders win: you lost');
    expect(anaEnd).toContain('Time ran out: 1 of 2 hiders safe');
    expect(anaEnd).toMatch(new RegExp(`${caught}: caught by Ana at 0:\\d\\d`));
    expect(anaEnd).toMatch(new RegExp(`${other}: safe to the end \\(0:14\\)`));
    expect(anaEnd).toContain('Catches: Ana 1');
    await end('bo', 'Hiders win: you won!');
    await end('cy', 'Hiders win: you won!');
  },
  60_000,
);
