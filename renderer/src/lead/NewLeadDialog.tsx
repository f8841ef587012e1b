import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { Lead } from '../../../shared/model';
import { STAGE_LABELS, STAGES, type Stage } from '../../../shared/pipeline';
import { call, messageOf } from '../api';
import { openLead } from '../router';
import { Dialog } from '../ui/Dialog';
import { splitFieldErrors } from './format';
import { focusWhenDialogOpens } from './hooks';
import { PhoneFields } from './PhoneFields';
import './lead.css';

type Field = 'name' | 'phones' | 'email' | 'source' | 'stage';
const LABELS: Record<Field, string> = { name: 'Name', phones: 'Phone', email: 'Email', source: 'Source', stage: 'Stage' };
/** A new lead starts anywhere but closed: closing asks for an outcome, which belongs on the lead itself. */
const OPEN_STAGES = STAGES.filter((s) => s !== 'closed');
const DUPLICATE_CHECK_DELAY_MS = 150;
const SHOWN_DUPLICATES = 3;

/**
 * Creates a lead. While the name, phone and email are typed it asks the core whether the
 * office already has this person (same normalised phone or email; or, more softly, a
 * similar name in the branch) and offers to open that lead instead; saving anyway stays
 * possible, since two leads may share a number.
 */
export function NewLeadDialog({ onClose }: { onClose: () => void }) {
  const [name, setName] = useState('');
  const [phones, setPhones] = useState<string[]>(['']);
  const [email, setEmail] = useState('');
  const [source, setSource] = useState('');
  const [stage, setStage] = useState<Stage>('new');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A double Enter must not create the lead twice.
  const saving = useRef(false);
  const { duplicates, similarNames } = useDuplicates(name, phones, email);
  const ids = { name: useId(), email: useId(), source: useId() };

  const clearError = (field: Field) => {
    if (errors[field]) setErrors({ ...errors, [field]: undefined });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving.current) return;
    const filled = phones.map((p) => p.trim()).filter(Boolean);
    const found: Partial<Record<Field, string>> = {};
    if (!name.trim()) found.name = 'A lead needs a name.';
    if (!filled.length && !email.trim()) found.phones = 'A lead needs a phone or an email.';
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length) return;
    saving.current = true;
    setBusy(true);
    try {
      const lead = await call('leads.create', {
        name: name.trim(),
        phones: filled,
        email: email.trim() || null,
        source: source.trim() || null,
        stage,
      });
      onClose();
      openLead(lead.id);
    } catch (failure) {
      const { byField, other } = splitFieldErrors(messageOf(failure), LABELS);
      setErrors(byField);
      setFormError(other);
      saving.current = false;
      setBusy(false);
    }
  };

  const open = (lead: Lead) => {
    onClose();
    openLead(lead.id);
  };

  return (
    <Dialog title="New lead" onClose={onClose}>
      <form onSubmit={(event) => void submit(event)} noValidate className="new-lead">
        <Text id={ids.name} label="Name" value={name} error={errors.name} focusFirst onChange={(v) => (setName(v), clearError('name'))} />
        <PhoneFields phones={phones} onChange={(v) => (setPhones(v), clearError('phones'))} error={errors.phones} />
        <Text id={ids.email} label="Email" type="email" value={email} error={errors.email} onChange={(v) => (setEmail(v), clearError('phones'), clearError('email'))} />
        {duplicates.length > 0 && (
          <div className="duplicate-warning" data-testid="duplicate-warning" role="status">
            {duplicates.slice(0, SHOWN_DUPLICATES).map((lead) => (
              <p key={lead.id}>
                Possible duplicate: <strong dir="auto">{lead.name}</strong>
                <span className="muted"> ({[...lead.phones.map((p) => p.e164 ?? p.raw), lead.email].filter(Boolean).join(', ')})</span>{' '}
                <button type="button" className="link-button" onClick={() => open(lead)}>
                  Open {lead.name}
                </button>
              </p>
            ))}
            {duplicates.length > SHOWN_DUPLICATES && <p>…and {duplicates.length - SHOWN_DUPLICATES} more with the same phone or email.</p>}
          </div>
        )}
        {similarNames.length > 0 && (
          <div className="duplicate-warning similar-name-warning" data-testid="similar-name-warning" role="status">
            {similarNames.slice(0, SHOWN_DUPLICATES).map((lead) => (
              <p key={lead.id}>
                Similar name: <strong dir="auto">{lead.name}</strong>
                <span className="muted"> ({[...lead.phones.map((p) => p.e164 ?? p.raw), lead.email].filter(Boolean).join(', ')})</span>{' '}
                <button type="button" className="link-button" onClick={() => open(lead)}>
                  Open {lead.name}
                </button>
              </p>
            ))}
          </div>
        )}
        <Text id={ids.source} label="Source" value={source} error={errors.source} placeholder="Facebook ad, referral, walk-in…" onChange={setSource} />
        <label>
          Stage
          <select value={stage} onChange={(event) => setStage(event.target.value as Stage)}>
            {OPEN_STAGES.map((s) => (
              <option key={s} value={s}>
                {STAGE_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        {formError && (
          <p className="error" role="alert">
            {formError}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {duplicates.length ? 'Save anyway' : 'Save lead'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function Text(props: {
  id: string;
  label: string;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
  type?: 'text' | 'email';
  placeholder?: string;
  focusFirst?: boolean;
}) {
  const errorId = `${props.id}-error`;
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type={props.type ?? 'text'}
        dir={props.type === 'email' ? undefined : 'auto'}
        value={props.value}
        placeholder={props.placeholder}
        ref={props.focusFirst ? focusWhenDialogOpens : undefined}
        onChange={(event) => props.onChange(event.target.value)}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? errorId : undefined}
      />
      {props.error && (
        <span className="field-error" id={errorId}>
          {props.error}
        </span>
      )}
    </div>
  );
}

interface FoundDuplicates {
  /** Same phone or email: most likely this person. */
  duplicates: Lead[];
  /** Only a similar name: a softer hint. */
  similarNames: Lead[];
}
const NONE: FoundDuplicates = { duplicates: [], similarNames: [] };

/**
 * Leads the office already has with one of these phones or this email, and leads with a
 * similar name (in any branch: a new lead's branch is the server's to say), asked a
 * moment after typing stops. The core answers both by the shared rules, so the page need
 * not load the phone normaliser to tell them apart. An answer to an older question is
 * dropped, so the warnings always match what the inputs say now.
 */
function useDuplicates(name: string, phones: readonly string[], email: string): FoundDuplicates {
  const [found, setFound] = useState<FoundDuplicates>(NONE);
  const asked = useRef(0);
  const key = JSON.stringify([name.trim(), phones.map((p) => p.trim()).filter(Boolean), email.trim()]);
  useEffect(() => {
    const [typedName, filled, mail] = JSON.parse(key) as [string, string[], string];
    const question = ++asked.current;
    if (!filled.length && !mail && !typedName) {
      setFound(NONE);
      return;
    }
    const timer = window.setTimeout(() => {
      const sameContact = filled.length || mail ? call('leads.findDuplicates', { phones: filled, email: mail || null }) : Promise.resolve([]);
      const sameName = typedName ? call('leads.findDuplicates', { phones: [], name: typedName }) : Promise.resolve([]);
      Promise.all([sameContact, sameName]).then(
        ([duplicates, named]) => {
          if (question !== asked.current) return;
          const strong = new Set(duplicates.map((lead) => lead.id));
          setFound({ duplicates, similarNames: named.filter((lead) => !strong.has(lead.id)) });
        },
        // The check is a courtesy: if it cannot run, saving still works and the core keeps its rules.
        () => {
          if (question === asked.current) setFound(NONE);
        },
      );
    }, DUPLICATE_CHECK_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [key]);
  return found;
}
