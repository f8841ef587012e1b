import { describe, expect, it } from 'vitest';
import { invoke } from '../support/invoke';
import { fingerprint, tempCore } from '../support/temp';

const CSV = ['Client Name;Cell;E-mail;Budget', 'Karim Fathy;01012340001;karim@example.com;"1,500,000"', ';;;', "Nour;'+201012340002;;2,000,000", 'Laila;01012340003;;'].join('\n');

describe('the mapping step (imports.preview)', () => {
  it('shows headers, the first rows and the mapping guessed from the header names, with the delimiter', async () => {
    const core = tempCore();
    const before = fingerprint(core);
    const preview = await invoke(core.handlers, 'imports.preview', { fileName: 'expo.csv', text: CSV });
    expect(preview).toEqual({
      ok: true,
      value: {
        headers: ['Client Name', 'Cell', 'E-mail', 'Budget'],
        sampleRows: [
          ['Karim Fathy', '01012340001', 'karim@example.com', '1,500,000'],
          ['', '', '', ''],
          ['Nour', '+201012340002', '', '2,000,000'], // the formula guard is taken off, as the import does
          ['Laila', '01012340003', '', ''],
        ],
        mapping: { 'Client Name': 'name', Cell: 'phone', 'E-mail': 'email', Budget: null },
        remembered: false,
        encoding: 'utf8',
        delimiter: ';',
      },
    });
    expect(fingerprint(core)).toBe(before); // a preview writes nothing
  });

  it('shows at most five rows, and reads only the start the page sends (a cut last row is fine)', async () => {
    const core = tempCore();
    const rows = Array.from({ length: 40 }, (_, i) => `Lead ${i},0101234${String(i).padStart(4, '0')},"note ${i}"`);
    const text = ['Name,Mobile,Notes', ...rows].join('\n').slice(0, 300) + '"unclosed';
    const preview = await invoke(core.handlers, 'imports.preview', { fileName: 'big.csv', text });
    if (!preview.ok) throw new Error(preview.error.message);
    expect(preview.value.sampleRows.map((r) => r[0])).toEqual(['Lead 0', 'Lead 1', 'Lead 2', 'Lead 3', 'Lead 4']);
  });

  it('remembers a mapping the user adjusted, for the next file with the same headers (compared normalised)', async () => {
    const core = tempCore();
    // The user maps the unrecognised "Budget" to notes and leaves the email out.
    const map = { 'Client Name': 'name', Cell: 'phone', 'E-mail': null, Budget: 'notes' };
    const imported = await invoke(core.handlers, 'imports.fromText', { fileName: 'expo.csv', text: CSV, map });
    expect(imported).toMatchObject({ ok: true, value: { imported: 3, rejected: 1 } });
    const karim = core.leads.list({ search: 'Karim', sort: 'updated', limit: 10 }).items[0]!;
    expect([karim.email, karim.notes]).toEqual([null, '1,500,000']);

    const next = 'client name;CELL;e-mail;budget\nSara;01099998888;sara@example.com;3,000,000\n';
    const preview = await invoke(core.handlers, 'imports.preview', { fileName: 'expo-day-2.csv', text: next });
    expect(preview).toMatchObject({
      ok: true,
      value: { remembered: true, mapping: { 'client name': 'name', CELL: 'phone', 'e-mail': null, budget: 'notes' } },
    });
    // Imported without a map, the remembered one applies too.
    const again = await invoke(core.handlers, 'imports.fromText', { fileName: 'expo-day-2.csv', text: next });
    expect(again).toMatchObject({ ok: true, value: { imported: 1 } });
    const sara = core.leads.list({ search: 'Sara', sort: 'updated', limit: 10 }).items[0]!;
    expect([sara.email, sara.notes]).toEqual([null, '3,000,000']);
  });

  it('refuses empty or oversized text, a missing header row and unknown fields, changing nothing', async () => {
    const core = tempCore();
    const before = fingerprint(core);
    const refused: [unknown, RegExp][] = [
      [{ fileName: 'a.csv', text: '' }, /the file is empty/],
      [{ fileName: 'a.csv', text: 'x'.repeat(256 * 1024 + 1) }, /at most/],
      [{ fileName: 'a.csv', text: '\n\r\n' }, /a\.csv has no header row/],
      [{ fileName: 'a.csv', text: ' , ,\nSara,0101\n' }, /a\.csv has no header row/],
      [{ fileName: 'a.csv', text: 'Name\n', path: '/etc/passwd' }, /path/],
      [{ text: 'Name\n' }, /fileName/],
    ];
    for (const [request, message] of refused) {
      const answer = await invoke(core.handlers, 'imports.preview', request as never);
      expect(answer, JSON.stringify(request).slice(0, 60)).toMatchObject({ ok: false, error: { code: 'invalid_input', message } });
    }
    expect(fingerprint(core)).toBe(before);
  });
});
