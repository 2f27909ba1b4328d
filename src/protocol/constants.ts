/**
 * Sizes and ranges of the wire format (docs/PROTOCOL.md, "Conventions"). Every limit a decoder
 * checks is named here so that the document, the codec and the tests quote the same numbers.
 */

/** Version carried by HELLO and CONNECT; a server refuses any other with `REFUSED version`. */
export const PROTOCOL_VERSION = 2;

/** Largest datagram in bytes, either direction: below the usual 1280-byte IPv6 minimum MTU. */
export const MAX_DATAGRAM = 1200;

/**
 * Smallest HELLO in bytes. Padding the first datagram makes a spoofed HELLO cost the attacker
 * at least as much as the CHALLENGE it triggers (anti-amplification).
 */
export const MIN_HELLO_BYTES = 64;

/** Largest unsigned field (ticks, seqs, stamps, versions): 2^32 - 1. */
export const U32_MAX = 4294967295;

/** Inclusive ranges of the numeric fields, by field. */
export const RANGES = {
  version: [1, 65535],
  playerId: [1, 65535],
  tickRate: [1, 120],
  tick: [0, U32_MAX],
  seq: [1, U32_MAX],
  stamp: [0, U32_MAX],
  /** 0 in INPUT means "no roster yet"; a server's roster versions start at 1. */
  rosterVersion: [0, U32_MAX],
  mapWidth: [8, 250],
  mapHeight: [4, 120],
  mapChunks: [1, 255],
  mapChunk: [0, 254],
  firstRow: [0, 119],
  /** Server tick minus input tick, clamped by the server to this range. */
  lead: [-999, 999],
  countdownTicks: [0, 65535],
  gameTicks: [0, U32_MAX],
  endTicks: [0, 65535],
  /** SNAP LOBBY: ticks until the lobby timer starts the countdown. */
  lobbyTicks: [0, 65535],
  /** SNAP GAME: ticks of the seekers' head start left. */
  headStartTicks: [0, 65535],
  hiders: [0, 255],
  /** World units (src/game/units.ts): a cell is 16×32 units. */
  position: [0, 65535],
  delta: [-65535, 65535],
  colour: [0, 15],
  rosterPart: [0, 15],
  rosterParts: [1, 16],
  players: [0, 255],
  /** Game event numbers, per session; 0 in INPUT.eventAck means "none yet". */
  eventSeq: [1, U32_MAX],
  eventAck: [0, U32_MAX],
  /** A round's number on its server, from 1. */
  round: [1, U32_MAX],
  /** Ticks a hider lasted, or a round lasted. */
  eventTicks: [0, U32_MAX],
  /** ROOMS / ROOMLIST: the index of a room in the server's list, and how many it hosts. */
  roomIndex: [0, 65535],
  /** ROOMLIST: a room's player limit. */
  roomMaxPlayers: [1, 255],
} as const satisfies Record<string, readonly [number, number]>;

/** Entries per INPUT: none (a keep-alive) up to this many unacknowledged inputs repeated. */
export const MAX_INPUT_ENTRIES = 32;

/** Events per EVENTS datagram (the server also keeps at most this many unacknowledged). */
export const MAX_EVENTS = 64;

/** Player entries per SNAP. */
export const MAX_SNAP_ENTRIES = 255;

/** Token: exactly this many lower-case hex characters (64 bits). */
export const TOKEN_HEX = 16;

/** Cookie: between these many lower-case hex characters. */
export const COOKIE_HEX_MIN = 16;
export const COOKIE_HEX_MAX = 32;

/** Map checksum: FNV-1a 32-bit as 8 lower-case hex characters. */
export const CHECKSUM_HEX = 8;

/** Free text (map name, server name): 1 to this many characters (code points) once decoded. */
export const MAX_TEXT_CHARS = 40;

/** Player names: 1 to this many characters (the original's limit). */
export const MAX_NAME_CHARS = 10;

/** The name token of CONNECT may be up to this many bytes, so the server can say "too long". */
export const MAX_CONNECT_NAME_BYTES = 64;

/** Room names (docs/PROTOCOL.md §15): 1 to this many of `A–Z a–z 0–9 - _`. */
export const MAX_ROOM_NAME_CHARS = 16;

/** Map ids (a server's list of maps, ROOMLIST's `maps`): 1 to this many of `a–z 0–9 -`. */
export const MAX_MAP_ID_CHARS = 16;

/** The characters of the room codes a server picks: no I, O, 0, 1 (read aloud, copied by hand). */
export const ROOM_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Length of a room code a server picks (`K7QX`). */
export const ROOM_CODE_CHARS = 4;

/** Maps a ROOMLIST may offer for new rooms. */
export const MAX_ROOM_MAPS = 16;

/** Rooms a ROOMLIST carries at most (it is also bounded by the ROOMS's size). */
export const MAX_ROOMLIST_ENTRIES = 255;
