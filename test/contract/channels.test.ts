import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, SESSION_CHANNELS, SHELL_CHANNELS, channels } from '../../shared/contract';
import { dispatch } from '../../main/dispatch';
import { fingerprint, tempCore } from '../support/temp';

// Sign-in and "sync now" belong to the workspace (test/workspace), which checks them the same way;
// the file dialog to the desktop shell (test/electron/import-dialog.test.ts).
const NOT_CORE: readonly string[] = [...SESSION_CHANNELS, 'sync.now', ...SHELL_CHANNELS];
const CORE_CHANNELS = CHANNEL_NAMES.filter((c) => !NOT_CORE.includes(c));

describe('the contract', () => {
  it('validators, handlers and the channel list cover exactly the same channels', () => {
    const core = tempCore();
    const validated = Object.keys(channels).sort();
    // The core answers all but the workspace's own channels (sign-in, sync now) and the
    // desktop shell's; the workspace test checks that together they answer every one.
    expect([...Object.keys(core.handlers), ...NOT_CORE].sort()).toEqual(validated);
    expect([...CHANNEL_NAMES].sort()).toEqual(validated);
    for (const name of CHANNEL_NAMES) expect(typeof channels[name].request.safeParse).toBe('function');
  });

  it('answers an unknown channel with an error, not a crash', async () => {
    const core = tempCore();
    expect(await dispatch(core.handlers, 'leads.dropTable', {})).toEqual({
      ok: false,
      error: { code: 'unknown_channel', message: 'There is no channel named "leads.dropTable".' },
    });
    expect((await dispatch(core.handlers, '__proto__', {})).ok).toBe(false);
    expect((await dispatch(core.handlers, 'toString', {})).ok).toBe(false);
  });

  it('every channel rejects bad input with a clear message and changes nothing', async () => {
    const core = tempCore();
    const lead = core.leads.create({ name: 'Seed', phones: ['01000000000'], notes: '', stage: 'new' } as never);
    const before = fingerprint(core);
    const bad: unknown[] = [null, 42, 'text', [], { id: 'not-an-id' }, { bogus: true }, { id: lead.id, extra: 1 }];
    for (const channel of CORE_CHANNELS) {
      for (const payload of bad) {
        const result = await dispatch(core.handlers, channel, payload);
        // Some channels accept an empty-ish request (lists, status); none may accept garbage fields.
        if (result.ok) {
          expect(payload, `${channel} accepted ${JSON.stringify(payload)}`).toEqual({});
          continue;
        }
        expect(result.error.code, `${channel} ${JSON.stringify(payload)}`).toMatch(/invalid_input|not_found/);
        expect(result.error.message.length).toBeGreaterThan(5);
        expect(result.error.message).not.toMatch(/at .*\.ts:\d+/); // never a stack trace
      }
    }
    expect(fingerprint(core)).toBe(before);
  });

  it('arbitrary JSON sent to any channel never crashes and never writes (property)', async () => {
    const core = tempCore();
    core.leads.create({ name: 'Seed', phones: ['01000000000'], notes: '', stage: 'new' } as never);
    const before = fingerprint(core);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...CORE_CHANNELS), fc.jsonValue(), async (channel, payload) => {
        const result = await dispatch(core.handlers, channel, payload);
        if (!result.ok) expect(result.error.code).not.toBe('internal');
      }),
      { numRuns: 400, seed: 7 },
    );
    // Random JSON almost never forms a valid create; whatever was accepted was a read.
    const writes = ['leads.create', 'leads.update', 'leads.moveToStage', 'leads.delete', 'leads.restore', 'calls.log', 'notes.add', 'tasks.create', 'tasks.complete', 'tasks.reschedule'];
    expect(writes.every((w) => CHANNEL_NAMES.includes(w as never))).toBe(true);
    expect(fingerprint(core)).toBe(before);
  });

  it('explains field problems in words a user understands', async () => {
    const core = tempCore();
    const result = await dispatch(core.handlers, 'leads.create', {
      name: '  ',
      phones: [''],
      email: 'not-an-email',
      stage: 'closed',
      outcome: 'lost',
      budgetMin: 5,
      budgetMax: 1,
    });
    expect(result.ok).toBe(false);
    const message = result.ok ? '' : result.error.message;
    expect(message).toContain('name: a lead needs a name');
    expect(message).toContain('phones.0: a phone cannot be empty');
    expect(message).toContain('email: is not an email address');
    expect(message).toContain('lostReason: a lost lead needs a reason');
    expect(message).toContain('budgetMax: the budget maximum is below the minimum');
  });

  it('an edit is checked against the whole lead it makes, not only the fields it names', async () => {
    const core = tempCore();
    const lead = core.leads.create({ name: 'Seed', phones: ['01000000000'], notes: '', stage: 'new', budgetMax: 1_000 } as never);
    const before = fingerprint(core);
    expect(await dispatch(core.handlers, 'leads.update', { id: lead.id, changes: { budgetMin: 5_000 } })).toEqual({
      ok: false,
      error: { code: 'invalid_input', message: 'budgetMax: the budget maximum (1000) is below the minimum (5000)' },
    });
    expect(await dispatch(core.handlers, 'leads.update', { id: lead.id, changes: { phones: [] } })).toEqual({
      ok: false,
      error: { code: 'invalid_input', message: 'phones: a lead needs a phone or an email' },
    });
    expect(fingerprint(core)).toBe(before);
    // With an email, the phones may go; and a budget that fits is taken.
    expect((await dispatch(core.handlers, 'leads.update', { id: lead.id, changes: { phones: [], email: 'seed@example.com', budgetMin: 500 } })).ok).toBe(true);
  });
});
