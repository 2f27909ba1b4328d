/** Map download: chunks fit a datagram and reassemble in any order, with duplicates. */
import { describe, expect, test } from 'bun:test';
import { mapRows, parseMap } from '../../src/game/map.ts';
import { BUILTIN_MAPS } from '../../src/game/maps/index.ts';
import {
  decode,
  encodeBytes,
  joinMapChunks,
  MAX_DATAGRAM,
  MapAssembler,
  type MapChunk,
  type MapExpectation,
  mapChecksum,
  mapRowsPerChunk,
  splitMapIntoChunks,
} from '../../src/protocol/index.ts';
import { Rng } from './support/prng.ts';

function classicRows(): string[] {
  const parsed = parseMap(BUILTIN_MAPS.classic ?? '');
  if (!parsed.ok) throw new Error('the classic map does not parse');
  return mapRows(parsed.map);
}

function randomRows(rng: Rng, width: number, height: number): string[] {
  return Array.from({ length: height }, () =>
    Array.from({ length: width }, () => '#.*+RB'.charAt(rng.int(0, 5))).join(''),
  );
}

function expectation(rows: string[], chunks: number): MapExpectation {
  return {
    mapWidth: rows[0]?.length ?? 0,
    mapHeight: rows.length,
    mapChunks: chunks,
    mapChecksum: mapChecksum(rows),
  };
}

/** Sends every chunk through the codec, shuffled and with duplicates, into an assembler. */
function transfer(rows: string[], rng: Rng): string[] {
  const chunks = splitMapIntoChunks(rows);
  const received: MapChunk[] = [];
  for (const c of rng.shuffle([...chunks, ...chunks.filter(() => rng.bool(0.5))])) {
    const bytes = encodeBytes(c);
    expect(bytes.length).toBeLessThanOrEqual(MAX_DATAGRAM);
    const r = decode(bytes, 'client');
    if (!r.ok || r.msg.type !== 'MAP') throw new Error(`chunk ${c.chunk} does not decode`);
    received.push(r.msg);
  }
  const assembler = new MapAssembler(expectation(rows, chunks.length));
  const statuses = received.map((c) => assembler.add(c));
  expect(statuses.filter((s) => s === 'new').length).toBe(chunks.length);
  expect(statuses.filter((s) => s === 'foreign').length).toBe(0);
  expect(assembler.complete).toBe(true);
  const result = assembler.result();
  if (result === null || !result.ok) throw new Error(`assembly failed: ${JSON.stringify(result)}`);
  expect(mapChecksum(result.rows)).toBe(mapChecksum(rows));
  return result.rows;
}

describe('mapChecksum', () => {
  test('is FNV-1a 32-bit of the rows joined with newlines', () => {
    expect(mapChecksum([])).toBe('811c9dc5');
    expect(mapChecksum(['a'])).toBe('e40c292c');
    expect(mapChecksum(['foobar'])).toBe('bf9cf968');
    expect(mapChecksum(['foo', 'bar'])).not.toBe(mapChecksum(['foobar']));
  });
});

describe('splitMapIntoChunks and MapAssembler', () => {
  test('the classic manor', () => {
    const rows = classicRows();
    // 110 columns: 10 rows of 111 bytes fill a chunk.
    expect(mapRowsPerChunk(110)).toBe(10);
    expect(splitMapIntoChunks(rows).length).toBe(Math.ceil(rows.length / 10));
    expect(transfer(rows, new Rng(1))).toEqual(rows);
  });

  test('the largest map, 250×120', () => {
    const rows = randomRows(new Rng(2), 250, 120);
    const chunks = splitMapIntoChunks(rows);
    expect(chunks.length).toBe(30);
    expect(transfer(rows, new Rng(3))).toEqual(rows);
  });

  test('the smallest map, 8×4, and many shapes between', () => {
    const rng = new Rng(4);
    expect(transfer(randomRows(rng, 8, 4), rng).length).toBe(4);
    for (let i = 0; i < 50; i++) {
      const rows = randomRows(rng, rng.int(8, 250), rng.int(4, 120));
      expect(transfer(rows, rng)).toEqual(rows);
    }
  });

  test('missing() lists the chunks to request', () => {
    const rows = randomRows(new Rng(5), 200, 100);
    const chunks = splitMapIntoChunks(rows);
    const assembler = new MapAssembler(expectation(rows, chunks.length));
    expect(assembler.missing()).toEqual(chunks.map((c) => c.chunk));
    assembler.add(chunks[1] as MapChunk);
    assembler.add(chunks[3] as MapChunk);
    expect(assembler.missing()).toEqual(
      chunks.map((c) => c.chunk).filter((c) => c !== 1 && c !== 3),
    );
    expect(assembler.result()).toBeNull();
  });

  test('a chunk of another map is ignored', () => {
    const rows = classicRows();
    const n = splitMapIntoChunks(rows).length;
    const assembler = new MapAssembler(expectation(rows, n));
    // A chunk count that is not the one WELCOME announced.
    const foreign = {
      type: 'MAP',
      chunk: 0,
      chunks: n + 1,
      firstRow: 0,
      rows: ['########'],
    } as const;
    expect(assembler.add(foreign)).toBe('foreign');
    expect(assembler.missing()).toEqual(Array.from({ length: n }, (_, i) => i));
  });

  test('a wrong checksum, width or layout fails', () => {
    const rows = classicRows();
    const chunks = splitMapIntoChunks(rows);
    const good = expectation(rows, chunks.length);
    const fail = (e: MapExpectation, c: readonly MapChunk[] = chunks) => {
      const r = joinMapChunks(e, c);
      return r.ok ? 'ok' : r.reason;
    };
    expect(fail(good)).toBe('ok');
    expect(fail({ ...good, mapChecksum: '00000000' })).toBe('checksum');
    expect(fail({ ...good, mapWidth: 109 })).toBe('width');
    expect(fail({ ...good, mapHeight: 31 })).toBe('layout');
    const shifted = chunks.map((c, i) => (i === 1 ? { ...c, firstRow: c.firstRow + 1 } : c));
    expect(fail(good, shifted)).toBe('layout');
  });

  test('refuses to split a map that is not canonical', () => {
    expect(() => splitMapIntoChunks(['########', '#      #', '########', '########'])).toThrow();
    expect(() => splitMapIntoChunks(['#######', '#######', '#######', '#######'])).toThrow();
    expect(() => splitMapIntoChunks(['########', '#########', '########', '########'])).toThrow();
    expect(() => splitMapIntoChunks(Array(121).fill('########'))).toThrow();
  });
});
