/**
 * The room list screen drawn (ink-testing-library through test/support/app-frame.tsx): the
 * table, the chosen row, a long list scrolled to the choice, the message, the new-room form,
 * the keys; and the status line naming the room of a game.
 */
import { describe, expect, test } from 'bun:test';
import type { ListedRoom } from '../../src/client/room-list.ts';
import type { RoomsScreen, ScreenModel } from '../../src/client/ui/model.ts';
import { roomRow, scrollTop } from '../../src/client/ui/screens/RoomList.tsx';
import { app, frame } from '../support/app-frame.tsx';
import { room } from '../support/fake-rooms-server.ts';

const listed = (token: string, pingMs = 3): ListedRoom => ({ ...room(token), pingMs });

const THREE = [
  listed('default:classic:game:7:10:open'),
  listed('K7QX:classic:lobby:2:10:open'),
  listed('fridays:grand:end:10:10:closed', 4),
];

function rooms(over: Partial<RoomsScreen> = {}): RoomsScreen {
  return {
    kind: 'rooms',
    rooms: THREE,
    selected: 1,
    loading: false,
    refreshing: false,
    message: null,
    canCreate: true,
    form: null,
    ...over,
  };
}

describe('the room list screen', () => {
  test('the table, the chosen row marked, the keys', () => {
    const lines = frame(app(rooms(), { color: false }));
    const text = lines.join('\n');
    expect(lines[0]).toContain('Haunted Chronicles  192.168.1.20:9998');
    expect(text).toContain('Rooms on 192.168.1.20:9998  (3 rooms)');
    const header = lines.find((l) => l.includes('Room') && l.includes('Players'))!;
    expect(header.trim()).toMatch(/^Room\s+Map\s+Phase\s+Players\s+Ping$/);
    const rows = lines.filter((l) => /default|K7QX|fridays/.test(l)).map((l) => l.trim());
    expect(rows).toEqual([
      expect.stringMatching(/^default\s+classic\s+game\s+7\/10\s+3 ms$/),
      expect.stringMatching(/^> K7QX\s+classic\s+lobby\s+2\/10\s+3 ms$/),
      expect.stringMatching(/^fridays\s+grand\s+end\s+10\/10\s+4 ms\s+closed$/),
    ]);
    expect(text).toContain('↑↓ choose · Enter join · N new room · R refresh · Esc quits');
  });

  test('the columns line up under the header', () => {
    const lines = frame(app(rooms(), { color: false }));
    const header = lines.find((l) => l.includes('Players'))!;
    const row = lines.find((l) => l.includes('K7QX'))!;
    for (const [title, value] of [
      ['Map', 'classic'],
      ['Phase', 'lobby'],
      ['Players', '2/10'],
      ['Ping', '3 ms'],
    ] as const) {
      expect(row.indexOf(value)).toBe(header.indexOf(title));
    }
  });

  test('while asking, refreshing, and with no N when rooms cannot be made', () => {
    expect(frame(app(rooms({ loading: true, rooms: [] }))).join('\n')).toContain(
      '(asking for the rooms…)',
    );
    expect(frame(app(rooms({ refreshing: true }))).join('\n')).toContain('(3 rooms, refreshing…)');
    const none = frame(app(rooms({ canCreate: false }))).join('\n');
    expect(none).toContain('↑↓ choose · Enter join · R refresh · Esc quits');
  });

  test('the message of a refused join, above the keys', () => {
    const lines = frame(app(rooms({ message: 'Room fridays: that room is full.' })));
    const at = lines.findIndex((l) => l.includes('Room fridays: that room is full.'));
    const keys = lines.findIndex((l) => l.includes('Enter join'));
    expect(at).toBeGreaterThan(0);
    expect(keys).toBeGreaterThan(at);
  });

  test('the new-room form: the map with its place in the list, the name and its cursor', () => {
    const form = { maps: ['classic', 'grand'], mapIndex: 1, draft: 'fri', error: null };
    const text = frame(app(rooms({ form }))).join('\n');
    expect(text).toContain('New room');
    expect(text).toContain('map:  ‹ grand ›  (←→: 2 of 2)');
    expect(text).toContain('name: fri█');
    expect(text).toContain('Enter make it and join · Esc back to the list');
    expect(text).not.toContain('N new room');
    const empty = frame(
      app(rooms({ form: { ...form, draft: '', error: 'Room names have at most 16 characters' } })),
    );
    expect(empty.join('\n')).toContain('name: █  (none: the server picks a code)');
    expect(empty.join('\n')).toContain('✗ Room names have at most 16 characters');
  });

  test('a long list in a small terminal scrolls to keep the choice in sight, within the frame', () => {
    const many = Array.from({ length: 60 }, (_, i) => listed(`r${i}:classic:lobby:0:10:open`));
    const lines = frame(app(rooms({ rooms: many, selected: 45 }), { columns: 80, rows: 24 }));
    expect(lines.length).toBe(24);
    expect(lines.some((l) => l.includes('> r45 '))).toBe(true);
    expect(lines.some((l) => l.includes(' r0 '))).toBe(false);
    expect(lines.at(-1)).toContain('Esc quits');
  });

  test('scrollTop and roomRow', () => {
    expect(scrollTop(3, 2, 10)).toBe(0);
    expect(scrollTop(60, 0, 10)).toBe(0);
    expect(scrollTop(60, 30, 10)).toBe(25);
    expect(scrollTop(60, 59, 10)).toBe(50);
    expect(roomRow(THREE[0]!, false)).toMatch(/^ {2}default/);
    expect(roomRow(THREE[2]!, true)).toMatch(/^> fridays.*closed$/);
  });
});

describe('the status line names the room', () => {
  const connecting: ScreenModel = {
    kind: 'connecting',
    detail: 'saying hello to the server',
    elapsedSeconds: 0,
    giveUpSeconds: 5,
  };

  test('room K7QX beside the server; nothing for the default room of a CONNECT without one', () => {
    const status = { address: '127.0.0.1:9998', pingMs: 3, lossPct: 0, fps: 30 };
    const named = frame(app(connecting, { status: { ...status, room: 'K7QX' } }));
    expect(named[0]).toContain('Haunted Chronicles  127.0.0.1:9998  room K7QX');
    const plain = frame(app(connecting, { status }));
    expect(plain[0]).not.toContain('room');
  });
});
