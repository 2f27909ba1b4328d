/** Codecs of the map download: MAPREQ (client asks for a chunk) and MAP (one chunk of rows). */
import { MAP_ROW_GLYPHS } from './codes.ts';
import { RANGES, TOKEN_HEX } from './constants.ts';
import { type Codec, fmtHex, fmtUint, show } from './fields.ts';
import type { MapMessage, MapRequestMessage } from './messages.ts';

export const mapRequestCodec: Codec<MapRequestMessage> = {
  encode: (m) =>
    `MAPREQ ${fmtHex('token', m.token, TOKEN_HEX, TOKEN_HEX)} ${fmtUint('chunk', m.chunk, RANGES.mapChunk)} END`,
  decode: (r) => ({
    type: 'MAPREQ',
    token: r.hex('token', TOKEN_HEX, TOKEN_HEX),
    chunk: r.uint('chunk', RANGES.mapChunk),
  }),
};

/** Why `row` is not a canonical map row of `width` (null: it is). */
function rowProblem(row: string, width: number): string | null {
  if (row.length !== width) return `row ${show(row)} is not ${width} characters like the first`;
  if (width < RANGES.mapWidth[0] || width > RANGES.mapWidth[1]) {
    return `row ${show(row)} is not ${RANGES.mapWidth.join('–')} characters`;
  }
  for (let i = 0; i < row.length; i++) {
    if (!MAP_ROW_GLYPHS.includes(row.charAt(i))) {
      return `row ${show(row)} has ${show(row.charAt(i))} (allowed: ${MAP_ROW_GLYPHS})`;
    }
  }
  return null;
}

/** Why the chunk's numbering is impossible (null: fine). */
function chunkProblem(
  chunk: number,
  chunks: number,
  firstRow: number,
  rows: number,
): string | null {
  if (chunk >= chunks) return `chunk ${chunk} is not below chunks ${chunks}`;
  if (rows === 0) return 'a MAP chunk needs at least one row';
  if (firstRow + rows > RANGES.mapHeight[1]) {
    return `rows ${firstRow}–${firstRow + rows - 1} go past row ${RANGES.mapHeight[1] - 1}`;
  }
  return null;
}

export const mapCodec: Codec<MapMessage> = {
  encode(m) {
    const chunk = fmtUint('chunk', m.chunk, RANGES.mapChunk);
    const chunks = fmtUint('chunks', m.chunks, RANGES.mapChunks);
    const firstRow = fmtUint('firstRow', m.firstRow, RANGES.firstRow);
    const problem =
      chunkProblem(m.chunk, m.chunks, m.firstRow, m.rows.length) ??
      m.rows.reduce<string | null>((p, row) => p ?? rowProblem(row, m.rows[0]?.length ?? 0), null);
    if (problem !== null) throw new RangeError(`cannot encode MAP: ${problem}`);
    return `MAP ${chunk} ${chunks} ${firstRow} ${m.rows.join(' ')} END`;
  },
  decode(r) {
    const chunk = r.uint('chunk', RANGES.mapChunk);
    const chunks = r.uint('chunks', RANGES.mapChunks);
    const firstRow = r.uint('firstRow', RANGES.firstRow);
    const rows: string[] = [];
    let width = -1;
    while (r.remaining > 0 && r.error === null) {
      const row = r.next('row');
      if (width < 0) width = row.length;
      const problem = rowProblem(row, width);
      if (problem !== null) return r.fail(problem);
      rows.push(row);
    }
    if (r.error !== null) return null;
    const problem = chunkProblem(chunk, chunks, firstRow, rows.length);
    if (problem !== null) return r.fail(problem);
    return { type: 'MAP', chunk, chunks, firstRow, rows };
  },
};
