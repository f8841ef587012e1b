import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { sourceCoreWorker, startCoreHost } from '../../main/core-host/core-host';
import { generateLeads } from '../../main/dev/sample-leads';
import type { ImportOutcome } from '../../shared/contract';
import { escapeCell } from '../../shared/csv-cells';
import type { BenchOptions } from './local-store';
import { round } from './stats';

const root = path.resolve(import.meta.dirname, '../..');

/** A CSV of `count` generated leads, as a spreadsheet would save it (UTF-8 with a BOM). */
function writeSampleCsv(file: string, count: number, seed: number): void {
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, '\uFEFF' + stringify([['Name', 'Mobile', 'E-mail', 'Source', 'Stage', 'Outcome', 'Lost reason', 'Area', 'Notes']]));
  for (let done = 0; done < count; done += 10_000) {
    const rows = generateLeads(Math.min(10_000, count - done), seed + done).map((d) =>
      [d.name, d.phones[0] ?? '', d.email ?? '', d.source ?? '', d.stage, d.outcome ?? '', d.lostReason ?? '', d.propertyArea ?? '', d.notes].map(escapeCell),
    );
    fs.writeSync(fd, stringify(rows));
  }
  fs.closeSync(fd);
}

/**
 * A 100,000-row CSV imported as the app does it: through the contract into the core
 * host's worker thread, on a fresh user's data folder (signed in offline).
 *   import_rows_per_s               rows per second, request to summary
 *   import_main_loop_max_block_ms   the longest stall of the hosting thread's event loop
 *                                   (Electron's main process; here this one) meanwhile
 */
export async function importRun({ quick }: BenchOptions, run: number): Promise<Record<string, number>> {
  const rows = quick ? 10_000 : 100_000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldline-bench-import-'));
  const file = path.join(dir, 'leads.csv');
  writeSampleCsv(file, rows, 50_000 * (run + 1));
  const core = await startCoreHost({ dataRoot: path.join(dir, 'data'), workerUrl: sourceCoreWorker(root), online: false });
  const stalls = monitorEventLoopDelay({ resolution: 1 });
  try {
    // Nothing listens at this address: the user works offline, as in a basement.
    const signedIn = await core.invoke('session.signIn', { serverUrl: 'http://127.0.0.1:9', token: 'fl_bench-offline-token' });
    if (!signedIn.ok) throw new Error(signedIn.error.message);
    stalls.enable();
    const started = performance.now();
    const answer = await core.invoke('imports.fromFile', { path: file });
    const seconds = (performance.now() - started) / 1000;
    stalls.disable();
    if (!answer.ok) throw new Error(answer.error.message);
    const result = answer.value as ImportOutcome;
    if (result.imported + result.skipped !== rows || result.rejected !== 0) throw new Error(`import counted ${JSON.stringify(result)}`);
    return {
      import_rows_per_s: Math.round(rows / seconds),
      import_main_loop_max_block_ms: round(stalls.max / 1e6, 1),
    };
  } finally {
    stalls.disable();
    await core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
