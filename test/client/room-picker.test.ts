/**
 * Choosing a room (src/client/room-picker.ts, room-keys.ts): the keys as a table, then the
 * picker against a stand-in server with rooms in simulated time: one room or a server of before
 * rooms joins the default room as before; more show the list; keys move, join, make a room;
 * a refused join comes back to the list with the reason; the list refreshes by itself.
 */
import { describe, expect, test } from 'bun:test';
import type { KeyEvent } from '../../src/client/keys.ts';
import { roomFormIntents, roomListIntents } from '../../src/client/room-keys.ts';
import { BACK_TO_LIST, RoomPicker } from '../../src/client/room-picker.ts';
import { SimNetwork } from '../../src/net/sim.ts';
import { REFUSAL_REASONS, type RoomInfo } from '../../src/protocol/index.ts';
import { FAKE_SERVER, FakeRoomsServer, room } from '../support/fake-rooms-server.ts';

const k = (input: string, key: Record<string, unknown> = {}): KeyEvent => ({ input, key });
const UP = k('', { upArrow: true });
const DOWN = k('', { downArrow: true });
const LEFT = k('', { leftArrow: true });
const RIGHT = k('', { rightArrow: true });
const ENTER = k('\r', { return: true });
const ESC = k('', { escape: true });
const BACKSPACE = k('', { backspace: true });

describe('room list keys', () => {
  test.each([
    [UP, [{ kind: 'move', by: -1 }]],
    [DOWN, [{ kind: 'move', by: 1 }]],
    [k('w'), [{ kind: 'move', by: -1 }]],
    [k('j'), [{ kind: 'move', by: 1 }]],
    [ENTER, [{ kind: 'join' }]],
    [k('n'), [{ kind: 'create' }]],
    [k('N'), [{ kind: 'create' }]],
    [k('R'), [{ kind: 'refresh' }]],
    [ESC, [{ kind: 'quit' }]],
    [k('q'), [{ kind: 'quit' }]],
    [k('\u0003'), [{ kind: 'quit' }]],
    [k('c', { ctrl: true }), [{ kind: 'quit' }]],
    [
      k('ss'),
      [
        { kind: 'move', by: 1 },
        { kind: 'move', by: 1 },
      ],
    ],
    [k('x'), []],
    [k('n', { ctrl: true }), []],
    [k('', { downArrow: true, eventType: 'release' }), []],
    [k('', { downArrow: true, eventType: 'repeat' }), [{ kind: 'move', by: 1 }]],
  ])('%j → %j', (event, intents) => {
    expect(roomListIntents(event)).toEqual(intents as never);
  });

  test.each([
    [LEFT, [{ kind: 'map', by: -1 }]],
    [RIGHT, [{ kind: 'map', by: 1 }]],
    [k('K7'), [{ kind: 'type', text: 'K7' }]],
    [k('q'), [{ kind: 'type', text: 'q' }]], // a name may have a q: only Esc leaves the form
    [BACKSPACE, [{ kind: 'erase' }]],
    [k('\x7f'), [{ kind: 'erase' }]],
    [ENTER, [{ kind: 'submit' }]],
    [ESC, [{ kind: 'cancel' }]],
    [k('\u0003'), [{ kind: 'quit' }]],
    [UP, []],
    [k('a', { eventType: 'release' }), []],
  ])('form: %j → %j', (event, intents) => {
    expect(roomFormIntents(event)).toEqual(intents as never);
  });
});

const THREE = [
  room('default:classic:game:7:10:open'),
  room('K7QX:classic:lobby:2:10:open'),
  room('fridays:grand:lobby:0:10:closed'),
];

function setup(rooms: RoomInfo[], maps: string[] | null = ['classic', 'grand']) {
  const net = new SimNetwork({ seed: 5 });
  net.setConditions({ latencyMs: 5, jitterMs: 0, lossPct: 0, dupPct: 0 });
  const server = new FakeRoomsServer(net, rooms, maps);
  const picker = new RoomPicker({
    transport: net.bind({ address: '127.0.0.1', port: 50000 }),
    server: FAKE_SERVER,
    now: 0,
  });
  const run = (ms: number) => {
    const end = net.now + ms;
    while (net.now < end) {
      net.advanceTo(net.now + 1);
      picker.update(net.now);
    }
  };
  const key = (event: KeyEvent) => picker.onKey(event, net.now);
  return { net, server, picker, run, key };
}

