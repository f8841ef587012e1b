import { describe, expect, it } from 'vitest';
import type { Core } from '../../main/core';
import { tempCore } from '../support/temp';

function add(core: Core, name: string, phones: string[], extra: { email?: string; notes?: string } = {}) {
  return core.leads.create({ name, phones, email: extra.email ?? null, notes: extra.notes ?? '', stage: 'new' } as never);
}

const search = (core: Core, text: string) =>
  core.leads.list({ search: text, sort: 'updated', limit: 50 }).items.map((l) => l.name);

describe('instant search', () => {
  it('finds leads by the start of any word of the name, in any case and without accents', () => {
    const core = tempCore();
    add(core, 'Hélène Dubois', ['01000000001']);
    add(core, 'Karim Said', ['01000000002']);
    expect(search(core, 'hel')).toEqual(['Hélène Dubois']);
    expect(search(core, 'DUB')).toEqual(['Hélène Dubois']);
    expect(search(core, 'kar sa')).toEqual(['Karim Said']);
    expect(search(core, 'xyz')).toEqual([]);
  });

  it('finds a lead by the last digits of any of its phones, whatever format was typed', () => {
    const core = tempCore();
    add(core, 'Nour', ['+20 10 1234 5678', '0223456789']);
    add(core, 'Ali', ['01099998888']);
    expect(search(core, '5678')).toEqual(['Nour']);
    expect(search(core, '456789')).toEqual(['Nour']);
    expect(search(core, '8888')).toEqual(['Ali']);
    // The whole number in local or international form finds it too.
    expect(search(core, '010 1234 5678')).toEqual(['Nour']);
    expect(search(core, '+201012345678')).toEqual(['Nour']);
    expect(search(core, '00201012345678')).toEqual(['Nour']);
    expect(search(core, '+20 (0) 10 1234 5678')).toEqual(['Nour']);
    // Arabic-Indic digits, as an Arabic keyboard types them, alone or after a name.
    expect(search(core, '٠١٠١٢٣٤٥٦٧٨')).toEqual(['Nour']);
    expect(search(core, '٥٦٧٨')).toEqual(['Nour']);
    expect(search(core, 'nour ٥٦٧٨')).toEqual(['Nour']);
    expect(search(core, 'ali ٥٦٧٨')).toEqual([]);
    add(core, 'Hala', ['01000000009'], { notes: 'شقة ٣ غرف' });
    expect(search(core, 'شقة ٣')).toEqual(['Hala']);
  });

  it('finds a lead by email and by words in its notes', () => {
    const core = tempCore();
    add(core, 'Yara', ['01000000003'], { email: 'yara.fathy@example.com', notes: 'Wants a villa in New Cairo near the ring road' });
    expect(search(core, 'yara.fathy')).toEqual(['Yara']);
    expect(search(core, 'exam')).toEqual(['Yara']);
    expect(search(core, 'villa cairo')).toEqual(['Yara']);
  });

  it('finds Arabic names written with or without harakat, hamza forms, taa marbuta and alef maqsura', () => {
    const core = tempCore();
    add(core, 'أَحْمَد عَلِيّ', ['01000000004']);
    add(core, 'فاطمة مصطفى', ['01000000005']);
    add(core, 'إسراء', ['01000000006']);
    expect(search(core, 'احمد')).toEqual(['أَحْمَد عَلِيّ']);
    expect(search(core, 'أحمد')).toEqual(['أَحْمَد عَلِيّ']);
    expect(search(core, 'علي')).toEqual(['أَحْمَد عَلِيّ']);
    expect(search(core, 'فاطمه')).toEqual(['فاطمة مصطفى']);
    expect(search(core, 'مصطفي')).toEqual(['فاطمة مصطفى']);
    expect(search(core, 'اسر')).toEqual(['إسراء']);
    expect(search(core, 'ـاحـمـد')).toEqual(['أَحْمَد عَلِيّ']); // with tatweel
  });

  it('follows edits and deletes: old words stop matching, new ones match, deleted leads vanish', () => {
    const core = tempCore();
    const lead = add(core, 'Tarek', ['01000000007'], { notes: 'penthouse' });
    core.leads.update(lead.id, { notes: 'duplex', phones: ['01277776666'] });
    expect(search(core, 'penthouse')).toEqual([]);
    expect(search(core, 'duplex')).toEqual(['Tarek']);
    expect(search(core, '0007')).toEqual([]);
    expect(search(core, '6666')).toEqual(['Tarek']);
    core.leads.delete(lead.id);
    expect(search(core, 'tarek')).toEqual([]);
    core.leads.restore(lead.id);
    expect(search(core, 'tarek')).toEqual(['Tarek']);
  });

  it('treats query punctuation as text, never as search syntax', () => {
    const core = tempCore();
    add(core, 'Sherif', ['01000000008']);
    for (const hostile of ['"', 'sher"*', 'NEAR(', 'a OR b', '*', '{name}:x', '-', "'"]) {
      expect(() => search(core, hostile)).not.toThrow();
    }
    expect(search(core, 'sher"*')).toEqual(['Sherif']);
  });
});
