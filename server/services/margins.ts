import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { HttpError, type FieldError } from '../http/errors';

/** Known population totals for calibration: one margin per variable, a total per category. */
export interface Margin {
  variable: string;
  totals: Record<string, number>;
}

const rowSchema = z.object({
  variable: z.string().trim().min(1, 'variable is empty'),
  category: z.string().trim().min(1, 'category is empty'),
  total: z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, 'expected a positive number of people')
    .transform(Number)
    .pipe(z.number().positive('expected more than 0')),
});

/**
 * Calibration margins as an analyst uploads them: CSV with the header `variable,category,total`, e.g.
 * `sex,male,61000`. Every bad line is reported with its number; a category given twice is an error.
 */
export function parseMarginsCsv(text: string): Margin[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { columns: (header: string[]) => header.map((name) => name.trim()), skip_empty_lines: true, info: true });
  } catch (error) {
    throw new HttpError(400, 'invalid-margins', `The margins CSV cannot be read: ${(error as Error).message}`);
  }
  const errors: FieldError[] = [];
  const margins = new Map<string, Margin>();
  for (const { record, info } of records) {
    const parsed = rowSchema.safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ path: `line ${info.lines}${issue.path.length ? `, ${issue.path.join('.')}` : ''}`, message: issue.message });
      continue;
    }
    const { variable, category, total } = parsed.data;
    const margin = margins.get(variable) ?? { variable, totals: {} };
    if (category in margin.totals) errors.push({ path: `line ${info.lines}, category`, message: `${variable} = ${category} appears twice` });
    margin.totals[category] = total;
    margins.set(variable, margin);
  }
  if (records.length === 0) errors.push({ path: 'line 2', message: 'expected at least one row: variable,category,total' });
  if (errors.length > 0) throw new HttpError(400, 'invalid-margins', `${errors.length} problem(s) in the margins CSV (header: variable,category,total).`, errors);
  return [...margins.values()];
}
