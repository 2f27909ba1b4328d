/**
 * `haunted serve --agones`: the game server as an Agones GameServer, through the official SDK
 * (`@google-cloud/agones-sdk`, gRPC to the sidecar in the same pod). This module never touches
 * the game: it reads counts through `FleetCounts`, and drives the lifecycle through callbacks.
 *
 * Every SDK call is asynchronous and nothing waits for one on the tick: a call that fails is
 * logged (`agones-warning`) and tried again later. The sidecar may start after us (Agones says
 * so): the connection is retried with backoff. It may go away (its stream ends): the game goes
 * on, the loss is logged, and a new connection is tried with backoff; Ready is not called again
 * on a sidecar that comes back (a second Ready would undo an allocation).
 *
 * What is published: Ready once (the caller starts us after the UDP port is bound); Health every
 * `healthMs`; the Counters `players` and `rooms` and the List `names` (only when they change,
 * checked every `syncMs`); the labels `map` and `version` (the sidecar prefixes them
 * `agones.dev/sdk-`). The GameServer is watched: `onAllocated` once it becomes Allocated,
 * `onAddress` whenever its public address or first port changes.
 */
import type { Logger } from '../log.ts';

/** The part of `@google-cloud/agones-sdk`'s AgonesSDK this adapter uses (a fake in tests). */
export interface AgonesSdk {
  connect(): Promise<void>;
  ready(): Promise<unknown>;
  health(errorCallback: (error: Error) => void): void;
  shutdown(): Promise<unknown>;
  setLabel(key: string, value: string): Promise<unknown>;
  watchGameServer(
    callback: (gs: GameServerObject) => void,
    errorCallback: (error: Error) => void,
  ): void;
  close(): void;
  readonly beta: {
    setCounterCount(key: string, amount: number): Promise<unknown>;
    appendListValue(key: string, value: string): Promise<unknown>;
    deleteListValue(key: string, value: string): Promise<unknown>;
  };
}

/** What the SDK's `GameServer.toObject()` gives, as far as we read it. */
export interface GameServerObject {
  objectMeta?: {
    name?: string;
    labelsMap?: [string, string][];
    annotationsMap?: [string, string][];
  };
  status?: {
    state?: string;
    address?: string;
    portsList?: { name?: string; port?: number }[];
  };
}

/** The counts the adapter publishes, read from the server whenever it syncs. */
export interface FleetCounts {
  readonly players: number;
  readonly rooms: number;
  /** The players' names (the List `names`). */
  readonly names: readonly string[];
}

export interface AgonesOptions {
  /** Makes a new SDK client (one per connection: a client whose sidecar went away is closed). */
  readonly createSdk: () => AgonesSdk;
  readonly logger: Logger;
  readonly counts: () => FleetCounts;
  /** Labels set once connected, e.g. `{map: 'classic', version: '0.1.0'}`. */
  readonly labels: Readonly<Record<string, string>>;
  /** Period of Health pings, ms. @default 2000 (the GameServer's default health period is 5 s) */
  readonly healthMs?: number;
  /** Period of the counts check, ms. @default 1000 */
  readonly syncMs?: number;
  /** First and longest wait between connection attempts, ms. @default [500, 10000] */
  readonly retryMs?: readonly [first: number, most: number];
  /** How long `shutdown` waits for the sidecar's answer, ms. @default 3000 */
  readonly callTimeoutMs?: number;
  /** Once, when the GameServer is first seen Allocated: its labels and annotations. */
  readonly onAllocated?: (meta: {
    labels: Record<string, string>;
    annotations: Record<string, string>;
  }) => void;
  /** When the public address or first port in the GameServer's status changes. */
  readonly onAddress?: (address: string, port: number) => void;
}

