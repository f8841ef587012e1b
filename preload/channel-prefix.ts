import type { ChannelName } from '../shared/contract';

/**
 * IPC channel names carry one prefix, so the main process can refuse anything that
 * does not belong to the contract before looking at it (VS Code's validatedIpcMain).
 */
export const IPC_PREFIX = 'crm:';

export function ipcChannel(channel: ChannelName): string {
  return IPC_PREFIX + channel;
}
