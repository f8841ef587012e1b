import { useEffect, useRef, useState } from 'react';
import type { DuplicatePair, DuplicateReason } from '../../../shared/contract';
import type { Lead } from '../../../shared/model';
import { STAGE_LABELS } from '../../../shared/pipeline';
import { call, messageOf, useCrmEvent, useCrmQuery } from '../api';
import { formatWhen } from '../lead/format';
import { openLead } from '../router';
import { MergeDialog } from './MergeDialog';
import './duplicates.css';

const PAGE = 100;
const MAX = 500;
/**
 * Leads change in bursts (a first sync writes a page of leads every few hundred ms) and
 * the list costs up to a few hundred ms at 100K leads: it reloads at most this often.
 */
const RELOAD_AFTER_MS = 1_500;

const REASON_LABELS: Record<DuplicateReason, string> = {
  phone: 'Same phone',
  email: 'Same email',
  similar_name: 'Similar name',
};

/**
 * Possible duplicates, for managers: pairs of live leads in one branch with the same
 * phone or email, or similar names, newest first. It reloads whenever leads change, so
 * leads another computer entered show up here once sync brings them. Each pair can be
 * merged (a two-way merge that keeps both timelines) or set aside as two people.
 */
export function PossibleDuplicates() {
  const [limit, setLimit] = useState(PAGE);
  const pairs = useCrmQuery('leads.possibleDuplicates', { limit }, [limit], { reloadOn: [] });
  useReloadAfterChanges(pairs.reload);
  const [merging, setMerging] = useState<DuplicatePair | null>(null);
  const [notice, setNotice] = useState<{ text: string; lead: Lead | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  // The pair just handled leaves the list; the keyboard carries on from the top.
  const done = (text: string, lead: Lead | null) => {
    setNotice({ text, lead });
    setError(null);
    heading.current?.focus();
  };

  const dismiss = async ([a, b]: DuplicatePair['leads']) => {
    try {
      await call('leads.dismissDuplicate', { leadId: a.id, otherId: b.id });
      pairs.reload();
      done(`${a.name} and ${b.name} are no longer listed as possible duplicates.`, null);
    } catch (failure) {
      setError(messageOf(failure));
    }
  };

  const list = pairs.data;
  return (
    <div className="duplicates">
      <h1 ref={heading} tabIndex={-1}>
        Possible duplicates
      </h1>
      <p className="muted">Leads in one branch with the same phone or email, or similar names. Newest first.</p>
      <p className="live-notice" role="status">
        {notice?.text}{' '}
        {notice?.lead && (
          <button type="button" className="link-button" onClick={() => openLead(notice.lead!.id)}>
            Open {notice.lead.name}
          </button>
        )}
      </p>
      {(pairs.error ?? error) && (
        <p className="error" role="alert">
          {pairs.error?.message ?? error}
        </p>
      )}
      {!list && !pairs.error && (
        <p className="muted" role="status">
          Looking for duplicates…
        </p>
      )}
      {list && list.length === 0 && <p className="duplicates-empty">No possible duplicates.</p>}
      {list && list.length > 0 && (
        <ul className="duplicate-pairs">
          {list.map((pair) => (
            <li key={pair.leads.map((l) => l.id).join()} className="duplicate-pair" data-testid="duplicate-pair" aria-label={`${pair.leads[0].name} and ${pair.leads[1].name}`}>
              <div className="duplicate-reasons">
                {pair.reasons.map((reason) => (
                  <span key={reason} className={reason === 'similar_name' ? 'badge' : 'badge warn'}>
                    {REASON_LABELS[reason]}
                  </span>
                ))}
              </div>
              <div className="duplicate-leads">
                {pair.leads.map((lead) => (
                  <LeadSummary key={lead.id} lead={lead} />
                ))}
              </div>
              <div className="duplicate-actions">
                <button type="button" className="primary" onClick={() => setMerging(pair)}>
                  Merge…
                </button>
                <button type="button" onClick={() => void dismiss(pair.leads)}>
                  Not duplicates
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {list && list.length >= limit && limit < MAX && (
        <button type="button" onClick={() => setLimit(Math.min(MAX, limit + PAGE))}>
          Show more
        </button>
      )}
      {merging && (
        <MergeDialog
          pair={merging.leads}
          onClose={() => setMerging(null)}
          onMerged={(survivor) => {
            setMerging(null);
            pairs.reload();
            done(`Merged: ${survivor.name} now holds both leads' history.`, survivor);
          }}
        />
      )}
    </div>
  );
}

/** Calls `reload` once leads have changed, at most every RELOAD_AFTER_MS. */
function useReloadAfterChanges(reload: () => void): void {
  const timer = useRef<number | null>(null);
  const latest = useRef(reload);
  latest.current = reload;
  useCrmEvent('leadsChanged', () => {
    timer.current ??= window.setTimeout(() => {
      timer.current = null;
      latest.current();
    }, RELOAD_AFTER_MS);
  });
  useEffect(() => () => window.clearTimeout(timer.current ?? undefined), []);
}

function LeadSummary({ lead }: { lead: Lead }) {
  const stage = lead.stage === 'closed' && lead.outcome ? `Closed (${lead.outcome})` : STAGE_LABELS[lead.stage];
  return (
    <div className="duplicate-lead">
      <button type="button" className="link-button duplicate-name" onClick={() => openLead(lead.id)}>
        <bdi>{lead.name}</bdi>
      </button>
      <span className="muted">{[lead.phones.map((p) => p.raw).join(', '), lead.email].filter(Boolean).join(' · ') || 'no phone or email'}</span>
      <span className="muted">
        {stage} · created {formatWhen(lead.createdAt)}
      </span>
    </div>
  );
}
