import { afterEach, describe, expect, it } from 'vitest';
import { APP_ENTRY_URL } from '../../main/app-origin';
import { forwardCoreEvents, registerContractIpc, senderFrameOf, sendToApp, type ContractBackend } from '../../main/electron/ipc';
import { eventChannel, ipcChannel } from '../../preload/channel-prefix';
import { CHANNEL_NAMES } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { testCoreHost } from '../support/core-host';
import { recorded, resetElectronStandIn } from '../support/electron-stand-in';

afterEach(() => resetElectronStandIn());

/** An Electron-shaped IPC event: a window whose top frame shows `url`, and the frame that sent. */
function ipcEvent(url: string, from: 'top' | 'iframe' | 'gone' | 'detached' = 'top') {
  const mainFrame = { url, parent: null, detached: false };
  const iframe = { url, parent: mainFrame, detached: false };
  const senderFrame = from === 'top' ? mainFrame : from === 'iframe' ? iframe : from === 'gone' ? null : { ...mainFrame, detached: true };
  return { sender: { mainFrame }, senderFrame };
}

function call(channel: string, event: unknown, request: unknown): Promise<Result<unknown>> {
  const handler = recorded.mainHandlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return Promise.resolve(handler(event, request) as Result<unknown>);
}

function recordingBackend() {
  const calls: [string, unknown][] = [];
  const backend: ContractBackend = {
    invoke: (channel, payload) => (calls.push([channel, payload]), Promise.resolve({ ok: true, value: 'ran' })),
    on: () => () => {},
  };
  return { backend, calls };
}

describe('the contract over IPC', () => {
  it('answers every contract channel, and nothing else', () => {
    const stop = registerContractIpc(recordingBackend().backend);
    expect([...recorded.mainHandlers.keys()].sort()).toEqual(CHANNEL_NAMES.map(ipcChannel).sort());
    stop();
    expect(recorded.mainHandlers.size).toBe(0);
  });

  it("runs calls from the app's own window on the core, validated there", async () => {
    registerContractIpc(await testCoreHost({ online: false }));
    const session = await call('crm:session.current', ipcEvent(APP_ENTRY_URL), {});
    expect(session).toMatchObject({ ok: true, value: { signedIn: false } });
    const refused = await call('crm:session.signIn', ipcEvent(`${APP_ENTRY_URL}#/sign-in`), { serverUrl: 'not a url', token: 'x' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('refuses calls from an iframe, another page or a closed frame, and runs nothing', async () => {
    const { backend, calls } = recordingBackend();
    registerContractIpc(backend);
    const hostile = [
      ipcEvent(APP_ENTRY_URL, 'iframe'),
      ipcEvent(APP_ENTRY_URL, 'gone'),
      ipcEvent(APP_ENTRY_URL, 'detached'),
      ipcEvent('https://evil.example/'),
      ipcEvent('file:///tmp/evil.html'),
      ipcEvent('app://evil/index.html'),
      ipcEvent('app://fieldline.evil/index.html'),
      {},
    ];
    for (const event of hostile) {
      const result = await call('crm:leads.delete', event, { id: '0190f5c2-0000-7000-8000-000000000001' });
      expect(result).toEqual({ ok: false, error: { code: 'not_allowed', message: 'Only the Fieldline window may use this.' } });
    }
    expect(calls).toEqual([]);
    await call('crm:leads.delete', ipcEvent(APP_ENTRY_URL), { id: 'x' });
    expect(calls).toEqual([['leads.delete', { id: 'x' }]]);
  });

  it('treats a frame that throws when read (destroyed) as gone', () => {
    const event = {
      sender: { mainFrame: null },
      get senderFrame(): never {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    };
    expect(senderFrameOf(event as never)).toBeNull();
  });
});

describe("core events reaching the app's windows", () => {
  function fakeContents(url: string, destroyed = false) {
    const sent: [string, unknown][] = [];
    return { sent, contents: { isDestroyed: () => destroyed, getURL: () => url, send: (channel: string, payload: unknown) => sent.push([channel, payload]) } };
  }

  it('go to windows showing the app, on the event channel, and stop when asked', () => {
    const listeners = new Map<string, (payload: unknown) => void>();
    const backend: ContractBackend = {
      invoke: () => Promise.resolve({ ok: true, value: null }),
      on: (event, listener) => (listeners.set(event, listener), () => listeners.delete(event)),
    };
    const app = fakeContents(`${APP_ENTRY_URL}#/board`);
    const elsewhere = fakeContents('https://evil.example/');
    const closed = fakeContents(APP_ENTRY_URL, true);
    const stop = forwardCoreEvents(backend, () => [app, elsewhere, closed].map((w) => w.contents) as never);
    listeners.get('leadsChanged')?.({ ids: ['a'] });
    expect(app.sent).toEqual([[eventChannel('leadsChanged'), { ids: ['a'] }]]);
    expect(elsewhere.sent).toEqual([]);
    expect(closed.sent).toEqual([]);
    stop();
    expect(listeners.size).toBe(0);
  });

  it('sends a menu command to the given window only', () => {
    const app = fakeContents(APP_ENTRY_URL);
    sendToApp([app.contents] as never, 'menu', { command: 'newLead' });
    expect(app.sent).toEqual([['crm:event:menu', { command: 'newLead' }]]);
  });
});
