/**
 * The desktop app's entry (bundled to out/main/main.cjs). A thin shell: one window
 * serving the renderer from app://, the core in its worker thread, IPC bound to the
 * contract, and the OS pieces (network signal, keychain, menu, log, notifications,
 * updates). Everything with rules in it lives in plain modules that tests exercise
 * without Electron.
 */
import path from 'node:path';
import { app, BrowserWindow, dialog, session } from 'electron';
import { bundledCoreWorker, startCoreHost, type CoreHost } from '../core-host/core-host';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { electronOpenDialog, shellHandlers } from './import-dialog';
import { forwardCoreEvents, registerContractIpc, sendToApp } from './ipc';
import { exportDiagnostics, logFailure, logSyncActivity, setUpLogging } from './logging';
import { installAppMenu } from './menu';
import { createOnlineMonitor, electronNetwork } from './online-monitor';
import { openLeadInWindow, showFollowUpNotification } from './reminders';
import { safeStorageSecretStore } from './safe-storage-secrets';
import { denyPagePermissions, hardenWebContents } from './security';
import { startAutoUpdates } from './updates';
import { createMainWindow, focusWindow } from './windows';

// Both must happen before `ready`.
app.enableSandbox();
registerAppScheme();

// One running copy per OS user: two would fight over the same databases. A second
// launch just brings the first one's window forward.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  start().catch((error: unknown) => {
    logFailure('the app could not start', error);
    dialog.showErrorBox('Fieldline could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
}

async function start(): Promise<void> {
  // Every web contents, including any the app did not mean to create, gets the same locks.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  let mainWindow: BrowserWindow | null = null;
  app.on('second-instance', () => {
    if (mainWindow) focusWindow(mainWindow);
  });
  setUpLogging();

  await app.whenReady();
  const appDir = app.getAppPath();
  // Each user's data folder (database, encrypted token) lives under here.
  const userData = app.getPath('userData');
  denyPagePermissions(session.defaultSession);
  serveRenderer(path.join(appDir, 'out', 'renderer'));

  const network = createOnlineMonitor(electronNetwork);
  let core: CoreHost;
  try {
    core = await startCoreHost({
      dataRoot: userData,
      workerUrl: bundledCoreWorker(path.join(appDir, 'out', 'main')),
      online: network.isOnline(),
      secrets: safeStorageSecretStore(),
      log: logFailure,
    });
  } catch (error) {
    network.stop();
    throw error;
  }
  const stopNetwork = network.onChange((online) => core.setOnline(online));
  const showOpenDialog = electronOpenDialog(() => BrowserWindow.getFocusedWindow() ?? mainWindow);
  const chosenFiles = new Set<string>();
  const stopIpc = registerContractIpc(core, shellHandlers({ showOpenDialog, backend: core, chosenFiles }), logFailure, chosenFiles);
  const appContents = () => BrowserWindow.getAllWindows().map((window) => window.webContents);
  const stopEvents = forwardCoreEvents(core, appContents);
  const stopSyncLog = logSyncActivity(core);

  const openWindow = (): BrowserWindow => {
    const window = createMainWindow({ preload: path.join(appDir, 'out', 'preload', 'preload.cjs'), stateDir: userData });
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
    });
    mainWindow = window;
    return window;
  };

  installAppMenu({
    command: (command) => {
      const target = BrowserWindow.getFocusedWindow() ?? mainWindow;
      if (target) sendToApp([target.webContents], 'menu', { command });
    },
    exportDiagnostics: () => {
      exportDiagnostics(BrowserWindow.getFocusedWindow() ?? mainWindow).catch((error: unknown) => logFailure('diagnostics export failed', error));
    },
  });
  const stopReminders = core.on('followUpDue', (due) => {
    showFollowUpNotification(due, { openLead: (leadId) => openLeadInWindow(mainWindow ?? openWindow(), leadId) });
  });
  const updates = startAutoUpdates({ core, window: () => mainWindow });

  openWindow();
  // macOS keeps the app running with no window; clicking the dock icon opens one again.
  app.on('activate', () => {
    if (!mainWindow) openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Quit waits for the core to close its databases (it ends a stuck one after 10 s).
  let coreClosed = false;
  app.on('will-quit', (event) => {
    if (coreClosed) return;
    event.preventDefault();
    stopNetwork();
    network.stop();
    updates?.stop();
    stopReminders();
    stopSyncLog();
    stopEvents();
    stopIpc();
    void core
      .close()
      .catch((error: unknown) => logFailure('the core did not close cleanly', error))
      .finally(() => {
        coreClosed = true;
        app.quit();
      });
  });
}
