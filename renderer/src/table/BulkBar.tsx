import { useEffect, useState } from 'react';
import type { BulkAction, BulkActionKind, BulkLeadProblem, Colleague } from '../../../shared/contract';
import { STAGE_LABELS } from '../../../shared/pipeline';
import { call, messageOf } from '../api';
import { downloadText } from '../reports/download';
import { useSession } from '../session';
import { bulkJobBusy, dismissBulkJob, recallLastBulkJob, startBulkJob, undoBulkJob, useBulkJob, type BulkJob } from './bulk-job';
import { bulkTarget, selectedCount, type BulkSelection } from './bulk-selection';
import { BulkActionDialog, leadsCount } from './BulkDialogs';
import type { LeadQuery } from './lead-query';
import './BulkBar.css';

/** Problems listed by name; the rest are counted. */
const PROBLEMS_SHOWN = 20;

/**
 * The actions on the ticked leads (move, reassign for managers, follow-up, delete,
 * export), the "select all N matching" switch, and the last action's progress bar,
 * summary and Undo.
 */
export function BulkBar(props: {
  selection: BulkSelection;
  /** How many leads the table's query matches (null while counting). */
  total: number | null;
  query: LeadQuery;
  people: readonly Colleague[];
  onSelectAllMatching: () => void;
  onClear: () => void;
}) {
  const { selection, total } = props;
  const { can, user } = useSession();
  const job = useBulkJob(user?.id ?? null);
  const [asking, setAsking] = useState<BulkActionKind | null>(null);
  const [exported, setExported] = useState<{ message: string; failed: boolean } | null>(null);
  const count = selectedCount(selection, total);
  const busy = bulkJobBusy();
  const userId = user?.id ?? null;
  // The last action's Undo outlives a reload; a failed lookup just offers none.
  useEffect(() => {
    recallLastBulkJob(userId).catch(() => {});
  }, [userId]);

  const run = async (action: BulkAction) => {
    setAsking(null);
    const target = bulkTarget(selection, props.query);
    await startBulkJob(user?.id ?? null, target, action);
    props.onClear();
  };

  const exportCsv = async () => {
    setExported({ message: 'Exporting…', failed: false });
    try {
      const file = await call('bulk.exportCsv', { target: bulkTarget(selection, props.query) });
      downloadText(file.csv, file.filename, 'text/csv;charset=utf-8');
      setExported({ message: `Exported ${leadsCount(file.exported)} to ${file.filename}.`, failed: false });
    } catch (failure) {
      setExported({ message: messageOf(failure), failed: true });
    }
  };

  if (count === 0 && !job && !exported) return null;
  return (
    <div className="bulk-area">
      {count > 0 && (
        <div className="bulk-bar" role="group" aria-label="Bulk actions">
          <span className="bulk-count" role="status" data-testid="bulk-count">
            {selection.kind === 'matching' ? `All ${leadsCount(count)} matching selected` : `${count.toLocaleString()} selected`}
          </span>
          {selection.kind === 'ids' && total !== null && total > count && (
            <button type="button" className="bulk-link" onClick={props.onSelectAllMatching}>
              Select all {leadsCount(total)} matching
            </button>
          )}
          <span className="bulk-actions">
            <button type="button" disabled={busy} onClick={() => setAsking('moveToStage')}>
              Move to stage…
            </button>
            {can.reassign && (
              <button type="button" disabled={busy} onClick={() => setAsking('assign')}>
                Reassign…
              </button>
            )}
            <button type="button" disabled={busy} onClick={() => setAsking('followUp')}>
              Set follow-up…
            </button>
            <button type="button" className="danger" disabled={busy} onClick={() => setAsking('delete')}>
              Delete…
            </button>
            <button type="button" onClick={() => void exportCsv()}>
              Export CSV
            </button>
            <button type="button" onClick={props.onClear}>
              Clear selection
            </button>
          </span>
        </div>
      )}
      {exported && (
        <p className={exported.failed ? 'bulk-export error' : 'bulk-export'} role={exported.failed ? 'alert' : 'status'}>
          {exported.message}{' '}
          <button type="button" className="bulk-link" onClick={() => setExported(null)}>
            Dismiss<span className="sr-only"> export message</span>
          </button>
        </p>
      )}
      {job && <BulkStatus job={job} people={props.people} />}
      {asking && (
        <BulkActionDialog
          kind={asking}
          count={count}
          people={props.people}
          meId={user?.id ?? null}
          onConfirm={(action) => void run(action)}
          onCancel={() => setAsking(null)}
        />
      )}
    </div>
  );
}

