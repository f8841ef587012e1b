import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSV_DELIMITERS, CsvRecordCounter, countCsvDataRows, detectDelimiter } from '../../shared/csv-records';

describe('which character separates the cells', () => {
  it.each([
    ['Name,Mobile,Email\n1;2;3;4;5\n', ','],
    ['Name;Mobile;Email\r\nAhmed;0101;"a,b,c,d"\r\n', ';'],
    ['Name\tMobile\tNotes\nx,y;z\t1\t2\n', '\t'],
    ['"Name; full, first",Mobile\n', ','], // inside quotes nothing counts
    ['"Name\nsecond line";Mobile;Email\n', ';'], // a quoted header may span lines
    ['Name\n', ','], // one column: comma, the default
    ['a,b;c\n', ','], // a tie: comma
    ['\uFEFFالاسم;الموبايل\n', ';'],
  ])('%j is separated by %j', (text, delimiter) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });
});

describe('counting records as the importer reads them', () => {
  it('counts quoted line breaks as part of their row, skips empty lines, and counts an unfinished last line', () => {
    expect(countCsvDataRows('Name,Notes\r\nSara,"two\r\nlines"\r\n\r\nOmar,\r\n', ',')).toBe(2);
    expect(countCsvDataRows('Name,Notes\nSara,5" screen\nOmar,"say ""hi""\nthere"', ',')).toBe(2);
    expect(countCsvDataRows('Name\n   \n', ',')).toBe(1); // a line of spaces is a (rejected) row, as csv-parse reads it
    expect(countCsvDataRows('\uFEFF"Name"\nSara\n', ',')).toBe(1);
    expect(countCsvDataRows('', ',')).toBe(0);
  });

  it('agrees with csv-parse on any CSV, whatever the delimiter, line ends and chunk boundaries (property)', () => {
    const cell = fc.stringMatching(/^[a-z ,;\t"\r\n]{0,6}$/);
    const quoted = (text: string) => `"${text.replace(/"/g, '""')}"`;
    fc.assert(
      fc.property(
        fc.constantFrom(...CSV_DELIMITERS),
        fc.constantFrom('\n', '\r\n'),
        fc.array(fc.array(fc.tuple(cell, fc.boolean()), { minLength: 1, maxLength: 4 }), { maxLength: 8 }),
        fc.array(fc.nat(200), { maxLength: 5 }),
        (delimiter, eol, records, cuts) => {
          // A cell is quoted when it must be, or at random; an unquoted one keeps no delimiter or line break.
          const text = records
            .map((cells) =>
              cells.map(([value, quote]) => (quote || /[,;\t\r\n"]/.test(value[0] ?? '') ? quoted(value) : value.replace(/[,;\t\r\n]/g, 'x'))).join(delimiter),
            )
            .join(eol);
          let expected: number;
          try {
            expected = (parse(text, { delimiter, record_delimiter: eol, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as unknown[]).length;
          } catch {
            return; // not a CSV csv-parse reads; the importer reports those itself
          }
          const counter = new CsvRecordCounter(delimiter);
          let from = 0;
          for (const cut of [...cuts].sort((a, b) => a - b)) {
            counter.push(text.slice(from, Math.max(from, cut)));
            from = Math.max(from, cut);
          }
          counter.push(text.slice(from));
          expect(counter.count(), JSON.stringify(text)).toBe(expected);
        },
      ),
      { numRuns: 500, seed: 11 },
    );
  });
});
