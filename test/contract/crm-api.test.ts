import { describe, expect, it } from 'vitest';
import { buildCrmApi } from '../../shared/crm-api';
import { CHANNEL_NAMES } from '../../shared/contract';
import { dispatch } from '../../main/dispatch';
import { EventHub } from '../../main/events';
import { tempCore } from '../support/temp';

describe('window.crm built from the contract', () => {
  it('has one function per channel and reaches the core through the same dispatcher', async () => {
    const core = tempCore();
    const api = buildCrmApi((channel, request) => dispatch(core.handlers, channel, request), (event, listener) => core.events.on(event, listener));
    const methods = Object.entries(api)
      .filter(([key]) => key !== 'on')
      .flatMap(([ns, group]) => Object.keys(group as object).map((m) => `${ns}.${m}`));
    expect(methods.sort()).toEqual([...CHANNEL_NAMES].sort());

    const seen: string[][] = [];
    const off = api.on('leadsChanged', (e) => seen.push(e.ids));
    const created = await api.leads.create({ name: 'Via API', phones: ['01055556666'] });
    expect(created.ok).toBe(true);
    off();
    await api.leads.create({ name: 'After unsubscribe', phones: ['01055556667'] });
    expect(seen).toHaveLength(1);
    const bad = await api.leads.get({ id: 'x' });
    expect(bad).toEqual({ ok: false, error: { code: 'invalid_input', message: 'id: must be a record id' } });
  });

  it('refuses to subscribe to an event the contract does not have', () => {
    const hub = new EventHub();
    const api = buildCrmApi(async () => ({ ok: true, value: null }), (e, l) => hub.on(e, l));
    expect(() => api.on('everything' as never, () => {})).toThrow(/Unknown event/);
  });
});
