import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { LABELLED_ESTIMATE_COLUMNS } from '../../../../../analysis/exports/estimates';
import type { IndicatorEstimate } from '../../../../../analysis/indicators/accumulator';
import { describeRegistry } from '../../../../../analysis/indicators/description';
import { createLabeller } from '../../../../../analysis/indicators/labels';
import { writeEstimatesWorkbook } from '../../../../../server/services/exports/estimatesWorkbook';
import { ESTIMATE_ROWS } from '../../../../helpers/estimateRows';

const REGISTRY = describeRegistry({ instruments: [], counties: [] });

async function xlsxOf(rows: IndicatorEstimate[]): Promise<ExcelJS.Workbook> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => stream.on('end', resolve));
  const statement = [{ item: { 'zh-cn': '问卷版本', en: 'Instrument versions' }, text: { 'zh-cn': 'migrant-health 第 1 版', en: 'migrant-health v1' } }];
  await writeEstimatesWorkbook(stream, rows, REGISTRY, {
    design: 'strata: county; PSU: site', designZh: '分层', weighting: 'base weights', weightingZh: '基础权重', lonelyPsu: 'adjust', instrumentVersions: 'migrant-health v1',
    n: 1980, strata: 3, sites: 9, df: 6, reviewed: '', filters: 'none', generatedAt: new Date('2026-05-30T00:00:00Z'), softwareVersion: '0.1.0', statement,
  });
  await done;
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  return workbook;
}

describe('the estimates workbook', () => {
  it('XLSX: 指标汇总, a detail sheet per family holding exactly the numbers of the rows (Chinese names beside the codes), and 方法说明', async () => {
    const workbook = await xlsxOf(ESTIMATE_ROWS);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['指标汇总', '各项服务知晓率', '健康素养水平', '方法说明']);
    const cellsOf = (name: string) => {
      const rows: unknown[][] = [];
      workbook.getWorksheet(name)!.eachRow((sheetRow) => rows.push(LABELLED_ESTIMATE_COLUMNS.map((_, index) => sheetRow.getCell(index + 1).value ?? null)));
      return rows;
    };
    const labels = createLabeller(REGISTRY);
    const literacy = cellsOf('健康素养水平');
    expect(literacy[0]!.slice(0, 2)).toEqual(['指标', '指标代码']);
    expect(literacy[1]!.slice(0, 2)).toEqual(['Indicator', 'Indicator id']);
    expect(literacy.slice(2)).toEqual(ESTIMATE_ROWS.slice(0, 3).map((row) => LABELLED_ESTIMATE_COLUMNS.map((column) => column.cell(row, labels))));
    expect(literacy[2]!.slice(0, 6)).toEqual(['健康素养水平', 'literacy', '合计', '合计', 'all', 0.2345678901234567]);
    expect(literacy[3]!.slice(2, 5)).toEqual(['地区', '东部', 'East']);
    expect(cellsOf('各项服务知晓率')[2]?.slice(2, 5)).toEqual(['地区 × 性别', '中部 × female', 'Central×female']);
    const summary = workbook.getWorksheet('指标汇总')!;
    expect(summary.getCell(5, 1).value).toBe('健康素养水平');
    expect(summary.getCell(5, 2).value).toBe(0.31 + 1e-15);
    expect(summary.getCell(5, 2).numFmt).toBe('0.0%');
    const methods = new Map<string, unknown>();
    workbook.getWorksheet('方法说明')!.eachRow((sheetRow) => methods.set(String(sheetRow.getCell(1).value), sheetRow.getCell(2).value));
    expect(methods.get('问卷版本')).toBe('migrant-health 第 1 版');
    expect(methods.get('Instrument versions')).toBe('migrant-health v1');
  });
});
