import { describe, expect, it } from 'vitest';
import { dispatch } from '../../main/dispatch';
import { csvCell, toCsv } from '../../shared/report-csv';
import { branchFixture } from './fixture';

describe('report CSV export', () => {
  it('keeps text that would start a spreadsheet formula as text', () => {
    expect(['=1+1', '+20100', '-5', '@SUM(A1)', '\tx', '\rx'].map(csvCell)).toEqual(["'=1+1", "'+20100", "'-5", "'@SUM(A1)", "'\tx", `"'\rx"`]);
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a, "b"')).toBe('"a, ""b"""');
    expect(csvCell(-0.5)).toBe('-0.5'); // numbers are ours, never a formula
    expect(csvCell(null)).toBe('');
    expect(toCsv([['a', 1], ['b', null]])).toBe('a,1\r\nb,\r\n');
  });

  it('exports the stale leads with a formula-like name escaped and quoted', async () => {
    const { core, ids } = branchFixture();
    core.leads.update(ids.camelia, { name: '=HYPERLINK("http://evil.example","Camelia")' });
    const result = await dispatch(core.handlers, 'reports.exportCsv', { report: 'aging', filter: {} });
    expect(result).toEqual({
      ok: true,
      value: {
        filename: 'fieldline-aging-2026-03-21.csv',
        csv: [
          'lead_id,name,stage,days_in_stage',
          `${ids.badr},Badr,contacted,18`,
          `${ids.amal},Amal,viewing,15`,
          `${ids.camelia},"'=HYPERLINK(""http://evil.example"",""Camelia"")",new,10`,
          '',
        ].join('\r\n'),
      },
    });
  });

  it('exports each report\'s rows, filtered like the report', async () => {
    const { core } = branchFixture();
    const csv = async (report: string, filter: object) => {
      const result = await dispatch(core.handlers, 'reports.exportCsv', { report, filter });
      if (!result.ok) throw new Error(result.error.message);
      return (result.value as { csv: string }).csv.split('\r\n');
    };
    expect(await csv('sources', { ownerId: 'mona' })).toEqual([
      'source,leads,won,lost,close_rate,win_rate',
      'facebook,1,0,0,,0',
      'referral,1,1,0,1,1',
      'website,1,0,0,,0',
      '',
    ]);
    expect(await csv('funnel', {})).toEqual([
      'stage,leads_now,entered,moved_forward,forward_rate,won,lost',
      'new,2,5,3,0.6,,',
      'contacted,1,2,1,0.5,,',
      'viewing,1,1,0,0,,',
      'negotiation,0,1,1,1,,',
      'closed,2,2,0,0,1,1',
      '',
    ]);
    expect(await csv('activity', { source: 'facebook' })).toEqual([
      'owner_id,calls,answered,no_answer,voicemail,busy,wrong_number,follow_ups_done,follow_ups_overdue,stage_moves',
      'mona,2,1,1,0,0,0,1,0,2',
      'omar,2,1,0,1,0,0,0,0,1',
      '',
      // Then each agent's calls per day by outcome, oldest day first.
      'day,owner_id,calls,answered,no_answer,voicemail,busy,wrong_number',
      '2026-03-02,mona,2,1,1,0,0,0',
      '2026-03-03,omar,2,1,0,1,0,0',
      '',
    ]);
  });
});
