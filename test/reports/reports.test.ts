import { describe, expect, it } from 'vitest';
import { dispatch } from '../../main/dispatch';
import type { CallsByOutcome } from '../../shared/reports';
import { everyCallDay } from '../../shared/call-days';
import { fingerprint } from '../support/temp';
import { branchFixture, day } from './fixture';

const calls = (counts: Partial<CallsByOutcome>): CallsByOutcome => ({ answered: 0, no_answer: 0, voicemail: 0, busy: 0, wrong_number: 0, ...counts });
const stageRow = (stage: string, leadsNow: number, entered: number, movedForward: number) => ({
  stage,
  leadsNow,
  entered,
  movedForward,
  forwardRate: entered ? Math.round((movedForward / entered) * 10_000) / 10_000 : null,
});

describe('pipeline funnel', () => {
  it('counts leads per stage now and each stage\'s entries and forward moves, leaving the deleted lead out', () => {
    const { core } = branchFixture();
    const report = core.reports.report('funnel', {});
    expect(report.asOf).toBe(day(20));
    expect(report.stages).toEqual([
      stageRow('new', 2, 5, 3), // Amal, Badr, Camelia, formula, Ehab entered; Amal, Badr, Ehab moved on
      stageRow('contacted', 1, 2, 1), // Amal and Badr; Amal went on to viewing
      stageRow('viewing', 1, 1, 0),
      stageRow('negotiation', 0, 1, 1), // Dalia was created in negotiation, then won
      stageRow('closed', 2, 2, 0),
    ]);
    expect(report.closedInRange).toEqual({ won: 1, lost: 1 });
    expect(report.closedNow).toEqual({ won: 1, lost: 1 });
  });

  it('counts only entries in the range (from inclusive, to exclusive), and follows them past its end', () => {
    const { core } = branchFixture();
    const report = core.reports.report('funnel', { from: day(1), to: day(6) });
    expect(report.stages).toEqual([
      stageRow('new', 2, 1, 1), // Ehab created d4, closed d7 (after the range, still forward)
      stageRow('contacted', 1, 2, 1), // Amal at exactly d1 counts; Badr d2
      stageRow('viewing', 1, 1, 0),
      stageRow('negotiation', 0, 1, 1), // Dalia created d3
      stageRow('closed', 2, 0, 0), // d6 and d7 are outside
    ]);
    expect(report.closedInRange).toEqual({ won: 0, lost: 0 });
    expect(report.filter).toEqual({ from: day(1), to: day(6) });
  });

  it('narrows to one owner and to one source', () => {
    const { core } = branchFixture();
    const mona = core.reports.report('funnel', { ownerId: 'mona' });
    expect(mona.stages).toEqual([
      stageRow('new', 1, 2, 1),
      stageRow('contacted', 0, 1, 1),
      stageRow('viewing', 1, 1, 0),
      stageRow('negotiation', 0, 1, 1),
      stageRow('closed', 1, 1, 0),
    ]);
    expect(mona.closedInRange).toEqual({ won: 1, lost: 0 });
    expect(mona.closedNow).toEqual({ won: 1, lost: 0 });
    const referral = core.reports.report('funnel', { source: 'referral' });
    expect(referral.stages).toEqual([
      stageRow('new', 0, 1, 1),
      stageRow('contacted', 0, 0, 0),
      stageRow('viewing', 0, 0, 0),
      stageRow('negotiation', 0, 1, 1),
      stageRow('closed', 2, 2, 0),
    ]);
    expect(referral.closedInRange).toEqual({ won: 1, lost: 1 });
  });
});

describe('pipeline funnel, reopened and re-decided leads', () => {
  it('counts a lead once per stage, by its first close, and a move back is not forward', () => {
    const { core, ids, at } = branchFixture();
    at(20.1);
    core.leads.moveToStage(ids.dalia, 'closed', 'lost', 'price'); // won on d6, now lost
    at(20.2);
    core.leads.moveToStage(ids.ehab, 'negotiation', null, null); // reopened: back, not forward
    const report = core.reports.report('funnel', {});
    expect(report.closedInRange).toEqual({ won: 1, lost: 1 });
    expect(report.closedNow).toEqual({ won: 0, lost: 1 });
    expect(report.stages.find((s) => s.stage === 'closed')).toEqual(stageRow('closed', 1, 2, 0));
    expect(report.stages.find((s) => s.stage === 'negotiation')).toEqual(stageRow('negotiation', 1, 2, 1));
  });
});

