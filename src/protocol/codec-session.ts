/**
 * Codecs of the handshake and of the session's end: HELLO, CHALLENGE, CONNECT, WELCOME,
 * REFUSED, DISCONNECT, DISCONNECTED, CLOSING, NOSESSION.
 */

import { formatRoomRequest, isRoomName, readRoomRequest } from './codec-rooms.ts';
import {
  CLOSING_REASONS,
  type ClosingReason,
  REFUSAL_REASONS,
  type RefusalReason,
} from './codes.ts';
import {
  CHECKSUM_HEX,
  COOKIE_HEX_MAX,
  COOKIE_HEX_MIN,
  MAX_CONNECT_NAME_BYTES,
  MIN_HELLO_BYTES,
  PROTOCOL_VERSION,
  RANGES,
  TOKEN_HEX,
} from './constants.ts';
import { type Codec, fmtHex, fmtPad, fmtText, fmtUint, fmtWord, show } from './fields.ts';
import type {
  ChallengeMessage,
  ClosingMessage,
  ConnectMessage,
  DisconnectedMessage,
  DisconnectMessage,
  HelloMessage,
  NoSessionMessage,
  RefusedMessage,
  WelcomeMessage,
} from './messages.ts';
import { utf8Length } from './utf8.ts';

/** The smallest HELLO of `version`: padded to exactly MIN_HELLO_BYTES. */
export function makeHello(version: number = PROTOCOL_VERSION): HelloMessage {
  const unpadded = `HELLO ${version}  END`.length;
  return { type: 'HELLO', version, pad: Math.max(1, MIN_HELLO_BYTES - unpadded) };
}

export const helloCodec: Codec<HelloMessage> = {
  encode(m) {
    const s = `HELLO ${fmtUint('version', m.version, RANGES.version)} ${fmtPad('pad', m.pad, false)} END`;
    if (s.length < MIN_HELLO_BYTES) {
      throw new RangeError(`HELLO is ${s.length} bytes, must be ≥ ${MIN_HELLO_BYTES}: pad more`);
    }
    return s;
  },
  decode(r) {
    const version = r.uint('version', RANGES.version);
    const pad = r.pad('pad', false);
    if (r.error === null && r.size < MIN_HELLO_BYTES) {
      return r.fail(`HELLO is ${r.size} bytes, must be padded to ≥ ${MIN_HELLO_BYTES}`);
    }
    return { type: 'HELLO', version, pad };
  },
};

export const challengeCodec: Codec<ChallengeMessage> = {
  encode: (m) => `CHALLENGE ${fmtHex('cookie', m.cookie, COOKIE_HEX_MIN, COOKIE_HEX_MAX)} END`,
  decode: (r) => ({ type: 'CHALLENGE', cookie: r.hex('cookie', COOKIE_HEX_MIN, COOKIE_HEX_MAX) }),
};

/** Whether `name` can travel in CONNECT (framing already excludes spaces and controls). */
function connectNameFits(name: string): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f) return false;
  }
  return utf8Length(name) <= MAX_CONNECT_NAME_BYTES;
}

export const connectCodec: Codec<ConnectMessage> = {
  encode(m) {
    if (!connectNameFits(m.name)) {
      throw new RangeError(
        `cannot encode CONNECT name ${JSON.stringify(m.name)}: must be 1–${MAX_CONNECT_NAME_BYTES} bytes without space or control`,
      );
    }
    const version = fmtUint('version', m.version, RANGES.version);
    const cookie = fmtHex('cookie', m.cookie, COOKIE_HEX_MIN, COOKIE_HEX_MAX);
    const room = m.room === undefined ? '' : ` ${formatRoomRequest(m.room)}`;
    return `CONNECT ${version} ${cookie} ${m.name}${room} END`;
  },
  decode(r) {
    const version = r.uint('version', RANGES.version);
    const cookie = r.hex('cookie', COOKIE_HEX_MIN, COOKIE_HEX_MAX);
    const name = r.next('name');
    if (r.error === null && utf8Length(name) > MAX_CONNECT_NAME_BYTES) {
      return r.fail(`name is longer than ${MAX_CONNECT_NAME_BYTES} bytes`);
    }
    if (r.remaining === 0) return { type: 'CONNECT', version, cookie, name };
    const room = readRoomRequest(r);
    if (room === null) return null;
    return { type: 'CONNECT', version, cookie, name, room };
  },
};

