import fs from 'node:fs';
import iconv from 'iconv-lite';
import { CsvRecordCounter, type CsvDelimiter } from '../../shared/csv-records';
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
 * The data rows of a CSV file (records after the header), counted as the importer's
 * parser reads them, in one streaming pass: what an import's progress counts up to.
 */
export async function countCsvFileRows(file: string, encoding: CsvEncoding, delimiter: CsvDelimiter): Promise<number> {
  const counter = new CsvRecordCounter(delimiter);
  const text = fs.createReadStream(file, { highWaterMark: 256 * 1024 }).pipe(iconv.decodeStream(encoding));
  for await (const chunk of text) counter.push(chunk as string);
  return Math.max(0, counter.count() - 1);
}
