import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { CHANNEL_NAMES, EVENT_NAMES, SHELL_CHANNELS, type ChannelName, type EventName, type ShellChannel } from '../../shared/contract';
import { fail, type Result } from '../../shared/result';
import { dispatch, type Logger } from '../dispatch';
import type { Handlers } from '../handlers';
import { eventChannel, ipcChannel } from '../../preload/channel-prefix';
import { isAppUrl, isTrustedSender, type SenderFrame } from '../app-origin';

/** What the IPC layer needs from the core host (the Workspace in its worker thread). */
export interface ContractBackend {
  invoke(channel: ChannelName, payload: unknown): Promise<Result<unknown>>;
  on(event: EventName, listener: (payload: unknown) => void): () => void;
}

/** The frame an IPC call came from, as far as it can still be known. */
export function senderFrameOf(event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>): SenderFrame | null {
  try {
    const frame = event.senderFrame;
    // Gone (the page navigated or closed) or swapped out of the tree: nobody to trust.
    if (!frame || frame.detached) return null;
    return { url: frame.url, isMainFrame: frame === event.sender.mainFrame && frame.parent === null };
  } catch {
    return null;
  }
}

const isShellChannel = (channel: ChannelName): channel is ShellChannel => (SHELL_CHANNELS as readonly string[]).includes(channel);

/**
 * Answers every contract channel over IPC: the sender must be the app's own top-level
 * page, then the core host validates the request and runs it, except the shell's own
 * channels (`shell`, validated and run here). A refused call runs nothing and gets a
 * `not_allowed` result, like any other failure. Returns the function that removes the
 * handlers.
 */
export function registerContractIpc(
  backend: ContractBackend,
  shell?: Handlers<ShellChannel>,
  log?: Logger,
  /** When given, the page may import only files the user picked in the system dialog. */
  chosenFiles?: ReadonlySet<string>,
): () => void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(ipcChannel(channel), (event, request: unknown) => {
      if (!isTrustedSender(senderFrameOf(event))) {
        return fail('not_allowed', 'Only the Fieldline window may use this.');
      }
      // The page names a path; it must be one the user chose, so a compromised page cannot read other files.
      if (chosenFiles && channel === 'imports.fromFile' && !chosenFiles.has(String((request as { path?: unknown } | null)?.path))) {
        return fail('not_allowed', 'Choose the file in the Import dialog first.');
      }
      if (shell && isShellChannel(channel)) return dispatch(shell, channel, request, log);
      return backend.invoke(channel, request);
    });
  }
  return () => {
    for (const channel of CHANNEL_NAMES) ipcMain.removeHandler(ipcChannel(channel));
  };
}

/**
 * Sends the core's events to the app's windows (only while they show the app's own
 * page). Returns the function that stops forwarding.
 */
export function forwardCoreEvents(backend: ContractBackend, windows: () => readonly WebContents[]): () => void {
  const offs = EVENT_NAMES.map((name) => backend.on(name, (payload) => sendToApp(windows(), name, payload)));
  return () => offs.forEach((off) => off());
}

/** Sends one contract event to every window that shows the app. */
export function sendToApp(targets: readonly WebContents[], name: EventName, payload: unknown): void {
  for (const contents of targets) {
    if (!contents.isDestroyed() && isAppUrl(contents.getURL())) contents.send(eventChannel(name), payload);
  }
}
