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
  const ids = new Set(target.keys());
  if (base !== null) for (const id of base.keys()) ids.add(id);
  const out: SnapEntry[] = [];
  for (const id of [...ids].sort((a, b) => a - b)) {
    const to = target.get(id);
    const from = base?.get(id);
    if (to === undefined) {
      out.push({ op: 'gone', id });
    } else if (from === undefined) {
      out.push({ op: 'set', id, x: to.x, y: to.y });
    } else if (from.x !== to.x || from.y !== to.y) {
      const dx = to.x - from.x;
      const dy = to.y - from.y;
      const shorter = `${dx},${dy}`.length <= `${to.x},${to.y}`.length;
      out.push(shorter ? { op: 'move', id, dx, dy } : { op: 'set', id, x: to.x, y: to.y });
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
