import type { ChannelName, EventName } from '../shared/contract';

/**
 * IPC channel names carry one prefix, so the main process can refuse anything that
 * does not belong to the contract before looking at it (VS Code's validatedIpcMain).
 */
export const IPC_PREFIX = 'crm:';

export function ipcChannel(channel: ChannelName): string {
  return IPC_PREFIX + channel;
}

/** Core events travel main → window on their own names, apart from the request channels. */
export function eventChannel(event: EventName): string {
  return `${IPC_PREFIX}event:${event}`;
}
