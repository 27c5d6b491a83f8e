/** Reads an analysis CSV (header row, RFC 4180 quoting) into named columns. */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

export interface Table {
  source: string;
  columns: string[];
  rows: number;
  /** The column's values; throws CsvError naming the file and its columns when it is missing. */
  column(name: string): string[];
}

export class CsvError extends Error {}

export function parseCsv(text: string, source = 'input'): Table {
  let records: string[][];
  try {
    records = parse(text, { skip_empty_lines: true, bom: true }) as string[][];
  } catch (error) {
    throw new CsvError(`${source} is not valid CSV: ${(error as Error).message}`);
  }
  const [columns, ...body] = records;
  if (!columns) throw new CsvError(`${source} is empty; it needs a header row`);
  const index = new Map(columns.map((c, i) => [c, i]));
  return {
    source,
    columns,
    rows: body.length,
    column(name) {
      const c = index.get(name);
      if (c === undefined) throw new CsvError(`column "${name}" is not in ${source} (its columns: ${columns.join(', ')})`);
      return body.map((r) => r[c] ?? '');
    },
  };
}

export function readCsv(path: string): Table {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CsvError(`cannot read ${path}: ${(error as Error).message}`);
  }
  return parseCsv(text, path);
}
