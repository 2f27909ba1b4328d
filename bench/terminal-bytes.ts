/**
 * What a terminal client's bytes are, by kind: the map painter's (map-painter.ts: everything
 * between its save-cursor ESC 7 and restore ESC 8) as cursor moves, SGR (pen changes), glyphs
 * and the rest (the save/restore themselves, erases), and Ink's (everything else: the HUD,
 * the synchronized-update brackets around both). Bytes of UTF-8, as they go down the wire.
 */

export interface TerminalBytes {
  mapMoves: number;
  mapSgr: number;
  mapGlyphs: number;
  mapOther: number;
  ink: number;
}

export function emptyBytes(): TerminalBytes {
  return { mapMoves: 0, mapSgr: 0, mapGlyphs: 0, mapOther: 0, ink: 0 };
}

/** CSI final bytes that only move the cursor. */
const MOVES = new Set(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'f', 'd']);

function utf8(code: number): number {
  return code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code <= 0xdfff ? 2 : 3;
}

/**
 * Adds the bytes of `text` to `into`; `inMap` says whether the text starts inside a painter's
 * ESC 7 … ESC 8, and the return value whether it ends inside one (a stream comes in chunks).
 * A chunk is assumed to hold whole escape sequences (each write of the client is whole).
 */
export function classifyBytes(text: string, into: TerminalBytes, inMap = false): boolean {
  let map = inMap;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const code = text.charCodeAt(i);
    if (code !== 0x1b) {
      const bytes = utf8(code);
      if (map) into.mapGlyphs += bytes;
      else into.ink += bytes;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '7' || next === '8') {
      // The save goes to the map, the restore too: the painter wrote both.
      into.mapOther += 2;
      map = next === '7';
      i += 2;
      continue;
    }
    if (next !== '[') {
      if (map) into.mapOther += 2;
      else into.ink += 2;
      i += 2;
      continue;
    }
    let j = i + 2;
    while (j < n && (text.charCodeAt(j) < 0x40 || text.charCodeAt(j) > 0x7e)) j++;
    const final = text[j] ?? '';
    const len = Math.min(j + 1, n) - i;
    if (!map) into.ink += len;
    else if (final === 'm') into.mapSgr += len;
    else if (MOVES.has(final)) into.mapMoves += len;
    else into.mapOther += len;
    i = j + 1;
  }
  return map;
}
