import { nameKeys } from '../../shared/duplicates';
import type { Lead, LeadValues } from '../../shared/model';
import type { JsonValue } from '../../shared/outbox';
import type { Phone } from '../../shared/phone';
import type { ClosedOutcome, Stage } from '../../shared/pipeline';
import type { Selectable } from 'kysely';
import type { LeadsTable } from '../db/schema';

export type LeadRow = Selectable<LeadsTable>;

export function toLead(row: LeadRow): Lead {
  return {
    id: row.id,
    name: row.name,
    phones: JSON.parse(row.phones) as Phone[],
    email: row.email,
    source: row.source,
    stage: row.stage as Stage,
    outcome: row.outcome as ClosedOutcome | null,
    lostReason: row.lost_reason,
    budgetMin: row.budget_min,
    budgetMax: row.budget_max,
    propertyType: row.property_type,
    propertyArea: row.property_area,
    ownerId: row.owner_id,
    branchId: row.branch_id,
    notes: row.notes,
    nextFollowUpAt: row.next_follow_up_at,
    lastContactedAt: row.last_contacted_at,
    stageEnteredAt: row.stage_entered_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    serverVersion: row.server_version,
    deleted: row.deleted === 1,
    mergedInto: row.merged_into,
  };
}

/** The column each synced lead field lives in. */
export const LEAD_COLUMNS = {
  name: 'name',
  phones: 'phones',
  email: 'email',
  source: 'source',
  stage: 'stage',
  outcome: 'outcome',
  lostReason: 'lost_reason',
  budgetMin: 'budget_min',
  budgetMax: 'budget_max',
  propertyType: 'property_type',
  propertyArea: 'property_area',
  ownerId: 'owner_id',
  branchId: 'branch_id',
  notes: 'notes',
} as const satisfies Record<keyof LeadValues, keyof LeadsTable>;

/** A field value as it goes into a row column (phones as JSON text). */
export function toColumnValue(field: keyof LeadValues, value: LeadValues[keyof LeadValues]): string | number | null {
  if (field === 'phones') return JSON.stringify(value);
  return value as string | number | null;
}

/** A field value as it goes into an outbox op. */
export function toJsonValue(value: LeadValues[keyof LeadValues]): JsonValue {
  return value as unknown as JsonValue;
}

/**
 * The stored name key and skeleton (shared/duplicates.ts) that find similar names by
 * index: every write of a lead's name sets them from the new name.
 */
export function nameKeyColumns(name: string): { name_key: string | null; name_skeleton: string | null } {
  const { key, skeleton } = nameKeys(name);
  return key ? { name_key: key, name_skeleton: skeleton } : { name_key: null, name_skeleton: null };
}
