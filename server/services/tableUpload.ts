import ExcelJS from 'exceljs';
import { HttpError } from '../http/errors';
import { readCsvUpload, type CsvRow } from './csvUpload';

/** What an uploaded table needs from its reader: the header check and the message for a file without rows. */
export type TableOptions = Parameters<typeof readCsvUpload>[1];

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/**
 * The rows of a spreadsheet as people save it: XLSX (first sheet), or CSV in UTF-8 (with or without the BOM
 * Excel writes) or GB18030/GBK (what Excel saves on Chinese Windows). The encoding is found by trying the
 * strict decoders in that order: GBK text is never valid UTF-8, and a file neither can read is refused
 * rather than stored as mojibake.
 */
export async function readTableUpload(bytes: Buffer, options: TableOptions): Promise<CsvRow[]> {
  if (bytes.subarray(0, 4).equals(ZIP_MAGIC)) return readXlsx(bytes, options);
  if (bytes.subarray(0, 4).equals(OLE_MAGIC)) {
    throw new HttpError(400, 'old-excel-format', '这是旧版 Excel 文件（.xls）：请在 Excel 或 WPS 中“另存为” .xlsx 或 CSV 后再上传。This is an old Excel file (.xls): save it as .xlsx or CSV and upload that.');
  }
  return readCsvUpload(decodeText(bytes), options);
}

export function decodeText(bytes: Buffer): string {
  if (bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))) return strictDecode('utf-8', bytes.subarray(3)) ?? unreadable();
  if (bytes.includes(0)) unreadable();
  return strictDecode('utf-8', bytes) ?? strictDecode('gb18030', bytes) ?? unreadable();
}

function strictDecode(encoding: string, bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function unreadable(): never {
  throw new HttpError(
    400,
    'unreadable-encoding',
    '无法识别文件的编码：请另存为 UTF-8 或 GBK 编码的 CSV，或 .xlsx 文件后再上传。The file is neither UTF-8 nor GB18030/GBK text: save it as CSV (UTF-8 or GBK) or as .xlsx and upload that.',
  );
}

async function readXlsx(bytes: Buffer, options: TableOptions): Promise<CsvRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new HttpError(400, 'invalid-xlsx', `无法读取此 .xlsx 文件。The .xlsx file cannot be read: ${(error as Error).message}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.rowCount === 0) throw new HttpError(400, options.empty.code, options.empty.message);
  const headerCells = (sheet.getRow(1).values as unknown[]).slice(1).map((value) => cellText(value));
  const header = options.checkHeader(headerCells);
  const rows: CsvRow[] = [];
  sheet.eachRow((row, line) => {
    if (line === 1) return;
    const values = (row.values as unknown[]).slice(1).map((value) => cellText(value));
    if (values.every((value) => (options.trim ? value.trim() : value) === '')) return;
    const record: Record<string, string> = {};
    header.forEach((name, index) => (record[name] = options.trim ? (values[index] ?? '').trim() : (values[index] ?? '')));
    rows.push({ record, line });
  });
  if (rows.length === 0) throw new HttpError(400, options.empty.code, options.empty.message);
  return rows;
}

/** A cell as the text a person sees: numbers in full, a formula's result, rich text joined. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    const object = value as { result?: unknown; richText?: { text: string }[]; text?: string };
    if ('result' in object) return cellText(object.result);
    if (object.richText) return object.richText.map((part) => part.text).join('');
    if (typeof object.text === 'string') return object.text;
    if (value instanceof Date) return value.toISOString().slice(0, 10);
  }
  return String(value);
}
