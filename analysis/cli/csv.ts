/**
 * Reads an analysis CSV (header row, RFC 4180 quoting, UTF-8 with or without BOM) into named columns.
 * One pass over the file's bytes records where each cell starts and ends; a column becomes strings or
 * numbers only when asked for, and numbers are read straight from the bytes. On a 1,000,000-row file
 * the maintained parsers (csv-parse, papaparse, @fast-csv/parse) each took 10–25× a bare split of the
 * text (BENCHMARKS.md); this stays close to it.
 */
import { readFileSync } from 'node:fs';

export interface Table {
  source: string;
  columns: string[];
  rows: number;
  /** The column's values; throws CsvError naming the file and its columns when it is missing. */
  column(name: string): string[];
  /** The column read as numbers: NaN for an empty cell or one that is not a number. */
  numbers(name: string): Float64Array;
  /** The column as codes into its distinct values (in order of first appearance), without a string per cell. */
  codes(name: string): { codes: Int32Array; levels: string[] };
}

export class CsvError extends Error {}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/** Cell bounds, growable: start and end byte offsets, and whether the cell was quoted (its "" to undo). */
class Cells {
  starts = new Uint32Array(1 << 16);
  ends = new Uint32Array(1 << 16);
  quoted = new Uint8Array(1 << 16);
  length = 0;

  push(start: number, end: number, quoted: boolean): void {
    if (this.length === this.starts.length) {
      const grow = <T extends Uint32Array | Uint8Array>(array: T): T => {
        const wider = new (array.constructor as new (size: number) => T)(array.length * 2);
        wider.set(array);
        return wider;
      };
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
      this.quoted = grow(this.quoted);
    }
    this.starts[this.length] = start;
    this.ends[this.length] = end;
    this.quoted[this.length++] = quoted ? 1 : 0;
  }
}

