/**
 * SNAP written straight to bytes: the server's hot path. It sends one SNAP per client per tick,
 * and going through a SnapMessage (an object per entry), `snapCodec.encode` (a string built by
 * concatenation) and a TextEncoder costs allocations and code on a core that has been asleep
 * for a tick. Here the datagram is written as ASCII into one reusable buffer, and only the
 * finished datagram is copied out. The bytes are exactly those of `encodeBytes` of the message
 * with `snapEntries(players, base)` as entries (test/protocol/snap-writer.test.ts checks it on
 * many random sets), and the values the codec refuses are refused, with its own errors.
 *
 * Use: `beginTick` once per tick (what every client's SNAP shares: tick, roster version, phase),
 * then `snapshot` once per client.
 */
import { encodePhase, SNAP_ROSTER_VERSION } from './codec-snap.ts';
import { MAX_DATAGRAM, MAX_SNAP_ENTRIES, RANGES } from './constants.ts';
import { fmtOptSint, fmtSint, fmtUint, type Range } from './fields.ts';
import type { Phase } from './messages.ts';

/** A player's id and position: what an entry carries (a game Player is one). */
export interface Placed {
  readonly id: number;
  readonly x: number;
  readonly y: number;
}

/** A base set: (id, x, y) triples by increasing id, in `data[start, end)`. */
export interface BaseSet {
  readonly data: Int32Array;
  readonly start: number;
  readonly end: number;
}

const SPACE = 0x20;
const DASH = 0x2d;
const EQUALS = 0x3d;
const PLUS = 0x2b;
const COMMA = 0x2c;
const LOWER_X = 0x78;
const ZERO = 0x30;

/**
 * Room for the longest SNAP the ranges allow (255 entries of `65535=65535,65535`): the size is
 * checked against MAX_DATAGRAM once written, as `encodeBytes` does.
 */
const BUFFER_BYTES = 8192;

/** Room for ` <rosterVersion> <phase…>`: 10 digits, and the longest phase (a LOBBY notice). */
const MIDDLE_BYTES = 64;

/** Decimal digits of an integer 0 ≤ v < 2^53. */
function digits(v: number): number {
  let n = 1;
  while (v >= 10) {
    v = Math.floor(v / 10);
    n++;
  }
  return n;
}

/** Characters of a signed integer written in decimal (the `+` vs `=` choice of snapEntries). */
function written(v: number): number {
  return v < 0 ? digits(-v) + 1 : digits(v);
}

/** Writes the integer 0 ≤ v < 2^53 in decimal at `at`, from its last digit back; returns the end. */
function putUint(buf: Uint8Array, at: number, v: number): number {
  const end = at + digits(v);
  let i = end;
  do {
    const q = Math.floor(v / 10);
    buf[--i] = ZERO + v - q * 10;
    v = q;
  } while (v > 0);
  return end;
}

function putSint(buf: Uint8Array, at: number, v: number): number {
  if (v >= 0) return putUint(buf, at, v);
  buf[at] = DASH;
  return putUint(buf, at + 1, -v);
}

/** Writes an ASCII string at `at`; returns the end. */
function putAscii(buf: Uint8Array, at: number, s: string): number {
  for (let i = 0; i < s.length; i++) buf[at++] = s.charCodeAt(i);
  return at;
}

function isIn(v: number, range: Range): boolean {
  return v >= range[0] && v <= range[1] && Number.isInteger(v);
}

/** Throws the codec's own RangeError when `v` is not an integer in `range`. */
function check(field: string, v: number, range: Range): void {
  if (!isIn(v, range)) fmtUint(field, v, range);
}

/** Throws the codec's error for an entry whose id or position is out of range. */
function refusePlaced(p: Placed): void {
  check('id', p.id, RANGES.playerId);
  check('x', p.x, RANGES.position);
  check('y', p.y, RANGES.position);
}

