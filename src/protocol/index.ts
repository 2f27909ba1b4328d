/**
 * The wire protocol of Haunted Chronicles (docs/PROTOCOL.md): message types, the pure codec,
 * and the helpers for the map download, the roster and snapshot deltas.
 */
export * from './codec.ts';
export { encodeEvent } from './codec-events.ts';
export { keysToString, parseKeys } from './codec-input.ts';
export { makePing } from './codec-ping.ts';
export {
  DEFAULT_ROOM,
  formatRoomInfo,
  formatRoomListHead,
  isMapId,
  isRoomName,
  makeRooms,
  roomKey,
} from './codec-rooms.ts';
export { ROSTER_VERSION_RANGE } from './codec-roster.ts';
export { makeHello } from './codec-session.ts';
export * from './codes.ts';
export * from './constants.ts';
export * from './map-transfer.ts';
export type * from './messages.ts';
export * from './roster-transfer.ts';
export * from './snap-delta.ts';
export { checkName, NAME_CHECKS, type NameCheck } from './text.ts';
