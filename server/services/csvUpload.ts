import { parse } from 'csv-parse/sync';
import type { z } from 'zod';
import { HttpError, type FieldError } from '../http/errors';

export interface CsvRow {
  record: Record<string, string>;
  /** The row's line number in the file, for error messages a spreadsheet user can find. */
  line: number;
}

/**
 * The rows of an uploaded CSV (a byte-order mark from Excel dropped, blank lines skipped), keyed by the
 * names `checkHeader` returns; it throws its own 400 for a wrong header. Unreadable CSV is a 400, and so is
 * a file without rows, with `empty` as the message.
 */
export function readCsvUpload(csv: string, options: { checkHeader: (header: string[]) => string[]; trim: boolean; empty: { code: string; message: string } }): CsvRow[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(csv.replace(/^\uFEFF/, ''), { columns: options.checkHeader, skip_empty_lines: true, info: true, trim: options.trim });
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw new HttpError(400, 'invalid-csv', `The CSV cannot be read: ${(error as Error).message}`);
  }
  if (records.length === 0) throw new HttpError(400, options.empty.code, options.empty.message);
  return records.map(({ record, info }) => ({ record, line: info.lines }));
}

/**
 * Every row checked by `schema`, each problem as `line N, column` (all of them, so a spreadsheet is fixed
 * in one pass), and a repeated key (`keyName`) named with the line it first appeared on.
 */
export function validateRows<Row>(records: CsvRow[], schema: z.ZodType<Row>, keyName: string, keyOf: (row: Row) => string): { rows: (Row & { line: number })[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const rows: (Row & { line: number })[] = [];
  const seen = new Map<string, number>();
  for (const { record, line } of records) {
    const parsed = schema.safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ path: `line ${line}, ${issue.path.join('.')}`, message: issue.message });
      continue;
    }
    const key = keyOf(parsed.data);
    const earlier = seen.get(key);
    if (earlier !== undefined) errors.push({ path: `line ${line}, ${keyName}`, message: `${keyName} ${key} already appears on line ${earlier}` });
    seen.set(key, line);
    rows.push({ ...parsed.data, line });
  }
  return { rows, errors };
}
