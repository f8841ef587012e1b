/** The lead fields a CSV column can fill when importing (several columns may fill `phone` or `notes`). */
export const IMPORT_FIELDS = ['name', 'phone', 'email', 'source', 'notes', 'stage', 'outcome', 'lostReason', 'propertyType', 'propertyArea'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** How the import wizard names each field. */
export const IMPORT_FIELD_LABELS: Record<ImportField, string> = {
  name: 'Name',
  phone: 'Phone',
  email: 'Email',
  source: 'Source',
  notes: 'Notes',
  stage: 'Stage',
  outcome: 'Outcome (won or lost)',
  lostReason: 'Lost reason',
  propertyType: 'Property type',
  propertyArea: 'Property area',
};
