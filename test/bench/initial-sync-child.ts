/**
 * A fresh client's first sync in its own process, so its peak memory is the client's
 * alone: node main/cli/launch.mjs test/bench/initial-sync-child.ts DIR URL TOKEN USER_ID
 * Prints {"seconds", "leads", "maxRssMb"}.
 */
import { openCore } from '../../main/core';
import { SyncEngine } from '../../main/sync/sync-engine';
import { httpTransport } from '../../main/sync/transport';

export async function main(argv: string[]): Promise<number> {
  const [dataDir, serverUrl, token, userId] = argv as [string, string, string, string];
  const core = openCore({ dataDir });
  core.sync.bind(serverUrl, userId);
  const started = performance.now();
  // The page size the app uses: larger pages were faster but held 50 MB more at the peak.
  await new SyncEngine({ core, transport: httpTransport({ serverUrl, token }) }).syncOnce();
  // "Until searchable": a search answers from the new rows.
  const searchable = core.leads.list({ search: 'ahm', sort: 'updated', limit: 1 }).items.length > 0;
  const seconds = (performance.now() - started) / 1000;
  const leads = core.status().leads;
  core.close();
  process.stdout.write(JSON.stringify({ seconds, leads, searchable, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
  return 0;
}
