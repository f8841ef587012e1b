import fs from 'node:fs';
import path from 'node:path';
import { BrowserHostProcess, SyncServerProcess, type SyncUser } from './processes';

/**
 * A branch office with 100,000 leads, built once per test worker: a real server holding
 * them and one computer's data folder that has synced them all. Tests copy the folder
 * (a fresh data folder each) and open it against the same running server.
 */
export interface BigOffice {
  server: SyncServerProcess;
  user: SyncUser;
  /** A synced data folder to copy. */
  dataFolder: string;
  leads: number;
}

export async function buildBigOffice(dir: string, leads: number): Promise<BigOffice> {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const server = new SyncServerProcess(path.join(dir, 'server.db'));
  await server.start();
  const user = await server.addUser('Mona Manager', 'manager', ['cairo']);
  const dataFolder = path.join(dir, 'computer');
  const host = new BrowserHostProcess(dataFolder, { server: server.url, token: user.token, seed: leads });
  await host.start();
  try {
    await waitUntilSynced(host.url, 180_000);
  } finally {
    await host.stop();
  }
  return { server, user, dataFolder, leads };
}

/** Polls the host's own sync status until nothing is left to send. */
export async function waitUntilSynced(hostUrl: string, timeoutMs: number): Promise<void> {
  const url = new URL(hostUrl);
  const key = url.searchParams.get('key')!;
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  while (Date.now() < deadline) {
    const response = await fetch(`${url.origin}/crm/sync.status`, { method: 'POST', body: '{}', headers: { 'x-fieldline-key': key } });
    const result = (await response.json()) as { ok: boolean; value: { pendingOps: number; lastSuccessAt: string | null; state: string } };
    last = result.value;
    if (result.ok && result.value.pendingOps === 0 && result.value.lastSuccessAt && result.value.state !== 'syncing') return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the seeded computer did not finish syncing: ${JSON.stringify(last)}`);
}
