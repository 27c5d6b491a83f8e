import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvLine } from '../../../../analysis/exports/csv';
import { ESTIMATE_COLUMNS, estimateCells, sheetNameOf } from '../../../../analysis/exports/estimates';
import { ESTIMATE_ROWS } from '../../../helpers/estimateRows';

describe('estimate files: CSV cells and sheet names', () => {
  it('CSV: the numbers of the rows, read back to the last digit', () => {
    const text = csvLine(ESTIMATE_COLUMNS) + ESTIMATE_ROWS.map((estimate) => csvLine(estimateCells(estimate))).join('');
    const records = parse(text, { columns: true }) as Record<string, string>[];
    records.forEach((record, index) => {
      const source = ESTIMATE_ROWS[index]!;
      expect(record.estimate === '' ? null : Number(record.estimate)).toBe(source.estimate);
      expect(record.se === '' ? null : Number(record.se)).toBe(source.se);
      expect(record.ciHigh === '' ? null : Number(record.ciHigh)).toBe(source.ciHigh);
      expect(Number(record.n)).toBe(source.n);
    });
  });

  it('sheet names fit Excel: 31 characters, no forbidden characters, unique', () => {
    const taken = new Set<string>();
    expect(sheetNameOf('use.vaccination-record', taken)).toBe('use.vaccination-record');
    const long = 'x'.repeat(40);
    expect(sheetNameOf(long, taken)).toHaveLength(31);
    expect(sheetNameOf(long, taken)).toMatch(/~2$/);
    expect(sheetNameOf('a/b:c', taken)).toBe('a_b_c');
  });
});
