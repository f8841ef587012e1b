import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Result } from '../shared/result';
import { buildCrmApi, type CrmApi, type Invoke, type Subscribe } from '../shared/crm-api';
import { eventChannel, ipcChannel } from './channel-prefix';

/**
 * The page's only door to the core: `window.crm`, derived from the contract. The page
 * never sees ipcRenderer, the Electron event objects, `process` or any channel outside
 * the contract: each method is bound to its own channel here.
 */
const invoke: Invoke = (channel, request) => ipcRenderer.invoke(ipcChannel(channel), request) as Promise<Result<unknown>>;

const subscribe: Subscribe = (event, listener) => {
  const name = eventChannel(event);
  // The Electron event carries `sender` (the ipcRenderer itself): it is dropped here.
  const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
  ipcRenderer.on(name, forward);
  return () => {
    ipcRenderer.removeListener(name, forward);
  };
};

const crm: CrmApi = buildCrmApi(invoke, subscribe);

contextBridge.exposeInMainWorld('crm', crm);
