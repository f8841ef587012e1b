import { useId, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import type { LeadChanges } from '../../../shared/contract';
import type { Lead } from '../../../shared/model';
import { call, messageOf } from '../api';
import { FieldMarkers, type MarkerContext } from './FieldMarkers';
import { parseMoney, splitFieldErrors } from './format';
import { PhoneFields } from './PhoneFields';

/** The editable fields as the inputs hold them (text; budgets parsed on save). */
interface FormValues {
  name: string;
  phones: string[];
  email: string;
  source: string;
  budgetMin: string;
  budgetMax: string;
  propertyType: string;
  propertyArea: string;
  notes: string;
}
type Field = keyof FormValues;
const LABELS: Record<Field, string> = {
  name: 'Name',
  phones: 'Phone',
  email: 'Email',
  source: 'Source',
  budgetMin: 'Budget minimum',
  budgetMax: 'Budget maximum',
  propertyType: 'Property type',
  propertyArea: 'Area',
  notes: 'Notes',
};

function valuesOf(lead: Lead): FormValues {
  return {
    name: lead.name,
    phones: lead.phones.length ? lead.phones.map((p) => p.raw) : [''],
    email: lead.email ?? '',
    source: lead.source ?? '',
    budgetMin: lead.budgetMin === null ? '' : String(lead.budgetMin),
    budgetMax: lead.budgetMax === null ? '' : String(lead.budgetMax),
    propertyType: lead.propertyType ?? '',
    propertyArea: lead.propertyArea ?? '',
    notes: lead.notes,
  };
}

/** Client-side checks plus the changed fields only; the core validates again and has the last word. */
function changesFrom(values: FormValues, lead: Lead): { changes: LeadChanges; errors: Partial<Record<Field, string>> } {
  const errors: Partial<Record<Field, string>> = {};
  const changes: LeadChanges = {};
  const name = values.name.trim();
  const phones = [...new Set(values.phones.map((p) => p.trim()).filter(Boolean))];
  const email = values.email.trim();
  if (!name) errors.name = 'A lead needs a name.';
  if (!phones.length && !email) errors.phones = 'A lead needs a phone or an email.';
  const budgetMin = parseMoney(values.budgetMin);
  const budgetMax = parseMoney(values.budgetMax);
  if (Number.isNaN(budgetMin)) errors.budgetMin = 'Enter a whole number, like 1500000.';
  if (Number.isNaN(budgetMax)) errors.budgetMax = 'Enter a whole number, like 2000000.';
  if (!errors.budgetMin && !errors.budgetMax && budgetMin !== null && budgetMax !== null && budgetMin > budgetMax) {
    errors.budgetMax = 'The budget maximum is below the minimum.';
  }

  if (name !== lead.name) changes.name = name;
  if (phones.join('\n') !== lead.phones.map((p) => p.raw).join('\n')) changes.phones = phones;
  if (email.toLowerCase() !== (lead.email ?? '')) changes.email = email || null;
  const text = (value: string, stored: string | null) => (value.trim() === (stored ?? '') ? undefined : value.trim() || null);
  const source = text(values.source, lead.source);
  if (source !== undefined) changes.source = source;
  const propertyType = text(values.propertyType, lead.propertyType);
  if (propertyType !== undefined) changes.propertyType = propertyType;
  const propertyArea = text(values.propertyArea, lead.propertyArea);
  if (propertyArea !== undefined) changes.propertyArea = propertyArea;
  if (budgetMin !== lead.budgetMin && !Number.isNaN(budgetMin)) changes.budgetMin = budgetMin;
  if (budgetMax !== lead.budgetMax && !Number.isNaN(budgetMax)) changes.budgetMax = budgetMax;
  if (values.notes !== lead.notes) changes.notes = values.notes;
  return { changes, errors };
}

/**
 * The lead's own fields, edited in place. Nothing is a draft until the user types: the
 * form then holds its own copy, so a sync refreshing the lead never wipes what is being
 * typed, and Save sends only the fields that differ from the lead as it is now.
 */
export function LeadDetailsForm({ lead, markers, disabled }: { lead: Lead; markers: MarkerContext; disabled: boolean }) {
  const [draft, setDraft] = useState<FormValues | null>(null);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const values = draft ?? valuesOf(lead);
  const dirty = draft !== null && Object.keys(changesFrom(draft, lead).changes).length > 0;

  const set = <F extends Field>(field: F, value: FormValues[F]) => {
    setDraft({ ...values, [field]: value });
    setSaved(false);
    if (errors[field]) setErrors({ ...errors, [field]: undefined });
  };

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!draft || busy) return;
    const { changes, errors: found } = changesFrom(draft, lead);
    setErrors(found);
    setFormError(null);
    if (Object.values(found).some(Boolean)) return;
    if (Object.keys(changes).length === 0) {
      setDraft(null);
      return;
    }
    setBusy(true);
    try {
      await call('leads.update', { id: lead.id, changes });
      setDraft(null);
      setSaved(true);
    } catch (failure) {
      const { byField, other } = splitFieldErrors(messageOf(failure), LABELS);
      setErrors(byField);
      setFormError(other);
    } finally {
      setBusy(false);
    }
  };

  const cancel = () => {
    setDraft(null);
    setErrors({});
    setFormError(null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void save();
    }
  };

  return (
    <form className="lead-details" onSubmit={(event) => void save(event)} onKeyDown={onKeyDown} noValidate>
      <h2>Details</h2>
      <fieldset disabled={disabled || busy} className="lead-details-fields">
        <TextField field="name" value={values.name} onChange={set} error={errors.name} markers={markers} />
        <div className="field">
          <PhoneFields phones={values.phones} onChange={(phones) => set('phones', phones)} saved={lead.phones} error={errors.phones} />
          <FieldMarkers fields={['phones']} context={markers} />
        </div>
        <TextField field="email" type="email" value={values.email} onChange={set} error={errors.email} markers={markers} />
        <TextField field="source" value={values.source} onChange={set} error={errors.source} markers={markers} />
        <div className="field-pair">
          <TextField field="budgetMin" numeric value={values.budgetMin} onChange={set} error={errors.budgetMin} markers={markers} />
          <TextField field="budgetMax" numeric value={values.budgetMax} onChange={set} error={errors.budgetMax} markers={markers} />
        </div>
        <div className="field-pair">
          <TextField field="propertyType" value={values.propertyType} onChange={set} error={errors.propertyType} markers={markers} />
          <TextField field="propertyArea" value={values.propertyArea} onChange={set} error={errors.propertyArea} markers={markers} />
        </div>
        <TextField field="notes" multiline value={values.notes} onChange={set} error={errors.notes} markers={markers} />
      </fieldset>
      {formError && (
        <p className="error" role="alert">
          {formError}
        </p>
      )}
      <div className="form-actions">
        {saved && !draft && (
          <span className="muted" role="status">
            Saved
          </span>
        )}
        <button type="button" onClick={cancel} disabled={!draft || busy}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={!dirty || busy || disabled}>
          Save <kbd>Ctrl Enter</kbd>
        </button>
      </div>
    </form>
  );
}

function TextField(props: {
  field: Exclude<Field, 'phones'>;
  value: string;
  onChange: (field: Exclude<Field, 'phones'>, value: string) => void;
  error: string | undefined;
  markers: MarkerContext;
  type?: 'text' | 'email';
  numeric?: boolean;
  multiline?: boolean;
}): ReactNode {
  const errorId = useId();
  const common = {
    value: props.value,
    'aria-invalid': props.error ? true : undefined,
    'aria-describedby': props.error ? errorId : undefined,
  };
  return (
    <div className="field">
      <label>
        {LABELS[props.field]}
        {props.multiline ? (
          <textarea {...common} dir="auto" rows={4} onChange={(event) => props.onChange(props.field, event.target.value)} />
        ) : (
          <input
            {...common}
            type={props.type ?? 'text'}
            dir={props.type === 'email' || props.numeric ? undefined : 'auto'}
            inputMode={props.numeric ? 'numeric' : undefined}
            onChange={(event) => props.onChange(props.field, event.target.value)}
          />
        )}
      </label>
      {props.error && (
        <span className="field-error" id={errorId}>
          {props.error}
        </span>
      )}
      <FieldMarkers fields={[props.field]} context={props.markers} />
    </div>
  );
}
