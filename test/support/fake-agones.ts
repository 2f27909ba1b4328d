/**
 * A fake Agones sidecar for the tests: a gRPC server built from the SDK package's own service
 * definitions (`lib/sdk_grpc_pb.js`, `lib/beta/beta_grpc_pb.js`) and served by `@grpc/grpc-js`,
 * so the wire contract is the one the real sidecar speaks. It records every call with the time
 * it came, keeps the Counters and Lists, and pushes GameServer updates to watchers.
 *
 * google-protobuf 4.0.1, which the SDK pins, cannot serialize map fields (`f.serializeBinary is
 * not a function`: its Map lost the method); only a sidecar sends a GameServer (with its labels
 * and annotations), so this fake adds the method back, calling the library's own map encoder
 * (`jspb.internal.public_for_gencode.serializeMapToBinary`, the standard protobuf encoding of
 * a map: one entry message per key, field 1 the key, field 2 the value). The SDK's decoder reads
 * it, which the tests check through the labels they receive.
 */
import { createServer } from 'node:net';
import betaServices from '@google-cloud/agones-sdk/lib/beta/beta_grpc_pb.js';
import betaPb from '@google-cloud/agones-sdk/lib/beta/beta_pb.js';
import sdkServices from '@google-cloud/agones-sdk/lib/sdk_grpc_pb.js';
import sdkPb from '@google-cloud/agones-sdk/lib/sdk_pb.js';
import * as grpc from '@grpc/grpc-js';
import * as jspb from 'google-protobuf';

if (typeof jspb.Map.prototype.serializeBinary !== 'function') {
  // The library's own map encoder, which 4.0.1 keeps for newer generated code.
  const { serializeMapToBinary } = jspb.internal.public_for_gencode;
  jspb.Map.prototype.serializeBinary = function serializeBinary(
    this: unknown,
    field: number,
    ...rest: unknown[]
  ) {
    serializeMapToBinary(this, field, ...rest);
  };
}

export interface SidecarCall {
  readonly method: string;
  /** performance.now() when it arrived, ms. */
  readonly at: number;
  readonly args: readonly (string | number)[];
}

export interface GameServerState {
  state: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  address?: string;
  port?: number;
}

