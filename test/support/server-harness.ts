/**
 * A server on a simulated network, and raw protocol clients to poke it: for server tests that
 * run in simulated time, without sockets or sleeps.
 */
import { parseMap } from '../../src/game/map.ts';
import { BUILTIN_MAPS } from '../../src/game/maps/index.ts';
import { DEFAULT_RULES, type Rules } from '../../src/game/state.ts';
import { SimNetwork } from '../../src/net/sim.ts';
import type { Address, Transport } from '../../src/net/transport.ts';
import { decode, encodeBytes, type Message } from '../../src/protocol/index.ts';
import { memoryLogger } from '../../src/server/log.ts';
import { GameServer, type ServerOptions } from '../../src/server/server.ts';

export const SERVER_ADDRESS: Address = { address: '127.0.0.1', port: 9998 };

export const classicMap = (() => {
  const parsed = parseMap(BUILTIN_MAPS.classic!);
  if (!parsed.ok) throw new Error('classic map');
  return parsed.map;
})();

/**
 * Short durations so whole games fit in a few simulated seconds; no head start (the tests of
 * the head start set their own), so a seeker moves from a game's first tick.
 */
export const QUICK_RULES: Rules = {
  ...DEFAULT_RULES,
  tickRate: 30,
  countdown: 1,
  seekTime: 20,
  endTime: 1,
  headStart: 0,
};

export interface Harness {
  readonly net: SimNetwork;
  readonly server: GameServer;
  readonly log: ReturnType<typeof memoryLogger>;
  /** Advances simulated time by `ms`, letting the server (and every `each` hook) run every ms. */
  run(ms: number): void;
  /** Runs `hook(now)` at every simulated millisecond of `run`, before the server's update. */
  each(hook: (now: number) => void): void;
}

/**
 * A server on a fresh simulated network; `wrap` may put a proxy around its transport. The
 * overrides may be made from the network (a second transport bound on it: the classic listener).
 */
export function startServer(
  overrides: Partial<ServerOptions> | ((net: SimNetwork) => Partial<ServerOptions>) = {},
  seed = 1,
  wrap: (t: Transport) => Transport = (t) => t,
): Harness {
  const net = new SimNetwork({ seed });
  const log = memoryLogger();
  let tokens = 0;
  const server = new GameServer({
    transport: wrap(net.bind(SERVER_ADDRESS)),
    map: classicMap,
    rules: QUICK_RULES,
    maxPlayers: 10,
    timeoutMs: 5000,
    name: 'Test manor',
    secret: new Uint8Array(32).fill(7),
    randomToken: () => (++tokens).toString(16).padStart(16, '0'),
    seed,
    logger: log,
    now: 0,
    ...(typeof overrides === 'function' ? overrides(net) : overrides),
  });
  const hooks: ((now: number) => void)[] = [];
  return {
    net,
    server,
    log,
    run(ms: number) {
      const end = net.now + ms;
      while (net.now < end) {
        net.advanceTo(Math.min(end, net.now + 1));
        for (const hook of hooks) hook(net.now);
        server.update(net.now);
      }
    },
    each(hook) {
      hooks.push(hook);
    },
  };
}

/** A client that sends whatever it is told and keeps every decoded reply, with its size. */
export class RawClient {
  readonly transport: Transport;
  readonly received: { msg: Message; size: number; at: number }[] = [];
  readonly undecodable: Uint8Array[] = [];

  constructor(net: SimNetwork, port: number) {
    this.transport = net.bind({ address: '127.0.0.1', port });
    this.transport.onDatagram((data, _from, now) => {
      const d = decode(data, 'client');
      if (!d.ok) {
        this.undecodable.push(data);
        return;
      }
      this.received.push({ msg: d.msg, size: data.length, at: now });
      this.onMessage(d.msg, now);
    });
  }

  /** Called for each decoded datagram, after it is recorded: subclasses react here. */
  protected onMessage(_msg: Message, _now: number): void {}

  send(msg: Message | Uint8Array | string): void {
    const bytes =
      typeof msg === 'string'
        ? new TextEncoder().encode(msg)
        : msg instanceof Uint8Array
          ? msg
          : encodeBytes(msg);
    this.transport.send(bytes, SERVER_ADDRESS);
  }

  /** Replies of one type, oldest first. */
  all<T extends Message['type']>(type: T): Extract<Message, { type: T }>[] {
    return this.received
      .filter((r) => r.msg.type === type)
      .map((r) => r.msg as Extract<Message, { type: T }>);
  }

  last<T extends Message['type']>(type: T): Extract<Message, { type: T }> | undefined {
    return this.all(type).at(-1);
  }
}
