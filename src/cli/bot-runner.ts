/**
 * Bots on the real clock: each on its own UDP socket on the loopback or any interface (the
 * network simulator in front when asked), joining a server over the real protocol like any
 * player, driven by one timer. `haunted bots`, `haunted serve --bots`, the local game of
 * `haunted play` (no host) and `haunted bench` all start their bots here.
 */
import { Bot, type BotStats, botNames } from '../bots/bot.ts';
import type { ConnectionEvent } from '../client/connection-types.ts';
import {
  type ConditionedTransport,
  conditionsActive,
  conditionTransport,
  type NetConditions,
} from '../net/conditioned.ts';
import type { Address, Transport } from '../net/transport.ts';
import { anyAddressFor, createUdpTransport } from '../net/udp.ts';
import type { RoomRequest } from '../protocol/index.ts';

export interface BotRunnerOptions {
  /** The server's address (an IP address). */
  readonly server: Address;
  readonly count: number;
  /** The room they join (PROTOCOL.md §15); absent: the server's default room. */
  readonly room?: RoomRequest;
  /** Seeds bot i with seed + i, and picks the names. */
  readonly seed: number;
  readonly clock: () => number;
  /** The network simulator on each bot's socket, when active. */
  readonly conditions?: NetConditions | null;
  /** Names the bots must not take (a human player's). */
  readonly takenNames?: ReadonlySet<string>;
  /**
   * How long the bots wait in the lobby for the players who are not theirs (humans, they take
   * them for) to get ready, ms. @default 60000
   */
  readonly humanWaitMs?: number;
  /** How often the bots run, ms. @default 5 */
  readonly periodMs?: number;
  /** Told of bot i's connection events (the bench measures acknowledgements with them). */
  readonly onEvent?: (i: number, event: ConnectionEvent) => void;
  /** Told of the size of each datagram bot i receives. */
  readonly onDatagram?: (i: number, bytes: number) => void;
  /** Called after each update of bot i. */
  readonly afterUpdate?: (i: number, bot: Bot, now: number) => void;
}

/**
 * Bots wait this long for a human in the lobby (then the server's lobby timer gives it its
 * `--lobby-wait` more): long enough to read the screen and pick a team, short enough that one
 * idle human does not stop the bots for good.
 */
export const HUMAN_WAIT_MS = 60_000;

/** `t` with a look at every datagram it receives. */
function observed(t: Transport, look: (bytes: number) => void): Transport {
  return {
    local: t.local,
    send: (data, to) => t.send(data, to),
    sendBatch: (batch) => t.sendBatch(batch),
    close: () => t.close(),
    onDatagram: (handler) =>
      t.onDatagram((data, from, now) => {
        look(data.length);
        handler(data, from, now);
      }),
  };
}

export interface BotRunner {
  readonly bots: readonly Bot[];
  /** Every bot leaves (DISCONNECT, at most `ms` waiting for the answers), sockets closed. */
  stop(ms?: number): Promise<void>;
  /** Each bot's figures, for `haunted bench`. */
  stats(): BotStats[];
  resetStats(): void;
}

export async function startBots(o: BotRunnerOptions): Promise<BotRunner> {
  const names = botNames(o.count, o.seed, o.takenNames);
  const fellows = new Set(names);
  const transports: Transport[] = [];
  const bots: Bot[] = [];
  try {
    for (let i = 0; i < o.count; i++) {
      const udp = await createUdpTransport({
        host: anyAddressFor(o.server.address),
        port: 0,
        clock: o.clock,
        // "Nothing listens on that port" ends a bot's first handshake at once (not after 5 s).
        onError: (e) => bots[i]?.conn.socketError(e, o.clock()),
      });
      let transport: Transport | ConditionedTransport = udp;
      if (o.conditions && conditionsActive(o.conditions)) {
        transport = conditionTransport(udp, {
          ...o.conditions,
          seed: (o.conditions.seed + 7919 * (i + 1)) >>> 0,
          clock: o.clock,
        });
      }
      transports.push(transport);
      const { onEvent, onDatagram } = o;
      bots.push(
        new Bot({
          transport: onDatagram ? observed(transport, (n) => onDatagram(i, n)) : transport,
          server: o.server,
          name: names[i] ?? `bot${i + 1}`,
          ...(o.room ? { room: o.room } : {}),
          seed: (o.seed + i) >>> 0,
          now: o.clock(),
          fellows,
          humanWaitMs: o.humanWaitMs ?? HUMAN_WAIT_MS,
          ...(onEvent ? { onEvent: (e: ConnectionEvent) => onEvent(i, e) } : {}),
        }),
      );
    }
  } catch (err) {
    for (const t of transports) t.close();
    throw err;
  }
  const timer = setInterval(() => {
    const now = o.clock();
    const after = o.afterUpdate;
    for (let i = 0; i < bots.length; i++) {
      bots[i]!.update(now);
      after?.(i, bots[i]!, now);
    }
  }, o.periodMs ?? 5);

  return {
    bots,
    stats: () => bots.map((b) => b.stats()),
    resetStats: () => {
      for (const b of bots) b.resetStats();
    },
    async stop(ms = 1000) {
      const start = o.clock();
      for (const bot of bots) bot.quit(start);
      while (o.clock() - start < ms && !bots.every((b) => b.finished)) await Bun.sleep(10);
      clearInterval(timer);
      for (const t of transports) t.close();
    },
  };
}
