import fs from 'node:fs';
import iconv from 'iconv-lite';
import { parse as csvParse } from 'csv-parse';
import type { CsvDelimiter } from '../../shared/csv-records';
import type { CsvEncoding } from './encoding';

/** Enough of a file for its header line and the first rows of a preview. */
export const CSV_HEAD_BYTES = 64 * 1024;

/** The first `maxBytes` of a CSV file, decoded (without a byte-order mark). */
export async function readCsvHead(file: string, encoding: CsvEncoding, maxBytes = CSV_HEAD_BYTES): Promise<string> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buffer = Buffer.alloc(maxBytes);
    const { bytesRead } = await handle.read(buffer, 0, maxBytes, 0);
    return iconv.decode(buffer.subarray(0, bytesRead), encoding).replace(/^\uFEFF/, '');
  } finally {
    await handle.close();
  }
}

/**
 * The file's records (header first) as the importer reads them: decoded, then parsed
 * with lenient quoting and ragged rows allowed, blank lines skipped. Destroy it when done.
 */
export function openCsvRecords(file: string, encoding: CsvEncoding, delimiter: CsvDelimiter) {
  const input = fs.createReadStream(file, { highWaterMark: 64 * 1024 });
  const records = input
    .pipe(iconv.decodeStream(encoding))
    .pipe(csvParse({ bom: true, delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }));
  // A pipe does not close its source: destroying the records (read or abandoned) closes the file.
  records.once('close', () => input.destroy());
  return records;
}

/**
 * Reads the whole file as the importer will, keeping no row: a file that is not valid
 * CSV (csv-parse's CSV_… errors) is refused before anything is written. Returns the data
 * rows after the header, which an import's progress counts up to.
 */
export async function checkCsvFile(file: string, encoding: CsvEncoding, delimiter: CsvDelimiter): Promise<number> {
  const records = openCsvRecords(file, encoding, delimiter);
  let count = 0;
  try {
    for await (const record of records) if (record) count++;
  } finally {
    records.destroy();
  }
  return Math.max(0, count - 1);
}
