import { describe, expect, it } from 'vitest';
import { invoke } from '../support/invoke';
import { duplicateKeys, isDuplicate } from '../../shared/duplicates';
import { normalizePhone } from '../../shared/phone';
import { tempCore } from '../support/temp';

const draft = (name: string, phones: string[], email: string | null = null) => ({ name, phones, email, notes: '', stage: 'new' }) as never;

describe('possible duplicates (one shared rule)', () => {
  it('matches the same person by normalised phone in any written form, or by email in any case', () => {
    const keys = duplicateKeys({ phones: ['+20 10 1234 5678'], email: 'Sara@Example.com' });
    expect(isDuplicate(keys, { phones: [normalizePhone('01012345678')], email: null })).toBe(true);
    expect(isDuplicate(keys, { phones: [normalizePhone('٠١٠١٢٣٤٥٦٧٨')], email: null })).toBe(true);
    expect(isDuplicate(keys, { phones: [], email: 'sara@example.com' })).toBe(true);
    expect(isDuplicate(keys, { phones: [normalizePhone('01012345679')], email: 'sara@example.org' })).toBe(false);
    // A half-typed number matches nothing yet.
    expect(duplicateKeys({ phones: ['0101'], email: null }).phones).toEqual([]);
  });

  it('the core finds them among many leads, skips the lead itself and deleted ones', async () => {
    const core = tempCore();
    const ids = core.leads.createMany([
      ...Array.from({ length: 300 }, (_, i) => draft(`Lead ${i}`, [`0101${String(i).padStart(7, '0')}`])),
      draft('Sara Adel', ['01012345678'], 'sara@example.com'),
      draft('Sara suffix only', ['01112345678']),
      draft('Old Sara', ['01012345678']),
    ]);
    core.leads.delete(ids.at(-1)!);
    const found = await invoke(core.handlers, 'leads.findDuplicates', { phones: ['+20 10 1234 5678'], email: null });
    expect(found.ok && found.value.map((l) => l.name)).toEqual(['Sara Adel']);
    const byEmail = await invoke(core.handlers, 'leads.findDuplicates', { phones: [], email: 'SARA@example.com' });
    expect(byEmail.ok && byEmail.value.map((l) => l.name)).toEqual(['Sara Adel']);
    const self = await invoke(core.handlers, 'leads.findDuplicates', { phones: ['01012345678'], excludeId: ids[300] });
    expect(self.ok && self.value).toEqual([]);
    const nothing = await invoke(core.handlers, 'leads.findDuplicates', { phones: ['01'], email: '' });
    expect(nothing).toEqual({ ok: true, value: [] });
  });
});

describe('saved views', () => {
  it('are saved, listed, replaced by name and deleted; a bad query is refused', async () => {
    const core = tempCore();
    const saved = await invoke(core.handlers, 'views.save', { name: 'My overdue', query: { followUp: 'overdue', sort: 'nextFollowUp' } });
    expect(saved).toMatchObject({ ok: true, value: { name: 'My overdue', query: { followUp: 'overdue', sort: 'nextFollowUp' } } });
    await invoke(core.handlers, 'views.save', { name: 'My overdue', query: { followUp: 'today' } });
    const list = await invoke(core.handlers, 'views.list', {});
    expect(list.ok && list.value.map((v) => [v.name, v.query])).toEqual([['My overdue', { followUp: 'today' }]]);
    expect(await invoke(core.handlers, 'views.save', { name: 'x', query: { stage: 'won' as never } })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const id = saved.ok ? saved.value.id : '';
    expect((await invoke(core.handlers, 'views.delete', { id })).ok).toBe(true);
    expect(await invoke(core.handlers, 'views.delete', { id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // Views are personal settings, not CRM data: nothing was queued for the server.
    expect(core.outbox.pendingCount()).toBe(0);
  });
});
