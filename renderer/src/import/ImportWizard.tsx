import { useEffect, useId, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import type { ImportOutcome, ImportPreview, ImportUndoOutcome, RequestOf } from '../../../shared/contract';
import { countCsvDataRows } from '../../../shared/csv-records';
import { call, messageOf, useCrmEvent } from '../api';
import { Dialog } from '../ui/Dialog';
import { ColumnMapping, mappingProblem, type Mapping } from './ColumnMapping';
import { ImportProgress, type ImportProgressValue } from './ImportProgress';
import './import.css';

/** Enough of a file's start for its header line and the first rows the mapping step shows. */
const PREVIEW_CHARS = 64 * 1024;

/** The desktop app serves the page from app:// and answers `imports.chooseFile` with the system's dialog. */
const inDesktopApp = () => window.location.protocol === 'app:';

const DELIMITER_NAMES: Record<ImportPreview['delimiter'], string> = { ',': 'commas', ';': 'semicolons', '\t': 'tabs' };

type OnDuplicate = NonNullable<RequestOf<'imports.fromText'>['onDuplicate']>;

const DUPLICATE_CHOICES: [OnDuplicate, string][] = [
  ['skip', 'Skip it'],
  ['update', 'Update it'],
  ['create', 'Create anyway'],
];

/** A file read by the page (`text`), or picked in the desktop app's dialog (`path`: the core reads it). */
type ChosenFile = { name: string; preview: ImportPreview } & ({ text: string; rows: number; path?: never } | { path: string; text?: never; rows?: never });

type Step =
  | { kind: 'choose' }
  | { kind: 'importing' }
  | { kind: 'done'; outcome: ImportOutcome }
  | { kind: 'undoing'; outcome: ImportOutcome }
  | { kind: 'undone'; outcome: ImportOutcome; undo: ImportUndoOutcome };

/**
 * Imports leads from a CSV file: choose the file, check which field each column fills
 * (pre-set by the core, remembered per set of headers) and what to do with leads that
 * already exist, import while a bar shows how far it got, see what happened, and undo the
 * whole import if it was the wrong file. In a browser the page reads the file (it cannot
 * hand the core a path); the desktop app picks it with the system's dialog instead.
 */
export function ImportWizard(props: { onClose: () => void }) {
  const fileId = useId();
  const policyId = useId();
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const [progress, setProgress] = useState<(ImportProgressValue & { jobId: string }) | null>(null);
  const [reading, setReading] = useState(false);
  const [onDuplicate, setOnDuplicate] = useState<OnDuplicate>('skip');
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [error, setError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const desktop = inDesktopApp();
  // Start on the file picker (the dialog's own first control is Close); the Dialog opens first, its effect runs before ours.
  useEffect(() => fileInput.current?.focus(), []);

  const chosen = (next: ChosenFile) => {
    setFile(next);
    setMapping(next.preview.mapping);
  };

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const picked = event.target.files?.[0];
    setError(null);
    setFile(null);
    if (!picked) return;
    setReading(true);
    try {
      let text: string;
      try {
        text = await picked.text();
      } catch (failure) {
        throw new Error(`Could not read ${picked.name}: ${messageOf(failure)}`);
      }
      const preview = await call('imports.preview', { fileName: picked.name, text: text.slice(0, PREVIEW_CHARS) });
      chosen({ name: picked.name, text, rows: countCsvDataRows(text, preview.delimiter), preview });
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setReading(false);
    }
  };

  /** The desktop app: the system's file dialog, answered with the picked file's preview (null when cancelled). */
  const chooseWithSystemDialog = async () => {
    setError(null);
    setReading(true);
    try {
      const picked = await call('imports.chooseFile', {});
      if (picked) chosen({ name: picked.fileName, path: picked.path, preview: picked.preview });
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setReading(false);
    }
  };
  // In the desktop app "Import CSV" goes straight to the system's dialog (once, however often effects run).
  const openedDialog = useRef(false);
  useEffect(() => {
    if (!desktop || openedDialog.current) return;
    openedDialog.current = true;
    void chooseWithSystemDialog();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useCrmEvent('jobProgress', (event) => {
    if (event.kind !== 'import') return;
    setProgress((current) => (current && current.jobId === event.jobId && event.done >= current.done ? { ...current, done: event.done, total: event.total } : current));
  });
  const problem = mappingProblem(mapping);

  const runImport = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setError('Choose a CSV file first.');
      return;
    }
    if (problem) {
      setError(problem);
      return;
    }
    setError(null);
    const jobId = crypto.randomUUID();
    setProgress({ jobId, done: 0, total: 0 });
    setStep({ kind: 'importing' });
    try {
      const request = { map: mapping, onDuplicate, jobId };
      const outcome =
        file.path !== undefined
          ? await call('imports.fromFile', { path: file.path, ...request })
          : await call('imports.fromText', { fileName: file.name, text: file.text, ...request });
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
    <Dialog title="Import leads" onClose={props.onClose} wide={file !== null}>
      {step.kind === 'choose' || step.kind === 'importing' ? (
        <form onSubmit={(event) => void runImport(event)} className="import-wizard">
          <div className="field">
            <label htmlFor={fileId}>CSV file</label>
            {desktop ? (
              <button type="button" id={fileId} disabled={step.kind === 'importing' || reading} onClick={() => void chooseWithSystemDialog()}>
                {file ? 'Choose another file…' : 'Choose a file…'}
              </button>
            ) : (
              <input
                ref={fileInput}
                id={fileId}
                type="file"
                accept=".csv,text/csv,text/plain"
                disabled={step.kind === 'importing'}
                onChange={(event) => void choose(event)}
              />
            )}
            {reading && <span className="muted">Reading the file…</span>}
            {file && (
              <span className="muted" data-testid="import-file">
                {file.name}
                {file.rows !== undefined && `: ${file.rows === 1 ? '1 row' : `${file.rows.toLocaleString()} rows`}`}
              </span>
            )}
            {file && file.preview.delimiter !== ',' && (
              <span className="muted" data-testid="import-delimiter">
                Cells are separated by {DELIMITER_NAMES[file.preview.delimiter]}.
              </span>
            )}
          </div>
          {file && (
            <ColumnMapping
              preview={file.preview}
              mapping={mapping}
              disabled={step.kind === 'importing'}
              onChange={(header, field) => setMapping((current) => ({ ...current, [header]: field }))}
            />
          )}
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
          {step.kind === 'importing' && <ImportProgress progress={progress} />}
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" onClick={props.onClose} disabled={step.kind === 'importing'}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={!file || problem !== null || step.kind === 'importing'}>
              {step.kind === 'importing' ? 'Importing…' : 'Import'}
            </button>
          </div>
        </form>
      ) : (
        <div className="dialog-body import-wizard">
          {progress && progress.total > 0 && <ImportProgress progress={progress} />}
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