/** A free TCP port on 127.0.0.1 (bound, then released). */
export async function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export class FakeSidecar {
  readonly calls: SidecarCall[] = [];
  readonly counters = new Map<string, number>();
  readonly lists = new Map<string, string[]>();
  readonly labels = new Map<string, string>();
  private server: grpc.Server | null = null;
  private watchers = new Set<grpc.ServerWritableStream<unknown, unknown>>();
  gameServer: GameServerState = { state: 'Scheduled' };

  constructor(readonly port: number) {}

  static async start(port?: number): Promise<FakeSidecar> {
    const sidecar = new FakeSidecar(port ?? (await freeTcpPort()));
    await sidecar.listen();
    return sidecar;
  }

  count(method: string): number {
    return this.calls.filter((c) => c.method === method).length;
  }

  first(method: string): SidecarCall | undefined {
    return this.calls.find((c) => c.method === method);
  }

  private record(method: string, ...args: (string | number)[]): void {
    this.calls.push({ method, at: performance.now(), args });
  }

  private message(): unknown {
    const gs = new sdkPb.GameServer();
    const meta = new sdkPb.GameServer.ObjectMeta();
    meta.setName('haunted-test-gs');
    for (const [k, v] of Object.entries(this.gameServer.labels ?? {}))
      meta.getLabelsMap().set(k, v);
    for (const [k, v] of Object.entries(this.gameServer.annotations ?? {}))
      meta.getAnnotationsMap().set(k, v);
    gs.setObjectMeta(meta);
    const status = new sdkPb.GameServer.Status();
    status.setState(this.gameServer.state);
    if (this.gameServer.address) status.setAddress(this.gameServer.address);
    if (this.gameServer.port) {
      const port = new sdkPb.GameServer.Status.Port();
      port.setName('default');
      port.setPort(this.gameServer.port);
      status.setPortsList([port]);
    }
    gs.setStatus(status);
    return gs;
  }

  /** Changes the GameServer and tells every watcher. */
  setGameServer(next: GameServerState): void {
    this.gameServer = next;
    for (const w of this.watchers) w.write(this.message());
  }

  async listen(): Promise<void> {
    const server = new grpc.Server();
    const empty = () => new sdkPb.Empty();
    /** A unary handler that answers with `answer(request)`, or fails with what it throws. */
    const unary = (answer: (req: never) => unknown = empty): grpc.UntypedHandleCall =>
      ((call: grpc.ServerUnaryCall<never, unknown>, cb: grpc.sendUnaryData<unknown>) => {
        try {
          cb(null, answer(call.request));
        } catch (err) {
          cb(err as grpc.ServiceError, null);
        }
      }) as grpc.handleUnaryCall<never, unknown> as grpc.UntypedHandleCall;
    server.addService(sdkServices['agones.dev.sdk.SDK']!, {
      ready: unary(() => {
        this.record('Ready');
        this.gameServer = { ...this.gameServer, state: 'Ready' };
        return empty();
      }),
      allocate: unary(() => {
        this.record('Allocate');
        return empty();
      }),
      shutdown: unary(() => {
        this.record('Shutdown');
        return empty();
      }),
      health: (
        call: grpc.ServerReadableStream<unknown, unknown>,
        cb: grpc.sendUnaryData<unknown>,
      ) => {
        call.on('data', () => this.record('Health'));
        call.on('end', () => cb(null, empty()));
        call.on('error', () => {});
      },
      getGameServer: unary(() => {
        this.record('GetGameServer');
        return this.message();
      }),
      watchGameServer: (call: grpc.ServerWritableStream<unknown, unknown>) => {
        this.record('WatchGameServer');
        this.watchers.add(call);
        call.on('cancelled', () => this.watchers.delete(call));
        call.on('error', () => this.watchers.delete(call));
        call.write(this.message());
      },
      setLabel: unary((req: { getKey(): string; getValue(): string }) => {
        this.record('SetLabel', req.getKey(), req.getValue());
        this.labels.set(req.getKey(), req.getValue());
        return empty();
      }),
      setAnnotation: unary((req: { getKey(): string; getValue(): string }) => {
        this.record('SetAnnotation', req.getKey(), req.getValue());
        return empty();
      }),
      reserve: unary(() => {
        this.record('Reserve');
        return empty();
      }),
    });
    type CounterUpdate = {
      getCounterupdaterequest(): {
        getName(): string;
        getCount(): { getValue(): number } | undefined;
        getCountdiff(): number;
      };
    };
    type ListValue = { getName(): string; getValue(): string };
    const list = (name: string) => {
      const out = new betaPb.List();
      out.setName(name);
      out.setCapacity(1000);
      out.setValuesList(this.lists.get(name) ?? []);
      return out;
    };
    const fail = (code: grpc.status, details: string) =>
      Object.assign(new Error(details), { code, details });
    server.addService(betaServices['agones.dev.sdk.beta.SDK']!, {
      getCounter: unary((req: { getName(): string }) => {
        const c = new betaPb.Counter();
        c.setName(req.getName());
        c.setCount(this.counters.get(req.getName()) ?? 0);
        c.setCapacity(1000);
        return c;
      }),
      updateCounter: unary((req: CounterUpdate) => {
        const u = req.getCounterupdaterequest();
        const name = u.getName();
        const set = u.getCount();
        const next =
          set !== undefined ? set.getValue() : (this.counters.get(name) ?? 0) + u.getCountdiff();
        this.record('UpdateCounter', name, next);
        this.counters.set(name, next);
        const c = new betaPb.Counter();
        c.setName(name);
        c.setCount(next);
        c.setCapacity(1000);
        return c;
      }),
      getList: unary((req: { getName(): string }) => list(req.getName())),
      updateList: unary(() => {
        throw fail(grpc.status.UNIMPLEMENTED, 'not in this fake');
      }),
      addListValue: unary((req: ListValue) => {
        this.record('AddListValue', req.getName(), req.getValue());
        const values = this.lists.get(req.getName()) ?? [];
        if (values.includes(req.getValue())) throw fail(grpc.status.ALREADY_EXISTS, 'exists');
        this.lists.set(req.getName(), [...values, req.getValue()]);
        return list(req.getName());
      }),
      removeListValue: unary((req: ListValue) => {
        this.record('RemoveListValue', req.getName(), req.getValue());
        const values = this.lists.get(req.getName()) ?? [];
        if (!values.includes(req.getValue())) throw fail(grpc.status.NOT_FOUND, 'not found');
        this.lists.set(
          req.getName(),
          values.filter((v) => v !== req.getValue()),
        );
        return list(req.getName());
      }),
    });
    await new Promise<void>((resolve, reject) =>
      server.bindAsync(`127.0.0.1:${this.port}`, grpc.ServerCredentials.createInsecure(), (err) =>
        err ? reject(err) : resolve(),
      ),
    );
    this.server = server;
  }

  /** Dies at once, as a sidecar killed mid-game: every stream is cut. */
  kill(): void {
    this.server?.forceShutdown();
    this.server = null;
    this.watchers.clear();
  }
}

/** Waits until `check` holds, polling every 20 ms; throws after `ms`. */
export async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await Bun.sleep(20);
  }
}
