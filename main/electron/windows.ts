import { BrowserWindow, screen } from 'electron';
import { APP_ENTRY_URL } from '../app-origin';
import { MIN_SIZE, placeWindow, readWindowState, writeWindowState } from '../window-bounds';

export interface MainWindowOptions {
  /** The bundled preload (out/preload/preload.cjs). */
  preload: string;
  /** Where the window's size and position are remembered (the app's user-data folder). */
  stateDir: string;
}

/**
 * Creates the app's window: the only place a BrowserWindow is made, so every window
 * gets the same locked-down web preferences. It opens where it was last closed (moved
 * back onto a screen if that one is gone) and shows once painted, without a white flash.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const saved = readWindowState(options.stateDir);
  const primary = screen.getPrimaryDisplay();
  const others = screen.getAllDisplays().filter((display) => display.id !== primary.id);
  const workAreas = [primary, ...others].map((display) => display.workArea);
  const bounds = placeWindow(saved?.bounds ?? null, workAreas);
  const window = new BrowserWindow({
    ...bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Fieldline',
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: options.preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: true,
    },
  });
  if (saved?.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  window.on('close', () => {
    try {
      writeWindowState(options.stateDir, { bounds: window.getNormalBounds(), maximized: window.isMaximized() });
    } catch {
      // A read-only profile folder only costs the remembered position.
    }
  });
  window.loadURL(APP_ENTRY_URL).catch((error: unknown) => console.error('The window could not load the app', error));
  return window;
}

/** Brings the window to the front (a second launch of the app lands here). */
export function focusWindow(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
