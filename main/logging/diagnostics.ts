import fs from 'node:fs';
import path from 'node:path';
import type { SyncStatus } from '../../shared/sync-status';
import { redact, redactText } from './redact';

export interface DiagnosticsInput {
  /** Log files to include (the current and the archived one); missing ones are noted. */
  logFiles: readonly string[];
  appVersion: string;
  syncStatus: SyncStatus | null;
  /** OS name and release, architecture, Electron and Node versions. */
  platform: Record<string, string | undefined>;
  now?: Date;
  /** Only the end of each log is kept: the recent past is what support needs. */
  maxBytesPerLog?: number;
}

export interface DiagnosticsBundle {
  kind: 'fieldline-diagnostics';
  createdAt: string;
  appVersion: string;
  platform: Record<string, string | undefined>;
  syncStatus: unknown;
  /** File names only: the folder would show the user's account name. */
  logs: { file: string; lines: string[]; truncated: boolean; missing?: true }[];
}

const DEFAULT_MAX_BYTES_PER_LOG = 2 * 1024 * 1024;

/**
 * What Help > Export diagnostics saves for support: app version, OS, sync status and
 * the end of the logs, all passed through `redact` once more (the logs were redacted
 * when written; older lines or lines from elsewhere may not have been).
 */
export function buildDiagnosticsBundle(input: DiagnosticsInput): DiagnosticsBundle {
  const maxBytes = input.maxBytesPerLog ?? DEFAULT_MAX_BYTES_PER_LOG;
  return {
    kind: 'fieldline-diagnostics',
    createdAt: (input.now ?? new Date()).toISOString(),
    appVersion: redactText(input.appVersion),
    platform: redact(input.platform) as Record<string, string | undefined>,
    syncStatus: redact(input.syncStatus),
    logs: input.logFiles.map((file) => {
      const name = path.basename(file);
      const tail = readTail(file, maxBytes);
      if (!tail) return { file: name, lines: [], truncated: false, missing: true };
      return { file: name, lines: tail.text.split(/\r?\n/).filter(Boolean).map(redactText), truncated: tail.truncated };
    }),
  };
}

/** Writes the bundle as one JSON file readable only by this user. */
export function writeDiagnosticsBundle(file: string, input: DiagnosticsInput): void {
  fs.writeFileSync(file, JSON.stringify(buildDiagnosticsBundle(input), null, 2), { mode: 0o600 });
}

function readTail(file: string, maxBytes: number): { text: string; truncated: boolean } | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const size = fs.fstatSync(fd).size;
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    fs.readSync(fd, buffer, 0, length, size - length);
    let text = buffer.toString('utf8');
    const truncated = size > length;
    // A cut file starts mid-line: drop that partial line.
    if (truncated) text = text.slice(text.indexOf('\n') + 1);
    return { text, truncated };
  } finally {
    fs.closeSync(fd);
  }
}
