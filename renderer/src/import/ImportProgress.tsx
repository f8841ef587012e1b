import type { ContractEvents } from '../../../shared/contract';

export type ImportProgressValue = Pick<ContractEvents['jobProgress'], 'done' | 'total'>;

/**
 * How far an import has read its file, from the core's `jobProgress` events; a moving
 * bar without numbers until the first one comes (the core counts the rows first).
 */
export function ImportProgress({ progress }: { progress: ImportProgressValue | null }) {
  const known = progress !== null && progress.total > 0;
  return (
    <div className="import-progress">
      <progress aria-label="Import progress" max={known ? progress.total : undefined} value={known ? progress.done : undefined} />
      <span className="muted" data-testid="import-progress-text">
        {known ? `${progress.done.toLocaleString()} of ${progress.total.toLocaleString()} rows read` : 'Reading the file…'}
      </span>
    </div>
  );
}
