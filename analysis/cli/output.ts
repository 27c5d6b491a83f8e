import { csvField } from '../exports/csv';
/** Rows of estimates as CSV: the JSON row's columns, a domain written as variable=value. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text =
    typeof value === 'object'
      ? Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}=${String(v)}`).join(';')
      : String(value);
  return csvField(text);
}

export function toCsv(columns: readonly string[], rows: readonly object[]): string {
  const lines = [columns.join(',')];
  for (const row of rows) lines.push(columns.map((c) => cell((row as Record<string, unknown>)[c])).join(','));
  return `${lines.join('\n')}\n`;
}
