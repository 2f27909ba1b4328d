/**
 * The datagram codec: framing, dispatch by TYPE, and the checks every receiver makes in order
 * (docs/PROTOCOL.md, "Order of checks"). Pure: no socket, no clock.
 */

import { eventsCodec } from './codec-events.ts';
import { inputCodec } from './codec-input.ts';
import { mapCodec, mapRequestCodec } from './codec-map.ts';
import { pingCodec, pongCodec } from './codec-ping.ts';
import { roomListCodec, roomsCodec } from './codec-rooms.ts';
import { rosterCodec } from './codec-roster.ts';
import {
  challengeCodec,
  closingCodec,
  connectCodec,
  disconnectCodec,
  disconnectedCodec,
  helloCodec,
  noSessionCodec,
  refusedCodec,
  welcomeCodec,
} from './codec-session.ts';
import { snapCodec } from './codec-snap.ts';
import { type DropReason, MESSAGE_DIRECTION, type MessageType, type Receiver } from './codes.ts';
import { MAX_DATAGRAM } from './constants.ts';
import { type Codec, Reader } from './fields.ts';
import type { Message, MessageOf } from './messages.ts';
import { hasLoneSurrogate, isValidUtf8, utf8Length } from './utf8.ts';

export type DecodeResult =
  | { readonly ok: true; readonly msg: Message }
  | { readonly ok: false; readonly reason: DropReason; readonly detail: string };

/** One codec per message type. */
export const CODECS: { readonly [T in MessageType]: Codec<MessageOf<T>> } = {
  HELLO: helloCodec,
  CHALLENGE: challengeCodec,
  CONNECT: connectCodec,
  WELCOME: welcomeCodec,
  REFUSED: refusedCodec,
  MAPREQ: mapRequestCodec,
  MAP: mapCodec,
  INPUT: inputCodec,
  SNAP: snapCodec,
  ROSTER: rosterCodec,
  EVENTS: eventsCodec,
  PING: pingCodec,
  PONG: pongCodec,
  DISCONNECT: disconnectCodec,
  DISCONNECTED: disconnectedCodec,
  CLOSING: closingCodec,
  NOSESSION: noSessionCodec,
  ROOMS: roomsCodec,
  ROOMLIST: roomListCodec,
};

/** A Map, not the object: a TYPE token like `constructor` must not find anything. */
const BY_TYPE = new Map<string, Codec<Message>>(
  Object.entries(CODECS) as [string, Codec<Message>][],
);

const UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });
const ENCODER = new TextEncoder();

function drop(reason: DropReason, detail: string): DecodeResult {
  return { ok: false, reason, detail };
}

/**
 * Decodes one datagram. Never throws. With `receiver`, a message that does not travel towards
 * it is dropped as `wrong-direction`.
 */
export function decode(bytes: Uint8Array, receiver?: Receiver): DecodeResult {
  if (bytes.length > MAX_DATAGRAM) {
    return drop('oversize', `${bytes.length} bytes > ${MAX_DATAGRAM}`);
  }
  if (!isValidUtf8(bytes)) return drop('not-utf8', 'the datagram is not valid UTF-8');
  return parse(UTF8.decode(bytes), bytes.length, receiver);
}

/** Decodes a datagram given as a string (tests, logs); same checks as `decode`. */
export function decodeText(text: string, receiver?: Receiver): DecodeResult {
  // Each UTF-16 unit is at least one byte: no need to measure a huge string.
  if (text.length > MAX_DATAGRAM) return drop('oversize', `more than ${MAX_DATAGRAM} bytes`);
  const size = utf8Length(text);
  if (size > MAX_DATAGRAM) return drop('oversize', `${size} bytes > ${MAX_DATAGRAM}`);
  if (hasLoneSurrogate(text)) return drop('not-utf8', 'the text has a lone surrogate');
  return parse(text, size, receiver);
}

function parse(text: string, size: number, receiver: Receiver | undefined): DecodeResult {
  // Framing: tokens of one or more non-space characters, one space apart, no control character.
  let prevSpace = true; // a leading space is an empty first token
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20) {
      if (prevSpace) return drop('malformed', `empty token at byte ${i} (extra space)`);
      prevSpace = true;
    } else if (c < 0x20 || c === 0x7f) {
      return drop('malformed', `control character 0x${c.toString(16)} at ${i}`);
    } else {
      prevSpace = false;
    }
  }
  if (prevSpace) return drop('malformed', text.length === 0 ? 'empty datagram' : 'trailing space');
  const tokens = text.split(' ');
  if (tokens.length < 2 || tokens[tokens.length - 1] !== 'END') {
    return drop('malformed', 'the last token must be END, after the TYPE');
  }
  const type = tokens[0] ?? '';
  const codec = BY_TYPE.get(type);
  if (codec === undefined) {
    return drop('unknown-type', `unknown TYPE ${JSON.stringify(type.slice(0, 24))}`);
  }
  const r = new Reader(tokens, 1, tokens.length - 1, size);
  const msg = codec.decode(r);
  if (msg !== null && r.error === null && r.remaining > 0) r.fail('extra tokens before END');
  if (msg === null || r.error !== null)
    return drop('bad-field', `${type}: ${r.error ?? 'invalid'}`);
  if (receiver !== undefined && !travelsTo(msg.type, receiver)) {
    return drop('wrong-direction', `${type} is not sent to a ${receiver}`);
  }
  return { ok: true, msg };
}

/** Whether messages of `type` are sent to `receiver` (`C` types to the server). */
export function travelsTo(type: MessageType, receiver: Receiver): boolean {
  return (MESSAGE_DIRECTION[type] === 'C') === (receiver === 'server');
}

/** The datagram text of `msg`. Throws a RangeError when a field is out of range or > 1200 bytes. */
export function encode(msg: Message): string {
  const codec = BY_TYPE.get(msg.type);
  if (codec === undefined) throw new RangeError(`cannot encode TYPE ${String(msg.type)}`);
  const text = codec.encode(msg);
  const size = utf8Length(text);
  if (size > MAX_DATAGRAM) {
    throw new RangeError(`${msg.type} would be ${size} bytes, more than ${MAX_DATAGRAM}`);
  }
  return text;
}

/** The datagram bytes of `msg` (UTF-8 of `encode`), measured once as bytes. */
export function encodeBytes(msg: Message): Uint8Array {
  const codec = BY_TYPE.get(msg.type);
  if (codec === undefined) throw new RangeError(`cannot encode TYPE ${String(msg.type)}`);
  const bytes = ENCODER.encode(codec.encode(msg));
  if (bytes.length > MAX_DATAGRAM) {
    throw new RangeError(`${msg.type} would be ${bytes.length} bytes, more than ${MAX_DATAGRAM}`);
  }
  return bytes;
}

/**
 * The first candidate whose datagram is at most `limit` bytes, encoded; null if none fits. The
 * anti-amplification rule: a reply to a datagram of n bytes that may come from a spoofed
 * address is at most n bytes (e.g. PONG long form, else short form, else nothing).
 */
export function replyWithin(limit: number, ...candidates: Message[]): Uint8Array | null {
  for (const msg of candidates) {
    const bytes = encodeBytes(msg);
    if (bytes.length <= limit) return bytes;
  }
  return null;
}
