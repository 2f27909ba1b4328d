/** Codecs of PING (any sender, with or without a session) and PONG (short and long forms). */
import { PONG_ACCESS, PONG_PHASES } from './codes.ts';
import { RANGES, TOKEN_HEX } from './constants.ts';
import { type Codec, fmtHex, fmtPad, fmtText, fmtUint, fmtWord } from './fields.ts';
import type { PingMessage, PongMessage } from './messages.ts';

/**
 * A PING padded so that the whole datagram is at least `size` bytes (0: no padding). A larger
 * ping lets the server answer with the long PONG (it never answers with more bytes than it got).
 */
export function makePing(token: string | null, stamp: number, size = 0): PingMessage {
  const unpadded = `PING ${token ?? '-'} ${stamp}  END`.length;
  return { type: 'PING', token, stamp, pad: Math.max(0, size - unpadded) };
}

export const pingCodec: Codec<PingMessage> = {
  encode(m) {
    const token = m.token === null ? '-' : fmtHex('token', m.token, TOKEN_HEX, TOKEN_HEX);
    return `PING ${token} ${fmtUint('stamp', m.stamp, RANGES.stamp)} ${fmtPad('pad', m.pad, true)} END`;
  },
  decode(r) {
    const token = r.optHex('token', TOKEN_HEX, TOKEN_HEX);
    const stamp = r.uint('stamp', RANGES.stamp);
    const pad = r.pad('pad', true);
    return { type: 'PING', token, stamp, pad };
  },
};

export const pongCodec: Codec<PongMessage> = {
  encode(m) {
    let s = `PONG ${fmtUint('stamp', m.stamp, RANGES.stamp)} ${fmtUint('tick', m.tick, RANGES.tick)}`;
    const i = m.info;
    if (i !== null) {
      s += ` ${fmtUint('version', i.version, RANGES.version)} ${fmtWord('phase', i.phase, PONG_PHASES)}`;
      s += ` ${fmtUint('players', i.players, RANGES.players)}`;
      s += ` ${fmtUint('maxPlayers', i.maxPlayers, RANGES.players)}`;
      if (i.access !== undefined) s += ` ${fmtWord('access', i.access, PONG_ACCESS)}`;
      s += ` ${fmtText('serverName', i.serverName)}`;
    }
    return `${s} END`;
  },
  decode(r) {
    const stamp = r.uint('stamp', RANGES.stamp);
    const tick = r.uint('tick', RANGES.tick);
    if (r.remaining === 0) return { type: 'PONG', stamp, tick, info: null };
    const version = r.uint('version', RANGES.version);
    const phase = r.word('phase', PONG_PHASES);
    const players = r.uint('players', RANGES.players);
    const maxPlayers = r.uint('maxPlayers', RANGES.players);
    // `access` came later: a server of before it sends the name right after maxPlayers.
    const access = r.remaining >= 2 ? r.word('access', PONG_ACCESS) : undefined;
    const serverName = r.text('serverName');
    const info = {
      version,
      phase,
      players,
      maxPlayers,
      ...(access === undefined ? {} : { access }),
      serverName,
    };
    return { type: 'PONG', stamp, tick, info };
  },
};
