import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify';
import { escapeCell } from '../../shared/csv-cells';
import type { Lead } from '../../shared/model';
import type { Stage } from '../../shared/pipeline';
import type { Core } from '../core';

/** The exported columns; their headers are ones the importer maps back by itself. */
const COLUMNS: [string, (lead: Lead) => string][] = [
  ['name', (l) => l.name],
  ['phones', (l) => l.phones.map((p) => p.e164 ?? p.raw).join('; ')],
  ['email', (l) => l.email ?? ''],
  ['source', (l) => l.source ?? ''],
  ['stage', (l) => l.stage],
  ['outcome', (l) => l.outcome ?? ''],
  ['lost reason', (l) => l.lostReason ?? ''],
  ['property type', (l) => l.propertyType ?? ''],
  ['property area', (l) => l.propertyArea ?? ''],
  ['notes', (l) => l.notes],
];

/** The export's header row (bulk export from the table writes the same file). */
export function leadCsvHeaders(): string[] {
  return COLUMNS.map(([header]) => header);
}

/** One lead's cells, formula-escaped. */
export function leadCsvCells(lead: Lead): string[] {
  return COLUMNS.map(([, cell]) => escapeCell(cell(lead)));
}

export interface ExportFilter {
  stage?: Stage;
  search?: string;
}

/**
 * Writes every matching live lead to a CSV file (UTF-8 with a BOM, so spreadsheets read
 * Arabic), oldest first, in keyset pages of 1,000. Cells that a spreadsheet would run as
 * a formula are escaped (shared/csv-cells.ts). The file appears only when complete.
 */
export async function exportCsv(core: Core, file: string, filter: ExportFilter): Promise<{ exported: number }> {
  const partial = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.partial`);
  const out = fs.createWriteStream(partial);
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  const csv = stringify({ bom: true });
  csv.pipe(out);
  let exported = 0;
  try {
    csv.write(COLUMNS.map(([header]) => header));
    let cursor: string | undefined;
    do {
      const page = core.leads.list({ ...filter, sort: 'created', direction: 'asc', limit: 1000, cursor });
      for (const lead of page.items) {
        if (!csv.write(COLUMNS.map(([, cell]) => escapeCell(cell(lead))))) await new Promise((resolve) => csv.once('drain', resolve));
        exported++;
      }
      cursor = page.nextCursor ?? undefined;
      await new Promise(setImmediate);
    } while (cursor);
    csv.end();
    await done;
    fs.renameSync(partial, file);
  } catch (error) {
    csv.destroy();
    out.destroy();
    fs.rmSync(partial, { force: true });
    throw error;
  }
  return { exported };
}
