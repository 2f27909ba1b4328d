/**
 * A stand-in for a server with rooms on the simulated network, as PROTOCOL.md §15 describes
 * one: it answers ROOMS with as many rooms as fit in the question's size (never more bytes),
 * and (with `onConnect`) the handshake up to a WELCOME or a REFUSED of the test's choosing.
 * For the client's tests while the real server's rooms are elsewhere; `silent` plays a server
 * of before rooms (ROOMS is an unknown type to it). It answers a sessionless PING with the short
 * PONG.
 */
import type { SimNetwork } from '../../src/net/sim.ts';
import type { Address, Transport } from '../../src/net/transport.ts';
import {
  type ConnectMessage,
  decode,
  encodeBytes,
  formatRoomInfo,
  formatRoomListHead,
  type Message,
  type RoomInfo,
} from '../../src/protocol/index.ts';

export const FAKE_SERVER: Address = { address: '127.0.0.1', port: 9998 };

/** A room as `name:map:phase:players:max:access`, for short test tables. */
export function room(token: string): RoomInfo {
  const [name = '', map = '', phase = 'lobby', players = '0', max = '10', access = 'open'] =
    token.split(':');
  return {
    name,
    map,
    phase: phase as RoomInfo['phase'],
    players: Number(players),
    maxPlayers: Number(max),
    access: access as RoomInfo['access'],
  };
}

/** ROOMLIST's text for a ROOMS of `size` bytes from `from`: the rooms that fit, else null. */
export function roomListFor(
  stamp: number,
  from: number,
  size: number,
  rooms: readonly RoomInfo[],
  maps: readonly string[] | null,
): string | null {
  let text = formatRoomListHead({ stamp, from, total: rooms.length, maps });
  if (text.length + 4 > size) return null;
  for (const r of rooms.slice(from)) {
    const token = formatRoomInfo(r);
    if (text.length + 1 + token.length + 4 > size) break;
    text += ` ${token}`;
  }
  return `${text} END`;
}

export class FakeRoomsServer {
  readonly transport: Transport;
  /** Every message received, decoded, with its size. */
  readonly received: { msg: Message; size: number; at: number }[] = [];
  /** Whether it answers ROOMS (false: a server of before rooms). */
  silent = false;
  /** ROOMS left unanswered before it answers again (lost answers). */
  dropAnswers = 0;
  /**
   * The handshake, when set: HELLO gets a CHALLENGE, and each CONNECT what this returns
   * (WELCOME, REFUSED…; null: nothing). Unset, it answers neither (it is only a room list).
   */
  onConnect: ((msg: ConnectMessage) => Message | null) | null = null;

  /**
   * @param on the simulated network (bound at FAKE_SERVER), or a transport of its own (real UDP)
   */
  constructor(
    on: SimNetwork | Transport,
    public rooms: RoomInfo[],
    public maps: readonly string[] | null = ['classic', 'grand'],
  ) {
    this.transport = 'bind' in on ? on.bind(FAKE_SERVER) : on;
    this.transport.onDatagram((data, from, at) => {
      const d = decode(data, 'server');
      if (!d.ok) return;
      this.received.push({ msg: d.msg, size: data.length, at });
      // A sessionless PING: the short PONG, so that `haunted ping` counts it as alive.
      if (d.msg.type === 'PING' && d.msg.token === null) {
        this.send({ type: 'PONG', stamp: d.msg.stamp, tick: 0, info: null }, from);
      }
      if (this.onConnect !== null && d.msg.type === 'HELLO') {
        this.send({ type: 'CHALLENGE', cookie: '3f9a0c2e7b1d4a6580e2c19d7f3b5a04' }, from);
      }
      if (this.onConnect !== null && d.msg.type === 'CONNECT') {
        const answer = this.onConnect(d.msg);
        if (answer !== null) this.send(answer, from);
      }
      if (d.msg.type !== 'ROOMS' || this.silent) return;
      if (this.dropAnswers > 0) {
        this.dropAnswers--;
        return;
      }
      const text = roomListFor(d.msg.stamp, d.msg.from, data.length, this.rooms, this.maps);
      if (text !== null) this.transport.send(new TextEncoder().encode(text), from);
    });
  }

  /** The ROOMS received, oldest first. */
  questions(): Extract<Message, { type: 'ROOMS' }>[] {
    return this.received
      .map((r) => r.msg)
      .filter((m): m is Extract<Message, { type: 'ROOMS' }> => m.type === 'ROOMS');
  }

  send(msg: Message, to: Address): void {
    this.transport.send(encodeBytes(msg), to);
  }
}
