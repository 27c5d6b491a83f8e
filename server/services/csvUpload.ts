import { parse } from 'csv-parse/sync';
import { problem, Problem } from '../../contracts/problems';

export interface CsvRow {
  record: Record<string, string>;
  /** The row's line number in the file, for error messages a spreadsheet user can find. */
  line: number;
}

/**
 * The rows of an uploaded CSV (a byte-order mark from Excel dropped, blank lines skipped), keyed by the
 * names `checkHeader` returns; it throws its own problem for a wrong header. Unreadable CSV is `invalid-csv`,
 * a file without rows the problem `empty`.
 */
export function readCsvUpload(csv: string, options: { checkHeader: (header: string[]) => string[]; trim: boolean; empty: 'empty-frame' | 'empty-margins' | 'empty-users' }): CsvRow[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(csv.replace(/^\uFEFF/, ''), { columns: options.checkHeader, skip_empty_lines: true, info: true, trim: options.trim });
  } catch (error) {
    if (error instanceof Problem) throw error;
    throw problem('invalid-csv', { detail: (error as Error).message });
  }
  if (records.length === 0) throw problem(options.empty);
  return records.map(({ record, info }) => ({ record, line: info.lines }));
}
