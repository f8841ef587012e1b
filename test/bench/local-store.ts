import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCore, type Core } from '../../main/core';
import { generateLeads, random, searchPrefixes } from '../../main/dev/sample-leads';
import { percentile, round, timeMs } from './stats';

export interface BenchOptions {
  quick: boolean;
}

const CHUNK = 10_000;

function insertAll(core: Core, count: number, seed: number): void {
  for (let done = 0; done < count; done += CHUNK) {
    core.leads.createMany(generateLeads(Math.min(CHUNK, count - done), seed + done));
  }
}

/** One run of the local-store figures on a fresh database of `size` leads. */
export function localStoreRun({ quick }: BenchOptions, run: number): Record<string, number> {
  const size = quick ? 5_000 : 100_000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldline-bench-'));
  const core = openCore({ dataDir: dir });
  try {
    insertAll(core, size, 1_000 * run);
    // As after a sync: the creates have left the outbox, edits queue fresh ops.
    core.store.run(core.store.q.deleteFrom('outbox'));
    const rng = random(run + 11);
    const ids = core.store.all(core.store.q.selectFrom('leads').select('id')).map((r) => r.id);

    const writes = Array.from({ length: quick ? 300 : 3_000 }, (_, i) =>
      timeMs(() => core.leads.update(ids[rng.int(ids.length)]!, { notes: `follow-up note ${i} ${rng.next()}` })),
    );

    const cursors: string[] = [];
    let cursor: string | undefined;
    do {
      const page = core.leads.list({ stage: 'new', sort: 'updated', limit: 50, cursor });
      if (page.nextCursor) cursors.push(page.nextCursor);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && cursors.length < 1_000);
    const pages = Array.from({ length: quick ? 100 : 1_000 }, () => {
      const at = cursors[rng.int(cursors.length)];
      return timeMs(() => core.leads.list({ stage: 'new', sort: 'updated', limit: 50, cursor: at }));
    });

    const searches = searchPrefixes(quick ? 60 : 400, run + 5).map((prefix) =>
      timeMs(() => core.leads.list({ search: prefix, sort: 'updated', limit: 50 })),
    );

    const counts = Array.from({ length: 30 }, () => timeMs(() => core.leads.countByStage({})));

    const more = quick ? 5_000 : 100_000;
    // Made before the clock starts: the figure is the store's insert rate, not the generator's.
    const drafts = Array.from({ length: Math.ceil(more / CHUNK) }, (_, i) => generateLeads(Math.min(CHUNK, more - i * CHUNK), 7_000_000 + run + i * CHUNK));
    const insertMs = timeMs(() => drafts.forEach((chunk) => core.leads.createMany(chunk)));
    const searchable = core.leads.list({ search: 'ahm', sort: 'updated', limit: 1 }).items.length;
    if (!searchable) throw new Error('bulk-inserted leads are not searchable');

    return {
      write_p95_ms: round(percentile(writes, 95)),
      write_p99_ms: round(percentile(writes, 99)),
      list_page_p95_ms: round(percentile(pages, 95)),
      search_p95_ms: round(percentile(searches, 95)),
      stage_counts_ms: round(percentile(counts, 50)),
      insert_rows_per_s: Math.round(more / (insertMs / 1000)),
    };
  } finally {
    core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
