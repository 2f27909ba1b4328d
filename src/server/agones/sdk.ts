/**
 * The real Agones SDK client (`@google-cloud/agones-sdk`, pure JavaScript gRPC), behind the
 * adapter's `AgonesSdk` interface. It talks to the sidecar on localhost:AGONES_SDK_GRPC_PORT
 * (default 9357). Imported only when `haunted serve` runs under Agones.
 */
import AgonesSDK from '@google-cloud/agones-sdk';
import type { AgonesSdk } from './adapter.ts';

export function createAgonesSdk(): AgonesSdk {
  const sdk = new AgonesSDK();
  const close = sdk.close.bind(sdk);
  // AgonesSDK.close() closes its main channel only: the alpha and beta clients keep theirs
  // open, and its watch stream, destroyed but not cancelled, keeps the process alive too (it
  // would not exit after its last game): measured with grpc-js 1.14.4 under Bun 1.4.5.
  sdk.close = () => {
    for (const stream of (sdk as unknown as { streams: { cancel(): void }[] }).streams) {
      stream.cancel();
    }
    close();
    (sdk.alpha as unknown as { client: { close(): void } }).client.close();
    (
      (sdk as unknown as { beta: unknown }).beta as unknown as { client: { close(): void } }
    ).client.close();
  };
  return sdk as unknown as AgonesSdk;
}