export interface AgonesAdapter {
  /** Whether a sidecar is connected now. */
  readonly connected: boolean;
  /** The GameServer's state as last seen on the watch stream ('' before any). */
  readonly state: string;
  /** Asks the sidecar to shut the GameServer down; resolves (never rejects) when answered or timed out. */
  shutdown(): Promise<boolean>;
  /** Stops every timer and closes the connection. */
  close(): void;
}

/**
 * Whether the environment says we run beside an Agones sidecar (it sets these variables). Here,
 * not in sdk.ts, so that asking does not load the SDK.
 */
export function agonesInEnvironment(env: Record<string, string | undefined>): boolean {
  return env.AGONES_SDK_GRPC_PORT !== undefined || env.AGONES_SDK_HTTP_PORT !== undefined;
}

export const AGONES_DEFAULTS = {
  healthMs: 2000,
  syncMs: 1000,
  retryMs: [500, 10_000] as const,
  callTimeoutMs: 3000,
};

/** The Counters and the List this adapter publishes (deploy/agones declares them). */
export const AGONES_KEYS = { players: 'players', rooms: 'rooms', names: 'names' } as const;

function toRecord(entries: [string, string][] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of entries ?? []) out[k] = v;
  return out;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

export function startAgones(options: AgonesOptions): AgonesAdapter {
  const { logger } = options;
  const healthMs = options.healthMs ?? AGONES_DEFAULTS.healthMs;
  const syncMs = options.syncMs ?? AGONES_DEFAULTS.syncMs;
  const [retryFirst, retryMost] = options.retryMs ?? AGONES_DEFAULTS.retryMs;
  const callTimeoutMs = options.callTimeoutMs ?? AGONES_DEFAULTS.callTimeoutMs;

  let sdk: AgonesSdk | null = null;
  /** Bumped for each connection: callbacks of an older one are ignored. */
  let generation = 0;
  let connected = false;
  let closed = false;
  let readyDone = false;
  let allocatedSeen = false;
  let state = '';
  let address = '';
  let retryDelay = retryFirst;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let healthTimer: ReturnType<typeof setInterval> | null = null;
  let syncTimer: ReturnType<typeof setInterval> | null = null;
  /** What the sidecar holds, as far as we know (null: unknown, push everything). */
  let published: { players: number; rooms: number; names: Set<string> } | null = null;
  let syncing = false;

  const warn = (what: string, error: unknown) =>
    logger.event('agones-warning', {
      what,
      error: error instanceof Error ? error.message : String(error),
    });

  const stopTimers = () => {
    if (healthTimer) clearInterval(healthTimer);
    if (syncTimer) clearInterval(syncTimer);
    healthTimer = syncTimer = null;
  };

  /** The sidecar went away (or never answered): the game goes on; a new connection is tried. */
  const lost = (gen: number, why: unknown) => {
    if (gen !== generation || closed) return;
    if (connected) logger.event('agones-lost', { error: String((why as Error)?.message ?? why) });
    connected = false;
    generation++;
    stopTimers();
    published = null;
    try {
      sdk?.close();
    } catch {
      // a client already broken: nothing more to close
    }
    sdk = null;
    scheduleConnect();
  };

  const scheduleConnect = () => {
    if (closed || retryTimer !== null) return;
    const delay = retryDelay;
    retryDelay = Math.min(retryMost, retryDelay * 2);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect();
    }, delay);
  };

  const sync = async (gen: number) => {
    if (syncing || !connected || sdk === null) return;
    const client = sdk;
    const now = options.counts();
    const was = published;
    if (
      was !== null &&
      was.players === now.players &&
      was.rooms === now.rooms &&
      was.names.size === now.names.length &&
      now.names.every((n) => was.names.has(n))
    )
      return;
    syncing = true;
    try {
      const names = new Set(now.names);
      if (was === null || was.players !== now.players)
        await client.beta.setCounterCount(AGONES_KEYS.players, now.players);
      if (was === null || was.rooms !== now.rooms)
        await client.beta.setCounterCount(AGONES_KEYS.rooms, now.rooms);
      const before = was?.names ?? new Set<string>();
      for (const n of before) if (!names.has(n)) await deleteName(client, n);
      for (const n of names) if (!before.has(n)) await appendName(client, n);
      if (gen === generation) published = { players: now.players, rooms: now.rooms, names };
    } catch (err) {
      if (gen === generation) {
        published = null; // unknown: everything is pushed again next time
        warn('counters', err);
      }
    } finally {
      syncing = false;
    }
  };

  // A name the List already holds (after a reconnection) or no longer holds is not a failure.
  const appendName = (client: AgonesSdk, name: string) =>
    client.beta.appendListValue(AGONES_KEYS.names, name).catch((err: { code?: number }) => {
      if (err?.code !== 6 /* ALREADY_EXISTS */) throw err;
    });
  const deleteName = (client: AgonesSdk, name: string) =>
    client.beta.deleteListValue(AGONES_KEYS.names, name).catch((err: { code?: number }) => {
      if (err?.code !== 5 /* NOT_FOUND */) throw err;
    });

  const watched = (gen: number, gs: GameServerObject) => {
    if (gen !== generation) return;
    const next = gs.status?.state ?? '';
    if (next !== state) logger.event('agones-state', { state: next });
    state = next;
    if (next === 'Allocated' && !allocatedSeen) {
      allocatedSeen = true;
      const labels = toRecord(gs.objectMeta?.labelsMap);
      const annotations = toRecord(gs.objectMeta?.annotationsMap);
      logger.event('agones-allocated', { name: gs.objectMeta?.name ?? '' });
      options.onAllocated?.({ labels, annotations });
    }
    const addr = gs.status?.address ?? '';
    const port = gs.status?.portsList?.[0]?.port ?? 0;
    if (addr !== '' && port > 0 && `${addr}:${port}` !== address) {
      address = `${addr}:${port}`;
      logger.event('agones-address', { address: addr, port });
      options.onAddress?.(addr, port);
    }
  };

  const connect = () => {
    if (closed) return;
    const gen = ++generation;
    let client: AgonesSdk;
    try {
      client = options.createSdk();
    } catch (err) {
      warn('sdk', err);
      scheduleConnect();
      return;
    }
    sdk = client;
    client
      .connect()
      .then(async () => {
        if (gen !== generation || closed) return;
        connected = true;
        retryDelay = retryFirst;
        logger.event('agones-connected', {});
        if (!readyDone) {
          await client.ready();
          readyDone = true;
          logger.event('agones-ready', {});
        }
        for (const [k, v] of Object.entries(options.labels)) {
          client.setLabel(k, v).catch((err) => warn(`label ${k}`, err));
        }
        client.watchGameServer(
          (gs) => watched(gen, gs),
          (err) => lost(gen, err),
        );
        client.health((err) => lost(gen, err));
        healthTimer = setInterval(() => client.health((err) => lost(gen, err)), healthMs);
        syncTimer = setInterval(() => void sync(gen), syncMs);
        void sync(gen);
      })
      .catch((err) => {
        if (gen !== generation || closed) return;
        warn(connected ? 'ready' : 'connect', err);
        lost(gen, err);
      });
  };

  connect();

  return {
    get connected() {
      return connected;
    },
    get state() {
      return state;
    },
    async shutdown() {
      const client = sdk;
      if (client === null || !connected) {
        logger.event('agones-warning', { what: 'shutdown', error: 'no sidecar connected' });
        return false;
      }
      try {
        await withTimeout(client.shutdown(), callTimeoutMs);
        logger.event('agones-shutdown', {});
        return true;
      } catch (err) {
        warn('shutdown', err);
        return false;
      }
    },
    close() {
      closed = true;
      generation++;
      stopTimers();
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      try {
        sdk?.close();
      } catch {
        // already closed
      }
      sdk = null;
      connected = false;
    },
  };
}
