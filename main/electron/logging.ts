import os from 'node:os';
import path from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import log from 'electron-log/main';
import type { LogMessage, NodeLogger } from 'electron-log';
import type { SyncStatus } from '../../shared/sync-status';
import type { Logger } from '../dispatch';
import { writeDiagnosticsBundle } from '../logging/diagnostics';
import { redact } from '../logging/redact';
import { followSyncActivity, type SyncStatusSource } from '../logging/sync-activity';

/** A log file grows to this, then becomes `main.old.log` (one archive) and starts again. */
export const LOG_MAX_BYTES = 5 * 1024 * 1024;

/** Every message, from main or renderer, passes here before any transport writes it. */
export function redactMessage(message: LogMessage): LogMessage {
  return { ...message, data: message.data.map((item: unknown) => redact(item)) };
}

/**
 * The app's log: main process and renderer consoles into one rotating file in the OS's
 * log folder, redacted before it is written; uncaught errors logged, not shown. The
 * renderer's console is read from outside the page (`spyRendererConsole`) rather than
 * through electron-log's own preload, so `window.crm` stays the page's only bridge.
 * Call once at start.
 */
export function setUpLogging(): void {
  log.initialize({ preload: false, spyRendererConsole: true });
  configureLog(log, app.getPath('logs'));
  log.errorHandler.startCatching({ showDialog: false });
}

/** The file transport's size, place and redaction (separate so tests can use a Node logger). */
export function configureLog(logger: NodeLogger, folder: string): void {
  const file = logger.transports.file;
  file.maxSize = LOG_MAX_BYTES;
  file.resolvePathFn = (variables) => path.join(folder, variables.fileName ?? 'main.log');
  logger.hooks.push(redactMessage);
}

/** Failures inside the core host and the shell, for `startCoreHost({ log })`. */
export const logFailure: Logger = (message, error) => log.error(message, error);

let syncActivity: ReturnType<typeof followSyncActivity> | null = null;

/**
 * Logs sync state changes, counts and errors from the core host (never a lead or a
 * person) and keeps the latest status for diagnostics. Returns the function that stops.
 */
export function logSyncActivity(core: SyncStatusSource): () => void {
  syncActivity?.stop();
  const activity = followSyncActivity(core, (line) => log[line.level](line.message));
  syncActivity = activity;
  return () => {
    activity.stop();
    if (syncActivity === activity) syncActivity = null;
  };
}

/**
 * Help > Export diagnostics: asks where to save, then writes one redacted JSON file
 * with the logs, app version, OS and sync status. Resolves to the saved path, or null
 * when the user cancelled.
 */
export async function exportDiagnostics(window: BrowserWindow | null, syncStatus: SyncStatus | null = syncActivity?.latest() ?? null): Promise<string | null> {
  const day = new Date().toISOString().slice(0, 10);
  const options = {
    title: 'Export diagnostics',
    defaultPath: path.join(app.getPath('downloads'), `fieldline-diagnostics-${day}.json`),
    filters: [{ name: 'Diagnostics', extensions: ['json'] }],
  };
  const { canceled, filePath } = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  if (canceled || !filePath) return null;
  const current = log.transports.file.getFile().path;
  writeDiagnosticsBundle(filePath, {
    logFiles: [current.replace(/\.log$/, '.old.log'), current],
    appVersion: app.getVersion(),
    syncStatus,
    platform: { os: process.platform, release: os.release(), arch: process.arch, electron: process.versions.electron, node: process.versions.node },
  });
  log.info('diagnostics exported');
  return filePath;
}
