import fs from 'node:fs';
import path from 'node:path';
import nodeLog from 'electron-log/node';
import { describe, expect, it } from 'vitest';
import { configureLog, LOG_MAX_BYTES } from '../../main/electron/logging';
import { followSyncActivity, type SyncStatusSource } from '../../main/logging/sync-activity';
import type { SyncStatus } from '../../shared/sync-status';
import { tempDir } from '../support/temp';

describe('the app log file', () => {
  it('is written without the names, phones, emails or tokens in what was logged', () => {
    const folder = tempDir();
    // The shell's logger is electron-log's main one; under tests its Node twin behaves the same.
    const logger = nodeLog.create({ logId: 'app-log-test' });
    logger.transports.console.level = false;
    configureLog(logger, folder);
    const lead = { id: '0190c8a2-7b3c-7d4e-8f5a-123456789012', name: 'Mona Adel', phones: [{ raw: '0101 234 5678', e164: '+201012345678' }], stage: 'new' };
    logger.info('saved lead', lead);
    logger.warn('sync refused for mona.adel+crm@example.com with Bearer fl_SecretToken123');
    logger.error(new Error('could not call ٠١٠١٢٣٤٥٦٧٨'));

    const files = fs.readdirSync(folder);
    expect(files).toHaveLength(1);
    const written = fs.readFileSync(path.join(folder, files[0]!), 'utf8');
    for (const secret of ['Mona Adel', '0101 234 5678', '+201012345678', 'mona.adel', 'fl_SecretToken123', '٠١٠١٢٣٤٥٦٧٨']) {
      expect(written).not.toContain(secret);
    }
    expect(written).toContain('saved lead');
    expect(written).toContain('0190c8a2-7b3c-7d4e-8f5a-123456789012');
    expect(written).toContain('could not call [phone]');
    expect(logger.transports.file.maxSize).toBe(LOG_MAX_BYTES);
  });
});

describe('following sync activity', () => {
  it('writes a line per state change and remembers the latest status for diagnostics', () => {
    let listener: ((status: SyncStatus) => void) | null = null;
    const source: SyncStatusSource = {
      on: (_event, l) => {
        listener = l;
        return () => (listener = null);
      },
    };
    const lines: string[] = [];
    const activity = followSyncActivity(source, (line) => lines.push(line.message));
    const base: SyncStatus = { state: 'online', pendingOps: 0, oldestPendingAgeMs: null, parkedOps: 0, unresolvedConflicts: 0, lastSuccessAt: null, lastError: null, nextRetryAt: null, progress: null, serverUrl: null };
    listener!(base);
    listener!({ ...base, state: 'syncing', pendingOps: 4 });
    listener!({ ...base, state: 'syncing', pendingOps: 4, progress: { pulled: 100, phase: 'pull' } });
    expect(lines).toEqual(['sync start -> online (pending 0, parked 0, conflicts 0)', 'sync online -> syncing (pending 4, parked 0, conflicts 0)']);
    expect(activity.latest()?.progress).toEqual({ pulled: 100, phase: 'pull' });
    activity.stop();
    expect(listener).toBeNull();
  });
});
