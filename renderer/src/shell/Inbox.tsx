import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { EventName } from '../../../shared/contract';
import { STAGE_LABELS, isStage } from '../../../shared/pipeline';
import type { Conflict, ParkedOp } from '../../../shared/sync-status';
import { call, messageOf, useCrmEvent, useCrmQuery } from '../api';
import { openLead, routeHash } from '../router';
import { ruleLabel } from '../lead/format';
import { useSession } from '../session';
import { Dialog } from '../ui/Dialog';
import { syncNow } from './sync-now';
import { fullTime, timeAgo, useNow } from './time';
import './shell.css';

// Sync parks ops and records conflicts without touching leads; its status event says so.
const RELOAD_ON: EventName[] = ['leadsChanged', 'syncStatus'];

/**
 * Needs attention: changes the server refused (retry, edit the lead, or discard) and
 * values of yours another change replaced (restore in one click).
 */
export function Inbox() {
  const parked = useCrmQuery('parked.list', {}, [], { reloadOn: RELOAD_ON });
  const conflicts = useCrmQuery('conflicts.list', { includeRestored: false }, [], { reloadOn: RELOAD_ON });
  // Colleagues are refreshed by sync, so a name may arrive with it.
  const users = useCrmQuery('users.list', {}, [], { reloadOn: ['syncStatus'] });
  const leadIds = [...(parked.data ?? []).map((op) => op.leadId), ...(conflicts.data ?? []).map((c) => c.leadId)];
  const leads = useLeadNames(leadIds);
  const now = useNow(30_000);
  const [notice, setNotice] = useState<string | null>(null);
  const [discarding, setDiscarding] = useState<ParkedOp | null>(null);

  const me = useSession().user?.id ?? null;
  const heading = useRef<HTMLHeadingElement>(null);

  const names = useMemo(() => new Map((users.data ?? []).map((u) => [u.id, u.name])), [users.data]);
  const leadName = (id: string) => leads.get(id) ?? 'this lead';
  // The item just handled leaves the list; the keyboard carries on from the top, not from nowhere.
  const done = (message: string) => {
    setNotice(message);
    heading.current?.focus();
  };

  const loadError = parked.error ?? conflicts.error;
  if (!parked.data || !conflicts.data) {
    return (
      <div className="inbox">
        <h1>Needs attention</h1>
        {loadError ? (
          <p className="error" role="alert">
            {loadError.message}
          </p>
        ) : (
          <p className="muted" role="status">
            Loading…
          </p>
        )}
      </div>
    );
  }

  const retry = async (op: ParkedOp) => {
    await call('parked.retry', { opId: op.opId });
    parked.reload();
    done(`Your change to ${leadName(op.leadId)} will be sent again now.`);
    void syncNow();
  };

  return (
    <div className="inbox">
      <h1 ref={heading} tabIndex={-1}>
        Needs attention
      </h1>
      <p className="live-notice" role="status">
        {notice}
      </p>
      {loadError && (
        <p className="error" role="alert">
          {loadError.message}
        </p>
      )}
      {parked.data.length === 0 && conflicts.data.length === 0 && <p className="inbox-empty">Nothing needs your attention.</p>}

      {parked.data.length > 0 && (
        <section aria-labelledby="inbox-parked">
          <h2 id="inbox-parked">Changes the server refused ({parked.data.length})</h2>
          <p className="muted">
            These wait on this computer. Fix the lead and retry, or discard the change to take the server&apos;s version.
          </p>
          <ul className="inbox-list">
            {parked.data.map((op) => (
              <li key={op.opId} data-testid="parked-op" className="inbox-item">
                <p className="inbox-title">
                  <LeadLink id={op.leadId} name={leadName(op.leadId)} />
                </p>
                <p>
                  {describeOp(op)}, refused{' '}
                  <time dateTime={op.parkedAt} title={fullTime(op.parkedAt)}>
                    {timeAgo(op.parkedAt, now)}
                  </time>
                </p>
                <p className="inbox-reason">The server said: {op.reason || op.code}</p>
                <ItemActions>
                  {(run, busy) => (
                    <>
                      <button type="button" onClick={() => run(() => retry(op))} disabled={busy}>
                        Retry
                      </button>
                      <button type="button" onClick={() => openLead(op.leadId)}>
                        Edit
                      </button>
                      <button type="button" className="danger" onClick={() => setDiscarding(op)} disabled={busy}>
                        Discard
                      </button>
                    </>
                  )}
                </ItemActions>
              </li>
            ))}
          </ul>
        </section>
      )}

      {conflicts.data.length > 0 && (
        <section aria-labelledby="inbox-conflicts">
          <h2 id="inbox-conflicts">Your changes that were replaced ({conflicts.data.length})</h2>
          <p className="muted">Restore puts your value back as a new change, which syncs like any other.</p>
          <ul className="inbox-list">
            {conflicts.data.map((conflict) => (
              <li key={conflict.id} data-testid="conflict" className="inbox-item">
                <p className="inbox-title">
                  <LeadLink id={conflict.leadId} name={leadName(conflict.leadId)} />
                </p>
                <p>
                  <ConflictSentence conflict={conflict} names={names} />
                  {' — '}
                  {conflict.keptBy && <>by {personName(conflict.keptBy, names, me)}, </>}
                  <time dateTime={conflict.at} title={fullTime(conflict.at)}>
                    {timeAgo(conflict.at, now)}
                  </time>
                </p>
                <ItemActions>
                  {(run, busy) => (
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() =>
                        run(async () => {
                          await call('conflicts.restore', { id: conflict.id });
                          conflicts.reload();
                          done(`Your ${fieldLabel(conflict)} on ${leadName(conflict.leadId)} is back and will sync.`);
                        })
                      }
                    >
                      Restore
                    </button>
                  )}
                </ItemActions>
              </li>
            ))}
          </ul>
        </section>
      )}

      {discarding && (
        <DiscardDialog
          op={discarding}
          leadName={leadName(discarding.leadId)}
          onClose={() => setDiscarding(null)}
          onDiscarded={(message) => {
            setDiscarding(null);
            parked.reload();
            done(message);
          }}
        />
      )}
    </div>
  );
}

