import { describe, expect, it } from 'vitest';
import { fingerprint, tempCore } from '../support/temp';

function failOutbox(core: ReturnType<typeof tempCore>) {
  core.outbox.append = () => {
    throw new Error('disk full while writing the outbox');
  };
}

describe('a write is the row change and its outbox op, or neither', () => {
  it('a new lead whose outbox write fails leaves no lead, no op, no search entry and no event', () => {
    const core = tempCore();
    const before = fingerprint(core);
    failOutbox(core);
    expect(() => core.leads.create({ name: 'Mona Hassan', phones: ['01012345678'], notes: '', stage: 'new' } as never)).toThrow(
      /disk full/,
    );
    expect(fingerprint(core)).toBe(before);
    expect(core.leads.list({ search: 'mona', sort: 'updated', limit: 50 }).items).toEqual([]);
  });

  it('an edit whose outbox write fails leaves the lead as it was', async () => {
    const core = tempCore();
    const lead = core.leads.create({ name: 'Mona Hassan', phones: ['01012345678'], notes: 'first', stage: 'new' } as never);
    const before = fingerprint(core);
    failOutbox(core);
    expect(() => core.leads.update(lead.id, { notes: 'second' })).toThrow(/disk full/);
    expect(() => core.leads.moveToStage(lead.id, 'contacted', null, null)).toThrow(/disk full/);
    expect(() => core.leads.delete(lead.id)).toThrow(/disk full/);
    expect(() =>
      core.activity.logCall({ leadId: lead.id, outcome: 'answered', durationSeconds: 60, note: '' }),
    ).toThrow(/disk full/);
    expect(fingerprint(core)).toBe(before);
    expect(core.leads.get(lead.id).notes).toBe('first');
    expect(core.leads.list({ search: 'first', sort: 'updated', limit: 50 }).items.map((l) => l.id)).toEqual([lead.id]);
  });

  it('a bulk creation that fails half-way keeps none of it', () => {
    const core = tempCore();
    const before = fingerprint(core);
    let calls = 0;
    const append = core.outbox.append.bind(core.outbox);
    core.outbox.append = (op) => {
      if (++calls === 50) throw new Error('power cut');
      return append(op);
    };
    const drafts = Array.from({ length: 100 }, (_, i) => ({ name: `Lead ${i}`, phones: [`0101234${String(i).padStart(4, '0')}`], notes: '', stage: 'new' }) as never);
    expect(() => core.leads.createMany(drafts)).toThrow(/power cut/);
    expect(fingerprint(core)).toBe(before);
  });
});
