import { app, dialog, type BrowserWindow, type MessageBoxOptions } from 'electron';
import log from 'electron-log/main';
import electronUpdater, { type AppUpdater, type UpdateDownloadedEvent } from 'electron-updater';
import type { SyncStatusSource } from '../logging/sync-activity';
import { UpdateGate } from '../updates/update-gate';

/** How often a running app looks for a new version (it also looks at start). */
export const CHECK_EVERY_MS = 4 * 60 * 60 * 1000;
/** Overrides the update feed of the build's `app-update.yml` (a test or staging server). */
export const UPDATE_URL_ENV = 'FIELDLINE_UPDATE_URL';

export type Updater = Pick<AppUpdater, 'autoDownload' | 'autoInstallOnAppQuit' | 'logger' | 'setFeedURL' | 'checkForUpdates' | 'quitAndInstall'> & {
  on(event: 'update-downloaded', listener: (info: UpdateDownloadedEvent) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  off(event: 'update-downloaded' | 'error', listener: (...args: never[]) => void): unknown;
};

export interface AutoUpdateOptions {
  /** The core host: its `syncStatus` events decide when a restart is safe. */
  core: SyncStatusSource;
  /** The window the "Restart to update" question belongs to, if one is open. */
  window: () => BrowserWindow | null;
  /** The generic-provider feed; defaults to $FIELDLINE_UPDATE_URL, else the build's app-update.yml. */
  feedUrl?: string | null;
  /** electron-updater's `autoUpdater` unless a test passes its own. */
  updater?: Updater;
  log?: Pick<typeof log, 'info' | 'warn' | 'error'>;
}

export interface AutoUpdates {
  checkNow(): void;
  stop(): void;
}

/**
 * Keeps the app up to date: checks at start and every 4 hours, downloads in the
 * background, then asks "Restart to update". Restarting waits for a running sync to
 * finish (`UpdateGate`); declined, the update installs when the app next quits.
 * Returns null in a development run without a feed (there is no app-update.yml).
 */
export function startAutoUpdates(options: AutoUpdateOptions): AutoUpdates | null {
  const logger = options.log ?? log;
  const feedUrl = options.feedUrl === undefined ? (process.env[UPDATE_URL_ENV] ?? null) : options.feedUrl;
  if (!app.isPackaged && !feedUrl) return null;
  const updater = options.updater ?? electronUpdater.autoUpdater;
  updater.logger = logger;
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  if (feedUrl) updater.setFeedURL({ provider: 'generic', url: feedUrl });

  const checkNow = () => {
    updater.checkForUpdates().catch((error: unknown) => logger.warn('update check failed', error));
  };
  const gate = new UpdateGate({
    install: () => updater.quitAndInstall(false, true),
    checkNow,
  });
  const stopStatus = options.core.on('syncStatus', (status) => gate.syncStatusChanged(status));

  let offered: string | null = null;
  const onDownloaded = (info: UpdateDownloadedEvent) => {
    // Each version is offered once a run; declined, it installs at quit.
    if (offered === info.version) return;
    offered = info.version;
    void askToRestart(info.version, options.window()).then((restart) => {
      if (!restart) return;
      if (gate.requestInstall() === 'after-sync') logger.info('update: restarting once the running sync ends');
    });
  };
  // Without an error listener the updater's 'error' event would throw.
  const onError = (error: Error) => logger.warn('update failed', error);
  updater.on('update-downloaded', onDownloaded);
  updater.on('error', onError);

  checkNow();
  const timer = setInterval(checkNow, CHECK_EVERY_MS);
  timer.unref?.();
  return {
    checkNow,
    stop: () => {
      clearInterval(timer);
      stopStatus();
      updater.off('update-downloaded', onDownloaded);
      updater.off('error', onError);
    },
  };
}

async function askToRestart(version: string, window: BrowserWindow | null): Promise<boolean> {
  const options: MessageBoxOptions = {
    type: 'info',
    buttons: ['Restart to update', 'Later'],
    defaultId: 0,
    cancelId: 1,
    message: `Fieldline ${version} is ready`,
    detail: 'Restart now to use it, or it installs the next time you quit. If changes are being sent to the server, Fieldline restarts as soon as that is done.',
  };
  const { response } = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
  return response === 0;
}
