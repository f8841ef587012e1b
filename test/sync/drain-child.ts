/**
 * A sync in a child process, for the crash test: the parent kills it with SIGKILL at
 * random points. Small batches give the kill many places to land inside a drain.
 * Run through main/cli/launch.mjs: node main/cli/launch.mjs test/sync/drain-child.ts DIR URL TOKEN
 */
import { openCore } from '../../main/core';
import { SyncEngine } from '../../main/sync/sync-engine';
import { httpTransport } from '../../main/sync/transport';

export async function main(argv: string[]): Promise<number> {
  const [dataDir, serverUrl, token] = argv;
  const core = openCore({ dataDir: dataDir! });
  const engine = new SyncEngine({ core, transport: httpTransport({ serverUrl: serverUrl!, token: token! }), batchSize: 7, pullLimit: 25 });
  process.stdout.write('syncing\n');
  const report = await engine.syncOnce();
  process.stdout.write(JSON.stringify(report) + '\n');
  core.close();
  return 0;
}
