import { useId, useRef, useState, type FormEvent } from 'react';
import type { ClosedOutcome } from '../../../shared/pipeline';
import { Dialog } from '../ui/Dialog';
import './close-lead-dialog.css';

/** The longest lost reason the contract accepts. */
const LOST_REASON_MAX = 500;

/**
 * Asks how a lead closed before it moves to Closed: won, or lost with a reason (the
 * reason is what a manager reviews later, so it cannot be left empty). Cancel leaves
 * the lead where it was.
 */
export function CloseLeadDialog(props: {
  leadName: string;
  onConfirm: (outcome: ClosedOutcome, lostReason: string | null) => void;
  onCancel: () => void;
}) {
  const [outcome, setOutcome] = useState<ClosedOutcome | null>(null);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ outcome?: string; reason?: string }>({});
  const reasonRef = useRef<HTMLInputElement>(null);
  const ids = { outcome: useId(), reason: useId() };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!outcome) {
      setErrors({ outcome: 'Choose whether the lead was won or lost.' });
      return;
    }
    if (outcome === 'lost' && !reason.trim()) {
      setErrors({ reason: 'Say why the lead was lost.' });
      reasonRef.current?.focus();
      return;
    }
    props.onConfirm(outcome, outcome === 'lost' ? reason.trim() : null);
  };

  const choose = (value: ClosedOutcome) => {
    setOutcome(value);
    setErrors({});
  };

  return (
    <Dialog title="Close lead" onClose={props.onCancel}>
      <form onSubmit={submit} noValidate>
        <p className="close-lead-name">
          How did <strong>{props.leadName}</strong> end?
        </p>
        <fieldset
          className="close-lead-outcome"
          aria-describedby={errors.outcome ? `${ids.outcome}-error` : undefined}
        >
          <legend>Outcome</legend>
          <label className="close-lead-radio">
            <input type="radio" name="outcome" value="won" checked={outcome === 'won'} onChange={() => choose('won')} />
            Won
          </label>
          <label className="close-lead-radio">
            <input type="radio" name="outcome" value="lost" checked={outcome === 'lost'} onChange={() => choose('lost')} />
            Lost
          </label>
        </fieldset>
        {errors.outcome && (
          <span className="field-error" id={`${ids.outcome}-error`} role="alert">
            {errors.outcome}
          </span>
        )}
        {outcome === 'lost' && (
          <div className="close-lead-reason">
            <label htmlFor={ids.reason}>Lost reason</label>
            <input
              id={ids.reason}
              ref={reasonRef}
              value={reason}
              maxLength={LOST_REASON_MAX}
              placeholder="e.g. bought elsewhere, budget too low"
              onChange={(event) => {
                setReason(event.target.value);
                if (errors.reason) setErrors({});
              }}
              aria-invalid={errors.reason ? true : undefined}
              aria-describedby={errors.reason ? `${ids.reason}-error` : undefined}
            />
            {errors.reason && (
              <span className="field-error" id={`${ids.reason}-error`} role="alert">
                {errors.reason}
              </span>
            )}
          </div>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Close lead
          </button>
        </div>
      </form>
    </Dialog>
  );
}
