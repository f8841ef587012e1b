import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDiagnosticsBundle, writeDiagnosticsBundle } from '../../main/logging/diagnostics';
import { describeSyncChange } from '../../main/logging/sync-activity';
import type { SyncStatus } from '../../shared/sync-status';
import { tempDir } from '../support/temp';

const status = (extra: Partial<SyncStatus> = {}): SyncStatus => ({
  state: 'online',
  pendingOps: 0,
  oldestPendingAgeMs: null,
  parkedOps: 0,
  unresolvedConflicts: 0,
  lastSuccessAt: null,
  lastError: null,
  nextRetryAt: null,
  progress: null,
  serverUrl: 'https://crm.example.com',
  ...extra,
});

/** Personal data planted in old log lines, as an older build or a renderer console might have written them. */
const PLANTED = ['01012345678', '٠١٠١٢٣٤٥٦٧٨', '+20 10 1234 5678', 'mona.adel+crm@example.com', 'fl_SecretToken123', 'Mona Adel', 'hany'];

describe('Help > Export diagnostics', () => {
  it('bundles version, OS, sync status and the logs, with the personal data planted in them gone', () => {
    const dir = path.join(tempDir(), 'hany', 'logs');
    fs.mkdirSync(dir, { recursive: true });
    const log = path.join(dir, 'main.log');
    fs.writeFileSync(
      log,
      [
        '[2026-03-01 09:00:00.000] [info]  sync online -> syncing (pending 2, parked 0, conflicts 0)',
        `[2026-03-01 09:00:01.000] [warn]  push refused for lead 0190c8a2-7b3c-7d4e-8f5a-123456789012: { name: 'Mona Adel', phones: [ '01012345678' ] }`,
        '[2026-03-01 09:00:02.000] [info]  renderer: calling ٠١٠١٢٣٤٥٦٧٨ / +20 10 1234 5678, mail mona.adel+crm@example.com',
        '[2026-03-01 09:00:03.000] [error] GET /v1/me Authorization: Bearer fl_SecretToken123 at (/home/hany/app/main.js:1:1)',
      ].join('\n'),
    );
    const bundle = buildDiagnosticsBundle({
      logFiles: [log, path.join(dir, 'main.old.log')],
      appVersion: '0.1.0',
      syncStatus: status({ state: 'error', lastError: 'Lead 01012345678 was refused', pendingOps: 2 }),
      platform: { os: 'linux', release: '6.1.0', arch: 'x64' },
      now: new Date('2026-03-01T10:00:00Z'),
    });
    const text = JSON.stringify(bundle);
    for (const secret of PLANTED) expect(text).not.toContain(secret);
    expect(bundle).toMatchObject({
      kind: 'fieldline-diagnostics',
      createdAt: '2026-03-01T10:00:00.000Z',
      appVersion: '0.1.0',
      platform: { os: 'linux', release: '6.1.0', arch: 'x64' },
      syncStatus: { state: 'error', pendingOps: 2, lastError: 'Lead [phone] was refused', serverUrl: 'https://crm.example.com' },
    });
    expect(bundle.logs.map((l) => [l.file, l.lines.length, l.missing ?? false])).toEqual([
      ['main.log', 4, false],
      ['main.old.log', 0, true],
    ]);
    // What support needs is still there.
    expect(bundle.logs[0]!.lines[1]).toContain('lead 0190c8a2-7b3c-7d4e-8f5a-123456789012');
    expect(bundle.logs[0]!.lines[0]).toContain('sync online -> syncing');
  });

  it('keeps only the end of a long log, starting on a whole line, and writes a file only this user reads', () => {
    const dir = tempDir();
    const log = path.join(dir, 'main.log');
    fs.writeFileSync(log, Array.from({ length: 1000 }, (_, i) => `line ${i} call 0101234${String(i).padStart(4, '0')}`).join('\n'));
    const out = path.join(dir, 'diagnostics.json');
    writeDiagnosticsBundle(out, { logFiles: [log], appVersion: '0.1.0', syncStatus: null, platform: {}, maxBytesPerLog: 1000 });
    const saved = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(saved.logs[0].truncated).toBe(true);
    expect(saved.logs[0].lines.at(-1)).toBe('line 999 call [phone]');
    expect(saved.logs[0].lines[0]).toMatch(/^line \d+ call \[phone\]$/);
    if (process.platform !== 'win32') expect(fs.statSync(out).mode & 0o077).toBe(0);
  });
});

describe('sync activity in the log', () => {
  it('logs state changes and errors with counts, not progress ticks, and no personal data', () => {
    const lines = [
      describeSyncChange(null, status()),
      describeSyncChange(status(), status({ state: 'syncing', pendingOps: 3, progress: { pulled: 10, phase: 'pull' } })),
      describeSyncChange(status({ state: 'syncing', progress: { pulled: 10, phase: 'pull' } }), status({ state: 'syncing', progress: { pulled: 500, phase: 'pull' } })),
      describeSyncChange(status({ state: 'syncing' }), status({ state: 'online', lastSuccessAt: '2026-03-01T09:00:05.000Z' })),
      describeSyncChange(status(), status({ state: 'offline', lastError: 'could not reach crm.example.com for mona@example.com', nextRetryAt: '2026-03-01T09:01:00.000Z' })),
      describeSyncChange(status(), status({ parkedOps: 2, pendingOps: 2 })),
    ];
    expect(lines).toEqual([
      { level: 'info', message: 'sync start -> online (pending 0, parked 0, conflicts 0)' },
      { level: 'info', message: 'sync online -> syncing (pending 3, parked 0, conflicts 0)' },
      null,
      { level: 'info', message: 'sync syncing -> online (pending 0, parked 0, conflicts 0, synced at 2026-03-01T09:00:05.000Z)' },
      { level: 'warn', message: 'sync offline: could not reach crm.example.com for [email] (pending 0, parked 0, conflicts 0, retry at 2026-03-01T09:01:00.000Z)' },
      { level: 'warn', message: 'sync: the server refused 2 change(s) (pending 2, parked 2, conflicts 0)' },
    ]);
  });
});
