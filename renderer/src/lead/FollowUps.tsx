import { useId, useState, type FormEvent } from 'react';
import type { Task } from '../../../shared/model';
import { call, messageOf } from '../api';
import { FieldMarkers, type MarkerContext } from './FieldMarkers';
import { formatWhen, localInputToIso, toLocalInput, tomorrowAtTen } from './format';

/** The lead's follow-up tasks: open ones first by due time, then the done ones; add, complete, reschedule. */
export function FollowUps({ leadId, tasks, markers, disabled }: { leadId: string; tasks: readonly Task[]; markers: MarkerContext; disabled: boolean }) {
  const open = tasks.filter((t) => !t.doneAt).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const done = tasks.filter((t) => t.doneAt).sort((a, b) => b.doneAt!.localeCompare(a.doneAt!));
  return (
    <section className="lead-panel">
      <h2>Follow-ups</h2>
      {open.length === 0 && <p className="muted">No open follow-ups.</p>}
      <ul className="task-list">
        {open.map((task) => (
          <OpenTask key={task.id} task={task} markers={taskMarkers(markers, task.id)} disabled={disabled} />
        ))}
      </ul>
      {done.length > 0 && (
        <details className="done-tasks">
          <summary>Done ({done.length})</summary>
          <ul className="task-list">
            {done.map((task) => (
              <li key={task.id} className="task task-done">
                <span className="task-title">{task.title}</span>
                <span className="muted">
                  done <time dateTime={task.doneAt!}>{formatWhen(task.doneAt!)}</time>
                </span>
              </li>
            ))}
          </ul>
        </details>
      )}
      <NewTaskForm leadId={leadId} disabled={disabled} />
    </section>
  );
}

/** A task's own sync markers: a due date sync replaced is a conflict on that task. */
function taskMarkers(markers: MarkerContext, taskId: string): MarkerContext {
  return { ...markers, predicted: [], conflicts: markers.conflicts.filter((c) => c.entity === 'task' && c.entityId === taskId) };
}

function OpenTask({ task, markers, disabled }: { task: Task; markers: MarkerContext; disabled: boolean }) {
  const [rescheduling, setRescheduling] = useState(false);
  const [due, setDue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const overdue = new Date(task.dueAt).getTime() < Date.now();

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      setRescheduling(false);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };
  const reschedule = (event: FormEvent) => {
    event.preventDefault();
    const dueAt = localInputToIso(due);
    if (!dueAt) {
      setError('Pick a date and time.');
      return;
    }
    void run(() => call('tasks.reschedule', { id: task.id, dueAt }));
  };

  return (
    <li className={overdue ? 'task task-overdue' : 'task'}>
      <div className="task-line">
        <span className="task-title">{task.title}</span>
        <time dateTime={task.dueAt}>{formatWhen(task.dueAt)}</time>
        {overdue && <span className="badge danger">Overdue</span>}
        <span className="task-actions">
          <button type="button" disabled={disabled || busy} onClick={() => void run(() => call('tasks.complete', { id: task.id }))}>
            Done<span className="sr-only"> {task.title}</span>
          </button>
          <button
            type="button"
            disabled={disabled || busy}
            aria-expanded={rescheduling}
            onClick={() => {
              setDue(toLocalInput(new Date(task.dueAt)));
              setRescheduling(!rescheduling);
            }}
          >
            Reschedule<span className="sr-only"> {task.title}</span>
          </button>
        </span>
      </div>
      {rescheduling && (
        <form className="task-reschedule" onSubmit={reschedule}>
          <label htmlFor={inputId} className="inline-label">
            New time
          </label>
          <input id={inputId} type="datetime-local" value={due} onChange={(event) => setDue(event.target.value)} autoFocus />
          <button type="submit" className="primary" disabled={busy}>
            Set new time
          </button>
          <button type="button" onClick={() => setRescheduling(false)}>
            Keep
          </button>
        </form>
      )}
      {error && <span className="field-error">{error}</span>}
      <FieldMarkers fields={['dueAt']} context={markers} />
    </li>
  );
}

function NewTaskForm({ leadId, disabled }: { leadId: string; disabled: boolean }) {
  const [title, setTitle] = useState('');
  const [due, setDue] = useState(() => tomorrowAtTen());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const dueAt = localInputToIso(due);
    if (!title.trim()) return setError('Say what to do, like "Call back".');
    if (!dueAt) return setError('Pick a date and time.');
    setBusy(true);
    setError(null);
    try {
      await call('tasks.create', { leadId, title: title.trim(), dueAt });
      setTitle('');
      setDue(tomorrowAtTen());
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="new-task" onSubmit={(event) => void submit(event)}>
      <fieldset disabled={disabled || busy} className="new-task-fields">
        <label>
          Follow-up
          <input value={title} placeholder="Call back" onChange={(event) => setTitle(event.target.value)} />
        </label>
        <label>
          Due
          <input type="datetime-local" value={due} onChange={(event) => setDue(event.target.value)} />
        </label>
        <button type="submit">Add follow-up</button>
      </fieldset>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
