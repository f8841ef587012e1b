import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../main/core';
import { openCore } from '../../main/core';
import { MIGRATIONS } from '../../main/db/migrations';
import { restoreIndexes, setIndexesAside } from '../../main/db/indexes-set-aside';
import { openClientDatabase } from '../../main/db/open-database';
import type { DuplicatePair } from '../../shared/contract';
import { invoke } from '../support/invoke';
import { fingerprint, steppingClock, tempCore, tempDir } from '../support/temp';
import { draft, signIn, startServer } from '../sync/support';

/** Creates a lead through the contract (one after the other: creation order is the list's order), in a branch. */
async function lead(core: Core, name: string, phone: string, extra: { email?: string; branch?: string } = {}): Promise<string> {
  const created = await invoke(core.handlers, 'leads.create', { name, phones: [phone], email: extra.email ?? null });
  if (!created.ok) throw new Error(created.error.message);
  if (extra.branch) core.leads.assign(created.value.id, 'owner-1', extra.branch);
  return created.value.id;
}

/** The list as a manager reads it: the two names (newer first) and why. */
const readable = (pairs: DuplicatePair[]) => pairs.map((p) => [p.leads[0].name, p.leads[1].name, p.reasons.join('+')]);

describe('possible duplicates for managers', () => {
  it('while a bulk load has the indexes set aside, the list says it will come once the load is done, then comes', async () => {
    const core = tempCore();
    await lead(core, 'Sara Adel', '01099990002', { email: 'sara@example.com' });
    await lead(core, 'Sarah Adel', '01099990004', { email: 'sara@example.com' });
    setIndexesAside(core.store, 'leads');
    const during = await invoke(core.handlers, 'leads.possibleDuplicates', {});
    expect(during).toEqual({ ok: false, error: { code: 'busy', message: expect.stringMatching(/once the leads being loaded/) } });
    await restoreIndexes(core.store);
    const after = await invoke(core.handlers, 'leads.possibleDuplicates', {});
    expect(after.ok && readable(after.value)).toEqual([['Sarah Adel', 'Sara Adel', 'email+similar_name']]);
  });

  it('lists same phone, same email and similar names in one branch, newest first, each pair once with every reason', async () => {
    const core = tempCore();
    await lead(core, 'Mohamed Ali', '01012345678', { branch: 'cairo' });
    await lead(core, 'ali mohammed', '01099990001', { branch: 'cairo' });
    await lead(core, 'Sara Adel', '01099990002', { email: 'sara@example.com', branch: 'cairo' });
    await lead(core, 'Mahmoud Ali', '01099990003', { branch: 'cairo' }); // not similar to Mohamed Ali
    await lead(core, 'Karim Saleh', '+20 10 1234 5678', { branch: 'cairo' }); // Mohamed Ali's phone, written otherwise
    await lead(core, 'Sarah Adel', '01099990004', { email: 'SARA@example.com', branch: 'cairo' }); // email and name
    await lead(core, 'Mohamed Ali', '01099990005', { branch: 'alex' }); // another branch: not a pair with cairo's
    await lead(core, 'Omar Nabil', '01099990006', { branch: 'alex' });

    const listed = await invoke(core.handlers, 'leads.possibleDuplicates', {});
    expect(listed.ok && readable(listed.value)).toEqual([
      ['Sarah Adel', 'Sara Adel', 'email+similar_name'],
      ['Karim Saleh', 'Mohamed Ali', 'phone'],
      ['ali mohammed', 'Mohamed Ali', 'similar_name'],
    ]);
    // The whole leads, for the merge dialog.
    expect(listed.ok && listed.value[0]!.leads[1]).toMatchObject({ name: 'Sara Adel', email: 'sara@example.com', branchId: 'cairo' });
  });

  it('is refused to an agent, whose own leads are only part of the branch', async () => {
    const core = tempCore();
    await lead(core, 'Mohamed Ali', '01012345678');
    await lead(core, 'Mohammed Ali', '01012345678');
    core.sync.bind('http://127.0.0.1:9', 'agent-1');
    core.people.rememberMe({ id: 'agent-1', name: 'Amal', role: 'agent', branches: ['cairo'] });
    const refused = await invoke(core.handlers, 'leads.possibleDuplicates', {});
    expect(refused).toEqual({ ok: false, error: { code: 'not_allowed', message: 'The possible-duplicates list is for managers.' } });

    core.people.rememberMe({ id: 'agent-1', name: 'Amal', role: 'manager', branches: ['cairo'] });
    const listed = await invoke(core.handlers, 'leads.possibleDuplicates', {});
    expect(listed.ok && readable(listed.value)).toEqual([['Mohammed Ali', 'Mohamed Ali', 'phone+similar_name']]);
  });

  it('pairs a lead not synced yet (no branch) with any branch, and leaves deleted leads out', async () => {
    const core = tempCore();
    const synced = await lead(core, 'Youssef Kamal', '01011110000', { branch: 'giza' });
    const unsynced = await lead(core, 'Yousef Kamal', '01011110001');
    expect(readable(core.duplicates.possiblePairs(10))).toEqual([['Yousef Kamal', 'Youssef Kamal', 'similar_name']]);

    core.leads.delete(synced);
    expect(core.duplicates.possiblePairs(10)).toEqual([]);
    core.leads.restore(synced);
    expect(core.duplicates.possiblePairs(10)).toHaveLength(1);
    core.leads.delete(unsynced);
    expect(core.duplicates.possiblePairs(10)).toEqual([]);
  });

  it('follows renames: a lead renamed away leaves the list, renamed alike joins it', async () => {
    const core = tempCore();
    const a = await lead(core, 'Hassan Saleh', '01022220000');
    await lead(core, 'Hasan Saleh', '01022220001');
    core.leads.update(a, { name: 'Tarek Saleh' });
    expect(core.duplicates.possiblePairs(10)).toEqual([]);
    core.leads.update(a, { name: 'saleh  HASSAN' });
    expect(readable(core.duplicates.possiblePairs(10))).toEqual([['Hasan Saleh', 'saleh  HASSAN', 'similar_name']]);
  });

  it('shows the newest pairs first, up to the limit, whichever rule found them', async () => {
    const core = tempCore();
    const names = ['Rana Helmy', 'Tarek Sayed', 'Dina Kamal', 'Heba Nabil'];
    for (let i = 0; i < 4; i++) {
      await lead(core, names[i]!, `0101234000${i}`);
      await lead(core, names[i]!, `0109999000${i}`);
      await lead(core, `Phone Twin ${i}a`, `0111234000${i}`);
      await lead(core, `Other Name ${i}b`, `0111234000${i}`);
    }
    const pairs = core.duplicates.possiblePairs(3);
    expect(readable(pairs)).toEqual([
      ['Other Name 3b', 'Phone Twin 3a', 'phone'],
      ['Heba Nabil', 'Heba Nabil', 'similar_name'],
      ['Other Name 2b', 'Phone Twin 2a', 'phone'],
    ]);
  });

  it('a pair dismissed as "not duplicates" stays out of the list; bad requests change nothing', async () => {
    const core = tempCore();
    const first = await lead(core, 'Nour Gamal', '01033330000');
    const second = await lead(core, 'Nour Gamal', '01033330001');
    const third = await lead(core, 'Nour Gamaal', '01033330002');
    expect(core.duplicates.possiblePairs(10)).toHaveLength(3);

    const before = fingerprint(core);
    expect(await invoke(core.handlers, 'leads.dismissDuplicate', { leadId: first, otherId: first })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('itself') },
    });
    expect(await invoke(core.handlers, 'leads.dismissDuplicate', { leadId: first, otherId: '0190a0a0-0000-7000-8000-000000000000' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(fingerprint(core)).toBe(before);

    expect(await invoke(core.handlers, 'leads.dismissDuplicate', { leadId: second, otherId: first })).toEqual({ ok: true, value: null });
    const left = core.duplicates.possiblePairs(10).map((p) => p.leads.map((l) => l.id));
    expect(left).toEqual([
      [third, second],
      [third, first],
    ]);
    // Local only: nothing goes to the server.
    expect(core.outbox.list(100).every((op) => op.type === 'create')).toBe(true);
    // The lead's own "possible duplicate" hint leaves the dismissed one out too.
    const hintFor = (id: string) => {
      const l = core.leads.get(id);
      return core.duplicates.find({ phones: [], email: null, name: l.name, branchId: l.branchId }, id).map((x) => x.id);
    };
    expect(hintFor(second)).toEqual([third]);
    expect(hintFor(first)).toEqual([third]);
    expect(hintFor(third).sort()).toEqual([first, second].sort());
  });

  it('the new-lead warning also names similar names in the branch, after same phone or email', async () => {
    const core = tempCore();
    const samePhone = await lead(core, 'Dina Farouk', '01044440000');
    const similar = await lead(core, 'Mohammed Adel', '01044440001', { branch: 'cairo' });
    await lead(core, 'Mohamed Adel', '01044440002', { branch: 'alex' });
    const found = await invoke(core.handlers, 'leads.findDuplicates', { phones: ['01044440000'], name: 'Mohamed  adel', branchId: 'cairo' });
    expect(found.ok && found.value.map((l) => l.id)).toEqual([samePhone, similar]);
    // Without a branch (a new lead gets the creator's), similar names in any branch.
    const anyBranch = await invoke(core.handlers, 'leads.findDuplicates', { phones: [], name: 'mohamed adel' });
    expect(anyBranch.ok && anyBranch.value.map((l) => l.name)).toEqual(['Mohamed Adel', 'Mohammed Adel']);
    const itself = await invoke(core.handlers, 'leads.findDuplicates', { phones: [], name: 'Mohammed Adel', branchId: 'cairo', excludeId: similar });
    expect(itself).toEqual({ ok: true, value: [] });
  });
});

describe('name keys are stored with every lead', () => {
  it('the upgrade fills them for leads written before it', () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, 'fieldline.db');
    const before = MIGRATIONS.filter((m) => m.version < 8);
    const old = openClientDatabase(file, { migrations: before });
    const insert = old.connection.prepare(
      `INSERT INTO leads (id, name, phones, stage, stage_entered_at, created_at, updated_at) VALUES (?, ?, '[]', 'new', ?, ?, ?)`,
    );
    insert.run('0190a0a0-0000-7000-8000-000000000001', 'Ahmed Hassan', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
    insert.run('0190a0a0-0000-7000-8000-000000000002', 'hasan ahmad', '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z');
    old.connection.close();

    const core = openCore({ dataDir, now: steppingClock() });
    try {
      expect(readable(core.duplicates.possiblePairs(10))).toEqual([['hasan ahmad', 'Ahmed Hassan', 'similar_name']]);
    } finally {
      core.close();
    }
  });

  it('leads pulled by sync are found too: two agents enter one client on two computers', async () => {
    const server = await startServer('sqlite');
    const mona = await signIn(server, { name: 'Mona', role: 'agent', branches: ['cairo'] });
    const omar = await signIn(server, { name: 'Omar', role: 'agent', branches: ['cairo'] });
    const manager = await signIn(server, { name: 'Heba', role: 'manager', branches: ['cairo'] });
    const monas = mona.core.leads.create(draft('Mostafa Ragab', '01055550000'));
    omar.core.leads.create(draft('Moustafa Ragab', '01055550001'));
    omar.core.leads.create(draft('Laila Shawky', '01055550000'));
    await mona.sync();
    await omar.sync();
    await manager.sync();
    const pairs = manager.core.duplicates.possiblePairs(10);
    expect(pairs.map((p) => [p.leads.map((l) => l.name).sort(), p.reasons])).toEqual(
      expect.arrayContaining([
        [['Moustafa Ragab', 'Mostafa Ragab'].sort(), ['similar_name']],
        [['Laila Shawky', 'Mostafa Ragab'].sort(), ['phone']],
      ]),
    );
    expect(pairs).toHaveLength(2);
    expect(pairs.every((p) => p.leads.every((l) => l.branchId === 'cairo'))).toBe(true);

    // Mona renames her lead on her computer: the manager's copy follows, and the name pair goes.
    mona.core.leads.update(monas.id, { name: 'Tarek Helmy' });
    await mona.sync();
    await manager.sync();
    expect(readable(manager.core.duplicates.possiblePairs(10))).toEqual([['Laila Shawky', 'Tarek Helmy', 'phone']]);
  });
});
