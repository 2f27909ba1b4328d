/**
 * docs/PROTOCOL.md is the spec: every line of its ```wire blocks must decode, and re-encode to
 * the same bytes; together they show every message type. The facts it quotes are checked too.
 */
import { describe, expect, test } from 'bun:test';
import { mapRows, parseMap } from '../../src/game/map.ts';
import { BUILTIN_MAPS } from '../../src/game/maps/index.ts';
import {
  decodeText,
  encode,
  MESSAGE_TYPES,
  type Message,
  mapChecksum,
  splitMapIntoChunks,
} from '../../src/protocol/index.ts';

const DOC = await Bun.file(new URL('../../docs/PROTOCOL.md', import.meta.url)).text();

/** Every line of every ```wire block, with its line number in the document. */
function wireLines(doc: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let inWire = false;
  doc.split('\n').forEach((text, i) => {
    if (!inWire && text.trim() === '```wire') inWire = true;
    else if (inWire && text.trim() === '```') inWire = false;
    else if (inWire && text.length > 0) out.push({ line: i + 1, text });
  });
  return out;
}

const LINES = wireLines(DOC);
const decoded: Message[] = [];

describe('docs/PROTOCOL.md wire examples', () => {
  test('there are examples', () => {
    expect(LINES.length).toBeGreaterThan(40);
  });

  for (const { line, text } of LINES) {
    test(`line ${line}: ${text.slice(0, 50)}`, () => {
      const r = decodeText(text);
      if (!r.ok) throw new Error(`docs/PROTOCOL.md:${line}: ${r.reason}: ${r.detail}`);
      expect(encode(r.msg)).toBe(text);
      decoded.push(r.msg);
    });
  }

  test('every message type has an example', () => {
    const seen = new Set(decoded.map((m) => m.type));
    expect(MESSAGE_TYPES.filter((t) => !seen.has(t))).toEqual([]);
  });

  test('the tiny map example matches its WELCOME', () => {
    const map = decoded.find((m) => m.type === 'MAP');
    const welcome = decoded.find((m) => m.type === 'WELCOME' && m.mapWidth === 12);
    if (map?.type !== 'MAP' || welcome?.type !== 'WELCOME') throw new Error('examples missing');
    expect(mapChecksum(map.rows)).toBe(welcome.mapChecksum);
    expect(map.rows.length).toBe(welcome.mapHeight);
  });
});

test('the classic manor facts quoted by the document', () => {
  const parsed = parseMap(BUILTIN_MAPS.classic ?? '');
  if (!parsed.ok) throw new Error('the classic map does not parse');
  const rows = mapRows(parsed.map);
  const chunks = splitMapIntoChunks(rows).length;
  const sum = mapChecksum(rows);
  const quoted = `${parsed.map.width}×${parsed.map.height} cells in ${chunks} chunks, checksum \`${sum}\``;
  // If the classic map changed, update section 5 (WELCOME) and section 11 of docs/PROTOCOL.md.
  expect(DOC.replace(/\n/g, ' ')).toContain(quoted);
  expect(DOC).toContain(
    `The%20classic%20manor ${parsed.map.width} ${parsed.map.height} ${chunks} ${sum} END`,
  );
});
