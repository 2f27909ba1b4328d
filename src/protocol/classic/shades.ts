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
  return formatRings([rectRing(widthUnits, heightUnits)]);
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
  for (let block = 1; block < Math.max(width, height) * 2; block *= 2) {
    const rings = seenRings(seen, width, height, block);
    const points = rings.reduce((n, r) => n + r.length / 2 + 2, 6);
    // Each point is at least 6 bytes, `(x,y),`: no need to format what cannot fit.
    if (points * 6 > budget) continue;
    const text = formatRings([
      rectRing(w, h),
      ...rings.map((r) => toUnits(r, block, cellW, cellH, w, h)),
    ]);
    if (text.length <= budget) return text;
  }
  const dark = darkMap(w, h);
  return dark.length <= budget ? dark : null;
}

/** Points of a ring as a flat [x0, y0, x1, y1, …], corners only, first point top-left. */
type Ring = number[];

function rectRing(w: number, h: number): Ring {
  return [0, 0, 0, h, w, h, w, 0];
}

function toUnits(
  ring: Ring,
  block: number,
  cellW: number,
  cellH: number,
  w: number,
  h: number,
): Ring {
  const out: Ring = [];
  for (let i = 0; i < ring.length; i += 2) {
    out.push(Math.min(w, ring[i]! * block * cellW), Math.min(h, ring[i + 1]! * block * cellH));
  }
  return out;
}

function formatRings(rings: readonly Ring[]): string {
  const parts: string[] = [];
  for (const ring of rings) {
    for (let i = 0; i < ring.length; i += 2) parts.push(`(${ring[i]},${ring[i + 1]})`);
    parts.push(`(${ring[0]},${ring[1]})`, '(0,0)');
  }
  parts.push('(0,0)');
  return `[${parts.join(',')}]`;
}

/**
 * The boundary rings of the seen cells grown to `block`×`block` blocks, in block corners. Each
 * block seen contributes its sides that face an unseen block (or the map's edge), clockwise; the
 * sides are then chained into closed walks. At a corner where two seen blocks touch diagonally a
 * walk may pass twice: even-odd filling does not mind, it only counts crossings.
 */
function seenRings(seen: Uint8Array, width: number, height: number, block: number): Ring[] {
  const gw = Math.ceil(width / block);
  const gh = Math.ceil(height / block);
  const grid = new Uint8Array(gw * gh);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (seen[y * width + x]) grid[Math.floor(y / block) * gw + Math.floor(x / block)] = 1;
    }
  }
  const at = (x: number, y: number) =>
    x >= 0 && y >= 0 && x < gw && y < gh && grid[y * gw + x] === 1;
  const vw = gw + 1;
  let sides = 0;
  // Outgoing sides by corner: up to two per corner (two at a diagonal touch).
  const next = new Int32Array(vw * (gh + 1) * 2).fill(-1);
  const add = (from: number, to: number) => {
    const slot = next[from * 2] === -1 ? from * 2 : from * 2 + 1;
    next[slot] = to;
    sides++;
  };
  for (let y = 0; y < gh; y++) {
    for (let x = 0; x < gw; x++) {
      if (!at(x, y)) continue;
      const tl = y * vw + x;
      const tr = tl + 1;
      const bl = tl + vw;
      const br = bl + 1;
      if (!at(x, y - 1)) add(tl, tr);
      if (!at(x + 1, y)) add(tr, br);
      if (!at(x, y + 1)) add(br, bl);
      if (!at(x - 1, y)) add(bl, tl);
    }
  }
  const rings: Ring[] = [];
  // Corners in reading order: each walk starts at the top-left-most corner it has left.
  for (let start = 0; start < vw * (gh + 1) && sides > 0; start++) {
    while (next[start * 2] !== -1 || next[start * 2 + 1] !== -1) {
      const walk: number[] = [];
      let v = start;
      do {
        walk.push(v);
        const slot = next[v * 2 + 1] !== -1 ? v * 2 + 1 : v * 2;
        const to = next[slot]!;
        next[slot] = -1;
        sides--;
        v = to;
      } while (v !== start);
      rings.push(corners(walk, vw));
    }
  }
  return rings;
}

/** A closed walk of lattice corners with its straight runs folded: only the turns stay. */
function corners(walk: readonly number[], vw: number): Ring {
  const n = walk.length;
  const out: Ring = [];
  for (let i = 0; i < n; i++) {
    const prev = walk[(i + n - 1) % n]!;
    const cur = walk[i]!;
    const nxt = walk[(i + 1) % n]!;
    // Sides are unit steps: a corner is where the step changes.
    if (cur - prev !== nxt - cur || i === 0) out.push(cur % vw, Math.floor(cur / vw));
  }
  return out;
}
