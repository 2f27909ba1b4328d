/**
 * Codec of EVENTS: game events from the server, numbered per session and resent until
 * INPUT.eventAck covers them (docs/PROTOCOL.md §11). One token an event, its fields split by `:`:
 * `start:<tick>:<round>:<seekers>:<hiders>`, `catch:<tick>:<seeker>:<hider>`,
 * `hider:<hider>:<seeker|safe|left>:<ticks>`, `end:<tick>:<R|B|->:<reason>:<ticks>`.
 */
import { END_REASONS, type EndReasonWord } from './codes.ts';
import { MAX_EVENTS, RANGES } from './constants.ts';
import { type Codec, fmtUint, fmtWord, inRange, parseUint, type Reader, show } from './fields.ts';
import type { EventsMessage, GameEventWire } from './messages.ts';

export function encodeEvent(e: GameEventWire): string {
  const tick = (v: number) => fmtUint('tick', v, RANGES.tick);
  const id = (v: number) => fmtUint('id', v, RANGES.playerId);
  const ticks = (v: number) => fmtUint('ticks', v, RANGES.eventTicks);
  switch (e.kind) {
    case 'start':
      return `start:${tick(e.tick)}:${fmtUint('round', e.round, RANGES.round)}:${fmtUint('seekers', e.seekers, RANGES.players)}:${fmtUint('hiders', e.hiders, RANGES.players)}`;
    case 'catch':
      return `catch:${tick(e.tick)}:${id(e.seeker)}:${id(e.hider)}`;
    case 'hider': {
      const by = e.by === 'safe' || e.by === 'left' ? e.by : id(e.by);
      return `hider:${id(e.hider)}:${by}:${ticks(e.ticks)}`;
    }
    case 'end': {
      const winner = e.winner === null ? '-' : fmtWord('winner', e.winner, ['R', 'B'] as const);
      return `end:${tick(e.tick)}:${winner}:${fmtWord('reason', e.reason, END_REASONS)}:${ticks(e.ticks)}`;
    }
    default:
      throw new RangeError(`cannot encode event ${JSON.stringify(e)}`);
  }
}

/** The `:`-separated fields of `t`, or null when one is empty. */
function fields(t: string): string[] | null {
  const parts = t.split(':');
  return parts.some((p) => p.length === 0) ? null : parts;
}

/** An unsigned field in `range`, or NaN. */
function uint(s: string, range: readonly [number, number]): number {
  const v = parseUint(s, 0, s.length);
  return inRange(v, range) ? v : Number.NaN;
}

function decodeEvent(r: Reader, t: string): GameEventWire | null {
  const f = fields(t);
  const bad = (want: string) => r.fail(`event ${show(t)} is not ${want}`);
  if (f === null) return bad('an event (an empty field)');
  switch (f[0]) {
    case 'start': {
      const [tick, round, seekers, hiders] = [
        uint(f[1] ?? '', RANGES.tick),
        uint(f[2] ?? '', RANGES.round),
        uint(f[3] ?? '', RANGES.players),
        uint(f[4] ?? '', RANGES.players),
      ];
      if (f.length !== 5 || [tick, round, seekers, hiders].some(Number.isNaN)) {
        return bad('start:<tick>:<round>:<seekers>:<hiders>');
      }
      return { kind: 'start', tick, round, seekers, hiders };
    }
    case 'catch': {
      const [tick, seeker, hider] = [
        uint(f[1] ?? '', RANGES.tick),
        uint(f[2] ?? '', RANGES.playerId),
        uint(f[3] ?? '', RANGES.playerId),
      ];
      if (f.length !== 4 || [tick, seeker, hider].some(Number.isNaN)) {
        return bad('catch:<tick>:<seeker>:<hider>');
      }
      return { kind: 'catch', tick, seeker, hider };
    }
    case 'hider': {
      const hider = uint(f[1] ?? '', RANGES.playerId);
      const word = f[2] ?? '';
      const by = word === 'safe' || word === 'left' ? word : uint(word, RANGES.playerId);
      const ticks = uint(f[3] ?? '', RANGES.eventTicks);
      if (f.length !== 4 || Number.isNaN(hider) || Number.isNaN(by) || Number.isNaN(ticks)) {
        return bad('hider:<hider>:<seeker|safe|left>:<ticks>');
      }
      return { kind: 'hider', hider, by, ticks };
    }
    case 'end': {
      const tick = uint(f[1] ?? '', RANGES.tick);
      const w = f[2] ?? '';
      const reason = f[3] ?? '';
      const ticks = uint(f[4] ?? '', RANGES.eventTicks);
      const winner = w === 'R' || w === 'B' ? w : w === '-' ? null : undefined;
      if (
        f.length !== 5 ||
        Number.isNaN(tick) ||
        winner === undefined ||
        !(END_REASONS as readonly string[]).includes(reason) ||
        Number.isNaN(ticks)
      ) {
        return bad(`end:<tick>:<R|B|->:<${END_REASONS.join('|')}>:<ticks>`);
      }
      return { kind: 'end', tick, winner, reason: reason as EndReasonWord, ticks };
    }
    default:
      return bad('start:…, catch:…, hider:… or end:…');
  }
}

export const eventsCodec: Codec<EventsMessage> = {
  encode(m) {
    const n = m.events.length;
    if (n < 1 || n > MAX_EVENTS) {
      throw new RangeError(`cannot encode EVENTS with ${n} events (1–${MAX_EVENTS})`);
    }
    if (m.first + n - 1 > RANGES.eventSeq[1]) {
      throw new RangeError(`cannot encode EVENTS: seqs from ${m.first} pass 2^32 - 1`);
    }
    let s = `EVENTS ${fmtUint('first', m.first, RANGES.eventSeq)}`;
    for (const e of m.events) s += ` ${encodeEvent(e)}`;
    return `${s} END`;
  },
  decode(r) {
    const first = r.uint('first', RANGES.eventSeq);
    if (r.error !== null) return null;
    const n = r.remaining;
    if (n < 1 || n > MAX_EVENTS) return r.fail(`EVENTS holds 1–${MAX_EVENTS} events, has ${n}`);
    if (first + n - 1 > RANGES.eventSeq[1]) return r.fail(`seqs from ${first} pass 2^32 - 1`);
    const events: GameEventWire[] = [];
    while (r.remaining > 0) {
      const e = decodeEvent(r, r.next('event'));
      if (e === null) return null;
      events.push(e);
    }
    return { type: 'EVENTS', first, events };
  },
};
