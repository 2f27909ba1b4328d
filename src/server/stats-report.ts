/**
 * The server's counters as one JSON-able object: what `--stats-file` writes every second for
 * monitoring, and what the benchmark reads at the start and end of its window.
 */
import type { GameServer } from './server.ts';

export interface StatsReport {
  /** Wall-clock time of the report, ms since the epoch. */
  readonly time: number;
  readonly tick: number;
  readonly tickRate: number;
  /** The default room's phase. */
  readonly phase: string;
  /** Players of every room. */
  readonly players: number;
  /** Each room: its name, map, phase and players, in the directory's order. */
  readonly rooms: readonly RoomReport[];
  readonly traffic: {
    datagramsIn: number;
    bytesIn: number;
    datagramsOut: number;
    bytesOut: number;
  };
  /** Largest datagram sent so far, bytes. */
  readonly largestOut: number;
  readonly drops: Readonly<Record<string, number>>;
  readonly repeatedInputs: number;
  /** Game events dropped unacknowledged from a session's full queue (64 a session). */
  readonly eventsDropped: number;
  /** Tick durations: count, max since the start, and the 10 µs histogram as [bucket, count] pairs. */
  readonly ticks: { count: number; maxMs: number; histogram: [number, number][] };
  /** When ticks started against their time, the same way, shifted by LATENESS_SHIFT_MS. */
  readonly lateness: { histogram: [number, number][] };
  /** The part of each tick spent sending its batch, the same way (ServerStats.sends). */
  readonly sends: { histogram: [number, number][] };
}

export interface RoomReport {
  readonly name: string;
  readonly map: string;
  readonly phase: string;
  readonly players: number;
  readonly maxPlayers: number;
  /** Seconds since one of its players last played (keys or an action). */
  readonly idleSeconds: number;
}

export function statsReport(server: GameServer, wallTime: number): StatsReport {
  const { stats, state } = server;
  const histogram = nonEmptyBuckets(stats.ticks.histogram);
  const rooms: RoomReport[] = [];
  let players = 0;
  for (const room of server.directory.list()) {
    players += room.state.players.length;
    rooms.push({
      name: room.name,
      map: room.mapId,
      phase: room.state.phase.kind,
      players: room.state.players.length,
      maxPlayers: room.maxPlayers,
      idleSeconds: Math.round(room.idleSeconds),
    });
  }
  return {
    time: wallTime,
    tick: state.tick,
    tickRate: server.tickRate,
    phase: state.phase.kind,
    players,
    rooms,
    traffic: { ...stats.traffic },
    largestOut: stats.largestOut,
    drops: Object.fromEntries(stats.drops),
    repeatedInputs: stats.repeatedInputs,
    eventsDropped: stats.eventsDropped,
    ticks: { count: stats.ticks.count, maxMs: stats.ticks.max, histogram },
    lateness: { histogram: nonEmptyBuckets(stats.lateness.histogram) },
    sends: { histogram: nonEmptyBuckets(stats.sends.histogram) },
  };
}

/** A plain loop over the 2001 buckets: this runs every second (--stats-file), on the game's thread. */
function nonEmptyBuckets(buckets: Uint32Array): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < buckets.length; i++) if (buckets[i]! > 0) pairs.push([i, buckets[i]!]);
  return pairs;
}