export function parseCsv(input: string | Buffer, source = 'input'): Table {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const begin = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const cells = new Cells();
  const rowStarts: number[] = [];
  let width = 0;
  let line = 1;
  let i = begin;
  while (i < bytes.length) {
    if (bytes[i] === LF || bytes[i] === CR) {
      // An empty line is skipped.
      if (bytes[i] === LF) line++;
      i++;
      continue;
    }
    const first = cells.length;
    rowStarts.push(first);
    for (;;) {
      let start = i;
      let end: number;
      let quoted = false;
      if (bytes[i] === QUOTE) {
        quoted = true;
        start = ++i;
        const opened = line;
        for (;;) {
          if (i >= bytes.length) throw new CsvError(`${source} is not valid CSV: a quoted field opened on line ${opened} is never closed`);
          if (bytes[i] === QUOTE) {
            if (bytes[i + 1] === QUOTE) i += 2;
            else break;
          } else {
            if (bytes[i] === LF) line++;
            i++;
          }
        }
        end = i++;
        if (i < bytes.length && bytes[i] !== COMMA && bytes[i] !== LF && bytes[i] !== CR) {
          throw new CsvError(`${source} is not valid CSV: line ${line} has text after a closing quote`);
        }
      } else {
        while (i < bytes.length && bytes[i] !== COMMA && bytes[i] !== LF && bytes[i] !== CR) i++;
        end = i;
      }
      cells.push(start, end, quoted);
      if (bytes[i] === COMMA) {
        i++;
        continue;
      }
      if (bytes[i] === CR) i++;
      if (bytes[i] === LF) i++;
      line++;
      break;
    }
    if (rowStarts.length === 1) width = cells.length - first;
  }
  if (rowStarts.length === 0) throw new CsvError(`${source} is empty; it needs a header row`);
  rowStarts.push(cells.length);
  const text = (cell: number) => {
    const value = bytes.toString('utf8', cells.starts[cell], cells.ends[cell]);
    return cells.quoted[cell] ? value.replaceAll('""', '"') : value;
  };
  const columns = Array.from({ length: width }, (_, c) => text(c));
  const index = new Map(columns.map((c, k) => [c, k]));
  const rows = rowStarts.length - 2;
  /** The cell of column k in body row r, or -1 for a short row. */
  const cellOf = (r: number, k: number) => (rowStarts[r + 1]! + k < rowStarts[r + 2]! ? rowStarts[r + 1]! + k : -1);
  const columnIndex = (name: string) => {
    const k = index.get(name);
    if (k === undefined) throw new CsvError(`column "${name}" is not in ${source} (its columns: ${columns.join(', ')})`);
    return k;
  };
  return {
    source,
    columns,
    rows,
    column(name) {
      const k = columnIndex(name);
      return Array.from({ length: rows }, (_, r) => {
        const cell = cellOf(r, k);
        return cell < 0 ? '' : text(cell);
      });
    },
    codes(name) {
      const k = columnIndex(name);
      const codes = new Int32Array(rows);
      const levels: string[] = [];
      // Cells are told apart by a hash of their bytes; equal hashes are checked byte for byte.
      const byHash = new Map<number, number[]>();
      const firstCell: number[] = [];
      for (let r = 0; r < rows; r++) {
        const cell = cellOf(r, k);
        const start = cell < 0 ? 0 : cells.starts[cell]!;
        const end = cell < 0 ? 0 : cells.ends[cell]!;
        let hash = 0x811c9dc5 ^ (cell >= 0 && cells.quoted[cell] ? 1 : 0);
        for (let b = start; b < end; b++) hash = Math.imul(hash ^ bytes[b]!, 0x01000193);
        const candidates = byHash.get(hash);
        let code = -1;
        if (candidates) {
          for (const candidate of candidates) {
            const other = firstCell[candidate]!;
            const same = other < 0 ? cell < 0 || start === end : cell >= 0 && cells.quoted[other] === cells.quoted[cell] && sameBytes(bytes, start, end, cells.starts[other]!, cells.ends[other]!);
            if (same) {
              code = candidate;
              break;
            }
          }
        }
        if (code < 0) {
          code = levels.length;
          levels.push(cell < 0 ? '' : text(cell));
          firstCell.push(cell);
          if (candidates) candidates.push(code);
          else byHash.set(hash, [code]);
        }
        codes[r] = code;
      }
      return { codes, levels };
    },
    numbers(name) {
      const k = columnIndex(name);
      const out = new Float64Array(rows);
      for (let r = 0; r < rows; r++) {
        const cell = cellOf(r, k);
        out[r] = cell < 0 ? NaN : numberAt(bytes, cells.starts[cell]!, cells.ends[cell]!, () => text(cell));
      }
      return out;
    },
  };
}

/** Byte for byte; cells are short, so a loop beats a call into Buffer.compare. */
function sameBytes(bytes: Buffer, start: number, end: number, otherStart: number, otherEnd: number): boolean {
  if (end - start !== otherEnd - otherStart) return false;
  for (let b = 0; b < end - start; b++) if (bytes[start + b] !== bytes[otherStart + b]) return false;
  return true;
}

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * A plain decimal (-?digits[.digits]) read from the bytes: with at most 15 significant digits the digits and
 * the power of ten are exact doubles, so one division gives the correctly rounded value, as Number() does.
 * Anything else (exponents, spaces, long numbers) goes through Number() on the text.
 */
function numberAt(bytes: Buffer, start: number, end: number, text: () => string): number {
  let i = start;
  const negative = bytes[i] === 0x2d;
  if (negative) i++;
  let mantissa = 0;
  let digits = 0;
  let decimals = -1;
  for (; i < end; i++) {
    const byte = bytes[i]!;
    if (byte >= 0x30 && byte <= 0x39) {
      mantissa = mantissa * 10 + (byte - 0x30);
      digits++;
      if (decimals >= 0) decimals++;
    } else if (byte === 0x2e && decimals < 0) decimals = 0;
    else return slowNumber(text());
  }
  if (digits === 0 || digits > 15 || decimals === 0) return slowNumber(text());
  const value = decimals > 0 ? mantissa / POWERS_OF_TEN[decimals]! : mantissa;
  return negative ? -value : value;
}

function slowNumber(text: string): number {
  return text.trim() === '' ? NaN : Number(text);
}

export function readCsv(path: string): Table {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new CsvError(`cannot read ${path}: ${(error as Error).message}`);
  }
  return parseCsv(bytes, path);
}
