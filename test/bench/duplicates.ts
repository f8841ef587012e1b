import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCore } from '../../main/core';
import { generateLeads } from '../../main/dev/sample-leads';
import type { BenchOptions } from './local-store';
import { median, percentile, round, timeMs } from './stats';

const CHUNK = 10_000;
const BRANCHES = ['cairo', 'alex', 'giza'];

/**
 * The managers' possible-duplicates list and the new-lead check on 100K generated leads
 * in three branches. The generated names repeat (about 700 of them), so the newest 100
 * pairs come quickly; `duplicates_no_match_ms` gives every lead its own skeleton, the
 * worst case, where the name walk probes every lead and finds nothing.
 */
export function duplicatesRun({ quick }: BenchOptions, run: number): Record<string, number> {
  const size = quick ? 5_000 : 100_000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldline-bench-'));
  const core = openCore({ dataDir: dir });
  try {
    for (let done = 0; done < size; done += CHUNK) core.leads.createMany(generateLeads(Math.min(CHUNK, size - done), 3_000 * run + done));
    const setBranch = core.store.connection.prepare(`UPDATE leads SET branch_id = ? WHERE seq % 3 = ?`);
    BRANCHES.forEach((branch, i) => setBranch.run(branch, i));
    const times = 10;
    const list = Array.from({ length: times }, () => timeMs(() => core.duplicates.possiblePairs(100)));
    const checks = ['Mohammed Hasan', 'Ahmad Kamal', 'سارة حسن', 'Yousef Saleh'].flatMap((name) =>
      Array.from({ length: 25 }, () => timeMs(() => core.duplicates.find({ phones: ['01012345678'], email: null, name, branchId: 'cairo' }))),
    );
    core.store.connection.exec(`UPDATE leads SET name_skeleton = 'lead ' || seq`);
    const noMatch = Array.from({ length: times }, () => timeMs(() => core.duplicates.possiblePairs(100)));
    return {
      duplicates_list_ms: round(median(list)),
      duplicates_no_match_ms: round(median(noMatch)),
      duplicates_check_p95_ms: round(percentile(checks, 95)),
    };
  } finally {
    core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
