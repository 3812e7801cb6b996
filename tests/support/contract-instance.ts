import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import {
  client,
  counterMismatches,
  freshStore,
  startInstance,
  type Mode,
  type Store,
  type TestServer,
} from './harness';

/**
 * The instance a contract suite (tests/contract/*-contract.ts) runs against: a fresh store in the
 * suite's mode, one server on it for the whole describe, and a client for its API. After each test
 * the polls' counters must still agree with their ballots, unless the suite checks nothing there.
 */

export type ContractInstance = { store: Store; server: TestServer; api: ReturnType<typeof client> };

/** Call inside a describe; `started` hands the suite its instance once it runs. */
export function useContractInstance(
  mode: Mode,
  { redisUrl, checkCounters = true }: { redisUrl?: string; checkCounters?: boolean },
  started: (instance: ContractInstance) => void,
): void {
  let store: Store | undefined;
  let server: TestServer | undefined;

  beforeAll(async () => {
    store = await freshStore(mode, { redisUrl });
    server = await startInstance(store);
    started({ store, server, api: client(server.url) });
  });
  afterAll(async () => {
    await server?.close();
    await store?.drop();
  });
  if (checkCounters) {
    afterEach(async () => {
      expect(await counterMismatches(server!.pollcast)).toEqual([]);
    });
  }
}
