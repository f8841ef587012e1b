/**
 * Sync engine figures, end to end over real HTTP against a `serve` child process on a
 * SQLite file (so this process's memory is the client's alone):
 *   drain_ops_per_s          100,000 queued lead creates pushed by the engine
 *   initial_sync_s           a fresh client pulls those 100,000 leads until searchable
 *   sync_client_peak_rss_mb  peak memory of the client process doing that first sync
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCore } from '../../main/core';
import { SyncEngine } from '../../main/sync/sync-engine';
import { httpTransport } from '../../main/sync/transport';
import { openStore } from '../../server/db/open-store';
import { addUser } from '../../server/users';
import type { BenchOptions } from './local-store';
import { generateLeads } from '../../main/dev/sample-leads';
import { serve } from './server';
import { round } from './stats';

const root = path.resolve(import.meta.dirname, '../..');

export interface BenchOffice {
  /** A temporary folder for client data folders; removed by `close`. */
  dir: string;
  serverUrl: string;
  user: { id: string; token: string };
  /** How long the engine took to push the leads. */
  drainMs: number;
  close(): Promise<void>;
}

/**
 * A sync server (a `serve` child process on a SQLite file) holding `count` leads that an
 * agent back from a long day offline pushed through the sync engine.
 */
export async function benchOffice(count: number, run: number): Promise<BenchOffice> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldline-bench-sync-'));
  const db = path.join(dir, 'server.db');
  const setup = await openStore({ sqliteFile: db });
  const user = await addUser(setup, { name: 'Bench', role: 'agent', branches: ['cairo'] }, () => new Date());
  await setup.close();
  const server = await serve(db);
  const close = async () => {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const writer = openCore({ dataDir: path.join(dir, 'writer') });
    for (let done = 0; done < count; done += 10_000) writer.leads.createMany(generateLeads(Math.min(10_000, count - done), run * 1_000_000 + done));
    writer.sync.bind(server.url, user.id);
    // The drain ends when the engine turns to pulling (it pulls its own leads back then).
    const transport = httpTransport({ serverUrl: server.url, token: user.token });
    let drainEnd = 0;
    const timed = { ...transport, pull: (cursor: string | null, limit: number) => ((drainEnd ||= performance.now()), transport.pull(cursor, limit)) };
    const drainStart = performance.now();
    const drained = await new SyncEngine({ core: writer, transport: timed, batchSize: 2_000 }).syncOnce();
    if (drained.pushed !== count || drained.remaining !== 0) throw new Error(`drain pushed ${drained.pushed} of ${count}`);
    writer.close();
    return { dir, serverUrl: server.url, user, drainMs: drainEnd - drainStart, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export async function syncRun({ quick }: BenchOptions, run: number): Promise<Record<string, number>> {
  const count = quick ? 5_000 : 100_000;
  const office = await benchOffice(count, run);
  try {
    // A colleague installs Fieldline: the first sync brings the whole branch, in a fresh
    // process so that its peak memory is the client's alone.
    const child = spawnSync(
      process.execPath,
      [path.join(root, 'main/cli/launch.mjs'), 'test/bench/initial-sync-child.ts', path.join(office.dir, 'reader'), office.serverUrl, office.user.token, office.user.id],
      { cwd: root, encoding: 'utf8' },
    );
    if (child.status !== 0) throw new Error(`initial sync failed: ${child.stderr}`);
    const first = JSON.parse(child.stdout) as { seconds: number; leads: number; searchable: boolean; maxRssMb: number };
    if (first.leads !== count || !first.searchable) throw new Error(`initial sync holds ${first.leads} of ${count} leads`);
    return {
      drain_ops_per_s: Math.round(count / (office.drainMs / 1000)),
      initial_sync_s: round(first.seconds, 2),
      sync_client_peak_rss_mb: Math.round(first.maxRssMb),
    };
  } finally {
    await office.close();
  }
}
