/**
 * One rejection per check of docs/PROTOCOL.md's "Order of checks", each with its reason. The
 * table is the executable half of that section.
 */
import { describe, expect, test } from 'bun:test';
import { type DropReason, decode, decodeText } from '../../src/protocol/index.ts';

const T = '0123456789abcdef';
const HELLO = `HELLO 1 ${'='.repeat(52)} END`;
const SNAP = 'SNAP 10 - - - 1 LOBBY -';
const SNAP_BASED = 'SNAP 10 8 - - 1 LOBBY -';
const INPUT = `INPUT ${T} - 0`;
const WELCOME_TAIL = 'classic 110 30 3 0123abcd END';

const bytes = (...b: number[]) => Uint8Array.from(b);
const ascii = (s: string) => new TextEncoder().encode(s);

describe('byte-level checks', () => {
  const cases: [string, Uint8Array, DropReason][] = [
    ['1201 bytes is oversize', ascii(`PING - 1 ${'='.repeat(1201 - 13)} END`), 'oversize'],
    ['oversize is checked before UTF-8', new Uint8Array(1300).fill(0xff), 'oversize'],
    ['a lone continuation byte', bytes(0x80, 0x20, 0x45, 0x4e, 0x44), 'not-utf8'],
    ['a truncated sequence at the end', bytes(...ascii(`CONNECT 1 ${T} a END`), 0xc3), 'not-utf8'],
    ['an overlong "/"', bytes(0xc0, 0xaf), 'not-utf8'],
    ['an overlong 3-byte form', bytes(0xe0, 0x80, 0xaf), 'not-utf8'],
    ['an encoded surrogate', bytes(0xed, 0xa0, 0x80), 'not-utf8'],
    ['above U+10FFFF', bytes(0xf4, 0x90, 0x80, 0x80), 'not-utf8'],
    ['0xFF', bytes(0x41, 0xff), 'not-utf8'],
    ['the empty datagram', bytes(), 'malformed'],
    ['a byte-order mark makes the TYPE unknown', ascii('\uFEFFNOSESSION END'), 'unknown-type'],
  ];
  for (const [name, data, reason] of cases) {
    test(name, () => {
      const r = decode(data);
      expect(r.ok ? 'accepted' : r.reason).toBe(reason);
    });
  }
  test('exactly 1200 bytes is fine', () => {
    const r = decode(ascii(`PING - 1 ${'='.repeat(1200 - 13)} END`));
    expect(r.ok).toBe(true);
  });
  test('decodeText: a lone surrogate is not UTF-8', () => {
    const r = decodeText(`CONNECT 1 ${T} a\uD800 END`);
    expect(r.ok ? 'accepted' : r.reason).toBe('not-utf8');
  });
});

