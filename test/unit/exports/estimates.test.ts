import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { ESTIMATE_COLUMNS, estimateCells, sheetNameOf, type EstimateRow } from '../../../analysis/exports/estimates';
import { csvLine } from '../../../analysis/exports/csv';
import { writeEstimatesXlsx } from '../../../server/services/exports/xlsx';

const row = (indicator: string, domain: EstimateRow['domain'], estimate: number | null, n: number): EstimateRow => ({
  indicator,
  domain,
  estimate,
  se: estimate === null ? null : 0.0123456789012345,
  ciLow: estimate === null ? null : estimate - 0.1 / 3,
  ciHigh: estimate === null ? null : estimate + 0.1 / 3,
  deff: 1.7320508075688772,
  n,
  df: 33,
  target: indicator === 'literacy' ? 0.24 : null,
  status: indicator === 'literacy' ? 'inconclusive' : null,
  difference: indicator === 'literacy' && estimate !== null ? estimate - 0.24 : null,
  pAboveTarget: indicator === 'literacy' && estimate !== null ? 0.125 : null,
  reliability: null,
});

const ROWS: EstimateRow[] = [
  row('literacy', null, 0.2345678901234567, 1980),
  row('literacy', { region: 'East' }, 0.31 + 1e-15, 700),
  row('literacy', { region: 'West' }, null, 0),
  row('awareness.records', { region: 'Central', sex: 'female' }, 2 / 3, 301),
];

async function xlsxOf(rows: EstimateRow[]): Promise<ExcelJS.Workbook> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => stream.on('end', resolve));
  await writeEstimatesXlsx(stream, rows, {
    design: 'strata: county; PSU: site',
    weighting: 'base weights',
    lonelyPsu: 'adjust',
    instrumentVersions: 'migrant-health v1',
    n: 1980,
    filters: 'none',
    generatedAt: new Date('2026-05-30T00:00:00Z'),
    softwareVersion: '0.1.0',
  });
  await done;
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  return workbook;
}

describe('estimate files', () => {
  it('XLSX: a sheet per indicator holding exactly the numbers of the rows, and a methods sheet', async () => {
    const workbook = await xlsxOf(ROWS);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['literacy', 'awareness.records', 'methods']);
    const cellsOf = (name: string) => {
      const rows: unknown[][] = [];
      workbook.getWorksheet(name)!.eachRow((sheetRow) => rows.push(ESTIMATE_COLUMNS.map((_, index) => sheetRow.getCell(index + 1).value ?? null)));
      return rows;
    };
    expect(cellsOf('literacy')).toEqual([[...ESTIMATE_COLUMNS], ...ROWS.slice(0, 3).map(estimateCells)]);
    expect(cellsOf('awareness.records')[1]).toEqual(estimateCells(ROWS[3]!));
    expect(cellsOf('awareness.records')[1]?.slice(1, 3)).toEqual(['region×sex', 'Central×female']);
    const methods = new Map<string, unknown>();
    workbook.getWorksheet('methods')!.eachRow((sheetRow) => methods.set(String(sheetRow.getCell(1).value), sheetRow.getCell(2).value));
    expect(methods.get('n (responses used)')).toBe(1980);
    expect(methods.get('instrument versions')).toBe('migrant-health v1');
    expect(methods.get('software version')).toBe('0.1.0');
  });

  it('CSV: the same numbers, read back to the last digit', () => {
    const text = csvLine(ESTIMATE_COLUMNS) + ROWS.map((estimate) => csvLine(estimateCells(estimate))).join('');
    const records = parse(text, { columns: true }) as Record<string, string>[];
    records.forEach((record, index) => {
      const source = ROWS[index]!;
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
