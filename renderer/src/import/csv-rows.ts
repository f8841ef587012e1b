/**
 * How many data rows a CSV text has (records after the header, blank lines ignored),
 * counting a quoted cell's line breaks as part of its row, as the importer does.
 */
export function countCsvRows(text: string): number {
  let records = 0;
  let inQuotes = false;
  let recordHasText = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      inQuotes = !inQuotes;
      recordHasText = true;
    } else if ((ch === '\n' || ch === '\r') && !inQuotes) {
      if (recordHasText) records++;
      recordHasText = false;
    } else if (ch !== ' ' && ch !== '\t') {
      recordHasText = true;
    }
  }
  if (recordHasText) records++;
  return Math.max(0, records - 1);
}
