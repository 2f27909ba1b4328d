/**
 * Snapshot deltas: the entries that turn a base set of positions (an acknowledged snapshot)
 * into a target set, and applying a received SNAP's entries to its base.
 */
import type { SnapEntry } from './messages.ts';

/** A player box's top-left corner in world units. */
export interface Position {
  readonly x: number;
  readonly y: number;
}

/** Visible players' positions by player id. */
export type Positions = ReadonlyMap<number, Position>;

/**
 * Entries for `target`, in id order: all absolute when `base` is null; else `+` or `=` (the
 * shorter) for changed players, nothing for unchanged ones, `x` for players no longer there.
 */
export function snapEntries(target: Positions, base: Positions | null): SnapEntry[] {
  // The server runs this for every client every tick: merge the two id lists (sorted first,
  // which costs nothing when, as there, the maps were filled in id order).
  const ids = mergeSorted(sortedKeys(target), base === null ? [] : sortedKeys(base));
  const out: SnapEntry[] = [];
  for (const id of ids) {
    const to = target.get(id);
    const from = base?.get(id);
    if (to === undefined) {
      out.push({ op: 'gone', id });
    } else if (from === undefined) {
      out.push({ op: 'set', id, x: to.x, y: to.y });
    } else if (from.x !== to.x || from.y !== to.y) {
      const dx = to.x - from.x;
      const dy = to.y - from.y;
      const shorter = written(dx) + written(dy) <= written(to.x) + written(to.y);
      out.push(shorter ? { op: 'move', id, dx, dy } : { op: 'set', id, x: to.x, y: to.y });
    }
  }
  return out;
}

/** Characters of an integer written in decimal (with its sign). */
function written(n: number): number {
  let digits = n < 0 ? 2 : 1;
  for (let v = Math.abs(n); v >= 10; v = Math.floor(v / 10)) digits++;
  return digits;
}

function sortedKeys(m: Positions): number[] {
  const keys = [...m.keys()];
  for (let i = 1; i < keys.length; i++) {
    if (keys[i]! < keys[i - 1]!) return keys.sort((a, b) => a - b);
  }
  return keys;
}

/** The union of two increasing lists, increasing, without duplicates. */
function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? a[i]! : Number.POSITIVE_INFINITY;
    const y = j < b.length ? b[j]! : Number.POSITIVE_INFINITY;
    if (x <= y) {
      out.push(x);
      i++;
      if (x === y) j++;
    } else {
      out.push(y);
      j++;
    }
  }
  return out;
}

export type ApplyResult =
  | { readonly ok: true; readonly positions: Map<number, Position> }
  | { readonly ok: false; readonly detail: string };

/**
 * The positions a SNAP describes: `base` (the snapshot of its baseTick; null when baseTick is
 * `-`) changed by `entries`. Fails when a `+` or `x` names a player absent from the base, or a
 * move leaves 0–65535.
 */
export function applySnapEntries(
  base: Positions | null,
  entries: readonly SnapEntry[],
): ApplyResult {
  const out = new Map<number, Position>(base ?? []);
  for (const e of entries) {
    if (e.op === 'set') {
      out.set(e.id, { x: e.x, y: e.y });
      continue;
    }
    const from = base?.get(e.id);
    if (from === undefined) return { ok: false, detail: `player ${e.id} is not in the base` };
    if (e.op === 'gone') {
      out.delete(e.id);
      continue;
    }
    const x = from.x + e.dx;
    const y = from.y + e.dy;
    if (x < 0 || y < 0 || x > 65535 || y > 65535) {
      return { ok: false, detail: `player ${e.id} moves out of 0–65535 to ${x},${y}` };
    }
    out.set(e.id, { x, y });
  }
  return { ok: true, positions: out };
}