describe('text-level checks, in order', () => {
  const cases: [string, string, DropReason][] = [
    // framing
    ['double space', 'DISCONNECT  0123456789abcdef END', 'malformed'],
    ['leading space', ' NOSESSION END', 'malformed'],
    ['trailing space', 'NOSESSION END ', 'malformed'],
    ['a newline', 'NOSESSION END\n', 'malformed'],
    ['a tab instead of a space', 'NOSESSION\tEND', 'malformed'],
    ['DEL', 'NOSESSION\x7f END', 'malformed'],
    ['missing END', `DISCONNECT ${T}`, 'malformed'],
    ['lower-case end', 'NOSESSION end', 'malformed'],
    ['END alone', 'END', 'malformed'],
    ['framing comes before the TYPE', 'nosuch  END', 'malformed'],
    // TYPE
    ['lower-case TYPE', 'nosession END', 'unknown-type'],
    ['unknown TYPE', 'CONNECTED 4000 bob END', 'unknown-type'],
    ['a prototype name as TYPE', 'constructor END', 'unknown-type'],
    ['END as TYPE', 'END END', 'unknown-type'],
    // field forms and ranges
    ['a missing field', 'CLOSING END', 'bad-field'],
    ['an extra field', `DISCONNECT ${T} ${T} END`, 'bad-field'],
    ['a field where none is expected', 'DISCONNECTED x END', 'bad-field'],
    ['NOSESSION without its token', 'NOSESSION END', 'bad-field'],
    ['NOSESSION with a whole token', `NOSESSION ${T} END`, 'bad-field'],
    ['leading zero', `MAPREQ ${T} 01 END`, 'bad-field'],
    ['plus sign', `MAPREQ ${T} +1 END`, 'bad-field'],
    ['out of range (chunk 255)', `MAPREQ ${T} 255 END`, 'bad-field'],
    ['out of range (2^32)', 'PONG 4294967296 0 END', 'bad-field'],
    ['11 digits', 'PONG 00000000001 0 END', 'bad-field'],
    ['a minus sign on an unsigned field', 'PONG -1 0 END', 'bad-field'],
    ['- where none is not allowed', 'PONG - 0 END', 'bad-field'],
    ['upper-case hex token', 'DISCONNECT 0123456789ABCDEF END', 'bad-field'],
    ['short token', 'DISCONNECT 0123456789abcde END', 'bad-field'],
    ['cookie of 15', 'CHALLENGE 0123456789abcde END', 'bad-field'],
    ['cookie of 33', `CHALLENGE ${'a'.repeat(33)} END`, 'bad-field'],
    ['HELLO one byte short of 64', `HELLO 1 ${'='.repeat(51)} END`, 'bad-field'],
    ['HELLO pad of another character', HELLO.replace('=', '-'), 'bad-field'],
    ['HELLO version 0', `HELLO 0 ${'='.repeat(52)} END`, 'bad-field'],
    ['version 65536', `CONNECT 65536 ${T} bob END`, 'bad-field'],
    ['a CONNECT name of 65 bytes', `CONNECT 1 ${T} ${'n'.repeat(65)} END`, 'bad-field'],
    ['an unknown refusal', 'REFUSED busy END', 'bad-field'],
    // An empty name cannot travel in CONNECT, so no server refuses one: not a reason on the wire.
    ['a refusal of an empty name', 'REFUSED name-empty END', 'bad-field'],
    ['an unknown closing reason', 'CLOSING bye END', 'bad-field'],
    ['tickRate 0', `WELCOME ${T} 1 0 0 ${WELCOME_TAIL}`, 'bad-field'],
    ['tickRate 121', `WELCOME ${T} 1 121 0 ${WELCOME_TAIL}`, 'bad-field'],
    ['playerId 0', `WELCOME ${T} 0 30 0 ${WELCOME_TAIL}`, 'bad-field'],
    ['map width 7', `WELCOME ${T} 1 30 0 classic 7 30 3 0123abcd END`, 'bad-field'],
    ['map height 121', `WELCOME ${T} 1 30 0 classic 8 121 3 0123abcd END`, 'bad-field'],
    ['map chunks 0', `WELCOME ${T} 1 30 0 classic 8 4 0 0123abcd END`, 'bad-field'],
    ['checksum of 7', `WELCOME ${T} 1 30 0 classic 8 4 1 0123abc END`, 'bad-field'],
    ['text: lower-case escape', `WELCOME ${T} 1 30 0 a%2c 8 4 1 0123abcd END`, 'bad-field'],
    ['text: escaped plain char', `WELCOME ${T} 1 30 0 a%41 8 4 1 0123abcd END`, 'bad-field'],
    ['text: cut escape', `WELCOME ${T} 1 30 0 a%2 8 4 1 0123abcd END`, 'bad-field'],
    ['text: raw non-ASCII', `WELCOME ${T} 1 30 0 hanté 8 4 1 0123abcd END`, 'bad-field'],
    ['text: escaped bytes not UTF-8', `WELCOME ${T} 1 30 0 a%FF 8 4 1 0123abcd END`, 'bad-field'],
    ['text: a control character', `WELCOME ${T} 1 30 0 a%1B[2J 8 4 1 0123abcd END`, 'bad-field'],
    [
      'text: 41 characters',
      `WELCOME ${T} 1 30 0 ${'a'.repeat(41)} 8 4 1 0123abcd END`,
      'bad-field',
    ],
    ['MAP: chunk not below chunks', 'MAP 3 3 0 ######## END', 'bad-field'],
    ['MAP: no rows', 'MAP 0 1 0 END', 'bad-field'],
    ['MAP: a row of 7', 'MAP 0 1 0 ####### END', 'bad-field'],
    ['MAP: rows of two widths', 'MAP 0 1 0 ######## ######### END', 'bad-field'],
    ['MAP: a space glyph is not canonical', 'MAP 0 1 0 #..%...# END', 'bad-field'],
    ['MAP: rows past row 119', 'MAP 0 1 119 ######## ######## END', 'bad-field'],
    [
      'INPUT: 33 entries',
      `${INPUT} ${Array.from({ length: 33 }, (_, i) => `${i + 1}:0:-:-`).join(' ')} END`,
      'bad-field',
    ],
    ['INPUT: seq 0', `${INPUT} 0:5:-:- END`, 'bad-field'],
    ['INPUT: keys out of order (DU)', `${INPUT} 1:5:DU:- END`, 'bad-field'],
    ['INPUT: a key twice', `${INPUT} 1:5:UU:- END`, 'bad-field'],
    ['INPUT: lower-case key', `${INPUT} 1:5:u:- END`, 'bad-field'],
    ['INPUT: unknown action', `${INPUT} 1:5:-:JUMP END`, 'bad-field'],
    ['INPUT: empty keys', `${INPUT} 1:5::- END`, 'bad-field'],
    ['INPUT: a fifth part', `${INPUT} 1:5:-:-:x END`, 'bad-field'],
    ['INPUT: equal seqs', `${INPUT} 4:5:-:- 4:6:-:- END`, 'bad-field'],
    ['INPUT: decreasing seqs', `${INPUT} 5:5:-:- 4:6:-:- END`, 'bad-field'],
    ['SNAP: duplicate id', `${SNAP} 1=0,0 1=5,5 END`, 'bad-field'],
    ['SNAP: + without a base', `${SNAP} 1+1,0 END`, 'bad-field'],
    ['SNAP: x without a base', `${SNAP} 1x END`, 'bad-field'],
    ['SNAP: base not before tick', 'SNAP 10 10 - - 1 LOBBY - END', 'bad-field'],
    ['SNAP: roster version 0', 'SNAP 10 - - - 0 LOBBY - END', 'bad-field'],
    ['SNAP: lead 1000', 'SNAP 10 - - 1000 1 LOBBY - END', 'bad-field'],
    ['SNAP: lead -0', 'SNAP 10 - - -0 1 LOBBY - END', 'bad-field'],
    ['SNAP: lead -01', 'SNAP 10 - - -01 1 LOBBY - END', 'bad-field'],
    ['SNAP: unknown phase', 'SNAP 10 - - - 1 PAUSE END', 'bad-field'],
    ['SNAP: lobby notice without name', 'SNAP 10 - - - 1 LOBBY left END', 'bad-field'],
    ['SNAP: lobby notice with a bad name', 'SNAP 10 - - - 1 LOBBY left:a,b END', 'bad-field'],
    ['SNAP: teams with a name', 'SNAP 10 - - - 1 LOBBY teams:bob END', 'bad-field'],
    ['SNAP: countdown 65536', 'SNAP 10 - - - 1 COUNTDOWN 65536 END', 'bad-field'],
    ['SNAP: more hiders left than total', 'SNAP 10 - - - 1 GAME 5 3 2 END', 'bad-field'],
    ['SNAP: winner N', 'SNAP 10 - - - 1 END N 5 END', 'bad-field'],
    ['SNAP: END phase missing a field', 'SNAP 10 - - - 1 END R END', 'bad-field'],
    ['SNAP: position 65536', `${SNAP} 1=65536,0 END`, 'bad-field'],
    ['SNAP: negative position', `${SNAP} 1=-1,0 END`, 'bad-field'],
    ['SNAP: change -65536', `${SNAP_BASED} 1+-65536,0 END`, 'bad-field'],
    ['SNAP: id 0', `${SNAP} 0=1,1 END`, 'bad-field'],
    ['SNAP: x with trailing text', `${SNAP_BASED} 1x2 END`, 'bad-field'],
    ['SNAP: missing y', `${SNAP} 1=1 END`, 'bad-field'],
    ['SNAP: three coordinates', `${SNAP} 1=1,2,3 END`, 'bad-field'],
    [
      'SNAP: 256 entries',
      `SNAP 1 0 - - 1 LOBBY - ${Array.from({ length: 256 }, (_, i) => `${i + 1}x`).join(' ')} END`,
      'bad-field',
    ],
    ['ROSTER: part not below parts', 'ROSTER 1 1 1 END', 'bad-field'],
    ['ROSTER: 17 parts', 'ROSTER 1 0 17 END', 'bad-field'],
    ['ROSTER: version 0', 'ROSTER 0 0 1 END', 'bad-field'],
    ['ROSTER: duplicate id', 'ROSTER 1 0 1 1:a:0:N:- 1:b:0:N:- END', 'bad-field'],
    ['ROSTER: name too long', 'ROSTER 1 0 1 1:abcdefghijk:0:N:- END', 'bad-field'],
    ['ROSTER: name with %', 'ROSTER 1 0 1 1:a%b:0:N:- END', 'bad-field'],
    ['ROSTER: colour 16', 'ROSTER 1 0 1 1:a:16:N:- END', 'bad-field'],
    ['ROSTER: team X', 'ROSTER 1 0 1 1:a:0:X:- END', 'bad-field'],
    ['ROSTER: flags out of order', 'ROSTER 1 0 1 1:a:0:N:cr END', 'bad-field'],
    ['ROSTER: flags empty', 'ROSTER 1 0 1 1:a:0:N: END', 'bad-field'],
    ['PING: pad of 0 "="', `PING ${T} 1 END`, 'bad-field'],
    ['PING: token of 15', 'PING 0123456789abcde 1 - END', 'bad-field'],
    ['PONG: long form cut short', 'PONG 1 2 1 lobby 3 10 END', 'bad-field'],
    ['PONG: upper-case phase', 'PONG 1 2 1 LOBBY 3 10 name END', 'bad-field'],
    ['PONG: unknown access', 'PONG 1 2 1 lobby 3 10 shut name END', 'bad-field'],
    ['PONG: a field too many', 'PONG 1 2 1 lobby 3 10 open name more END', 'bad-field'],
  ];
  for (const [name, text, reason] of cases) {
    test(name, () => {
      const r = decodeText(text);
      expect(r.ok ? 'accepted' : r.reason).toBe(reason);
      if (!r.ok) expect(r.detail.length).toBeGreaterThan(0);
    });
  }
});

describe('direction', () => {
  test('a server-bound type arriving at a client', () => {
    const r = decodeText(`DISCONNECT ${T} END`, 'client');
    expect(r.ok ? 'accepted' : r.reason).toBe('wrong-direction');
  });
  test('a client-bound type arriving at the server', () => {
    const r = decodeText('NOSESSION 5e1c8a03 END', 'server');
    expect(r.ok ? 'accepted' : r.reason).toBe('wrong-direction');
  });
  test('field errors come before direction', () => {
    const r = decodeText('CLOSING bye END', 'server');
    expect(r.ok ? 'accepted' : r.reason).toBe('bad-field');
  });
});

test('CONNECT carries bad names for the server to refuse', () => {
  for (const name of ['a,b', 'abcdefghijklmnop', 'zoé', '(x)', 'a:b', '100%']) {
    const r = decodeText(`CONNECT 1 ${T} ${name} END`);
    expect(r.ok && r.msg.type === 'CONNECT' && r.msg.name).toBe(name);
  }
});
