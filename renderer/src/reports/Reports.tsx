import { useId, useMemo, useState } from 'react';
import type { ChartData } from 'chart.js';
import { CALL_OUTCOMES, CALL_OUTCOME_LABELS, STAGE_LABELS } from '../../../shared/pipeline';
import type { ActivityReport, ReportFilter } from '../../../shared/reports';
import type { RequestOf } from '../../../shared/contract';
import { useCrmQuery } from '../api';
import { openLead, routeHash } from '../router';
import { everyCallDay } from '../../../shared/call-days';
import { COLORS } from './chart-setup';
import { EMPTY_FILTER, percent, toReportFilter, type FilterInput } from './filter';
import { ReportSection } from './ReportSection';
import './Reports.css';

/** Reports for sales managers: the pipeline funnel, lead aging, agent activity and source performance. */
export function Reports() {
  const [input, setInput] = useState<FilterInput>(EMPTY_FILTER);
  // While "To" is before "From" the reports keep showing the last range that made sense.
  const [filter, setFilter] = useState<ReportFilter>({});
  const rangeInvalid = !!input.fromDay && !!input.toDay && input.toDay < input.fromDay;
  const update = (next: FilterInput) => {
    setInput(next);
    if (!next.fromDay || !next.toDay || next.toDay >= next.fromDay) setFilter(toReportFilter(next));
  };
  const users = useCrmQuery('users.list', {}, [], { reloadOn: ['syncStatus'] });
  const names = useMemo(() => new Map((users.data ?? []).map((u) => [u.id, u.name])), [users.data]);
  const set = (key: keyof FilterInput) => (event: { target: { value: string } }) => update({ ...input, [key]: event.target.value });
  const ids = { from: useId(), to: useId(), owner: useId(), source: useId(), rangeError: useId() };

  return (
    <div className="reports">
      <h1>Reports</h1>
      <form className="report-filters" aria-label="Report filters" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor={ids.from}>
          From
          <input id={ids.from} type="date" value={input.fromDay} onChange={set('fromDay')} />
        </label>
        <label htmlFor={ids.to}>
          To
          <input
            id={ids.to}
            type="date"
            value={input.toDay}
            onChange={set('toDay')}
            aria-invalid={rangeInvalid}
            aria-describedby={rangeInvalid ? ids.rangeError : undefined}
          />
          {rangeInvalid && (
            <span id={ids.rangeError} className="field-error" role="alert">
              “To” must not be before “From”.
            </span>
          )}
        </label>
        <label htmlFor={ids.owner}>
          Owner
          <select id={ids.owner} value={input.ownerId} onChange={set('ownerId')}>
            <option value="">Everyone</option>
            {(users.data ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={ids.source}>
          Source
          <input id={ids.source} type="text" value={input.source} onChange={set('source')} placeholder="Any source" />
        </label>
        <button type="button" onClick={() => update(EMPTY_FILTER)} disabled={input === EMPTY_FILTER}>
          Clear filters
        </button>
      </form>
      <div className="report-grid">
        <Funnel filter={filter} />
        <Aging filter={filter} />
        <Activity filter={filter} names={names} />
        <Sources filter={filter} />
      </div>
    </div>
  );
}

/** Reloads a report whenever the filter changes (compared by value) or leads change. */
function useReport<C extends 'reports.funnel' | 'reports.aging' | 'reports.activity' | 'reports.sources'>(channel: C, filter: ReportFilter) {
  const query = useCrmQuery(channel, filter as RequestOf<C>, [JSON.stringify(filter)]);
  return { data: query.data, loading: !query.data && !query.error, error: query.error?.message ?? null };
}

function Funnel({ filter }: { filter: ReportFilter }) {
  const { data, loading, error } = useReport('reports.funnel', filter);
  let chart: ChartData<'bar'> | null = null;
  if (data) {
    chart = {
      labels: data.stages.map((s) => STAGE_LABELS[s.stage]),
      datasets: [
        { label: 'Leads now', data: data.stages.map((s) => s.leadsNow), backgroundColor: COLORS[0] },
        { label: 'Entered in range', data: data.stages.map((s) => s.entered), backgroundColor: COLORS[1] },
        { label: 'Moved forward', data: data.stages.map((s) => s.movedForward), backgroundColor: COLORS[2] },
      ],
    };
  }
  return (
    <ReportSection report="funnel" title="Pipeline funnel" filter={filter} chart={chart} loading={loading} error={error}>
      {data && (
        <>
          <table className="report-table">
            <caption className="sr-only">Pipeline funnel by stage</caption>
            <thead>
              <tr>
                <th scope="col">Stage</th>
                <th scope="col">Leads now</th>
                <th scope="col">Entered</th>
                <th scope="col">Moved forward</th>
                <th scope="col">Forward rate</th>
              </tr>
            </thead>
            <tbody>
              {data.stages.map((s) => (
                <tr key={s.stage} data-stage={s.stage}>
                  <th scope="row">{STAGE_LABELS[s.stage]}</th>
                  <td>{s.leadsNow}</td>
                  <td>{s.entered}</td>
                  <td>{s.movedForward}</td>
                  <td>{percent(s.forwardRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="report-note">
            Closed in range: <strong>{data.closedInRange.won}</strong> won, <strong>{data.closedInRange.lost}</strong> lost. Closed now:{' '}
            {data.closedNow.won} won, {data.closedNow.lost} lost.
          </p>
        </>
      )}
    </ReportSection>
  );
}

function Aging({ filter }: { filter: ReportFilter }) {
  const { data, loading, error } = useReport('reports.aging', filter);
  let chart: ChartData<'bar'> | null = null;
  if (data) {
    chart = {
      labels: data.stages.map((s) => STAGE_LABELS[s.stage]),
      datasets: [
        { label: 'Median days in stage', data: data.stages.map((s) => s.medianDays ?? 0), backgroundColor: COLORS[0] },
        { label: '90th percentile days', data: data.stages.map((s) => s.p90Days ?? 0), backgroundColor: COLORS[2] },
      ],
    };
  }
  return (
    <ReportSection report="aging" title="Lead aging" filter={filter} chart={chart} loading={loading} error={error}>
      {data && (
        <>
          <table className="report-table">
            <caption className="sr-only">Days leads have waited in each stage</caption>
            <thead>
              <tr>
                <th scope="col">Stage</th>
                <th scope="col">Leads</th>
                <th scope="col">Median days</th>
                <th scope="col">90th percentile days</th>
                <th scope="col">Stale</th>
              </tr>
            </thead>
            <tbody>
              {data.stages.map((s) => (
                <tr key={s.stage} data-stage={s.stage}>
                  <th scope="row">{STAGE_LABELS[s.stage]}</th>
                  <td>{s.leads}</td>
                  <td>{s.medianDays ?? '–'}</td>
                  <td>{s.p90Days ?? '–'}</td>
                  <td>{s.stale}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Stale leads</h3>
          {data.staleLeads.length === 0 ? (
            <p className="muted">No lead has waited too long in its stage.</p>
          ) : (
            <ul className="stale-leads" aria-label="Stale leads, longest waiting first">
              {data.staleLeads.map((lead) => (
                <li key={lead.id}>
                  <a
                    dir="auto"
                    href={routeHash({ view: 'lead', id: lead.id, from: 'reports' })}
                    onClick={(event) => {
                      event.preventDefault();
                      openLead(lead.id);
                    }}
                  >
                    {lead.name}
                  </a>{' '}
                  <span className="muted">
                    {STAGE_LABELS[lead.stage]}, {lead.days} {lead.days === 1 ? 'day' : 'days'}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </ReportSection>
  );
}

function Activity({ filter, names }: { filter: ReportFilter; names: Map<string, string> }) {
  const { data, loading, error } = useReport('reports.activity', filter);
  const agentName = (id: string | null) => (id === null ? 'Unknown' : (names.get(id) ?? id));
  let chart: ChartData<'bar'> | null = null;
  if (data?.agents.length) {
    chart = {
      labels: data.agents.map((a) => agentName(a.ownerId)),
      datasets: CALL_OUTCOMES.map((outcome, i) => ({
        label: CALL_OUTCOME_LABELS[outcome],
        data: data.agents.map((a) => a.byOutcome[outcome]),
        backgroundColor: COLORS[i % COLORS.length],
      })),
    };
  }
  return (
    <>
      <ReportSection report="activity" title="Agent activity" filter={filter} chart={chart} stacked loading={loading} error={error}>
        {data &&
          (data.agents.length === 0 ? (
            <p className="muted">No calls, follow-ups or stage moves in this range.</p>
          ) : (
            <div className="report-table-scroll">
              <table className="report-table">
                <caption className="sr-only">Work done per agent</caption>
                <thead>
                  <tr>
                    <th scope="col">Agent</th>
                    <th scope="col">Calls</th>
                    {CALL_OUTCOMES.map((outcome) => (
                      <th key={outcome} scope="col">
                        {CALL_OUTCOME_LABELS[outcome]}
                      </th>
                    ))}
                    <th scope="col">Follow-ups done</th>
                    <th scope="col">Follow-ups overdue</th>
                    <th scope="col">Stage moves</th>
                  </tr>
                </thead>
                <tbody>
                  {data.agents.map((a) => (
                    <tr key={a.ownerId ?? 'unknown'}>
                      <th scope="row">{agentName(a.ownerId)}</th>
                      <td>{a.calls}</td>
                      {CALL_OUTCOMES.map((outcome) => (
                        <td key={outcome}>{a.byOutcome[outcome]}</td>
                      ))}
                      <td>{a.followUpsDone}</td>
                      <td>{a.followUpsOverdue}</td>
                      <td>{a.stageMoves}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
      </ReportSection>
      <CallsPerDay filter={filter} days={data?.days} loading={loading} error={error} />
    </>
  );
}

/** Everyone's calls (as filtered) per day, stacked by outcome; its CSV is the activity report's. */
function CallsPerDay(props: { filter: ReportFilter; days: ActivityReport['days'] | undefined; loading: boolean; error: string | null }) {
  const days = props.days ? everyCallDay(props.days) : [];
  const chart: ChartData<'bar'> | null = days.length
    ? {
        labels: days.map((d) => d.day),
        datasets: CALL_OUTCOMES.map((outcome, i) => ({
          label: CALL_OUTCOME_LABELS[outcome],
          data: days.map((d) => d.byOutcome[outcome]),
          backgroundColor: COLORS[i % COLORS.length],
          maxBarThickness: 40,
        })),
      }
    : null;
  return (
    <ReportSection report="activity" title="Calls per day" filter={props.filter} chart={chart} stacked loading={props.loading} error={props.error}>
      {props.days &&
        (props.days.length === 0 ? (
          <p className="muted">No calls in this range.</p>
        ) : (
          <div className="report-table-scroll report-days">
            <table className="report-table">
              <caption className="sr-only">Calls per day by outcome (days with calls)</caption>
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col">Calls</th>
                  {CALL_OUTCOMES.map((outcome) => (
                    <th key={outcome} scope="col">
                      {CALL_OUTCOME_LABELS[outcome]}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {props.days.map((d) => (
                  <tr key={d.day}>
                    <th scope="row">{d.day}</th>
                    <td>{d.calls}</td>
                    {CALL_OUTCOMES.map((outcome) => (
                      <td key={outcome}>{d.byOutcome[outcome]}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </ReportSection>
  );
}

function Sources({ filter }: { filter: ReportFilter }) {
  const { data, loading, error } = useReport('reports.sources', filter);
  const sourceName = (source: string | null) => source ?? 'No source';
  let chart: ChartData<'bar'> | null = null;
  if (data?.sources.length) {
    chart = {
      labels: data.sources.map((s) => sourceName(s.source)),
      datasets: [
        { label: 'Leads', data: data.sources.map((s) => s.leads), backgroundColor: COLORS[0] },
        { label: 'Won', data: data.sources.map((s) => s.won), backgroundColor: COLORS[1] },
        { label: 'Lost', data: data.sources.map((s) => s.lost), backgroundColor: COLORS[4] },
      ],
    };
  }
  return (
    <ReportSection report="sources" title="Source performance" filter={filter} chart={chart} loading={loading} error={error}>
      {data &&
        (data.sources.length === 0 ? (
          <p className="muted">No leads were created in this range.</p>
        ) : (
          <table className="report-table">
            <caption className="sr-only">Leads, wins and losses per source</caption>
            <thead>
              <tr>
                <th scope="col">Source</th>
                <th scope="col">Leads</th>
                <th scope="col">Won</th>
                <th scope="col">Lost</th>
                <th scope="col">Close rate</th>
                <th scope="col">Win rate</th>
              </tr>
            </thead>
            <tbody>
              {data.sources.map((s) => (
                <tr key={s.source ?? ''}>
                  <th scope="row">{sourceName(s.source)}</th>
                  <td>{s.leads}</td>
                  <td>{s.won}</td>
                  <td>{s.lost}</td>
                  <td>{percent(s.closeRate)}</td>
                  <td>{percent(s.winRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </ReportSection>
  );
}
