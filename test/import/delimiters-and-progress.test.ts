import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { importCsv } from '../../main/import/import-csv';
import type { ContractEvents } from '../../shared/contract';
import { invoke } from '../support/invoke';
import { tempCore, tempDir } from '../support/temp';

function writeFile(bytes: Buffer | string, name = 'leads.csv'): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, bytes);
  return file;
}

/** Name, phones (E.164), email and notes of every live lead, oldest first. */
function leads(core: ReturnType<typeof tempCore>) {
  return core.leads
    .list({ sort: 'created', direction: 'asc', limit: 1000 })
    .items.map((l) => [l.name, l.phones.map((p) => p.e164), l.email, l.notes]);
}

describe('CSV files separated by semicolons or tabs', () => {
  it('reads a semicolon file as Excel writes it where the decimal mark is a comma (quoted commas, semicolons and line breaks kept)', async () => {
    const core = tempCore();
    const file = writeFile(
      [
        'Name;Mobile;Email;Notes',
        'Ahmed Hassan;01012345678;ahmed@example.com;budget 1,500,000 EGP',
        '"Hassan; Mona";"0101 111 2222;0102 333 4444";;"two lines,',
        'second line"',
        'No Contact;;;nothing to reach',
        '',
      ].join('\r\n'),
    );
    const result = await importCsv(core, { file });
    expect(result).toMatchObject({ imported: 2, rejected: 1, skipped: 0 });
    expect(leads(core)).toEqual([
      ['Ahmed Hassan', ['+201012345678'], 'ahmed@example.com', 'budget 1,500,000 EGP'],
      ['Hassan; Mona', ['+201011112222', '+201023334444'], null, 'two lines,\r\nsecond line'],
    ]);
    // The rejected-rows report is a normal (comma) CSV whatever the input used.
    expect(fs.readFileSync(result.reportFile!, 'utf8').split('\n')[1]).toBe('4,no phone or email,No Contact,,,nothing to reach');
  });

  it('reads a tab-separated Windows-1256 file with Arabic headers', async () => {
    const core = tempCore();
    const text = ['الاسم\tالموبايل\tملاحظات', 'أحمد حسن\t01012345678\tشقة, ثلاث غرف; دور أول', 'منى عادل\t01122233334\t'].join('\r\n');
    const result = await importCsv(core, { file: writeFile(iconv.encode(text, 'windows-1256')) });
    expect(result).toMatchObject({ imported: 2, rejected: 0, encoding: 'windows-1256' });
    expect(leads(core)).toEqual([
      ['أحمد حسن', ['+201012345678'], null, 'شقة, ثلاث غرف; دور أول'],
      ['منى عادل', ['+201122233334'], null, ''],
    ]);
  });

  it('keeps reading a comma file whose header mentions a semicolon inside quotes as comma-separated', async () => {
    const core = tempCore();
    const file = writeFile('"Name; full",Mobile,Email\nSara Adel,01012345678,sara@example.com\n');
    const result = await importCsv(core, { file, map: { 'Name; full': 'name' } });
    expect(result).toMatchObject({ imported: 1, rejected: 0 });
    expect(leads(core)).toEqual([['Sara Adel', ['+201012345678'], 'sara@example.com', '']]);
  });
});

describe('import progress (jobProgress events)', () => {
  const rows = (n: number, from = 0) =>
    Array.from({ length: n }, (_, i) => `Lead ${from + i},010${String(from + i).padStart(8, '0')},`);

  it('counts the rows first, then reports rows read up to all of them, for the job that asked', async () => {
    const core = tempCore();
    const heard: ContractEvents['jobProgress'][] = [];
    core.events.on('jobProgress', (p) => heard.push(p));
    // 3,000 rows: a duplicate (skipped), a reject, and a quoted notes cell with a line break.
    const text = ['Name,Mobile,Notes', ...rows(2_997), 'Lead 0 again,01000000000,', 'No Phone,,', 'Last Lead,01999999999,"a note\nover two lines"', ''].join('\n');
    const result = await invoke(core.handlers, 'imports.fromText', { fileName: 'expo.csv', text, jobId: 'job-1' });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value).toMatchObject({ imported: 2_998, skipped: 1, rejected: 1 });

    expect(heard.length).toBeGreaterThanOrEqual(2);
    expect(heard.every((p) => p.jobId === 'job-1' && p.kind === 'import' && p.total === 3_000)).toBe(true);
    expect(heard[0]).toMatchObject({ done: 0, total: 3_000 });
    expect(heard.at(-1)).toMatchObject({ done: 3_000, total: 3_000 });
    const done = heard.map((p) => p.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
  });

  it('says nothing when no job id is given (the CLI, the bench)', async () => {
    const core = tempCore();
    const heard: unknown[] = [];
    core.events.on('jobProgress', (p) => heard.push(p));
    const file = writeFile(['Name,Mobile', ...rows(10)].join('\n'));
    const result = await invoke(core.handlers, 'imports.fromFile', { path: file });
    expect(result).toMatchObject({ ok: true, value: { imported: 10 } });
    expect(heard).toEqual([]);
  });

  it('counts a semicolon file by the same rules', async () => {
    const core = tempCore();
    const heard: ContractEvents['jobProgress'][] = [];
    core.events.on('jobProgress', (p) => heard.push(p));
    const file = writeFile(['Name;Mobile', ...rows(5).map((r) => r.replace(/,/g, ';')), '', '"Quoted;Name";01234567890', ''].join('\r\n'));
    const result = await invoke(core.handlers, 'imports.fromFile', { path: file, jobId: 'job-2' });
    expect(result).toMatchObject({ ok: true, value: { imported: 6 } });
    expect(heard[0]).toMatchObject({ jobId: 'job-2', done: 0, total: 6 });
    expect(heard.at(-1)).toMatchObject({ jobId: 'job-2', done: 6, total: 6 });
  });
});