export const welcomeCodec: Codec<WelcomeMessage> = {
  encode(m) {
    return [
      'WELCOME',
      fmtHex('token', m.token, TOKEN_HEX, TOKEN_HEX),
      fmtUint('playerId', m.playerId, RANGES.playerId),
      fmtUint('tickRate', m.tickRate, RANGES.tickRate),
      fmtUint('tick', m.tick, RANGES.tick),
      fmtText('mapName', m.mapName),
      fmtUint('mapWidth', m.mapWidth, RANGES.mapWidth),
      fmtUint('mapHeight', m.mapHeight, RANGES.mapHeight),
      fmtUint('mapChunks', m.mapChunks, RANGES.mapChunks),
      fmtHex('mapChecksum', m.mapChecksum, CHECKSUM_HEX, CHECKSUM_HEX),
      ...(m.room === undefined ? [] : [welcomeRoom(m.room)]),
      'END',
    ].join(' ');
  },
  decode(r) {
    const msg: WelcomeMessage = {
      type: 'WELCOME',
      token: r.hex('token', TOKEN_HEX, TOKEN_HEX),
      playerId: r.uint('playerId', RANGES.playerId),
      tickRate: r.uint('tickRate', RANGES.tickRate),
      tick: r.uint('tick', RANGES.tick),
      mapName: r.text('mapName'),
      mapWidth: r.uint('mapWidth', RANGES.mapWidth),
      mapHeight: r.uint('mapHeight', RANGES.mapHeight),
      mapChunks: r.uint('mapChunks', RANGES.mapChunks),
      mapChecksum: r.hex('mapChecksum', CHECKSUM_HEX, CHECKSUM_HEX),
    };
    if (r.remaining === 0 || r.error !== null) return msg;
    const room = r.next('room');
    if (!isRoomName(room)) return r.fail(`room ${show(room)} is not a room name`);
    return { ...msg, room };
  },
};

function welcomeRoom(room: string): string {
  if (!isRoomName(room)) throw new RangeError(`cannot encode room ${show(room)}`);
  return room;
}

export const refusedCodec: Codec<RefusedMessage> = {
  encode: (m) => `REFUSED ${fmtWord<RefusalReason>('reason', m.reason, REFUSAL_REASONS)} END`,
  decode: (r) => ({ type: 'REFUSED', reason: r.word('reason', REFUSAL_REASONS) }),
};

export const disconnectCodec: Codec<DisconnectMessage> = {
  encode: (m) => `DISCONNECT ${fmtHex('token', m.token, TOKEN_HEX, TOKEN_HEX)} END`,
  decode: (r) => ({ type: 'DISCONNECT', token: r.hex('token', TOKEN_HEX, TOKEN_HEX) }),
};

export const disconnectedCodec: Codec<DisconnectedMessage> = {
  encode: () => 'DISCONNECTED END',
  decode: () => ({ type: 'DISCONNECTED' }),
};

export const closingCodec: Codec<ClosingMessage> = {
  encode: (m) => `CLOSING ${fmtWord<ClosingReason>('reason', m.reason, CLOSING_REASONS)} END`,
  decode: (r) => ({ type: 'CLOSING', reason: r.word('reason', CLOSING_REASONS) }),
};

/** How much of the unknown token NOSESSION echoes: enough to tell a spoofed one, small enough
 * to stay under the smallest session message (29 bytes). */
export const NOSESSION_TOKEN_HEX = 8;

export const noSessionCodec: Codec<NoSessionMessage> = {
  encode: (m) =>
    `NOSESSION ${fmtHex('token', m.token, NOSESSION_TOKEN_HEX, NOSESSION_TOKEN_HEX)} END`,
  decode: (r) => ({
    type: 'NOSESSION',
    token: r.hex('token', NOSESSION_TOKEN_HEX, NOSESSION_TOKEN_HEX),
  }),
};
