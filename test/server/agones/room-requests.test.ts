import { describe, expect, test } from 'bun:test';
import { roomRequests } from '../../../src/server/agones/room-requests.ts';

describe('the rooms an allocation asks for (haunted/rooms)', () => {
  test.each([
    [{}, {}, null],
    [{}, { 'haunted/rooms': 'attic' }, { rooms: [{ name: 'attic', map: null }], errors: [] }],
    [
      { 'haunted/rooms': 'ignored' },
      { 'haunted/rooms': 'attic, cellar:grand,ATTIC' },
      {
        rooms: [
          { name: 'attic', map: null },
          { name: 'cellar', map: 'grand' },
        ],
        errors: [],
      },
    ],
    [{ 'haunted/rooms': 'hall' }, {}, { rooms: [{ name: 'hall', map: null }], errors: [] }],
    [
      {},
      { 'haunted/rooms': 'a b,x:Grand,y:z:w,' },
      {
        rooms: [],
        errors: [
          '"a b" is not <room>[:<map>]',
          '"x:Grand" is not <room>[:<map>]',
          '"y:z:w" is not <room>[:<map>]',
        ],
      },
    ],
  ])('labels %j, annotations %j', (labels, annotations, expected) => {
    expect(roomRequests({ labels, annotations })).toEqual(expected);
  });

  test('at most 16 rooms', () => {
    const many = Array.from({ length: 20 }, (_, i) => `r${i}`).join(',');
    const r = roomRequests({ labels: {}, annotations: { 'haunted/rooms': many } })!;
    expect(r.rooms.length).toBe(16);
    expect(r.errors.length).toBe(1);
  });
});
