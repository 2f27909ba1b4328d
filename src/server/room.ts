/**
 * One game (PROTOCOL.md §8–§11): its state, sight, roster, snapshots and events, and the players
 * in it. A room knows no addresses and no tokens: the endpoint (endpoint.ts) hands it its
 * players' decoded messages by id, and it answers through the `Outbox` the endpoint gives it,
 * also by id. Only `tick` changes the game; the endpoint calls it on the one fixed-step clock.
 */
import { type GameMap, mapRows } from '../game/map.ts';
import { addPlayer, type GameEvent, type PlayerInput, removePlayer, step } from '../game/rules.ts';
import { createSight, playersSeenBy, type Sight, updateSight } from '../game/sight.ts';
import { createGame, findPlayer, type GameState, type Player, type Rules } from '../game/state.ts';
import {
  encodeBytes,
  type MessageOf,
  mapChecksum,
  roomKey,
  splitMapIntoChunks,
} from '../protocol/index.ts';
import { SnapWriter } from '../protocol/snap-writer.ts';
import { GameEventsOut } from './game-events.ts';
import type { Logger } from './log.ts';
import { Roster } from './roster.ts';
import { type RoomMember, receiveInputs, takeDueInputs } from './session.ts';
import { wirePhase, writeSnapshot } from './snapshots.ts';
import type { ServerStats } from './stats.ts';

/** How a room reaches its players: the endpoint maps each id to its session's address. */
export interface Outbox {
  /** Sends `bytes` to player `id` (in the tick's batch while a tick runs). */
  send(id: number, bytes: Uint8Array): void;
  /** Ends player `id`'s session now and tells it `kicked` once (the room could not seat it). */
  close(id: number): void;
}

export interface RoomOptions {
  /** How the room is found (issue 14: CONNECT names it); the default room's is DEFAULT_ROOM. */
  readonly name: string;
  readonly map: GameMap;
  /** The map's id in the server's list (ROOMLIST): `classic`, `grand`, a file's cleaned name. */
  readonly mapId: string;
  readonly rules: Rules;
  /** @default 10 */
  readonly maxPlayers: number;
  /** Seed of the game's generator (spawns, colours). */
  readonly seed: number;
  readonly logger: Logger;
  /** The endpoint's counters: a room adds its events dropped and its repeated inputs. */
  readonly stats: ServerStats;
  readonly outbox: Outbox;
  /** The server's tick now: a room made later starts its game's tick counter there. @default 0 */
  readonly tick?: number;
  /** Never closes when idle: the default room, and the rooms the host opened (`--rooms`). */
  readonly kept?: boolean;
}

const ROSTER_RESEND_MS = 250;

export class Room {
  readonly name: string;
  /** What the directory finds it by: the name without regard to case (roomKey). */
  readonly key: string;
  readonly map: GameMap;
  readonly mapId: string;
  /** Never closes when idle (RoomOptions.kept). */
  readonly kept: boolean;
  /**
   * The last tick at which one of its players' inputs had keys or an action (or the room was
   * made): the room is idle since then (PROTOCOL.md §15).
   */
  activeTick: number;
  readonly maxPlayers: number;
  readonly state: GameState;
  /** The map's MAP messages, encoded once. */
  readonly mapChunks: readonly Uint8Array[];
  readonly mapChecksum: string;
  readonly roster = new Roster();
  /**
   * The players, joined or about to be, by id, in the order they came: the order of their
   * datagrams in a tick's batch.
   */
  readonly members = new Map<number, RoomMember>();
  private readonly pendingJoins: RoomMember[] = [];
  private readonly pendingLeaves: number[] = [];
  private readonly sight: Sight;
  private readonly snapWriter = new SnapWriter();
  /** Work space of the tick: the due inputs by player id, the players one client sees. */
  private readonly inputs = new Map<number, PlayerInput[]>();
  private readonly seen: Player[] = [];
  /** The rules' events of the tick on their way to the players (EVENTS). */
  private readonly gameEvents = new GameEventsOut();
  private readonly logger: Logger;
  private readonly stats: ServerStats;
  private readonly outbox: Outbox;
  private nextId = 1;

