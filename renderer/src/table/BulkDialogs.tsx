import { useId, useState, type FormEvent } from 'react';
import type { BulkAction, BulkActionKind, Colleague } from '../../../shared/contract';
import { STAGE_LABELS, STAGES, isStage, type ClosedOutcome, type Stage } from '../../../shared/pipeline';
import { Dialog } from '../ui/Dialog';

/** "1 lead", "2,300 leads". */
export function leadsCount(n: number): string {
  return `${n.toLocaleString()} ${n === 1 ? 'lead' : 'leads'}`;
}

const TITLES: Record<BulkActionKind, string> = {
  moveToStage: 'Move leads to a stage',
  assign: 'Reassign leads',
  followUp: 'Set a follow-up',
  delete: 'Delete leads',
};

/** Tomorrow at 10:00 local time, as a datetime-local input wants it. */
function tomorrowMorning(): string {
  const date = new Date();
  date.setDate(date.getDate() + 1);
  date.setHours(10, 0, 0, 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T10:00`;
}

/**
 * Asks what exactly to do to the selected leads, and is the confirmation too: its
 * button says how many leads it will change, and nothing happens before it is pressed.
 */
export function BulkActionDialog(props: {
  kind: BulkActionKind;
  count: number;
  /** Everyone a lead can be given to (managers only see this dialog). */
  people: readonly Colleague[];
  meId: string | null;
  onConfirm: (action: BulkAction) => void;
  onCancel: () => void;
}) {
  const { kind, count } = props;
  const ids = { stage: useId(), reason: useId(), owner: useId(), title: useId(), due: useId() };
  const [stage, setStage] = useState<Stage>('contacted');
  const [outcome, setOutcome] = useState<ClosedOutcome | null>(null);
  const [lostReason, setLostReason] = useState('');
  const [ownerId, setOwnerId] = useState('');
  const [title, setTitle] = useState('Follow up');
  const [due, setDue] = useState(tomorrowMorning);
  const [error, setError] = useState<string | null>(null);

  const check = (): string | null => {
    if (kind === 'moveToStage' && stage === 'closed' && !outcome) return 'Choose whether the leads were won or lost.';
    if (kind === 'moveToStage' && outcome === 'lost' && stage === 'closed' && !lostReason.trim()) return 'Say why the leads were lost.';
    if (kind === 'assign' && !ownerId) return 'Choose who gets the leads.';
    if (kind === 'followUp' && !title.trim()) return 'A follow-up needs a title.';
    if (kind === 'followUp' && Number.isNaN(Date.parse(due))) return 'Choose when the follow-up is due.';
    return null;
  };
  const action = (): BulkAction => {
    switch (kind) {
      case 'moveToStage': {
        const closed = stage === 'closed';
        return { kind, stage, outcome: closed ? outcome : null, lostReason: closed && outcome === 'lost' ? lostReason.trim() : null };
      }
      case 'assign':
        return { kind, ownerId };
      case 'followUp':
        return { kind, title: title.trim(), dueAt: new Date(due).toISOString() };
      case 'delete':
        return { kind };
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = check();
    if (problem) return setError(problem);
    props.onConfirm(action());
  };
  const verb: Record<BulkActionKind, string> = {
    moveToStage: `Move ${leadsCount(count)}`,
    assign: `Reassign ${leadsCount(count)}`,
    followUp: `Add to ${leadsCount(count)}`,
    delete: `Delete ${leadsCount(count)}`,
  };

  return (
    <Dialog title={TITLES[kind]} onClose={props.onCancel}>
      <form onSubmit={submit} noValidate className="bulk-dialog">
        {kind === 'moveToStage' && (
          <>
            <label htmlFor={ids.stage}>Stage</label>
            <select id={ids.stage} value={stage} onChange={(event) => isStage(event.target.value) && setStage(event.target.value)}>
              {STAGES.map((s) => (
                <option key={s} value={s}>
                  {STAGE_LABELS[s]}
                </option>
              ))}
            </select>
            {stage === 'closed' && (
              <fieldset className="bulk-outcome">
                <legend>Outcome</legend>
                {(['won', 'lost'] as const).map((value) => (
                  <label key={value} className="bulk-radio">
                    <input type="radio" name="bulk-outcome" value={value} checked={outcome === value} onChange={() => setOutcome(value)} />
                    {value === 'won' ? 'Won' : 'Lost'}
                  </label>
                ))}
              </fieldset>
            )}
            {stage === 'closed' && outcome === 'lost' && (
              <>
                <label htmlFor={ids.reason}>Lost reason</label>
                <input id={ids.reason} value={lostReason} maxLength={500} onChange={(event) => setLostReason(event.target.value)} />
              </>
            )}
          </>
        )}
        {kind === 'assign' && (
          <>
            <label htmlFor={ids.owner}>New owner</label>
            <select id={ids.owner} value={ownerId} onChange={(event) => setOwnerId(event.target.value)}>
              <option value="" disabled>
                Choose a colleague
              </option>
              {props.people.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.name}
                  {person.id === props.meId ? ' (you)' : ''}
                </option>
              ))}
            </select>
          </>
        )}
        {kind === 'followUp' && (
          <>
            <label htmlFor={ids.title}>Follow-up</label>
            <input id={ids.title} value={title} maxLength={300} onChange={(event) => setTitle(event.target.value)} />
            <label htmlFor={ids.due}>Due</label>
            <input id={ids.due} type="datetime-local" value={due} onChange={(event) => setDue(event.target.value)} />
          </>
        )}
        {kind === 'delete' ? (
          <p>
            Delete {leadsCount(count)}? They leave every list and board; Undo (or Restore on each lead) brings them back.
          </p>
        ) : (
          <p className="muted">This changes {leadsCount(count)}. You can undo it afterwards.</p>
        )}
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
          <button type="submit" className={kind === 'delete' ? 'danger' : 'primary'}>
            {verb[kind]}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
