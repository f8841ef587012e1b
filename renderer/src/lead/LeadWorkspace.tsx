import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Colleague } from '../../../shared/contract';
import type { Lead } from '../../../shared/model';
import { STAGE_LABELS, STAGES, type ClosedOutcome, type Stage } from '../../../shared/pipeline';
import { call, messageOf, useCrmEvent, useCrmQuery } from '../api';
import { openLead } from '../router';
import { useSession } from '../session';
import { isTyping } from '../shell/shortcuts';
import { CloseLeadDialog } from './CloseLeadDialog';
import { FieldMarkers, type MarkerContext } from './FieldMarkers';
import { FollowUps } from './FollowUps';
import { useColleagues } from './hooks';
import { LeadDetailsForm } from './LeadDetailsForm';
import { PossibleDuplicateBanner } from './PossibleDuplicateBanner';
import { Timeline } from './Timeline';
import './lead.css';

/** Fields whose sync markers sit beside their input; markers on any other field (the stage among them) show under the header. */
const FIELDS_WITH_INPUTS = [
  'name', 'phones', 'email', 'source', 'budgetMin', 'budgetMax', 'propertyType', 'propertyArea', 'notes', 'ownerId', 'branchId',
];

// Panels are plain sections under visible headings, not named regions: a region named
// "Owner" or "Follow-ups" would compete with the inputs of the same label.

/**
 * One lead, everything about it on one screen: details to edit, stage, owner, follow-ups,
 * notes and the timeline. Reloads when the core says this lead changed (a local write or sync).
 */
export function LeadWorkspace({ id, onLogCall, onClose }: { id: string; onLogCall: () => void; onClose: () => void }) {
  const session = useSession();
  const myId = session.user?.id ?? null;
  const colleagues = useColleagues();
  const detailQuery = useCrmQuery('leads.detail', { id }, [id], { reloadOn: [] });
  const conflictQuery = useCrmQuery('conflicts.list', {}, [], { reloadOn: [] });
  useCrmEvent('leadsChanged', ({ ids }) => {
    if (!ids.includes(id)) return;
    detailQuery.reload();
    conflictQuery.reload();
  });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || isTyping(event.target)) return;
      if (document.querySelector('dialog[open]')) return;
      event.preventDefault();
      onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  // Keyboard and screen-reader users land on the lead's name when it opens.
  const heading = useRef<HTMLHeadingElement>(null);
  const loaded = detailQuery.data !== undefined;
  useEffect(() => {
    if (loaded) heading.current?.focus();
  }, [loaded]);

  const detail = detailQuery.data;
  if (!detail) {
    return (
      <section className="lead-workspace" data-testid="lead-workspace" aria-label="Lead">
        <button type="button" onClick={onClose}>
          ← Back
        </button>
        {detailQuery.error ? (
          <p className="error" role="alert">
            {detailQuery.error.message}
          </p>
        ) : (
          <p className="loading" role="status">
            Opening the lead…
          </p>
        )}
      </section>
    );
  }

  const { lead } = detail;
  const conflicts = (conflictQuery.data ?? []).filter((c) => c.leadId === id);
  const markers: MarkerContext = {
    predicted: detail.predictedOverrides,
    conflicts: conflicts.filter((c) => c.entity === 'lead'),
    colleagues,
    myId,
  };
  const headerFields = [
    ...new Set(['stage', 'outcome', 'lostReason', ...markers.predicted.map((p) => p.field), ...markers.conflicts.map((c) => c.field)]),
  ].filter((f) => !FIELDS_WITH_INPUTS.includes(f));

  return (
    <section className="lead-workspace" data-testid="lead-workspace" aria-labelledby="lead-name">
      <header className="lead-header">
        <button type="button" onClick={onClose} aria-keyshortcuts="Escape">
          ← Back <kbd>Esc</kbd>
        </button>
        <h1 id="lead-name" ref={heading} tabIndex={-1}>
          {/* An Arabic name reads right to left but stays beside the Back button. */}
          <bdi>{lead.name}</bdi>
        </h1>
        <StageControl lead={lead} />
        <button type="button" className="primary" onClick={onLogCall} disabled={lead.deleted} aria-keyshortcuts="L">
          Log call <kbd>L</kbd>
        </button>
      </header>
      {detailQuery.error && (
        <p className="error" role="alert">
          Could not refresh this lead: {detailQuery.error.message}
        </p>
      )}
      {lead.mergedInto ? <MergedBanner survivorId={lead.mergedInto} /> : lead.deleted ? <DeletedBanner leadId={lead.id} /> : <PossibleDuplicateBanner lead={lead} />}
      <FieldMarkers fields={headerFields} context={markers} named />
      <div className="lead-columns">
        <div className="lead-column">
          <LeadDetailsForm lead={lead} markers={markers} disabled={lead.deleted} />
          <OwnerPanel lead={lead} colleagues={colleagues} markers={markers} />
        </div>
        <div className="lead-column">
          <FollowUps leadId={lead.id} tasks={detail.tasks} markers={{ ...markers, conflicts }} disabled={lead.deleted} />
          <AddNote leadId={lead.id} disabled={lead.deleted} />
          <Timeline entries={detail.timeline} colleagues={colleagues} myId={myId} />
        </div>
      </div>
    </section>
  );
}

/**
 * The stage picker. Moving to "Closed" first asks won or lost (and why, when lost);
 * the select keeps showing the stored stage until the move is made.
 */
