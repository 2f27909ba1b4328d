/**
 * Map download: the server splits the canonical rows into MAP chunks that each fit a datagram;
 * the client collects them in any order and checks them against WELCOME's size and checksum.
 */
import { MAP_ROW_GLYPHS } from './codes.ts';
import { MAX_DATAGRAM, RANGES } from './constants.ts';
import type { MapMessage, WelcomeMessage } from './messages.ts';

/** A chunk is a MAP message. */
export type MapChunk = MapMessage;

const ENCODER = new TextEncoder();

/** FNV-1a 32-bit of the rows joined with "\n" (UTF-8), as 8 lower-case hex characters. */
export function mapChecksum(rows: readonly string[]): string {
  let h = 0x811c9dc5;
  for (const byte of ENCODER.encode(rows.join('\n'))) {
    h = Math.imul(h ^ byte, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** Longest `MAP <chunk> <chunks> <firstRow>` plus ` END`: the room rows cannot use. */
const MAP_FRAME_BYTES = 'MAP 254 255 119'.length + ' END'.length;

/** Rows of `width` per chunk: as many as fit MAX_DATAGRAM with the longest header. */
export function mapRowsPerChunk(width: number): number {
  return Math.floor((MAX_DATAGRAM - MAP_FRAME_BYTES) / (width + 1));
}

/** The MAP messages of a map, in order. Throws on rows that are not a canonical map grid. */
export function splitMapIntoChunks(rows: readonly string[]): MapChunk[] {
  const width = rows[0]?.length ?? 0;
  const [minW, maxW] = RANGES.mapWidth;
  const [minH, maxH] = RANGES.mapHeight;
  if (width < minW || width > maxW || rows.length < minH || rows.length > maxH) {
    throw new RangeError(
      `cannot send a ${width}×${rows.length} map (${minW}–${maxW} × ${minH}–${maxH})`,
    );
  }
  for (const row of rows) {
    if (row.length !== width || [...row].some((c) => !MAP_ROW_GLYPHS.includes(c))) {
      throw new RangeError(`map row ${JSON.stringify(row)} is not ${width} of ${MAP_ROW_GLYPHS}`);
    }
  }
  const per = mapRowsPerChunk(width);
  const chunks = Math.ceil(rows.length / per);
  const out: MapChunk[] = [];
  for (let chunk = 0; chunk < chunks; chunk++) {
    const firstRow = chunk * per;
    out.push({ type: 'MAP', chunk, chunks, firstRow, rows: rows.slice(firstRow, firstRow + per) });
  }
  return out;
}

/** What a client knows of the map before the download: from WELCOME. */
export type MapExpectation = Pick<
  WelcomeMessage,
  'mapWidth' | 'mapHeight' | 'mapChunks' | 'mapChecksum'
>;

export const MAP_FAILURES = ['width', 'layout', 'checksum'] as const;
export type MapFailure = (typeof MAP_FAILURES)[number];

export type MapAssembly =
  | { readonly ok: true; readonly rows: string[] }
  | { readonly ok: false; readonly reason: MapFailure; readonly detail: string };

/**
 * The map from one chunk of each index 0..mapChunks-1 (`chunks` in chunk order, no gaps):
 * the rows must tile 0..mapHeight-1, have mapWidth characters and match the checksum.
 */
export function joinMapChunks(expect: MapExpectation, chunks: readonly MapChunk[]): MapAssembly {
  const rows: string[] = [];
  for (const c of chunks) {
    if (c.firstRow !== rows.length) {
      return {
        ok: false,
        reason: 'layout',
        detail: `chunk ${c.chunk} starts at row ${c.firstRow}, expected ${rows.length}`,
      };
    }
    for (const row of c.rows) {
      if (row.length !== expect.mapWidth) {
        return {
          ok: false,
          reason: 'width',
          detail: `chunk ${c.chunk} has rows of ${row.length}, expected ${expect.mapWidth}`,
        };
      }
      rows.push(row);
    }
  }
  if (rows.length !== expect.mapHeight) {
    return {
      ok: false,
      reason: 'layout',
      detail: `${rows.length} rows, expected ${expect.mapHeight}`,
    };
  }
  const sum = mapChecksum(rows);
  if (sum !== expect.mapChecksum) {
    return {
      ok: false,
      reason: 'checksum',
      detail: `checksum ${sum}, expected ${expect.mapChecksum}`,
    };
  }
  return { ok: true, rows };
}

/** What `MapAssembler.add` did with a chunk. */
export type MapChunkStatus = 'new' | 'duplicate' | 'foreign';

/** Collects MAP chunks in any order (duplicates ignored) until the map is complete. */
export class MapAssembler {
  private readonly got: (MapChunk | undefined)[];
  private count = 0;

  constructor(private readonly expect: MapExpectation) {
    this.got = new Array<MapChunk | undefined>(expect.mapChunks).fill(undefined);
  }

  /** `foreign`: a chunk of another map (its chunk count differs from WELCOME's): ignored. */
  add(chunk: MapChunk): MapChunkStatus {
    if (chunk.chunks !== this.expect.mapChunks || chunk.chunk >= this.got.length) return 'foreign';
    if (this.got[chunk.chunk] !== undefined) return 'duplicate';
    this.got[chunk.chunk] = chunk;
    this.count++;
    return 'new';
  }

  get complete(): boolean {
    return this.count === this.got.length;
  }

  /** Chunk indices still to request with MAPREQ, ascending. */
  missing(): number[] {
    const out: number[] = [];
    this.got.forEach((c, i) => {
      if (c === undefined) out.push(i);
    });
    return out;
  }

  /** The checked map once complete; null before. A failure means: start the session over. */
  result(): MapAssembly | null {
    if (!this.complete) return null;
    return joinMapChunks(this.expect, this.got as MapChunk[]);
  }
}