describe('RoomPicker', () => {
  test('one room: the default room as before rooms, the list never shown', () => {
    const { picker, run } = setup([room('default:classic:lobby:0:10:open')]);
    expect(picker.showing).toBe(false);
    run(20);
    expect(picker.choice).toEqual({ kind: 'default' });
    expect(picker.showing).toBe(false);
  });

  test('a server of before rooms: after 1 s of silence, the default room', () => {
    const { server, picker, run } = setup(THREE);
    server.silent = true;
    run(990);
    expect(picker.choice).toBeNull();
    run(20);
    expect(picker.choice).toEqual({ kind: 'default' });
  });

  test('nothing listens there (ECONNREFUSED): the default room at once, the handshake says why', () => {
    const { picker } = setup(THREE);
    picker.socketError(Object.assign(new Error('send ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    expect(picker.choice).toEqual({ kind: 'default' });
  });

  test('three rooms: the list; arrows move within it; Enter joins the chosen room by name', () => {
    const { picker, run, key } = setup(THREE);
    expect(picker.screen()).toMatchObject({ kind: 'rooms', loading: true, rooms: [] });
    run(20);
    expect(picker.showing).toBe(true);
    expect(picker.screen()).toMatchObject({ loading: false, selected: 0, canCreate: true });
    key(UP); // already at the top
    expect(picker.screen().selected).toBe(0);
    key(DOWN);
    key(DOWN);
    key(DOWN); // already at the bottom
    expect(picker.screen().selected).toBe(2);
    key(UP);
    expect(picker.screen().selected).toBe(1);
    key(ENTER);
    expect(picker.choice).toEqual({ kind: 'room', request: { kind: 'join', name: 'K7QX' } });
  });

  test('Esc quits; keys before the list came do nothing but quit', () => {
    const { picker, key, run } = setup(THREE);
    key(ENTER);
    key(k('n'));
    expect(picker.choice).toBeNull();
    run(20);
    key(ESC);
    expect(picker.choice).toEqual({ kind: 'quit' });
  });

  test('N: the form; ←→ choose the map, a name typed (bad characters said), Enter makes it', () => {
    const { picker, run, key } = setup(THREE);
    run(20);
    key(k('n'));
    expect(picker.screen().form).toEqual({
      maps: ['classic', 'grand'],
      mapIndex: 0,
      draft: '',
      error: null,
    });
    key(RIGHT);
    expect(picker.screen().form?.mapIndex).toBe(1);
    key(RIGHT); // wraps round
    key(LEFT);
    expect(picker.screen().form?.mapIndex).toBe(1);
    key(k('fri days!'));
    expect(picker.screen().form).toMatchObject({
      draft: 'fridays',
      error: 'Room names have only letters A–Z a–z, digits, - and _',
    });
    key(k('_and_more_and_more'));
    expect(picker.screen().form).toMatchObject({
      draft: 'fridays_and_more',
      error: 'Room names have at most 16 characters',
    });
    key(BACKSPACE);
    expect(picker.screen().form).toMatchObject({ draft: 'fridays_and_mor', error: null });
    key(ENTER);
    expect(picker.choice).toEqual({
      kind: 'room',
      request: { kind: 'new', map: 'grand', name: 'fridays_and_mor' },
    });
  });

  test('the form with no name asks the server for a code; Esc goes back to the list', () => {
    const { picker, run, key } = setup(THREE);
    run(20);
    key(k('n'));
    key(ESC);
    expect(picker.screen().form).toBeNull();
    expect(picker.choice).toBeNull();
    key(k('n'));
    key(ENTER);
    expect(picker.choice).toEqual({
      kind: 'room',
      request: { kind: 'new', map: 'classic', name: null },
    });
  });

  test('a server that lets nobody make rooms: N says so, no form', () => {
    const { picker, run, key } = setup(THREE, null);
    run(20);
    expect(picker.screen().canCreate).toBe(false);
    key(k('n'));
    expect(picker.screen().form).toBeNull();
    expect(picker.screen().message).toBe(
      'This server does not let players make rooms: join one of these.',
    );
  });

  test('a refused join comes back to the list, told why, the list asked again', () => {
    const { server, picker, run, key } = setup(THREE);
    run(20);
    key(DOWN);
    key(DOWN);
    key(ENTER);
    expect(picker.choice).toMatchObject({ kind: 'room' });
    const asked = server.questions().length;
    picker.back('room-full', { kind: 'join', name: 'fridays' }, 100);
    expect(picker.choice).toBeNull();
    expect(picker.showing).toBe(true);
    expect(picker.screen().message).toBe('Room fridays: that room is full.');
    expect(picker.screen().selected).toBe(2); // still on the room it tried
    run(20);
    expect(server.questions().length).toBe(asked + 1);
    picker.back('room-taken', { kind: 'new', map: 'grand', name: 'K7QX' }, 200);
    expect(picker.screen().message).toBe('A new room: a room of that name exists already.');
  });

  test('which refusals go back to the list: the room ones, full and closed, not the name ones', () => {
    for (const reason of REFUSAL_REASONS) {
      const back =
        reason.startsWith('room-') ||
        ['full', 'closed', 'no-create', 'map-unknown'].includes(reason);
      expect([reason, BACK_TO_LIST.has(reason)]).toEqual([reason, back]);
    }
    expect(BACK_TO_LIST.has('name-empty')).toBe(false);
  });

  test('every 2 s the list is asked again; the choice stays on its room as the list changes', () => {
    const { server, picker, run, key } = setup(THREE);
    run(20);
    key(DOWN); // K7QX
    expect(server.questions()).toHaveLength(1);
    server.rooms = [THREE[0]!, room('new1:grand:lobby:1:10:open'), ...THREE.slice(1)];
    run(2000);
    expect(server.questions()).toHaveLength(2);
    expect(picker.screen().rooms.map((r) => r.name)).toEqual([
      'default',
      'new1',
      'K7QX',
      'fridays',
    ]);
    expect(picker.screen().selected).toBe(2);
    key(k('r')); // and at once on R
    run(20);
    expect(server.questions()).toHaveLength(3);
    // Down to one room: the list stays (the player is looking at it).
    server.rooms = [THREE[0]!];
    run(2100);
    expect(picker.showing).toBe(true);
    expect(picker.screen().rooms).toHaveLength(1);
    expect(picker.screen().selected).toBe(0);
  });
});
