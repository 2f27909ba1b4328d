/**
 * SHADES: the shadow the classic client fills (PROTOCOL-CLASSIC.md §6), from our per-cell sight.
 * The client draws ONE polygon, by scanline and even-odd, so several rings travel as one point
 * list joined by zero-width bridges to an anchor (the original's `inlight.sendingFormat`): each
 * ring's points, its first point again, the anchor; the anchor once more at the end.
 *
 * The first ring is the whole map; the others are the boundaries of the cells the player sees.
 * Even-odd, the map minus what is seen is filled: the dark. The anchor is the map's corner (0,0),
 * and every ring starts at its top-left corner, so the bridges (which pygame draws as 1-pixel
 * lines) run mostly through the dark, as in the one-port prototype.
 *
 * Simplified until it fits, never cut: the seen cells are grown to blocks of 2×2, 4×4… cells
 * (a block is seen when any of its cells is), which shows a little more floor as seen, never a
 * player (STATE alone says who is seen); at worst the whole map is dark and the player finds
 * itself and the players it sees drawn on the black.
 */

/** The map as one dark rectangle: the fallback that always fits (about 60 bytes). */
export function darkMap(widthUnits: number, heightUnits: number): string {
  return `${mapRing(widthUnits, heightUnits)},(0,0)]`;
}

/** `[` and the map's ring: its corners, its first corner again, the anchor. */
function mapRing(w: number, h: number): string {
  return `[(0,0),(0,${h}),(${w},${h}),(${w},0),(0,0),(0,0)`;
}

/**
 * The SHADES list (`[(x,y),…]`) for a map of `width` × `height` cells of `cellW` × `cellH` units
 * where `seen[c]` is 1 for the cells the player sees: the finest that is at most `budget` bytes,
 * or null when not even the dark map fits.
 */
export function shadesWithin(
  seen: Uint8Array,
  width: number,
  height: number,
  cellW: number,
  cellH: number,
  budget: number,
): string | null {
  const w = width * cellW;
  const h = height * cellH;
  const head = mapRing(w, h);
  for (let block = 1; block < Math.max(width, height) * 2; block *= 2) {
    const rings = seenRings(seen, width, height, block);
    let points = 0;
    for (const r of rings) points += r.length + 2;
    // Each point is at least 6 bytes, `,(x,y)`: no need to format what cannot fit.
    if (head.length + points * 6 + 7 > budget) continue;
    // The corners' coordinates in units, written once per column and per row of corners.
    const vw = Math.ceil(width / block) + 1;
    const xs: string[] = [];
    for (let i = 0; i < vw; i++) xs.push(String(Math.min(w, i * block * cellW)));
    const ys: string[] = [];
    for (let i = 0, vh = Math.ceil(height / block) + 1; i < vh; i++) {
      ys.push(String(Math.min(h, i * block * cellH)));
    }
    let text = head;
    for (const ring of rings) {
      for (const v of ring) text += `,(${xs[v % vw]},${ys[(v / vw) | 0]})`;
      const first = ring[0]!;
      text += `,(${xs[first % vw]},${ys[(first / vw) | 0]}),(0,0)`;
      if (text.length > budget) break;
    }
    text += ',(0,0)]';
    if (text.length <= budget) return text;
  }
  const dark = darkMap(w, h);
  return dark.length <= budget ? dark : null;
}

/** A ring's corners as corner indices (y · (columns + 1) + x), first the top-left one. */
type Ring = number[];

/**
 * Work arrays reused from call to call (the listener builds a shadow per reply, 150 a second
 * with 10 players: fresh arrays were 33 KB of garbage each). Handed out cleared: grid 0, sides
 * -1. Nothing calls back out of seenRings, so one set serves every caller.
 */
const scratch = {
  grid: new Uint8Array(0),
  next: new Int32Array(0),
  bytes(n: number): Uint8Array {
    if (this.grid.length < n) this.grid = new Uint8Array(n);
    const view = this.grid.subarray(0, n);
    view.fill(0);
    return view;
  },
  ints(n: number): Int32Array {
    if (this.next.length < n) this.next = new Int32Array(n);
    const view = this.next.subarray(0, n);
    view.fill(-1);
    return view;
  },
};

/**
 * The boundary rings of the seen cells grown to `block`×`block` blocks, in block corners. Each
 * block seen contributes its sides that face an unseen block (or the map's edge), clockwise; the
 * sides are then chained into closed walks. At a corner where two seen blocks touch diagonally a
 * walk may pass twice: even-odd filling does not mind, it only counts crossings.
 */
function seenRings(seen: Uint8Array, width: number, height: number, block: number): Ring[] {
  const gw = Math.ceil(width / block);
  const gh = Math.ceil(height / block);
  // The blocks with a border of unseen ones all round: no bounds to check below.
  const pw = gw + 2;
  const grid = scratch.bytes(pw * (gh + 2));
  for (let y = 0; y < height; y++) {
    const row = ((y / block) | 0) + 1;
    for (let x = 0; x < width; x++) {
      if (seen[y * width + x] === 1) grid[row * pw + ((x / block) | 0) + 1] = 1;
    }
  }
  const vw = gw + 1;
  let sides = 0;
  // Outgoing sides by corner: up to two per corner (two at a diagonal touch).
  const next = scratch.ints(vw * (gh + 1) * 2);
  const add = (from: number, to: number) => {
    next[next[from * 2] === -1 ? from * 2 : from * 2 + 1] = to;
    sides++;
  };
  for (let y = 0; y < gh; y++) {
    for (let x = 0; x < gw; x++) {
      const g = (y + 1) * pw + x + 1;
      if (grid[g] === 0) continue;
      const tl = y * vw + x;
      if (grid[g - pw] === 0) add(tl, tl + 1);
      if (grid[g + 1] === 0) add(tl + 1, tl + 1 + vw);
      if (grid[g + pw] === 0) add(tl + 1 + vw, tl + vw);
      if (grid[g - 1] === 0) add(tl + vw, tl);
    }
  }
  const rings: Ring[] = [];
  // Corners in reading order: each walk starts at the top-left-most corner it has left (a
  // corner of its ring), and keeps only the corners where its direction turns.
  for (let start = 0; start < vw * (gh + 1) && sides > 0; start++) {
    while (next[start * 2] !== -1 || next[start * 2 + 1] !== -1) {
      const ring: Ring = [start];
      let v = start;
      let step = 0;
      for (;;) {
        const slot = next[v * 2 + 1] !== -1 ? v * 2 + 1 : v * 2;
        const to = next[slot]!;
        next[slot] = -1;
        sides--;
        if (step !== 0 && to - v !== step && v !== start) ring.push(v);
        step = to - v;
        v = to;
        if (v === start) break;
      }
      rings.push(ring);
    }
  }
  return rings;
}