describe('lead aging', () => {
  it('gives count, median and p90 days per stage and lists the stale leads longest-waiting first', () => {
    const { core, ids } = branchFixture();
    const report = core.reports.report('aging', {});
    expect(report.stages).toEqual([
      { stage: 'new', leads: 2, medianDays: 1, p90Days: 10, stale: 1 }, // formula 1 day, Camelia 10 (> 2)
      { stage: 'contacted', leads: 1, medianDays: 18, p90Days: 18, stale: 1 }, // Badr (> 7)
      { stage: 'viewing', leads: 1, medianDays: 15, p90Days: 15, stale: 1 }, // Amal (> 10)
      { stage: 'negotiation', leads: 0, medianDays: null, p90Days: null, stale: 0 },
      { stage: 'closed', leads: 2, medianDays: 13, p90Days: 14, stale: 0 }, // closed never goes stale
    ]);
    expect(report.staleLeads).toEqual([
      { id: ids.badr, name: 'Badr', stage: 'contacted', days: 18 },
      { id: ids.amal, name: 'Amal', stage: 'viewing', days: 15 },
      { id: ids.camelia, name: 'Camelia', stage: 'new', days: 10 },
    ]);
  });

  it('narrows to leads that entered their stage in the range, and to an owner', () => {
    const { core, ids } = branchFixture();
    const ranged = core.reports.report('aging', { from: day(5), to: day(11) });
    expect(ranged.stages.map((s) => [s.stage, s.leads, s.stale])).toEqual([
      ['new', 1, 1],
      ['contacted', 0, 0],
      ['viewing', 1, 1],
      ['negotiation', 0, 0],
      ['closed', 2, 0],
    ]);
    expect(ranged.staleLeads.map((l) => l.id)).toEqual([ids.amal, ids.camelia]);
    const omar = core.reports.report('aging', { ownerId: 'omar' });
    expect(omar.stages.map((s) => [s.stage, s.leads, s.medianDays])).toEqual([
      ['new', 1, 1],
      ['contacted', 1, 18],
      ['viewing', 0, null],
      ['negotiation', 0, null],
      ['closed', 1, 13],
    ]);
    expect(omar.staleLeads.map((l) => l.id)).toEqual([ids.badr]);
    expect(core.reports.report('aging', { source: 'website' }).staleLeads.map((l) => l.id)).toEqual([ids.camelia]);
  });
});

describe('agent activity', () => {
  it('counts each agent\'s calls per day by outcome, follow-ups done and overdue, and stage moves', () => {
    const { core } = branchFixture();
    expect(core.reports.report('activity', {}).agents).toEqual([
      {
        ownerId: 'mona',
        calls: 4, // the busy call on Fady (deleted) is left out
        byOutcome: calls({ answered: 3, no_answer: 1 }),
        days: [
          { day: '2026-03-02', calls: 2, byOutcome: calls({ answered: 1, no_answer: 1 }) },
          { day: '2026-03-06', calls: 1, byOutcome: calls({ answered: 1 }) },
          { day: '2026-03-12', calls: 1, byOutcome: calls({ answered: 1 }) },
        ],
        followUpsDone: 1,
        followUpsOverdue: 1,
        stageMoves: 3,
      },
      {
        ownerId: 'omar',
        calls: 5,
        byOutcome: calls({ answered: 2, voicemail: 1, no_answer: 1, wrong_number: 1 }),
        days: [
          { day: '2026-03-03', calls: 2, byOutcome: calls({ answered: 1, voicemail: 1 }) },
          { day: '2026-03-07', calls: 1, byOutcome: calls({ no_answer: 1 }) },
          { day: '2026-03-08', calls: 1, byOutcome: calls({ answered: 1 }) },
          { day: '2026-03-20', calls: 1, byOutcome: calls({ wrong_number: 1 }) },
        ],
        followUpsDone: 1,
        followUpsOverdue: 1, // the formula lead's, due d19.5; Badr's is due d25
        stageMoves: 2,
      },
    ]);
  });

  it('narrows calls, done follow-ups and moves to the range (overdue is always as of now)', () => {
    const { core } = branchFixture();
    const summary = core.reports
      .report('activity', { from: day(2), to: day(7) })
      .agents.map((a) => [a.ownerId, a.calls, a.followUpsDone, a.followUpsOverdue, a.stageMoves]);
    expect(summary).toEqual([
      ['mona', 1, 1, 1, 2],
      ['omar', 3, 0, 1, 1],
    ]);
  });

  it('narrows to one agent and to work on one source\'s leads', () => {
    const { core } = branchFixture();
    const omar = core.reports.report('activity', { ownerId: 'omar' }).agents;
    expect(omar.map((a) => [a.ownerId, a.calls, a.followUpsDone, a.followUpsOverdue, a.stageMoves])).toEqual([['omar', 5, 1, 1, 2]]);
    const facebook = core.reports.report('activity', { source: 'facebook' }).agents;
    expect(facebook.map((a) => [a.ownerId, a.calls, a.followUpsDone, a.followUpsOverdue, a.stageMoves])).toEqual([
      ['mona', 2, 1, 0, 2],
      ['omar', 2, 0, 0, 1],
    ]);
  });
});

