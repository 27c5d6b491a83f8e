/** A small RFC 4180 CSV reader: header row, then one record per line; quoted fields may hold commas, quotes and newlines. */
import { readFileSync } from 'node:fs';

export interface Table {
  columns: string[];
  rows: number;
  column(name: string): string[];
}

export class CsvError extends Error {}

export function parseCsv(text: string, source = 'input'): Table {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      if (record.length > 1 || record[0] !== '') records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const [columns, ...body] = records;
  if (!columns) throw new CsvError(`${source} is empty; it needs a header row`);
  body.forEach((r, i) => {
    if (r.length !== columns.length) {
      throw new CsvError(`${source} line ${i + 2} has ${r.length} fields but the header has ${columns.length}`);
    }
  });
  const index = new Map(columns.map((c, i) => [c, i]));
  return {
    columns,
    rows: body.length,
    column(name) {
      const c = index.get(name);
      if (c === undefined) throw new CsvError(`column "${name}" is not in ${source} (columns: ${columns.join(', ')})`);
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
