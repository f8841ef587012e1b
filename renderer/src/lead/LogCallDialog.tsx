import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { CALL_OUTCOME_LABELS, CALL_OUTCOMES, type CallOutcome } from '../../../shared/pipeline';
import { call, messageOf, useCrmQuery } from '../api';
import { Dialog } from '../ui/Dialog';
import { formatDuration, localInputToIso, parseDuration, tomorrowAtTen } from './format';
import { focusWhenDialogOpens, useElapsedSeconds } from './hooks';
import './lead.css';

/**
 * Logs a call while (or right after) it happens: a timer runs from the moment the
 * dialog opens, Stop puts its time into Duration, and a follow-up can be booked in the
 * same step. A call that saved is never logged twice, even when the follow-up fails.
 */
export function LogCallDialog({ leadId, onClose }: { leadId: string; onClose: () => void }) {
  const { data: lead, error: loadError } = useCrmQuery('leads.get', { id: leadId }, [leadId]);
  const [startedAt, setStartedAt] = useState<number | null>(() => Date.now());
  const elapsed = useElapsedSeconds(startedAt);
  const [outcome, setOutcome] = useState<CallOutcome>('answered');
  const [duration, setDuration] = useState('');
  const [note, setNote] = useState('');
  const [followUp, setFollowUp] = useState(false);
  const [title, setTitle] = useState('Call back');
  const [due, setDue] = useState(() => tomorrowAtTen());
  const [errors, setErrors] = useState<{ duration?: string; title?: string; due?: string; form?: string }>({});
  const [loggedCallId, setLoggedCallId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A second Enter before the first save returns must not log the call twice.
  const saving = useRef(false);
  const ids = { duration: useId(), title: useId(), due: useId(), hint: useId(), noteHint: useId() };

  const stopTimer = () => {
    if (elapsed !== null) setDuration(formatDuration(elapsed));
    setStartedAt(null);
  };

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (saving.current) return;
    // An empty Duration takes the running timer, so "Save call" right after hanging up is enough.
    const durationSeconds = duration.trim() ? parseDuration(duration) : (elapsed ?? 0);
    const dueAt = followUp ? localInputToIso(due) : null;
    const found: typeof errors = {};
    if (durationSeconds === null) found.duration = 'Enter minutes (5) or minutes and seconds (5:30).';
    else if (durationSeconds > 86_400) found.duration = 'A call cannot last more than a day.';
    if (followUp && !title.trim()) found.title = 'Say what to do, like "Call back".';
    if (followUp && !dueAt) found.due = 'Pick a date and time.';
    setErrors(found);
    if (Object.keys(found).length || durationSeconds === null) return;

    saving.current = true;
    setBusy(true);
    try {
      if (!loggedCallId) {
        const logged = await call('calls.log', { leadId, outcome, durationSeconds, note: note.trim() });
        setLoggedCallId(logged.id);
      }
      if (followUp && dueAt) await call('tasks.create', { leadId, title: title.trim(), dueAt });
      onClose();
    } catch (failure) {
      setErrors({ form: messageOf(failure) });
      saving.current = false;
      setBusy(false);
    }
  };

  // Enter saves from any field, the note included (Shift+Enter starts a new line there):
  // logging a call should take one key. Buttons keep Enter for themselves.
  const onFormKey = (event: KeyboardEvent<HTMLFormElement>) => {
    const target = event.target as HTMLElement;
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing || target.tagName === 'BUTTON' || target.tagName === 'A') return;
    event.preventDefault();
    void submit();
  };

  return (
    <Dialog title="Log a call" onClose={onClose}>
      <form onSubmit={(event) => void submit(event)} onKeyDown={onFormKey} noValidate className="log-call">
        <div className="log-call-lead">
          {lead ? (
            <>
              <strong dir="auto">{lead.name}</strong>
              {lead.phones.length === 0 && <span className="muted">No phone on this lead</span>}
              {lead.phones.map((phone) => (
                <a key={phone.raw} href={`tel:${phone.e164 ?? phone.raw.replace(/[^\d+]/g, '')}`} className="phone-link">
                  {phone.e164 ?? phone.raw}
                </a>
              ))}
            </>
          ) : (
            <span className={loadError ? 'error' : 'muted'}>{loadError ? loadError.message : 'Loading the lead…'}</span>
          )}
        </div>

        <div className="call-timer">
          <span role="timer" aria-label="Call time" className="call-timer-clock">
            {formatDuration(elapsed ?? 0)}
          </span>
          {startedAt === null ? (
            <button type="button" onClick={() => setStartedAt(Date.now())}>
              Start timer
            </button>
          ) : (
            <button type="button" onClick={stopTimer}>
              Stop
            </button>
          )}
        </div>

        <fieldset className="outcome-group">
          <legend>Outcome</legend>
          {CALL_OUTCOMES.map((value) => (
            <label key={value} className="radio-label">
              <input
                type="radio"
                name="outcome"
                value={value}
                checked={outcome === value}
                onChange={() => setOutcome(value)}
                ref={value === 'answered' ? focusWhenDialogOpens : undefined}
              />
              {CALL_OUTCOME_LABELS[value]}
            </label>
          ))}
        </fieldset>

        <div className="field">
          <label htmlFor={ids.duration}>Duration (minutes)</label>
          <input
            id={ids.duration}
            value={duration}
            inputMode="numeric"
            placeholder={startedAt === null ? 'm or m:ss' : 'empty: use the timer'}
            onChange={(event) => setDuration(event.target.value)}
            aria-invalid={errors.duration ? true : undefined}
            aria-describedby={errors.duration ? `${ids.duration}-error` : ids.hint}
          />
          {errors.duration ? (
            <span className="field-error" id={`${ids.duration}-error`}>
              {errors.duration}
            </span>
          ) : (
            <span className="hint muted" id={ids.hint}>
              5 or 5:30. Left empty, the timer's time is used.
            </span>
          )}
        </div>

        <div className="field">
          <label>
            Call note
            <textarea value={note} rows={3} dir="auto" onChange={(event) => setNote(event.target.value)} aria-describedby={ids.noteHint} />
          </label>
          <span className="hint muted" id={ids.noteHint}>
            Enter saves; Shift+Enter starts a new line.
          </span>
        </div>

        <label className="checkbox-label">
          <input type="checkbox" checked={followUp} onChange={(event) => setFollowUp(event.target.checked)} />
          Schedule follow-up
        </label>
        {followUp && (
          <div className="field-pair">
            <div className="field">
              <label htmlFor={ids.title}>Follow-up</label>
              <input
                id={ids.title}
                value={title}
                onChange={(event) => setTitle(event.target.value)}
                aria-invalid={errors.title ? true : undefined}
                aria-describedby={errors.title ? `${ids.title}-error` : undefined}
              />
              {errors.title && (
                <span className="field-error" id={`${ids.title}-error`}>
                  {errors.title}
                </span>
              )}
            </div>
            <div className="field">
              <label htmlFor={ids.due}>Due</label>
              <input
                id={ids.due}
                type="datetime-local"
                value={due}
                onChange={(event) => setDue(event.target.value)}
                aria-invalid={errors.due ? true : undefined}
                aria-describedby={errors.due ? `${ids.due}-error` : undefined}
              />
              {errors.due && (
                <span className="field-error" id={`${ids.due}-error`}>
                  {errors.due}
                </span>
              )}
            </div>
          </div>
        )}

        {errors.form && (
          <p className="error" role="alert">
            {loggedCallId ? `The call is saved, but the follow-up is not: ${errors.form}` : errors.form}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Save call
          </button>
        </div>
      </form>
    </Dialog>
  );
}
