import { stringify } from 'csv-stringify/sync';
import type { LeadsCsv, ValidRequestOf } from '../../shared/contract';
import type { Lead } from '../../shared/model';
import type { Core } from '../core';
import { leadCsvCells, leadCsvHeaders } from '../import/export-csv';

type ExportTarget = ValidRequestOf<'bulk.exportCsv'>['target'];

/** Rows read per step; the worker's loop gets a turn between steps. */
const PAGE = 1000;

/**
 * The targeted live leads as CSV text for the page to download: the same columns and
 * formula escaping as `crm export` (main/import/export-csv.ts), UTF-8 with a BOM so
 * spreadsheets read Arabic. A selection keeps the table's order; a filter is exported
 * oldest first, in keyset pages.
 */
export async function exportLeadsCsv(core: Core, target: ExportTarget, now = new Date()): Promise<LeadsCsv> {
  const rows: string[][] = [leadCsvHeaders()];
  const add = (lead: Lead) => rows.push(leadCsvCells(lead));
  if ('ids' in target) {
    const ids = [...new Set(target.ids)];
    for (let start = 0; start < ids.length; start += PAGE) {
      for (const id of ids.slice(start, start + PAGE)) {
        const lead = tryGet(core, id);
        if (lead && !lead.deleted) add(lead);
      }
      await new Promise(setImmediate);
    }
  } else {
    let cursor: string | undefined;
    do {
      const page = core.leads.list({ ...target.filter, sort: 'created', direction: 'asc', limit: PAGE, ...(cursor ? { cursor } : {}) });
      page.items.forEach(add);
      cursor = page.nextCursor ?? undefined;
      await new Promise(setImmediate);
    } while (cursor);
  }
  return { filename: `leads-${now.toISOString().slice(0, 10)}.csv`, csv: stringify(rows, { bom: true }), exported: rows.length - 1 };
}

function tryGet(core: Core, id: string): Lead | null {
  try {
    return core.leads.get(id);
  } catch {
    return null;
  }
}