describe('calls per day (the stacked chart)', () => {
  it('adds up every agent\'s calls per UTC day by outcome, leaving out calls on deleted leads', () => {
    const { core, ids } = branchFixture();
    // A second agent's call on a day Omar called too, so that day's bar stacks both.
    core.store.run(core.store.q.updateTable('sync_state').set({ user_id: 'mona' }));
    core.activity.logCall({ leadId: ids.amal, outcome: 'busy', durationSeconds: 30, note: '', occurredAt: day(2) });
    expect(core.reports.report('activity', {}).days).toEqual([
      { day: '2026-03-02', calls: 2, byOutcome: calls({ answered: 1, no_answer: 1 }) },
      { day: '2026-03-03', calls: 3, byOutcome: calls({ answered: 1, voicemail: 1, busy: 1 }) }, // Fady's busy call is gone with him
      { day: '2026-03-06', calls: 1, byOutcome: calls({ answered: 1 }) },
      { day: '2026-03-07', calls: 1, byOutcome: calls({ no_answer: 1 }) },
      { day: '2026-03-08', calls: 1, byOutcome: calls({ answered: 1 }) },
      { day: '2026-03-12', calls: 1, byOutcome: calls({ answered: 1 }) },
      { day: '2026-03-20', calls: 1, byOutcome: calls({ wrong_number: 1 }) },
    ]);
    // The range, the agent and the source narrow it like the rest of the report.
    expect(core.reports.report('activity', { from: day(2), to: day(7) }).days.map((d) => [d.day, d.calls])).toEqual([
      ['2026-03-03', 3],
      ['2026-03-06', 1],
      ['2026-03-07', 1],
    ]);
    expect(core.reports.report('activity', { ownerId: 'omar' }).days.map((d) => [d.day, d.calls])).toEqual([
      ['2026-03-03', 2],
      ['2026-03-07', 1],
      ['2026-03-08', 1],
      ['2026-03-20', 1],
    ]);
    expect(core.reports.report('activity', { source: 'website' }).days.map((d) => [d.day, d.calls])).toEqual([
      ['2026-03-12', 1],
      ['2026-03-20', 1],
    ]);
  });

  it('fills the chart\'s quiet days with empty bars between the first and the last call', () => {
    const { core } = branchFixture();
    const days = everyCallDay(core.reports.report('activity', { ownerId: 'omar' }).days);
    expect(days.map((d) => `${d.day.slice(5)}:${d.calls}`).join(' ')).toBe(
      '03-03:2 03-04:0 03-05:0 03-06:0 03-07:1 03-08:1 03-09:0 03-10:0 03-11:0 03-12:0 03-13:0 03-14:0 03-15:0 03-16:0 03-17:0 03-18:0 03-19:0 03-20:1',
    );
    expect(days[1]!.byOutcome).toEqual(calls({}));
    expect(everyCallDay([])).toEqual([]);
    // Over a year of days, only the days with calls are drawn.
    const far = [days[0]!, { ...days[0]!, day: '2027-06-01' }];
    expect(everyCallDay(far)).toEqual(far);
  });
});