/** Writes the phase's words at `at` (returns the end), as `encodePhase` would. */
function putPhase(buf: Uint8Array, at: number, p: Phase): number {
  // The phases of every tick, directly; anything else (a LOBBY notice, a bad value: the codec
  // then throws) through the codec's own `encodePhase`.
  switch (p.kind) {
    case 'LOBBY':
      if (p.notice === null && p.startIn === null) return putAscii(buf, at, 'LOBBY - -');
      if (p.notice === null && isIn(p.startIn!, RANGES.lobbyTicks)) {
        return putUint(buf, putAscii(buf, at, 'LOBBY - '), p.startIn!);
      }
      break;
    case 'COUNTDOWN':
      if (isIn(p.ticksLeft, RANGES.countdownTicks)) {
        return putUint(buf, putAscii(buf, at, 'COUNTDOWN '), p.ticksLeft);
      }
      break;
    case 'GAME': {
      const { ticksLeft, hidersLeft, hidersTotal, headStart, endTicks } = p;
      if (
        isIn(ticksLeft, RANGES.gameTicks) &&
        isIn(hidersLeft, RANGES.hiders) &&
        isIn(hidersTotal, RANGES.hiders) &&
        hidersLeft <= hidersTotal &&
        isIn(headStart, RANGES.headStartTicks) &&
        isIn(endTicks, RANGES.endTicks)
      ) {
        at = putUint(buf, putAscii(buf, at, 'GAME '), ticksLeft);
        buf[at++] = SPACE;
        at = putUint(buf, at, hidersLeft);
        buf[at++] = SPACE;
        at = putUint(buf, at, hidersTotal);
        buf[at++] = SPACE;
        at = putUint(buf, at, headStart);
        buf[at++] = SPACE;
        return putUint(buf, at, endTicks);
      }
      break;
    }
    case 'END':
      if (
        (p.winner === null || p.winner === 'R' || p.winner === 'B') &&
        isIn(p.ticksLeft, RANGES.endTicks)
      ) {
        const words = p.winner === null ? 'END - ' : `END ${p.winner} `;
        return putUint(buf, putAscii(buf, at, words), p.ticksLeft);
      }
      break;
  }
  return putAscii(buf, at, encodePhase(p));
}

export class SnapWriter {
  private readonly buf = new Uint8Array(BUFFER_BYTES);
  /** End of `SNAP <tick> ` at the start of `buf`: written once a tick, never overwritten. */
  private prefixEnd = 0;
  /** ` <rosterVersion> <phase…>` of this tick, and its length. */
  private readonly middle = new Uint8Array(MIDDLE_BYTES);
  private middleEnd = 0;
  private tick = -1;

  /** The fields every SNAP of tick `tick` shares. Throws a RangeError on a bad value. */
  beginTick(tick: number, rosterVersion: number, phase: Phase): void {
    check('tick', tick, RANGES.tick);
    check('rosterVersion', rosterVersion, SNAP_ROSTER_VERSION);
    const { buf, middle } = this;
    this.prefixEnd = putUint(buf, putAscii(buf, 0, 'SNAP '), tick) + 1;
    buf[this.prefixEnd - 1] = SPACE;
    middle[0] = SPACE;
    const at = putUint(middle, 1, rosterVersion);
    middle[at] = SPACE;
    this.middleEnd = putPhase(middle, at + 1, phase);
    this.tick = tick;
  }

