import { sameJson } from '../../shared/merge-rules';
import type { Lead, LeadValues } from '../../shared/model';
import type { JsonValue } from '../../shared/outbox';
import type { Phone } from '../../shared/phone';
import { AppError } from '../../shared/result';
import type { Core } from '../core';
import { ImportLog } from './import-log';

export interface NotUndone {
  leadId: string;
  /** The field left as it is, or null for the whole lead. */
  field: string | null;
  reason: string;
}

export interface UndoResult {
  importId: string;
  /** Leads the import created, now tombstones. */
  deleted: number;
  /** Leads whose imported values were put back (some fields may be in `notUndone`). */
  reverted: number;
  notUndone: NotUndone[];
}

/**
 * Undoes an import with new local edits (so it works after a sync too, and syncs like
 * any edit): leads it created become tombstones; fields it updated get their previous
 * value back, but only where the lead still holds what the import wrote. A field
 * someone changed since is kept and listed.
 */
export function undoImport(core: Core, importId: string): UndoResult {
  const log = new ImportLog(core.store);
  const record = log.get(importId);
  if (!record) throw new AppError('not_found', `No import with id ${importId}.`);
  if (record.undone_at) throw new AppError('invalid_input', `Import ${importId} was already undone at ${record.undone_at}.`);
  const result: UndoResult = { importId, deleted: 0, reverted: 0, notUndone: [] };
  // Newest first: a lead an import created and then updated is put back, then deleted.
  for (const item of log.itemsNewestFirst(importId)) {
    let lead: Lead;
    try {
      lead = core.leads.get(item.leadId);
    } catch {
      result.notUndone.push({ leadId: item.leadId, field: null, reason: 'the lead no longer exists here' });
      continue;
    }
    if (item.kind !== 'updated') {
      if (lead.deleted) continue;
      core.leads.delete(lead.id);
      result.deleted++;
      continue;
    }
    if (lead.deleted) {
      result.notUndone.push({ leadId: lead.id, field: null, reason: 'the lead was deleted since the import' });
      continue;
    }
    const back: Record<string, unknown> = {};
    for (const [field, written] of Object.entries(item.written ?? {})) {
      const current = lead[field as keyof LeadValues];
      if (sameJson(current as unknown as JsonValue, written as JsonValue)) {
        const previous = item.previous?.[field];
        back[field] = field === 'phones' ? (previous as Phone[]).map((p) => p.raw) : previous;
      } else {
        result.notUndone.push({ leadId: lead.id, field, reason: `changed since the import (now ${JSON.stringify(current)})` });
      }
    }
    if (Object.keys(back).length) {
      core.leads.update(lead.id, back as never);
      result.reverted++;
    }
  }
  log.markUndone(importId, new Date().toISOString());
  return result;
}
