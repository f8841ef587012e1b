/**
 * How a CSV text is laid out, read the way the importer's parser (csv-parse) reads it:
 * which character separates cells, and how many records it holds. Pure, so the page
 * and the core count the same rows.
 */

/** Comma, or what Excel writes in locales whose decimal mark is a comma (`;`), or tab. */
export const CSV_DELIMITERS = [',', ';', '\t'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * The delimiter of a CSV, from its header line (the text up to the first line break
 * outside quotes): whichever of `,` `;` and tab occurs most there outside quotes. A
 * tie, or a single-column header, means comma.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = new Map<number, number>(CSV_DELIMITERS.map((d) => [d.charCodeAt(0), 0]));
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) inQuotes = !inQuotes;
    else if (!inQuotes && (c === LF || c === CR)) break;
    else if (!inQuotes && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  let best: CsvDelimiter = ',';
  for (const d of CSV_DELIMITERS) if (counts.get(d.charCodeAt(0))! > counts.get(best.charCodeAt(0))!) best = d;
  return best;
}

/**
 * Counts the records of a CSV fed in pieces (a file streamed chunk by chunk). A quote
 * opens a quoted cell only at the start of a cell (elsewhere it is text, as csv-parse's
 * `relax_quotes` reads it); `""` inside one is a quote; line breaks inside quoted cells
 * stay in their record; empty lines are not records.
 */
export class CsvRecordCounter {
  private records = 0;
  private inQuotes = false;
  /** A quote was seen inside a quoted cell: it closes the cell unless another quote follows. */
  private quoteSeen = false;
  private atCellStart = true;
  private lineHasText = false;
  private started = false;
  private readonly delimiter: number;

  constructor(delimiter: CsvDelimiter) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  push(text: string): this {
    // A byte-order mark is not text (csv-parse's \`bom\` option drops it too).
    const from = !this.started && text.charCodeAt(0) === 0xfeff ? 1 : 0;
    if (text.length) this.started = true;
    for (let i = from; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.quoteSeen) {
        this.quoteSeen = false;
        if (c === QUOTE) continue;
        this.inQuotes = false;
      }
      if (this.inQuotes) {
        if (c === QUOTE) this.quoteSeen = true;
        continue;
      }
      if (c === LF || c === CR) {
        if (this.lineHasText) this.records++;
        this.lineHasText = false;
        this.atCellStart = true;
        continue;
      }
      this.lineHasText = true;
      if (c === this.delimiter) {
        this.atCellStart = true;
        continue;
      }
      if (c === QUOTE && this.atCellStart) this.inQuotes = true;
      this.atCellStart = false;
    }
    return this;
  }

  /** Records so far, the last one counted even without a final line break. */
  count(): number {
    return this.records + (this.lineHasText ? 1 : 0);
  }
}

/** Data rows of a whole CSV text: its records after the header row. */
export function countCsvDataRows(text: string, delimiter: CsvDelimiter = detectDelimiter(text)): number {
  return Math.max(0, new CsvRecordCounter(delimiter).push(text).count() - 1);
}
