/**
 * Whether the window can freeze: the core (workspace, database, sync) runs in a worker
 * thread, and this measures the hosting thread (Electron's main process, here this one)
 * while that worker does a fresh computer's first sync of the office's 100,000 leads.
 *   main_loop_max_block_ms   the longest the hosting thread's event loop was held up
 *   core_host_first_sync_s   sign-in to every lead pulled, through the worker
 */
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { sourceCoreWorker, startCoreHost } from '../../main/core-host/core-host';
import type { AppStatus } from '../../shared/contract';
import type { BenchOptions } from './local-store';
import { round } from './stats';
import { benchOffice } from './sync';

const root = path.resolve(import.meta.dirname, '../..');

export async function coreHostRun({ quick }: BenchOptions, run: number): Promise<Record<string, number>> {
  const count = quick ? 5_000 : 100_000;
  const office = await benchOffice(count, run);
  // Samples every millisecond: its maximum is the longest stall of this thread's loop.
  const stalls = monitorEventLoopDelay({ resolution: 1 });
  stalls.enable();
  const core = await startCoreHost({ dataRoot: path.join(office.dir, 'desktop'), workerUrl: sourceCoreWorker(root), periodicSyncMs: 3_600_000 });
  try {
    const pulled = new Promise<void>((resolve) =>
      core.on('syncStatus', (status) => status.lastSuccessAt && status.state !== 'syncing' && resolve()),
    );
    const started = performance.now();
    const signedIn = await core.invoke('session.signIn', { serverUrl: office.serverUrl, token: office.user.token });
    if (!signedIn.ok) throw new Error(`sign-in failed: ${signedIn.error.message}`);
    await pulled;
    const seconds = (performance.now() - started) / 1000;
    stalls.disable();
    const status = await core.invoke('app.status', {});
    const leads = status.ok ? (status.value as AppStatus).leads : -1;
    if (leads !== count) throw new Error(`the first sync through the worker holds ${leads} of ${count} leads`);
    return {
      main_loop_max_block_ms: round(stalls.max / 1e6, 1),
      core_host_first_sync_s: round(seconds, 2),
    };
  } finally {
    stalls.disable();
    await core.close();
    await office.close();
  }
}