function StageControl({ lead }: { lead: Lead }) {
  const [closing, setClosing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const move = async (stage: Stage, outcome: ClosedOutcome | null = null, lostReason: string | null = null) => {
    setError(null);
    try {
      await call('leads.moveToStage', { id: lead.id, stage, outcome, lostReason });
    } catch (failure) {
      setError(messageOf(failure));
    }
  };
  return (
    <div className="stage-control">
      <label className="inline-label">
        Stage
        <select
          value={lead.stage}
          disabled={lead.deleted}
          onChange={(event) => {
            const stage = event.target.value as Stage;
            if (stage === 'closed') setClosing(true);
            else void move(stage);
          }}
        >
          {STAGES.map((stage) => (
            <option key={stage} value={stage}>
              {STAGE_LABELS[stage]}
            </option>
          ))}
        </select>
      </label>
      {lead.stage === 'closed' && lead.outcome && (
        <>
          <span className={lead.outcome === 'won' ? 'badge ok' : 'badge danger'}>
            {lead.outcome === 'won' ? 'Won' : `Lost${lead.lostReason ? `: ${lead.lostReason}` : ''}`}
          </span>
          <button type="button" className="link-button" disabled={lead.deleted} onClick={() => setClosing(true)}>
            Change outcome
          </button>
        </>
      )}
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
      {closing && (
        <CloseLeadDialog
          leadName={lead.name}
          onConfirm={(outcome, lostReason) => {
            setClosing(false);
            void move('closed', outcome, lostReason);
          }}
          onCancel={() => setClosing(false)}
        />
      )}
    </div>
  );
}

/** Who owns the lead, the reassign control for managers, and delete where the role allows it. */
function OwnerPanel({ lead, colleagues, markers }: { lead: Lead; colleagues: readonly Colleague[]; markers: MarkerContext }) {
  const { can, user } = useSession();
  const [error, setError] = useState<string | null>(null);
  const mayDelete = can.deleteOthersLeads || lead.ownerId === null || lead.ownerId === user?.id;
  const ownerName = lead.ownerId === null ? 'Not assigned yet' : (colleagues.find((c) => c.id === lead.ownerId)?.name ?? lead.ownerId);
  const run = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(messageOf(failure));
    }
  };
  return (
    <section className="lead-panel">
      <h2>Owner</h2>
      {can.reassign ? (
        <label>
          Owner
          <select
            value={lead.ownerId ?? ''}
            disabled={lead.deleted}
            onChange={(event) => void run(() => call('leads.assign', { id: lead.id, ownerId: event.target.value }))}
          >
            {lead.ownerId === null && (
              <option value="" disabled>
                Not assigned yet
              </option>
            )}
            {lead.ownerId !== null && !colleagues.some((c) => c.id === lead.ownerId) && <option value={lead.ownerId}>{ownerName}</option>}
            {colleagues.map((colleague) => (
              <option key={colleague.id} value={colleague.id}>
                {colleague.name}
                {colleague.id === user?.id ? ' (you)' : ''}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <>
          <p>{lead.ownerId !== null && lead.ownerId === user?.id ? 'You' : ownerName}</p>
          <p className="muted">Only a manager can reassign leads.</p>
        </>
      )}
      <FieldMarkers fields={['ownerId', 'branchId']} context={markers} />
      {!lead.deleted &&
        (mayDelete ? (
          <button type="button" className="danger" onClick={() => void run(() => call('leads.delete', { id: lead.id }))}>
            Delete lead
          </button>
        ) : (
          <p className="muted">Only a manager can delete another agent's lead.</p>
        ))}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/** A lead merged into another lives on in that one: its history and any later work are there. */
function MergedBanner({ survivorId }: { survivorId: string }) {
  const survivor = useCrmQuery('leads.get', { id: survivorId }, [survivorId]);
  const name = survivor.data?.name ?? 'another lead';
  return (
    <div className="deleted-banner" role="status">
      <span>This lead was merged into “{name}”: its calls, notes and follow-ups are there now.</span>
      <button type="button" onClick={() => openLead(survivorId)}>
        Open “{name}”
      </button>
    </div>
  );
}

function DeletedBanner({ leadId }: { leadId: string }) {
  const [error, setError] = useState<string | null>(null);
  const restore = async () => {
    setError(null);
    try {
      await call('leads.restore', { id: leadId });
    } catch (failure) {
      setError(messageOf(failure));
    }
  };
  return (
    <div className="deleted-banner" role="status">
      <span>This lead is deleted: it is hidden from the board and the list, and cannot be edited.</span>
      <button type="button" onClick={() => void restore()}>
        Restore lead
      </button>
      {error && <span className="field-error">{error}</span>}
    </div>
  );
}

/** Timeline notes are append-only: what was said stays, a new note adds to it. */
function AddNote({ leadId, disabled }: { leadId: string; disabled: boolean }) {
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!body.trim()) {
      setError('Write the note first.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await call('notes.add', { leadId, body: body.trim() });
      setBody('');
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="lead-panel add-note"
      onSubmit={(event) => void submit(event)}
      onKeyDown={(event) => {
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          void submit();
        }
      }}
    >
      <label>
        Add a note
        <textarea value={body} rows={3} dir="auto" disabled={disabled || busy} onChange={(event) => setBody(event.target.value)} aria-invalid={error ? true : undefined} />
      </label>
      {error && <span className="field-error">{error}</span>}
      <div className="form-actions">
        <button type="submit" disabled={disabled || busy}>
          Add note
        </button>
      </div>
    </form>
  );
}
