import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { openCore, type Core, type CoreOptions } from '../../main/core';

const made: string[] = [];
const opened: Core[] = [];

afterEach(() => {
  for (const core of opened.splice(0)) {
    try {
      core.close();
    } catch {
      // already closed by the test
    }
  }
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder removed after the test. */
export function tempDir(prefix = 'fieldline-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A clock that moves forward 1 ms on every reading, so ordering is deterministic. */
export function steppingClock(start = Date.parse('2026-03-01T09:00:00.000Z'), stepMs = 1) {
  let t = start;
  const now = () => new Date((t += stepMs));
  return Object.assign(now, { set: (ms: number) => void (t = ms) });
}

/** A core on a real SQLite file in a temp folder, closed after the test. */
export function tempCore(options: Partial<CoreOptions> = {}): Core {
  const core = openCore({ dataDir: tempDir(), now: steppingClock(), ...options });
  opened.push(core);
  return core;
}

/** Every row of every table, as one string: equal fingerprints mean nothing changed. */
export function fingerprint(core: Core): string {
  const db = core.store.connection;
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'leads_fts%' ORDER BY name`)
    .all() as { name: string }[];
  const parts = tables.map(({ name }) => {
    const rows = (db.prepare(`SELECT * FROM "${name}"`).all() as unknown[]).map((row) => JSON.stringify(row)).sort();
    return `${name}:${rows.join('\n')}`;
  });
  // The contentless search index has no readable rows; count its entries instead.
  parts.push(`fts:${JSON.stringify(db.prepare(`SELECT count(*) AS n FROM leads_fts`).get())}`);
  return parts.join('\n');
}

/** The fingerprint of the database in a data folder no test keeps open (the CLI's folders). */
export function folderFingerprint(dataDir: string): string {
  const core = openCore({ dataDir });
  try {
    return fingerprint(core);
  } finally {
    core.close();
  }
}
