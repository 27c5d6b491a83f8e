import { z } from 'zod';

/** An ISO calendar date in a query, with an example in the message so the fix is obvious. */
const isoDate = (example: string) => z.iso.date({ message: `expected a date such as ${example}` });

export interface DateRange {
  from?: string;
  to?: string;
}

/** The `from`/`to` fields of every date-filtered query (listing, data export, estimates, weights). */
export const dateRangeQuery = {
  from: isoDate('2026-05-01').optional(),
  to: isoDate('2026-05-31').optional(),
};

/** The query schema, refusing a range that ends before it starts (a 400 on `to` instead of an empty answer). */
export function inDateOrder<Schema extends z.ZodType<DateRange>>(schema: Schema): Schema {
  return schema.refine((range) => !range.from || !range.to || range.from <= range.to, { path: ['to'], message: 'the end date is before the start date; swap from and to' });
}
