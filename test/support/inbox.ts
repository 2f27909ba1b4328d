/** Waiting on the messages a real-UDP test's socket received (the e2e tests of haunted serve). */
import type { Message } from '../../src/protocol/index.ts';

/** Waits until `pick` finds something in what arrived in `inbox`, or fails after `ms`. */
export async function waitForMessage<T>(
  inbox: readonly Message[],
  pick: (m: Message) => T | undefined,
  ms = 3000,
): Promise<T> {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    for (const m of inbox) {
      const found = pick(m);
      if (found !== undefined) return found;
    }
    await Bun.sleep(5);
  }
  throw new Error(`timed out; received ${inbox.map((m) => m.type).join(' ')}`);
}
