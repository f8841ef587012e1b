import path from 'node:path';
import { afterEach } from 'vitest';
import { sourceCoreWorker, startCoreHost, type CoreHost, type CoreHostOptions } from '../../main/core-host/core-host';
import { tempDir } from './temp';

const started: CoreHost[] = [];
afterEach(async () => {
  for (const host of started.splice(0)) await host.close();
});

/** The core in its worker thread, from the TypeScript sources, on a fresh data folder unless given one; closed after the test. */
export async function testCoreHost(options: Partial<CoreHostOptions> = {}): Promise<CoreHost> {
  const host = await startCoreHost({
    dataRoot: tempDir(),
    workerUrl: sourceCoreWorker(path.resolve(import.meta.dirname, '../..')),
    periodicSyncMs: 3_600_000,
    ...options,
  });
  started.push(host);
  return host;
}
