import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { openCore } from '../../main/core';
import { generateLeads } from '../../main/dev/sample-leads';
import { importCsv } from '../../main/import/import-csv';
import { escapeCell } from '../../shared/csv-cells';
import type { BenchOptions } from './local-store';

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
 * A 100,000-row CSV imported in-process into a fresh data folder: rows per second, and
 * the longest the event loop went without running a 1 ms timer meanwhile (what a
 * window or a sync sharing the loop would feel).
 */
export async function importRun({ quick }: BenchOptions, run: number): Promise<Record<string, number>> {
  const rows = quick ? 10_000 : 100_000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldline-bench-import-'));
  const file = path.join(dir, 'leads.csv');
  writeSampleCsv(file, rows, 50_000 * (run + 1));
  const core = openCore({ dataDir: path.join(dir, 'data') });
  let maxBlockMs = 0;
  let last = performance.now();
  const monitor = setInterval(() => {
    const now = performance.now();
    maxBlockMs = Math.max(maxBlockMs, now - last - 1);
    last = now;
  }, 1);
  try {
    const started = performance.now();
    const result = await importCsv(core, { file });
    const seconds = (performance.now() - started) / 1000;
    if (result.imported + result.skipped !== rows || result.rejected !== 0) throw new Error(`import counted ${JSON.stringify(result)}`);
    return {
      import_rows_per_s: Math.round(rows / seconds),
      import_main_loop_max_block_ms: Math.round(maxBlockMs * 10) / 10,
    };
  } finally {
    clearInterval(monitor);
    core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