describe('source performance', () => {
  it('gives leads created, won, lost and both conversion rates per source', () => {
    const { core } = branchFixture();
    expect(core.reports.report('sources', {}).sources).toEqual([
      { source: 'facebook', leads: 2, won: 0, lost: 0, closeRate: null, winRate: 0 },
      { source: 'referral', leads: 2, won: 1, lost: 1, closeRate: 0.5, winRate: 0.5 },
      { source: 'website', leads: 2, won: 0, lost: 0, closeRate: null, winRate: 0 },
    ]);
  });

  it('narrows to leads created in the range, to an owner and to a source', () => {
    const { core } = branchFixture();
    expect(core.reports.report('sources', { from: day(3), to: day(20) }).sources.map((s) => [s.source, s.leads])).toEqual([
      ['referral', 2],
      ['website', 2],
    ]);
    expect(core.reports.report('sources', { ownerId: 'mona' }).sources).toEqual([
      { source: 'facebook', leads: 1, won: 0, lost: 0, closeRate: null, winRate: 0 },
      { source: 'referral', leads: 1, won: 1, lost: 0, closeRate: 1, winRate: 1 },
      { source: 'website', leads: 1, won: 0, lost: 0, closeRate: null, winRate: 0 },
    ]);
    expect(core.reports.report('sources', { source: 'website', to: day(19) }).sources).toEqual([
      { source: 'website', leads: 1, won: 0, lost: 0, closeRate: null, winRate: 0 },
    ]);
  });
});

describe('the reports channels', () => {
  it('answer through the contract and write nothing', async () => {
    const { core } = branchFixture();
    const before = fingerprint(core);
    // d3 09:00 UTC written in Cairo time: the bound is compared as UTC, so Dalia (created d3) is in.
    const result = await dispatch(core.handlers, 'reports.sources', { from: '2026-03-04T11:00:00+02:00', ownerId: ' mona ' });
    expect(result).toMatchObject({ ok: true, value: { asOf: day(20), filter: { from: '2026-03-04T11:00:00+02:00', ownerId: 'mona' } } });
    expect(result.ok && (result.value as { sources: unknown[] }).sources).toEqual([
      { source: 'referral', leads: 1, won: 1, lost: 0, closeRate: 1, winRate: 1 },
      { source: 'website', leads: 1, won: 0, lost: 0, closeRate: null, winRate: 0 },
    ]);
    for (const channel of ['reports.funnel', 'reports.aging', 'reports.activity', 'reports.sources']) {
      expect((await dispatch(core.handlers, channel, {})).ok).toBe(true);
    }
    expect(fingerprint(core)).toBe(before);
  });

  it('refuse a bad filter as invalid input and change nothing', async () => {
    const { core } = branchFixture();
    const before = fingerprint(core);
    const bad = [
      { from: 'last week' },
      { to: '2026-03-05' }, // a date without a time
      { from: day(5), to: day(1) },
      { from: day(5), to: day(5) },
      { ownerId: '   ' },
      { source: 'x'.repeat(101) },
      { owner: 'mona' },
      null,
      [],
    ];
    for (const channel of ['reports.funnel', 'reports.aging', 'reports.activity', 'reports.sources']) {
      for (const filter of bad) {
        const result = await dispatch(core.handlers, channel, filter);
        expect(result.ok ? 'accepted' : result.error.code, `${channel} ${JSON.stringify(filter)}`).toBe('invalid_input');
      }
    }
    for (const request of [{ report: 'pipeline' }, { report: 'funnel', filter: { from: 'soon' } }, { report: 'funnel', extra: 1 }, {}]) {
      const result = await dispatch(core.handlers, 'reports.exportCsv', request);
      expect(result.ok ? 'accepted' : result.error.code, JSON.stringify(request)).toBe('invalid_input');
    }
    expect(fingerprint(core)).toBe(before);
  });
});
