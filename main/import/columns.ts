import { IMPORT_FIELDS, type ImportField } from '../../shared/import-fields';
import { normalizeSearchText } from '../../shared/search-text';

// The fields live in shared/ so the import wizard offers the same list.
export { IMPORT_FIELDS, type ImportField };

/** header → field; null means the column is not imported. */
export type ColumnMapping = Record<string, ImportField | null>;

/** Header names agents' spreadsheets use, English and Arabic (compared normalised). */
const ALIASES: Record<ImportField, string[]> = {
  name: ['name', 'full name', 'client name', 'customer name', 'lead name', 'contact name', 'client', 'customer', 'الاسم', 'اسم', 'اسم العميل', 'الاسم بالكامل', 'الاسم الكامل', 'العميل'],
  phone: ['phone', 'phones', 'phone number', 'mobile', 'mobile number', 'mobile phone', 'tel', 'telephone', 'cell', 'whatsapp', 'الهاتف', 'هاتف', 'رقم الهاتف', 'الموبايل', 'موبايل', 'رقم الموبايل', 'التليفون', 'تليفون', 'الجوال', 'جوال', 'واتساب'],
  email: ['email', 'e-mail', 'email address', 'e-mail address', 'mail', 'البريد', 'البريد الإلكتروني', 'البريد الالكتروني', 'الإيميل', 'الايميل', 'ايميل'],
  source: ['source', 'lead source', 'channel', 'المصدر', 'مصدر'],
  notes: ['notes', 'note', 'comments', 'comment', 'remarks', 'ملاحظات', 'ملاحظة', 'تعليقات'],
  stage: ['stage', 'status', 'pipeline stage', 'المرحلة', 'الحالة'],
  outcome: ['outcome', 'result', 'النتيجة'],
  lostReason: ['lost reason', 'reason lost', 'سبب الخسارة'],
  propertyType: ['property type', 'نوع العقار'],
  propertyArea: ['property area', 'area', 'location', 'المنطقة', 'الموقع'],
};

/** Case, spacing, underscores and Arabic letter forms do not matter in a header. */
export function normalizeHeader(header: string): string {
  return normalizeSearchText(header).replace(/[\s_]+/g, ' ').trim();
}

const BY_ALIAS = new Map<string, ImportField>();
for (const field of IMPORT_FIELDS) for (const alias of ALIASES[field]) BY_ALIAS.set(normalizeHeader(alias), field);

/** The key a remembered mapping is stored under: the file's headers, normalised, in order. */
export function headerKey(headers: readonly string[]): string {
  return headers.map(normalizeHeader).join('\u001f');
}

/** The mapping guessed from header names alone. */
export function guessMapping(headers: readonly string[]): ColumnMapping {
  return Object.fromEntries(headers.map((h) => [h, BY_ALIAS.get(normalizeHeader(h)) ?? null]));
}

/**
 * The mapping a file's columns get: the one remembered for this header set (matched by
 * normalised header, so `name` finds what `Name` was mapped to), else the guess.
 */
export function mappingFor(headers: readonly string[], remembered: ColumnMapping | null): ColumnMapping {
  const kept = new Map(Object.entries(remembered ?? {}).map(([header, field]) => [normalizeHeader(header), field]));
  return Object.fromEntries(
    headers.map((h) => {
      const key = normalizeHeader(h);
      const field = kept.get(key);
      return [h, field === null || isImportField(field) ? field : (BY_ALIAS.get(key) ?? null)];
    }),
  );
}

export function isImportField(value: unknown): value is ImportField {
  return typeof value === 'string' && (IMPORT_FIELDS as readonly string[]).includes(value);
}

/**
 * Checks a `--map` value: a JSON object of header → field name (or null / "" to leave
 * a column out). Returns the reason it is not one, or the mapping.
 */
export function parseMapOption(text: string): ColumnMapping | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return '--map must be a JSON object of header to field';
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return '--map must be a JSON object of header to field';
  const mapping: ColumnMapping = {};
  for (const [header, field] of Object.entries(parsed)) {
    if (field === null || field === '') mapping[header] = null;
    else if (isImportField(field)) mapping[header] = field;
    else return `--map: "${String(field)}" is not a field (have: ${IMPORT_FIELDS.join(', ')})`;
  }
  return mapping;
}