  /**
   * One client's SNAP of this tick: its header fields, then the entries that turn `base` (the
   * set of `baseTick`; null with it) into `players` (increasing ids), as `snapEntries` writes
   * them: new players `=`, moved ones `+` or `=` (the shorter, `+` on a tie), players gone `x`.
   * Returns the datagram, a copy the caller owns. Throws a RangeError on a bad value.
   *
   * One function, header to END, on purpose: at 30 ticks a second the JIT compiles this code
   * for its optimizing tiers during the first minute, and every hot helper too big to inline is
   * compiled again on its own. Only the tiny put* helpers are called.
   */
  snapshot(
    baseTick: number | null,
    ackSeq: number | null,
    lead: number | null,
    players: readonly Placed[],
    base: BaseSet | null,
  ): Uint8Array {
    if (this.tick < 0) throw new Error('SnapWriter.snapshot before beginTick');
    if ((baseTick === null) !== (base === null)) throw new Error('a base set goes with baseTick');
    const { buf, middle } = this;
    let n = this.prefixEnd;
    if (baseTick === null) buf[n++] = DASH;
    else {
      check('baseTick', baseTick, RANGES.tick);
      if (baseTick >= this.tick) {
        throw new RangeError(
          `cannot encode SNAP: baseTick ${baseTick} is not before tick ${this.tick}`,
        );
      }
      n = putUint(buf, n, baseTick);
    }
    buf[n++] = SPACE;
    if (ackSeq === null) buf[n++] = DASH;
    else {
      check('ackSeq', ackSeq, RANGES.seq);
      n = putUint(buf, n, ackSeq);
    }
    buf[n++] = SPACE;
    if (lead === null) buf[n++] = DASH;
    else {
      if (!isIn(lead, RANGES.lead)) fmtOptSint('lead', lead, RANGES.lead);
      n = putSint(buf, n, lead);
    }
    for (let i = 0; i < this.middleEnd; i++) buf[n++] = middle[i]!;

    // The entries: a merge of the two id-ordered lists. Base ids are 1 or more: 0 marks its end.
    const data = base?.data;
    const end = base === null ? 0 : base.end;
    let k = base === null ? 0 : base.start;
    let i = 0;
    let entries = 0;
    let lastId = 0;
    while (i < players.length || k < end) {
      const p = i < players.length ? players[i]! : null;
      const baseId = k < end ? data![k]! : 0;
      const id = p === null || (baseId !== 0 && baseId < p.id) ? baseId : p.id;
      // Increasing ids are unique: the codec's check, without a set.
      if (id <= lastId) {
        throw new RangeError(`cannot encode SNAP: player ${id} after ${lastId}: ids must increase`);
      }
      lastId = id;
      if (p === null || id !== p.id) {
        // In the base, not seen any more.
        k += 3;
        buf[n++] = SPACE;
        n = putUint(buf, n, id);
        buf[n++] = LOWER_X;
      } else {
        i++;
        let dx = 0;
        let dy = 0;
        let absolute = true;
        if (baseId === id) {
          dx = p.x - data![k + 1]!;
          dy = p.y - data![k + 2]!;
          k += 3;
          if (dx === 0 && dy === 0) continue; // unchanged: no entry
          absolute = written(dx) + written(dy) > written(p.x) + written(p.y);
        }
        if (
          !(isIn(id, RANGES.playerId) && isIn(p.x, RANGES.position) && isIn(p.y, RANGES.position))
        ) {
          refusePlaced(p);
        }
        buf[n++] = SPACE;
        n = putUint(buf, n, id);
        if (absolute) {
          buf[n++] = EQUALS;
          n = putUint(buf, n, p.x);
          buf[n++] = COMMA;
          n = putUint(buf, n, p.y);
        } else {
          if (!isIn(dx, RANGES.delta)) fmtSint('dx', dx, RANGES.delta);
          if (!isIn(dy, RANGES.delta)) fmtSint('dy', dy, RANGES.delta);
          buf[n++] = PLUS;
          n = putSint(buf, n, dx);
          buf[n++] = COMMA;
          n = putSint(buf, n, dy);
        }
      }
      if (++entries > MAX_SNAP_ENTRIES) {
        throw new RangeError(`cannot encode SNAP: more than ${MAX_SNAP_ENTRIES} entries`);
      }
    }
    n = putAscii(buf, n, ' END');
    if (n > MAX_DATAGRAM)
      throw new RangeError(`SNAP would be ${n} bytes, more than ${MAX_DATAGRAM}`);
    // A new array filled by a loop: measured cheaper than `slice` or `set` for ~100 bytes on a
    // cold core, and the transport may keep it after the tick (the simulated network does).
    const out = new Uint8Array(n);
    for (let j = 0; j < n; j++) out[j] = buf[j]!;
    return out;
  }
}
