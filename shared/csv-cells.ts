/**
 * Formula escaping for CSV cells. A spreadsheet runs a cell that starts with `=`, `+`,
 * `-`, `@`, a tab or a carriage return as a formula, so an exported cell that could
 * start one gets a leading `'`; the importer strips exactly that prefix again, so an
 * export read back is lossless (`+20…` phones included). A value that already starts
 * with `'` before such a character gets one more, so it survives the trip too.
 */
const NEEDS_ESCAPE = /^'*[=+\-@\t\r]/;
const ESCAPED = /^'+[=+\-@\t\r]/;

/** `+201012345678` → `'+201012345678`; anything harmless is returned as is. */
export function escapeCell(value: string): string {
  return NEEDS_ESCAPE.test(value) ? "'" + value : value;
}

/** The inverse of `escapeCell`: drops one leading `'` before a formula character. */
export function unescapeCell(value: string): string {
  return ESCAPED.test(value) ? value.slice(1) : value;
}