/** What the action is doing, in words: "Moving 40 leads to Viewing". */
function describe(action: BulkAction, people: readonly Colleague[], n: number | null, past: boolean): string {
  const leads = n === null ? 'leads' : leadsCount(n);
  switch (action.kind) {
    case 'moveToStage': {
      const to = action.stage === 'closed' ? (action.outcome === 'won' ? 'Closed, won' : 'Closed, lost') : STAGE_LABELS[action.stage];
      return `${past ? 'Moved' : 'Moving'} ${leads} to ${to}`;
    }
    case 'assign': {
      const name = people.find((person) => person.id === action.ownerId)?.name ?? 'another owner';
      return `${past ? 'Reassigned' : 'Reassigning'} ${leads} to ${name}`;
    }
    case 'followUp':
      return `${past ? 'Added' : 'Adding'} the follow-up "${action.title}" to ${leads}`;
    case 'delete':
      return `${past ? 'Deleted' : 'Deleting'} ${leads}`;
  }
}

/** The progress bar while a bulk action or its undo runs, then what it did and its Undo. */
function BulkStatus({ job, people }: { job: BulkJob; people: readonly Colleague[] }) {
  if (job.phase === 'running' || job.phase === 'undoing') {
    const label = job.phase === 'running' ? describe(job.action, people, job.total, false) : 'Undoing';
    return (
      <div className="bulk-status" role="status" data-testid="bulk-progress">
        <span>{label}…</span>
        <progress
          aria-label={job.phase === 'running' ? 'Bulk action progress' : 'Undo progress'}
          max={job.total ?? undefined}
          value={job.total ? job.done : undefined}
        />
        {job.total !== null && (
          <span className="bulk-progress-count">
            {job.done.toLocaleString()} of {job.total.toLocaleString()}
          </span>
        )}
      </div>
    );
  }
  if (job.phase === 'failed') {
    return (
      <div className="bulk-status" role="alert">
        <span className="error">{job.message}</span>
        <button type="button" onClick={dismissBulkJob}>
          Dismiss
        </button>
      </div>
    );
  }
  const { outcome } = job;
  return (
    <div className="bulk-status bulk-result">
      <div className="bulk-result-line">
        <p role="status" data-testid={job.phase === 'undone' ? 'bulk-undone' : 'bulk-summary'}>
          {job.phase === 'undone' ? (
            <>
              Undone: {leadsCount(job.undo.undone)} put back
              {job.action.kind === 'followUp' && ' (their follow-ups are marked done; follow-ups are never deleted)'}.
            </>
          ) : (
            <>
              {describe(job.action, people, outcome.changed, true)}.
              {outcome.skipped > 0 &&
                ` ${outcome.skipped.toLocaleString()} skipped (${outcome.skippedBecause.map((s) => `${s.count.toLocaleString()} ${s.reason}`).join('; ')}).`}
              {outcome.failed.length > 0 && ` ${leadsCount(outcome.failed.length)} could not be changed.`}
            </>
          )}
        </p>
        {job.phase === 'done' && outcome.changed > 0 && (
          <button type="button" onClick={() => void undoBulkJob()}>
            Undo
          </button>
        )}
        <button type="button" onClick={dismissBulkJob}>
          Dismiss
        </button>
      </div>
      {job.phase === 'done' && <Problems title="Not changed:" problems={outcome.failed} />}
      {job.phase === 'undone' && <Problems title="Not undone, because someone changed them since:" problems={job.undo.notUndone} />}
    </div>
  );
}

function Problems({ title, problems }: { title: string; problems: readonly BulkLeadProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <div className="bulk-problems" data-testid="bulk-problems">
      <p>{title}</p>
      <ul>
        {problems.slice(0, PROBLEMS_SHOWN).map((problem) => (
          <li key={problem.leadId}>
            <span dir="auto">{problem.name ?? 'A lead no longer here'}</span>: {problem.reason}
          </li>
        ))}
      </ul>
      {problems.length > PROBLEMS_SHOWN && <p className="muted">and {(problems.length - PROBLEMS_SHOWN).toLocaleString()} more.</p>}
    </div>
  );
}
