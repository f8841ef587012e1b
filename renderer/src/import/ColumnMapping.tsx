import { useId } from 'react';
import type { ImportPreview } from '../../../shared/contract';
import { IMPORT_FIELDS, IMPORT_FIELD_LABELS, type ImportField } from '../../../shared/import-fields';

export type Mapping = Record<string, ImportField | null>;

/** Why this mapping cannot import (the core refuses the same), or null when it can. */
export function mappingProblem(mapping: Mapping): string | null {
  const fields = new Set(Object.values(mapping));
  if (!fields.has('name')) return 'Choose the column that holds the name.';
  if (!fields.has('phone') && !fields.has('email')) return 'Choose the column that holds the phone or the email.';
  return null;
}

/**
 * The wizard's mapping step: each column of the file with an example value and the
 * field it fills, pre-set by the core (as last time for these headers, else guessed).
 */
export function ColumnMapping(props: { preview: ImportPreview; mapping: Mapping; disabled: boolean; onChange: (header: string, field: ImportField | null) => void }) {
  const id = useId();
  const { preview, mapping } = props;
  // The first non-empty value under each header, so an empty first row still shows something.
  const example = (column: number) => preview.sampleRows.map((row) => row[column] ?? '').find((cell) => cell !== '') ?? '';
  const problem = mappingProblem(mapping);
  return (
    <fieldset className="import-columns" disabled={props.disabled}>
      <legend>Columns</legend>
      <p className="muted">
        {preview.remembered ? 'Mapped as you mapped these columns last time.' : 'Mapped from the column names.'} Change any that are wrong; Fieldline
        remembers your choice for files with these columns.
      </p>
      <div className="import-columns-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Column in the file</th>
              <th scope="col">Example</th>
              <th scope="col">Imports as</th>
            </tr>
          </thead>
          <tbody>
            {preview.headers.map((header, i) => (
              <tr key={i}>
                <th scope="row" dir="auto">
                  <label htmlFor={`${id}-${i}`}>{header || `Column ${i + 1}`}</label>
                </th>
                <td className="import-example" dir="auto">
                  {example(i)}
                </td>
                <td>
                  <select
                    id={`${id}-${i}`}
                    value={mapping[header] ?? ''}
                    onChange={(event) => props.onChange(header, (event.target.value || null) as ImportField | null)}
                  >
                    <option value="">Don’t import</option>
                    {IMPORT_FIELDS.map((field) => (
                      <option key={field} value={field}>
                        {IMPORT_FIELD_LABELS[field]}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {problem && (
        <p className="field-error" data-testid="import-mapping-problem">
          {problem}
        </p>
      )}
    </fieldset>
  );
}