  /** Throws when the map has fewer floor cells than `maxPlayers`: the CLI says so and exits. */
  constructor(options: RoomOptions) {
    const floor = options.map.walls.length - options.map.walls.reduce((n, w) => n + w, 0);
    if (floor < options.maxPlayers) {
      throw new Error(
        `the map has room for ${floor} players, fewer than --max-players ${options.maxPlayers}`,
      );
    }
    this.name = options.name;
    this.key = roomKey(options.name);
    this.map = options.map;
    this.mapId = options.mapId;
    this.kept = options.kept ?? false;
    this.maxPlayers = options.maxPlayers;
    this.logger = options.logger;
    this.stats = options.stats;
    this.outbox = options.outbox;
    this.state = createGame(options.map, options.rules, options.seed);
    // One tick counter for every room of the server (PROTOCOL.md §15).
    this.state.tick = options.tick ?? 0;
    this.activeTick = this.state.tick;
    this.sight = createSight(options.map);
    const rows = mapRows(options.map);
    this.mapChunks = splitMapIntoChunks(rows).map(encodeBytes);
    this.mapChecksum = mapChecksum(rows);
    this.roster.update(this.state);
  }

  get tickRate(): number {
    return this.state.rules.tickRate;
  }

  /** Players, joined or about to be. */
  get playerCount(): number {
    return this.members.size;
  }

  get full(): boolean {
    return this.members.size >= this.maxPlayers;
  }

  /** Seconds since a player of the room last played (keys or an action), or since it was made. */
  get idleSeconds(): number {
    return (this.state.tick - this.activeTick) / this.tickRate;
  }

  /**
   * Whether the room is idle for `seconds` (PROTOCOL.md §15). A player holding a key down sends
   * no new entry while it does: it is playing all the same, and counts as active now.
   */
  idleFor(seconds: number): boolean {
    if (this.idleSeconds < seconds) return false;
    for (const p of this.state.players) {
      if (p.keys !== 0) {
        this.activeTick = this.state.tick;
        return false;
      }
    }
    return true;
  }

  /** The player of that name (any case), joined or about to be: names are unique in a room. */
  findMember(name: string): RoomMember | undefined {
    const wanted = name.toLowerCase();
    for (const member of this.members.values()) {
      if (member.name.toLowerCase() === wanted) return member;
    }
    return undefined;
  }

  /** A new id, 1–65535, not used by any player of the room. */
  allocateId(): number {
    for (;;) {
      const id = this.nextId;
      this.nextId = id >= 65535 ? 1 : id + 1;
      if (!this.members.has(id)) return id;
    }
  }

  /** A new player (its id from `allocateId`): it joins the game at the next tick. */
  join(member: RoomMember): void {
    this.members.set(member.id, member);
    this.pendingJoins.push(member);
  }

  /** Player `id` is gone (disconnect, timeout, kick): it leaves the game at the next tick. */
  leave(id: number): void {
    const member = this.members.get(id);
    if (!member) return;
    this.members.delete(id);
    const pending = this.pendingJoins.indexOf(member);
    if (pending >= 0) this.pendingJoins.splice(pending, 1);
    else this.pendingLeaves.push(id);
  }

  /** Player `id`'s INPUT, from a datagram that passed the endpoint's checks. */
  input(id: number, msg: MessageOf<'INPUT'>): void {
    const member = this.members.get(id);
    if (!member) return;
    const tick = this.state.tick;
    member.playing = true;
    member.rosterVersion = msg.rosterVersion;
    member.events.ack(msg.eventAck);
    if (
      msg.ackTick !== null &&
      msg.ackTick <= tick &&
      (member.ackTick === null || msg.ackTick > member.ackTick)
    ) {
      member.ackTick = msg.ackTick;
    }
    this.stats.repeatedInputs += receiveInputs(member, msg.inputs, tick, this.tickRate);
  }

