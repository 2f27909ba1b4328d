/**
 * Rooms on the built binary over real UDP on 127.0.0.1, in 120×40 tmux panes: `haunted serve
 * --rooms a,b:grand` hosts three rooms; `haunted play 127.0.0.1:PORT/b` reaches the game
 * screen of room b (the status line names it); `haunted play 127.0.0.1:PORT` draws the room
 * list, and its keys join another room or make a new one (a name taken: back to the list, told
 * why). Skipped where tmux is not installed.
 */
import { afterAll, expect, test } from 'bun:test';
import { haunted } from '../support/binary.ts';
import { serveOnFreePort } from '../support/serve-process.ts';
import { PrivateTmux, TMUX } from '../support/tmux.ts';

const tmux = new PrivateTmux('haunted-rooms-e2e');
const cleanup: (() => void)[] = [];
afterAll(() => {
  for (const f of cleanup) f();
  tmux.kill();
});

function play(bin: string, session: string, target: string, name: string): void {
  tmux.startPane(session, `'${bin}' play ${target} --name ${name} --color none`);
}

/** The rows of the room list as [name, map, phase, players], marker dropped. */
function listRows(screen: string): string[][] {
  return screen
    .split('\n')
    .map((l) => l.replace(/^ *>? */, '').trim())
    .filter((l) => / (lobby|countdown|game|end) +\d+\/\d+ +\d+ ms/.test(l))
    .map((l) => l.split(/ +/).slice(0, 4));
}

test.skipIf(!TMUX)(
  'three rooms: play host/b reaches room b; play host lists the rooms, joins one, makes one',
  async () => {
    const bin = await haunted();
    const server = await serveOnFreePort(bin, ['--rooms', 'a,b:grand']);
    cleanup.push(server.kill);
    const host = `127.0.0.1:${server.port}`;

    // Straight into room b: its game screen, named on the status line, on its map.
    play(bin, 'ana', `${host}/b`, 'Ana');
    const ana = await tmux.waitForScreen(
      'ana',
      (s) => s.includes('Lobby · The grand manor') && s.includes('Ana (you)'),
      10_000,
    );
    expect(ana.split('\n')[0]).toMatch(new RegExp(`^Haunted Chronicles  ${host}  room b +ping`));

    // The list: three rooms, Ana counted in b.
    play(bin, 'bob', host, 'Bob');
    const list = await tmux.waitForScreen('bob', `Rooms on ${host}  (3 rooms`, 10_000);
    expect(listRows(list)).toEqual([
      ['default', 'classic', 'lobby', '0/10'],
      ['a', 'classic', 'lobby', '0/10'],
      ['b', 'grand', 'lobby', '1/10'],
    ]);
    expect(list).toContain('> default');
    expect(list).toContain('↑↓ choose · Enter join · N new room · R refresh · Esc quits');

    // Down, Enter: room a, on the classic manor; Ana (in b) is not in Bob's game.
    tmux.run('send-keys', '-t', 'bob', 'Down');
    await tmux.waitForScreen('bob', '> a ');
    tmux.run('send-keys', '-t', 'bob', 'Enter');
    const bob = await tmux.waitForScreen(
      'bob',
      (s) => s.includes('Lobby · The classic manor') && s.includes('Bob (you)'),
      10_000,
    );
    expect(bob.split('\n')[0]).toContain(`${host}  room a `);
    expect(bob).not.toContain('Ana');

    // N, "a", Enter: the room a exists; the refusal brings Cy back to the list, told why.
    play(bin, 'cy', host, 'Cy');
    await tmux.waitForScreen('cy', `Rooms on ${host}`, 10_000);
    tmux.run('send-keys', '-t', 'cy', 'n');
    await tmux.waitForScreen('cy', 'New room');
    tmux.run('send-keys', '-t', 'cy', 'a');
    await tmux.waitForScreen('cy', 'name: a█');
    tmux.run('send-keys', '-t', 'cy', 'Enter');
    const back = await tmux.waitForScreen(
      'cy',
      'A new room: a room of that name exists already.',
      10_000,
    );
    expect(back).toContain(`Rooms on ${host}`);
    expect(back).toContain('Enter join');

    // N, Enter: a new room on the server's default map, named by a code the server picks.
    tmux.run('send-keys', '-t', 'cy', 'n');
    await tmux.waitForScreen('cy', 'New room');
    tmux.run('send-keys', '-t', 'cy', 'Enter');
    // (The status line names the room from WELCOME on, before the map is in: wait for the game.)
    const cy = await tmux.waitForScreen('cy', (t) => t.includes('Cy (you)'), 10_000);
    expect(cy.split('\n')[0]).toMatch(
      new RegExp(`^Haunted Chronicles  ${host}  room [A-HJ-NP-Z2-9]{4} `),
    );
    expect(cy).toContain('Lobby · The classic manor');

    // Esc leaves, the terminal given back.
    tmux.run('send-keys', '-t', 'bob', 'Escape');
    expect((await tmux.waitForScreen('bob', 'EXIT=', 5000)).trim()).toBe('EXIT=0');
  },
  90_000,
);
