import { parse } from 'csv-parse/sync';
import type { ImportPreview, ValidRequestOf } from '../../shared/contract';
import { unescapeCell } from '../../shared/csv-cells';
import { detectDelimiter } from '../../shared/csv-records';
import { AppError } from '../../shared/result';
import type { Core } from '../core';
import { headerKey, mappingFor } from './columns';
import { ImportLog } from './import-log';

/** Data rows a preview shows under each header. */
export const PREVIEW_ROWS = 5;

/**
 * The start of a CSV as an import will read it: its delimiter, its headers, the first
 * rows, and how each column would be mapped (as last time for this header set, else
 * guessed from the header names). Reads and writes nothing else; the wizard shows it so
 * the user can adjust the mapping before importing.
 */
export function previewCsv(core: Core, request: ValidRequestOf<'imports.preview'>): ImportPreview {
  const text = request.text.replace(/^\uFEFF/, '');
  const delimiter = detectDelimiter(text);
  let records: string[][];
  try {
    // `to` stops before the (possibly cut) end of the text the page sent.
    records = parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, to: PREVIEW_ROWS + 1 }) as string[][];
  } catch (error) {
    throw new AppError('invalid_input', `${request.fileName} is not valid CSV at its start (${(error as Error).message.split('\n')[0]})`);
  }
  const [first, ...rows] = records;
  const headers = (first ?? []).map((h) => h.trim());
  if (headers.every((h) => h === '')) throw new AppError('invalid_input', `${request.fileName} has no header row`);
  const remembered = new ImportLog(core.store).rememberedMapping(headerKey(headers));
  return {
    headers,
    sampleRows: rows.map((cells) => headers.map((_, i) => unescapeCell((cells[i] ?? '').trim()))),
    mapping: mappingFor(headers, remembered),
    remembered: remembered !== null,
    encoding: 'utf8',
    delimiter,
  };
}
