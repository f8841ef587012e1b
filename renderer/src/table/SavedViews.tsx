import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { SavedView } from '../../../shared/contract';
import { call, messageOf, useCrmQuery } from '../api';
import { Dialog } from '../ui/Dialog';
import { DEFAULT_QUERY, fromSavedView, sameQuery, toSavedView, type LeadQuery } from './lead-query';

/** The select's value while the filters match no saved view. */
const UNSAVED = 'unsaved';

/**
 * The user's own saved views of the table: pick one to apply its filters and sort, save
 * the current ones under a name, delete the one applied. A view counts as applied while
 * the table shows exactly its query, so changing a filter by hand un-applies it.
 */
export function SavedViews(props: { query: LeadQuery; onApply: (query: LeadQuery) => void }) {
  const views = useCrmQuery('views.list', {}, [], { reloadOn: [] });
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<{ text: string; failed: boolean } | null>(null);
  const selectId = useId();
  const list = views.data ?? [];
  const applied = list.find((view) => sameQuery(fromSavedView(view.query), props.query));
  const value = applied?.id ?? (sameQuery(props.query, DEFAULT_QUERY) ? '' : UNSAVED);

  const apply = (id: string) => {
    const view = list.find((v) => v.id === id);
    props.onApply(view ? fromSavedView(view.query) : DEFAULT_QUERY);
    setNotice(null);
  };
  const remove = (view: SavedView) => {
    call('views.delete', { id: view.id }).then(
      () => {
        views.reload();
        setNotice({ text: `Deleted the view “${view.name}”.`, failed: false });
      },
      (failure: unknown) => setNotice({ text: messageOf(failure), failed: true }),
    );
  };

  return (
    <div className="leads-saved-views">
      <div className="leads-filter">
        <label htmlFor={selectId}>Saved view</label>
        <select id={selectId} value={value} onChange={(event) => apply(event.target.value)}>
          <option value="">All leads</option>
          {value === UNSAVED && (
            <option value={UNSAVED} disabled>
              Unsaved filters
            </option>
          )}
          {list.map((view) => (
            <option key={view.id} value={view.id}>
              {view.name}
            </option>
          ))}
        </select>
      </div>
      <button type="button" onClick={() => setSaving(true)}>
        Save view
      </button>
      {applied && (
        <button type="button" className="danger" aria-label={`Delete view ${applied.name}`} onClick={() => remove(applied)}>
          Delete view
        </button>
      )}
      <span role="status" className={notice?.failed ? 'error' : 'muted'}>
        {notice?.text}
      </span>
      {saving && (
        <SaveViewDialog
          query={props.query}
          onClose={() => setSaving(false)}
          onSaved={(view) => {
            setSaving(false);
            views.reload();
            setNotice({ text: `Saved the view “${view.name}”.`, failed: false });
          }}
        />
      )}
    </div>
  );
}

function SaveViewDialog(props: { query: LeadQuery; onClose: () => void; onSaved: (view: SavedView) => void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const errorId = useId();
  // The dialog focuses its first button when it opens; the name is what the user came to type.
  useEffect(() => input.current?.focus(), []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    call('views.save', { name, query: toSavedView(props.query) }).then(props.onSaved, (failure: unknown) => {
      setError(messageOf(failure));
      setBusy(false);
    });
  };

  return (
    <Dialog title="Save view" onClose={props.onClose}>
      <form onSubmit={submit}>
        <p className="muted">Keeps the current filters, search and sort under a name only you see.</p>
        <label>
          View name
          <input
            ref={input}
            value={name}
            maxLength={100}
            required
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        {error && (
          <p id={errorId} className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy || name.trim() === ''}>
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}