function ItemActions({ children }: { children: (run: (action: () => Promise<void>) => void, busy: boolean) => ReactNode }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    action()
      .catch((failure: unknown) => setError(messageOf(failure)))
      .finally(() => setBusy(false));
  };
  return (
    <div className="inbox-actions">
      {children(run, busy)}
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

function LeadLink({ id, name }: { id: string; name: string }) {
  return <a href={routeHash({ view: 'lead', id, from: 'inbox' })}>{name}</a>;
}

function DiscardDialog(props: { op: ParkedOp; leadName: string; onClose: () => void; onDiscarded: (message: string) => void }) {
  const { op, leadName } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Discarding a lead the server never accepted takes everything logged on it along.
  const wholeLead = op.entity === 'lead' && op.type === 'create';
  const discard = async () => {
    setBusy(true);
    setError(null);
    try {
      await call('parked.discard', { opId: op.opId });
      props.onDiscarded(
        wholeLead ? `${leadName} was removed from this computer.` : `Discarded. ${leadName} is back to the server's version.`,
      );
    } catch (failure) {
      setError(messageOf(failure));
      setBusy(false);
    }
  };
  return (
    <Dialog title="Discard this change?" onClose={props.onClose}>
      <div className="dialog-body shell-dialog">
        {wholeLead ? (
          <p>
            The server never accepted the new lead <strong>{leadName}</strong>. Discarding removes it from this computer,
            together with the calls, notes and follow-ups logged on it.
          </p>
        ) : (
          <p>
            Your change ({describeOp(op).toLowerCase()}) is dropped, and <strong>{leadName}</strong> goes back to the
            server&apos;s version of it. Other changes you made to the lead are kept.
          </p>
        )}
        <p>This cannot be undone.</p>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={props.onClose}>
            Keep the change
          </button>
          <button type="button" className="danger" onClick={() => void discard()} disabled={busy}>
            Discard change
          </button>
        </div>
      </div>
    </Dialog>
  );
}

const ENTITY_LABELS: Record<string, string> = { lead: 'lead', call_log: 'call', lead_note: 'note', task: 'follow-up' };

/** "Edit to the lead", "New call", "Change to a follow-up"… */
function describeOp(op: Pick<ParkedOp, 'entity' | 'type'>): string {
  const what = ENTITY_LABELS[op.entity] ?? op.entity;
  const the = op.entity === 'lead' ? 'the' : 'a';
  switch (op.type) {
    case 'create':
      return `New ${what}`;
    case 'update':
      return op.entity === 'lead' ? 'Edit to the lead' : `Change to ${the} ${what}`;
    case 'delete':
      return `Deleting ${the} ${what}`;
    case 'restore':
      return `Restoring ${the} ${what}`;
    default:
      return `${op.type} of ${the} ${what}`;
  }
}

const FIELD_LABELS: Record<string, string> = {
  name: 'name',
  phones: 'phones',
  email: 'email',
  source: 'source',
  stage: 'stage',
  outcome: 'outcome',
  lostReason: 'lost reason',
  budgetMin: 'minimum budget',
  budgetMax: 'maximum budget',
  propertyType: 'property type',
  propertyArea: 'area',
  ownerId: 'owner',
  branchId: 'branch',
  notes: 'notes',
  dueAt: 'due date',
  title: 'title',
};

function fieldLabel(conflict: Pick<Conflict, 'entity' | 'field'>): string {
  const field = FIELD_LABELS[conflict.field] ?? conflict.field;
  return conflict.entity === 'lead' ? field : `${ENTITY_LABELS[conflict.entity] ?? conflict.entity} ${field}`;
}

/** Your notes "…" were replaced by "…" (rule: …) */
function ConflictSentence({ conflict, names }: { conflict: Conflict; names: Map<string, string> }) {
  const plural = conflict.field === 'notes' || conflict.field === 'phones';
  const mine = formatValue(conflict.field, conflict.myValue, names);
  const kept = formatValue(conflict.field, conflict.keptValue, names);
  return (
    <>
      Your {fieldLabel(conflict)} <Value {...mine} /> {plural ? 'were' : 'was'}{' '}
      {conflict.rule === 'delete_wins' ? (
        <>not kept because the lead was deleted</>
      ) : conflict.rule === 'merged_away' ? (
        <>
          not kept when the lead was merged into another, which has <Value {...kept} />
        </>
      ) : (
        <>
          replaced by <Value {...kept} />
        </>
      )}{' '}
      <span className="muted">(rule: {ruleLabel(conflict.rule)})</span>
    </>
  );
}

function Value({ text, full }: { text: string | null; full: string }) {
  if (text === null) return <span className="muted">(empty)</span>;
  return <span className="inbox-value" title={full === text ? undefined : full}>&quot;{text}&quot;</span>;
}

const SHOWN_CHARS = 120;

/** A stored value as a person reads it, shortened; null when there is none. */
function formatValue(field: string, value: unknown, names: Map<string, string>): { text: string | null; full: string } {
  let full: string;
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
    return { text: null, full: '' };
  } else if (field === 'stage' && isStage(value)) {
    full = STAGE_LABELS[value];
  } else if (field === 'outcome' && typeof value === 'string') {
    full = value === 'won' ? 'Won' : value === 'lost' ? 'Lost' : value;
  } else if (field === 'ownerId' && typeof value === 'string') {
    full = names.get(value) ?? 'a colleague';
  } else if (field === 'dueAt' && typeof value === 'string') {
    full = fullTime(value);
  } else if (Array.isArray(value)) {
    // Phones arrive as { raw, e164 }; show what the user typed.
    full = value.map((item) => (typeof item === 'object' && item && 'raw' in item ? String(item.raw) : String(item))).join(', ');
  } else if (typeof value === 'number') {
    full = value.toLocaleString();
  } else {
    full = typeof value === 'string' ? value : JSON.stringify(value);
  }
  const flat = full.replace(/\s+/g, ' ').trim();
  return { text: flat.length > SHOWN_CHARS ? `${flat.slice(0, SHOWN_CHARS)}…` : flat, full };
}

function personName(id: string, names: Map<string, string>, me: string | null): string {
  if (id === me) return 'you';
  return names.get(id) ?? 'a colleague';
}

/** The names of the leads the inbox mentions, kept current as leads change. */
function useLeadNames(ids: readonly string[]): Map<string, string> {
  const key = [...new Set(ids)].sort().join(',');
  const [names, setNames] = useState(() => new Map<string, string>());
  const [tick, setTick] = useState(0);
  useCrmEvent('leadsChanged', () => setTick((t) => t + 1));
  useEffect(() => {
    let live = true;
    const wanted = key ? key.split(',') : [];
    void Promise.all(
      wanted.map((id) =>
        call('leads.get', { id }).then(
          (lead) => [id, lead.deleted ? `${lead.name} (deleted)` : lead.name] as const,
          // A lead gone from this computer still has its item; the link says "this lead".
          () => null,
        ),
      ),
    ).then((entries) => {
      if (live) setNames(new Map(entries.filter((entry) => entry !== null)));
    });
    return () => {
      live = false;
    };
  }, [key, tick]);
  return names;
}
