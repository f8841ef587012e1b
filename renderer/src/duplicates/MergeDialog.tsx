import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { Colleague, MergePick, MergePickField } from '../../../shared/contract';
import { bothNotes, bothPhones } from '../../../shared/lead-merge';
import { defaultMergePick, defaultSurvivor, MERGE_PICK_ORDER } from '../../../shared/merge-defaults';
import type { Lead } from '../../../shared/model';
import { STAGE_LABELS } from '../../../shared/pipeline';
import { call, messageOf } from '../api';
import { useColleagues } from '../lead/hooks';
import { formatWhen } from '../lead/format';
import { Dialog } from '../ui/Dialog';

/** Which value a field group keeps, by where it is on screen (so switching the survivor keeps the choices). */
type Side = 'left' | 'right' | 'both';

const GROUP_LABELS: Record<MergePickField, string> = {
  name: 'Name',
  phones: 'Phones',
  email: 'Email',
  source: 'Source',
  stage: 'Stage',
  budget: 'Budget',
  property: 'Property',
  ownerId: 'Owner',
  notes: 'Notes',
};
const CAN_KEEP_BOTH: readonly MergePickField[] = ['phones', 'notes'];
const NOTES_SHOWN = 160;

/**
 * The two-way merge: both leads side by side, one choice per field group (or both, for
 * phones and notes), and which lead stays. It starts from the shared defaults (the lead
 * further along the pipeline or the older one stays; each field keeps the survivor's
 * value unless only the other lead has one) and says plainly what happens to the other
 * lead's history before anything is written.
 */
export function MergeDialog(props: { pair: readonly [Lead, Lead]; onClose: () => void; onMerged: (survivor: Lead) => void }) {
  const [left, right] = props.pair;
  const colleagues = useColleagues();
  const [survivorSide, setSurvivorSide] = useState<'left' | 'right'>(() => (defaultSurvivor(left, right).survivor === left ? 'left' : 'right'));
  const [sides, setSides] = useState<Record<MergePickField, Side>>(() => {
    const start = defaultSurvivor(left, right);
    const pick = defaultMergePick(start.survivor, start.merged);
    const survivorIsLeft = start.survivor === left;
    const toSide = (choice: string): Side => (choice === 'both' ? 'both' : (choice === 'survivor') === survivorIsLeft ? 'left' : 'right');
    return Object.fromEntries(MERGE_PICK_ORDER.map((group) => [group, toSide(pick[group])])) as Record<MergePickField, Side>;
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ids = useId();

  const survivor = survivorSide === 'left' ? left : right;
  const merged = survivorSide === 'left' ? right : left;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const pick: MergePick = {};
    for (const group of MERGE_PICK_ORDER) {
      const side = sides[group];
      (pick as Record<string, string>)[group] = side === 'both' ? 'both' : side === survivorSide ? 'survivor' : 'merged';
    }
    setBusy(true);
    setError(null);
    try {
      const after = await call('leads.merge', { survivorId: survivor.id, mergedId: merged.id, pick });
      props.onMerged(after);
    } catch (failure) {
      setError(messageOf(failure));
      setBusy(false);
    }
  };

  const leadOption = (side: 'left' | 'right', lead: Lead) => (
    <label className="merge-survivor-option">
      <input type="radio" name={`${ids}-survivor`} checked={survivorSide === side} onChange={() => setSurvivorSide(side)} />
      <span>
        Keep <strong dir="auto">{lead.name}</strong>
        <span className="muted">
          {' '}
          · {stageText(lead)} · created {formatWhen(lead.createdAt)}
        </span>
      </span>
    </label>
  );

  return (
    <Dialog title="Merge leads" onClose={props.onClose} wide>
      <form onSubmit={(event) => void submit(event)} className="merge-form">
        <fieldset className="merge-survivor">
          <legend>Which lead stays?</legend>
          {leadOption('left', left)}
          {leadOption('right', right)}
        </fieldset>
        <div className="merge-grid" role="group" aria-label="Values to keep">
          <div className="merge-grid-head" aria-hidden="true">
            <span />
            {[left, right].map((lead) => (
              <span key={lead.id}>
                <bdi>{lead.name}</bdi> {lead === survivor && <span className="badge ok">stays</span>}
              </span>
            ))}
            <span>Both</span>
          </div>
          {MERGE_PICK_ORDER.map((group) => {
            const labelId = `${ids}-${group}`;
            const choose = (side: Side) => setSides({ ...sides, [group]: side });
            const option = (side: Side, content: ReactNode, spoken: string) => (
              <label className={sides[group] === side ? 'merge-choice chosen' : 'merge-choice'}>
                <input type="radio" name={labelId} checked={sides[group] === side} onChange={() => choose(side)} aria-label={spoken} />
                <span dir="auto">{content}</span>
              </label>
            );
            const [leftText, rightText] = [valueText(group, left, colleagues), valueText(group, right, colleagues)];
            return (
              <div key={group} className="merge-row" role="radiogroup" aria-labelledby={labelId}>
                <span id={labelId} className="merge-label">
                  {GROUP_LABELS[group]}
                </span>
                {option('left', shorten(leftText), `${left.name}: ${leftText}`)}
                {option('right', shorten(rightText), `${right.name}: ${rightText}`)}
                {CAN_KEEP_BOTH.includes(group) ? option('both', shorten(bothText(group, survivor, merged)), `Both: ${bothText(group, survivor, merged)}`) : <span />}
              </div>
            );
          })}
        </div>
        <p className="merge-consequence">
          <strong dir="auto">{merged.name}</strong>&apos;s calls, notes and follow-ups move to <strong dir="auto">{survivor.name}</strong>, whose timeline then
          shows both; {merged.name} is removed as a duplicate. This syncs like any other change.
        </p>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Merge into {survivor.name}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function stageText(lead: Lead): string {
  if (lead.stage !== 'closed') return STAGE_LABELS[lead.stage];
  const outcome = lead.outcome === 'won' ? 'Closed (won)' : 'Closed (lost)';
  return lead.lostReason ? `${outcome}: ${lead.lostReason}` : outcome;
}

/** A field group's value as the dialog shows it; "—" when empty. */
function valueText(group: MergePickField, lead: Lead, colleagues: readonly Colleague[]): string {
  const text = (() => {
    switch (group) {
      case 'name':
        return lead.name;
      case 'phones':
        return lead.phones.map((p) => p.raw).join(', ');
      case 'email':
        return lead.email ?? '';
      case 'source':
        return lead.source ?? '';
      case 'stage':
        return stageText(lead);
      case 'budget':
        return lead.budgetMin === null && lead.budgetMax === null ? '' : `${money(lead.budgetMin)} – ${money(lead.budgetMax)}`;
      case 'property':
        return [lead.propertyType, lead.propertyArea].filter(Boolean).join(' · ');
      case 'ownerId':
        return lead.ownerId ? (colleagues.find((c) => c.id === lead.ownerId)?.name ?? lead.ownerId) : '';
      case 'notes':
        return lead.notes.trim();
    }
  })();
  return text || '—';
}

/** What "both" keeps: the same rule the core applies (shared/lead-merge.ts). */
function bothText(group: MergePickField, survivor: Lead, merged: Lead): string {
  if (group === 'phones') return bothPhones(survivor.phones, merged.phones).map((p) => p.raw).join(', ') || '—';
  return bothNotes(survivor.notes, merged.notes) || '—';
}

function money(value: number | null): string {
  return value === null ? '…' : value.toLocaleString('en');
}

function shorten(text: string): string {
  return text.length > NOTES_SHOWN ? `${text.slice(0, NOTES_SHOWN)}…` : text;
}
