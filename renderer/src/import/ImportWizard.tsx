import { useEffect, useId, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import type { ImportOutcome, ImportUndoOutcome, RequestOf } from '../../../shared/contract';
import { call, messageOf } from '../api';
import { Dialog } from '../ui/Dialog';
import { countCsvRows } from './csv-rows';
import './import.css';

type OnDuplicate = NonNullable<RequestOf<'imports.fromText'>['onDuplicate']>;

const DUPLICATE_CHOICES: [OnDuplicate, string][] = [
  ['skip', 'Skip it'],
  ['update', 'Update it'],
  ['create', 'Create anyway'],
];

interface ChosenFile {
  name: string;
  text: string;
  rows: number;
}

type Step =
  | { kind: 'choose' }
  | { kind: 'importing' }
  | { kind: 'done'; outcome: ImportOutcome }
  | { kind: 'undoing'; outcome: ImportOutcome }
  | { kind: 'undone'; outcome: ImportOutcome; undo: ImportUndoOutcome };

/**
 * Imports leads from a CSV file: choose the file and what to do with leads that already
 * exist, import, see what happened, and undo the whole import if it was the wrong file.
 * The page reads the file itself (a browser cannot hand the core a path).
 */
export function ImportWizard(props: { onClose: () => void }) {
  const fileId = useId();
  const policyId = useId();
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [reading, setReading] = useState(false);
  const [onDuplicate, setOnDuplicate] = useState<OnDuplicate>('skip');
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [error, setError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  // Start on the file picker (the dialog's own first control is Close); the Dialog opens first, its effect runs before ours.
  useEffect(() => fileInput.current?.focus(), []);

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const picked = event.target.files?.[0];
    setError(null);
    setFile(null);
    if (!picked) return;
    setReading(true);
    try {
      const text = await picked.text();
      setFile({ name: picked.name, text, rows: countCsvRows(text) });
    } catch (failure) {
      setError(`Could not read ${picked.name}: ${messageOf(failure)}`);
    } finally {
      setReading(false);
    }
  };

  const runImport = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setError('Choose a CSV file first.');
      return;
    }
    setError(null);
    setStep({ kind: 'importing' });
    try {
      const outcome = await call('imports.fromText', { fileName: file.name, text: file.text, onDuplicate });
      setStep({ kind: 'done', outcome });
    } catch (failure) {
      setError(messageOf(failure));
      setStep({ kind: 'choose' });
    }
  };

  const undo = async (outcome: ImportOutcome) => {
    setError(null);
    setStep({ kind: 'undoing', outcome });
    try {
      const result = await call('imports.undo', { importId: outcome.importId });
      setStep({ kind: 'undone', outcome, undo: result });
    } catch (failure) {
      setError(messageOf(failure));
      setStep({ kind: 'done', outcome });
    }
  };

  return (
    <Dialog title="Import leads" onClose={props.onClose}>
      {step.kind === 'choose' || step.kind === 'importing' ? (
        <form onSubmit={(event) => void runImport(event)} className="import-wizard">
          <div className="field">
            <label htmlFor={fileId}>CSV file</label>
            <input
              ref={fileInput}
              id={fileId}
              type="file"
              accept=".csv,text/csv"
              disabled={step.kind === 'importing'}
              onChange={(event) => void choose(event)}
            />
            {reading && <span className="muted">Reading the file…</span>}
            {file && (
              <span className="muted" data-testid="import-file">
                {file.name}: {file.rows === 1 ? '1 row' : `${file.rows.toLocaleString()} rows`}
              </span>
            )}
          </div>
          <div className="field">
            <label htmlFor={policyId}>If a lead already exists</label>
            <select
              id={policyId}
              value={onDuplicate}
              disabled={step.kind === 'importing'}
              onChange={(event) => setOnDuplicate(event.target.value as OnDuplicate)}
            >
              {DUPLICATE_CHOICES.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
            <span className="muted">A lead already exists when a phone number or the email matches.</span>
          </div>
          {step.kind === 'importing' && (
            <div className="import-progress" role="progressbar" aria-label="Importing leads" aria-busy="true">
              <span className="import-progress-bar" />
            </div>
          )}
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" onClick={props.onClose} disabled={step.kind === 'importing'}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={!file || step.kind === 'importing'}>
              {step.kind === 'importing' ? 'Importing…' : 'Import'}
            </button>
          </div>
        </form>
      ) : (
        <div className="dialog-body import-wizard">
          <Summary outcome={step.outcome} />
          {step.kind === 'undone' ? (
            <UndoSummary undo={step.undo} />
          ) : (
            <p className="muted">Wrong file? Undo removes the leads this import created and puts back what it updated.</p>
          )}
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            {step.kind !== 'undone' && (
              <button type="button" onClick={() => void undo(step.outcome)} disabled={step.kind === 'undoing'}>
                {step.kind === 'undoing' ? 'Undoing…' : 'Undo import'}
              </button>
            )}
            <button type="button" className="primary" onClick={props.onClose}>
              Done
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}

function Summary({ outcome }: { outcome: ImportOutcome }) {
  return (
    <>
      <p data-testid="import-summary" role="status">
        Imported {outcome.imported}, updated {outcome.updated}, skipped {outcome.skipped}, rejected {outcome.rejected}, flagged{' '}
        {outcome.flagged}
      </p>
      {outcome.flagged > 0 && (
        <p className="muted">Flagged leads may be the same person as an existing lead (same name); check them in the leads table.</p>
      )}
      {outcome.rejected > 0 && (
        <p data-testid="import-rejected">
          {outcome.rejected === 1 ? '1 row was' : `${outcome.rejected} rows were`} rejected (no name, or neither a phone nor an
          email). They are listed, with the reason, in <code className="import-path">{outcome.reportFile}</code>
        </p>
      )}
    </>
  );
}

function UndoSummary({ undo }: { undo: ImportUndoOutcome }) {
  return (
    <div data-testid="import-undone" role="status">
      <p>
        Import undone: {undo.deleted} {undo.deleted === 1 ? 'lead' : 'leads'} removed, {undo.reverted}{' '}
        {undo.reverted === 1 ? 'lead' : 'leads'} put back.
      </p>
      {undo.notUndone.length > 0 && (
        <>
          <p>Not undone, because someone changed them since:</p>
          <ul className="import-not-undone">
            {undo.notUndone.map((item) => (
              <li key={`${item.leadId}:${item.field ?? ''}`}>
                Lead {item.leadId}
                {item.field ? ` (${item.field})` : ''}: {item.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
