/**
 * docs/PROTOCOL.md's classic section says what the code does: its examples parse with the strict
 * classic parser, its texts are the code's, byte for byte, and its figures are the constants.
 */
import { expect, test } from 'bun:test';
import { CLASSIC_TEXTS } from '../../src/protocol/classic/replies.ts';
import { CLASSIC_MAX_DATAGRAM } from '../../src/protocol/classic/requests.ts';
import {
  CLASSIC_AMPLIFICATION,
  CLASSIC_HOLD_MS,
  SHUTDOWN_NOTICES,
  WALLS_ACK_MS,
} from '../../src/server/classic/listener.ts';
import { parseClassicReply } from '../support/classic-grammar.ts';

const FULL = await Bun.file(new URL('../../docs/PROTOCOL.md', import.meta.url)).text();
const SECTION = FULL.slice(FULL.indexOf("## Classic: the original game's own client"));
const FLAT = SECTION.replace(/\s+/g, ' ');

test('the classic section is there, at the end', () => {
  expect(SECTION.length).toBeGreaterThan(3000);
  expect(SECTION.slice(3).includes('\n## ')).toBe(false);
});

test('every concrete example in it parses as the client would read it', () => {
  const examples = [...SECTION.matchAll(/```text\n([\s\S]*?)```/g)]
    .flatMap((m) => m[1]!.split('\n'))
    .filter((l) => l.length > 0 && !l.includes('<'));
  expect(examples.length).toBeGreaterThan(0);
  for (const line of examples) {
    const r = parseClassicReply(new TextEncoder().encode(line));
    expect(r.kind).toBe('state');
  }
});

test('its texts and figures are the code’s', () => {
  for (const text of Object.values(CLASSIC_TEXTS)) {
    // A text may be cut across a line in the document: compare with white space folded.
    expect(FLAT).toContain(`\`${text.replace(/\s+/g, ' ')}`.slice(0, 30));
  }
  expect(CLASSIC_MAX_DATAGRAM).toBe(3072);
  expect(FLAT).toContain('at most **3072 bytes**');
  expect(CLASSIC_HOLD_MS).toBe(600);
  expect(FLAT).toContain('a held key for 600 ms');
  expect(WALLS_ACK_MS).toBe(400);
  expect(FLAT).toContain('within 400 ms of one that carried them');
  expect(CLASSIC_AMPLIFICATION).toBe(8);
  expect(FLAT).toContain('a reply is at most **8 times** the datagram that caused it');
  expect(SHUTDOWN_NOTICES).toBe(12);
  expect(FLAT).toContain('sent 12 times `The server is shutting down`');
});
