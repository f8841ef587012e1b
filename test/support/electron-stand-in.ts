// Stands in for the `electron` package under vitest: importing the real one tries to
// locate (and download) the Electron binary. Tests that need real Electron live in
// `npm run test:electron`.
export const app = {
  getPath: (name: string) => `/tmp/fieldline-stand-in/${name}`,
  isPackaged: false,
};

/** What the stand-in saw, for tests to inspect; `resetElectronStandIn()` clears it. */
export const recorded = {
  /** `contextBridge.exposeInMainWorld(key, api)` calls, by key. */
  exposed: new Map<string, unknown>(),
  /** `ipcRenderer.invoke` calls. */
  invoked: [] as { channel: string; args: unknown[] }[],
  /** `ipcRenderer.on` listeners, by channel. */
  rendererListeners: new Map<string, Set<(...args: unknown[]) => void>>(),
  /** `ipcMain.handle` handlers, by channel. */
  mainHandlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
  /** URLs given to `shell.openExternal`. */
  openedExternally: [] as string[],
};

export function resetElectronStandIn(): void {
  recorded.exposed.clear();
  recorded.invoked.length = 0;
  recorded.rendererListeners.clear();
  recorded.mainHandlers.clear();
  recorded.openedExternally.length = 0;
}

/** What `ipcRenderer.invoke` resolves to (a test may replace it). */
export let rendererInvokeAnswer: (channel: string, args: unknown[]) => unknown = () => ({ ok: true, value: null });
export function answerRendererInvoke(answer: (channel: string, args: unknown[]) => unknown): void {
  rendererInvokeAnswer = answer;
}

/** Delivers a main → renderer message the way Electron does: event object first. */
export function sendToRenderer(channel: string, payload: unknown): void {
  const event = { sender: ipcRenderer, senderId: 0, ports: [] };
  for (const listener of [...(recorded.rendererListeners.get(channel) ?? [])]) listener(event, payload);
}

export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    if (recorded.exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
    recorded.exposed.set(key, api);
  },
};

export const ipcRenderer = {
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    recorded.invoked.push({ channel, args });
    return Promise.resolve(rendererInvokeAnswer(channel, args));
  },
  on(channel: string, listener: (...args: unknown[]) => void) {
    let listeners = recorded.rendererListeners.get(channel);
    if (!listeners) recorded.rendererListeners.set(channel, (listeners = new Set()));
    listeners.add(listener);
    return ipcRenderer;
  },
  removeListener(channel: string, listener: (...args: unknown[]) => void) {
    recorded.rendererListeners.get(channel)?.delete(listener);
    return ipcRenderer;
  },
};

export const ipcMain = {
  handle(channel: string, handler: (event: unknown, ...args: unknown[]) => unknown): void {
    if (recorded.mainHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    recorded.mainHandlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    recorded.mainHandlers.delete(channel);
  },
};

export const shell = {
  openExternal(url: string): Promise<void> {
    recorded.openedExternally.push(url);
    return Promise.resolve();
  },
};

/** No keychain by default: tests that need one pass their own to the secret store. */
export const safeStorage = {
  isEncryptionAvailable: () => false,
  getSelectedStorageBackend: () => 'unknown',
  encryptString: (): Buffer => {
    throw new Error('Encryption is not available.');
  },
  decryptString: (): string => {
    throw new Error('Encryption is not available.');
  },
};

export const net = { isOnline: () => true };
export const powerMonitor = { on: () => powerMonitor, off: () => powerMonitor };

export const Menu = {
  buildFromTemplate: (template: unknown[]) => ({ items: template }),
  setApplicationMenu: () => {},
};

export default { app, contextBridge, ipcRenderer, ipcMain, shell, safeStorage, net, powerMonitor, Menu };

/** What `dialog` answers and what it was asked (reminders, logging and updates use it). */
export const dialogStandIn = {
  /** The button index `showMessageBox` resolves with. */
  response: 0,
  messageBoxes: [] as { message?: string; buttons?: string[] }[],
};
export const dialog = {
  showMessageBox(...args: unknown[]): Promise<{ response: number; checkboxChecked: boolean }> {
    dialogStandIn.messageBoxes.push(args.at(-1) as { message?: string; buttons?: string[] });
    return Promise.resolve({ response: dialogStandIn.response, checkboxChecked: false });
  },
  showErrorBox: () => {},
};

/** An OS notification that records itself when shown; a test clicks it with `emit('click')`. */
export class Notification {
  static supported = true;
  static shown: Notification[] = [];
  static isSupported = () => Notification.supported;
  private readonly listeners = new Map<string, (() => void)[]>();
  constructor(readonly options: { title?: string; body?: string }) {}
  on(event: string, listener: () => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: string): void {
    for (const listener of this.listeners.get(event) ?? []) listener();
  }
  show(): void {
    Notification.shown.push(this);
  }
}