  /** Player `id` asks for one chunk of the map (MAPREQ). */
  mapRequest(id: number, chunk: number): void {
    const bytes = this.mapChunks[chunk];
    if (bytes) this.outbox.send(id, bytes);
    else this.stats.drop('unexpected');
  }

  /** One fixed step of the game, then every player's snapshot, events and roster. */
  tick(now: number): void {
    const { state, inputs, outbox } = this;
    if (this.pendingLeaves.length > 0 || this.pendingJoins.length > 0) this.joinAndLeave();
    // Reused maps and arrays below: each tick runs on a core that slept for a whole period,
    // where every allocation (and the collection that follows) costs more than in a hot loop.
    inputs.clear();
    for (const member of this.members.values()) {
      const due = takeDueInputs(member, state.tick);
      if (due === null) continue;
      inputs.set(member.id, due);
      if (this.activeTick !== state.tick && playsIn(due)) this.activeTick = state.tick;
    }
    const events = step(state, inputs);
    this.logGameEvents(events);
    // Rare (a catch, a round's start or end): nothing is made on other ticks.
    if (events.length > 0) this.gameEvents.note(events, state.tick - 1, state);
    const out = this.gameEvents;
    this.roster.update(state);
    updateSight(this.sight, state);
    // What every client's SNAP shares (tick, roster version, phase) is written once.
    this.snapWriter.beginTick(state.tick, this.roster.version, wirePhase(state));
    for (const member of this.members.values()) {
      const viewer = member.playing ? findPlayer(state, member.id) : undefined;
      if (!viewer) {
        if (out.pending.length > 0) this.stats.eventsDropped += out.deliver(member, null);
        continue;
      }
      const seen = playersSeenBy(this.sight, state, viewer, this.seen);
      outbox.send(member.id, writeSnapshot(this.snapWriter, member, state.tick, seen));
      if (out.pending.length > 0) this.stats.eventsDropped += out.deliver(member, seen);
      if (member.events.length > 0) {
        const bytes = member.events.due(now);
        if (bytes !== null) outbox.send(member.id, bytes);
      }
      if (
        member.rosterVersion !== this.roster.version &&
        now - member.rosterSentAt >= ROSTER_RESEND_MS
      ) {
        member.rosterSentAt = now;
        for (const part of this.roster.parts) outbox.send(member.id, part);
      }
    }
    out.clear();
  }

  /** The players who left leave the game, those who came join it. */
  private joinAndLeave(): void {
    const { state } = this;
    const events: GameEvent[] = [];
    for (const id of this.pendingLeaves.splice(0)) events.push(...removePlayer(state, id));
    // A hider who leaves during a round: the round's summary says so.
    for (const e of events) this.gameEvents.rounds.note(e, state.tick, state);
    for (const member of this.pendingJoins.splice(0)) {
      if (!addPlayer(state, member.id, member.name)) {
        this.logger.event('refuse', { name: member.name, reason: 'map-full' });
        this.members.delete(member.id);
        this.outbox.close(member.id);
      }
    }
    this.logGameEvents(events);
  }

  private logGameEvents(events: readonly GameEvent[]): void {
    const log = this.logger;
    for (const e of events) {
      switch (e.type) {
        case 'countdown-start':
          log.event('countdown', { players: this.state.players.length });
          break;
        case 'countdown-cancel':
          log.event('countdown-cancel', { why: e.why, name: e.name || null });
          break;
        case 'game-start':
          log.event('game-start', { seekers: e.seekers, hiders: e.hiders });
          break;
        case 'caught':
          log.event('catch', { seeker: e.seeker, hider: e.hider });
          break;
        case 'game-end':
          log.event('game-end', {
            winner: e.winner ?? 'none',
            reason: e.reason,
            seconds: Math.round(e.seconds),
          });
          break;
        case 'lobby':
          log.event('lobby');
          break;
        default:
          break; // joins and leaves are logged as connections, disconnections and timeouts
      }
    }
  }
}

/** Whether some input has keys held or an action: a player playing, not idling (§15). */
function playsIn(inputs: readonly PlayerInput[]): boolean {
  for (const input of inputs) if (input.keys !== 0 || input.action !== null) return true;
  return false;
}
