import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { eventChannel } from '../../preload/channel-prefix';
import { CHANNEL_NAMES } from '../../shared/contract';
import type { CrmApi } from '../../shared/crm-api';

/**
 * Runs preload/preload.ts as Electron would, in a fresh module registry (`electron` is
 * the stand-in, test/support/electron-stand-in.ts), and returns what it exposed with
 * the stand-in it talked to.
 */
async function loadPreload() {
  vi.resetModules();
  const electron = await import('../support/electron-stand-in');
  await import('../../preload/preload');
  const crm = electron.recorded.exposed.get('crm') as CrmApi;
  return { crm, raw: crm as unknown as Record<string, unknown>, electron };
}

describe('what the preload gives the page', () => {
  it('is window.crm alone, typed as the contract', async () => {
    const { electron } = await loadPreload();
    expect([...electron.recorded.exposed.keys()]).toEqual(['crm']);
    expectTypeOf<Window['crm']>().toEqualTypeOf<CrmApi>();
  });

  it('has exactly the contract: its namespaces and methods, plus `on`', async () => {
    const { raw } = await loadPreload();
    const expected: Record<string, string[]> = {};
    for (const channel of CHANNEL_NAMES) {
      const [namespace, method] = channel.split('.') as [string, string];
      (expected[namespace] ??= []).push(method);
    }
    expect(Object.keys(raw).sort()).toEqual([...Object.keys(expected), 'on'].sort());
    for (const [namespace, methods] of Object.entries(expected)) {
      expect(Object.keys(raw[namespace] as object).sort(), namespace).toEqual(methods.sort());
    }
    expect(typeof raw.on).toBe('function');
    // Nothing of Electron or Node rides along.
    for (const leak of ['ipcRenderer', 'invoke', 'send', 'process', 'env', 'require']) expect(raw).not.toHaveProperty(leak);
  });

  it('sends each method on its own prefixed channel and hands back the result envelope', async () => {
    const { crm, electron } = await loadPreload();
    electron.answerRendererInvoke((channel) => ({ ok: true, value: channel }));
    const answer = await crm.leads.moveToStage({ id: 'L1', stage: 'viewing' });
    expect(answer).toEqual({ ok: true, value: 'crm:leads.moveToStage' });
    expect(electron.recorded.invoked).toEqual([{ channel: 'crm:leads.moveToStage', args: [{ id: 'L1', stage: 'viewing' }] }]);
  });

  it('gives `on` listeners the payload only, never the IPC event, and unsubscribes', async () => {
    const { crm, electron } = await loadPreload();
    const heard: unknown[][] = [];
    const off = crm.on('leadsChanged', (...args: unknown[]) => heard.push(args));
    electron.sendToRenderer(eventChannel('leadsChanged'), { ids: ['L1'] });
    expect(heard).toEqual([[{ ids: ['L1'] }]]);
    off();
    electron.sendToRenderer(eventChannel('leadsChanged'), { ids: ['L2'] });
    expect(heard).toHaveLength(1);
    expect(electron.recorded.rendererListeners.get(eventChannel('leadsChanged'))?.size).toBe(0);
  });

  it('refuses to listen to anything outside the contract', async () => {
    const { crm, electron } = await loadPreload();
    expect(() => crm.on('crm:leads.delete' as never, () => {})).toThrow(/Unknown event/);
    expect(electron.recorded.rendererListeners.size).toBe(0);
  });
});
