/**
 * The county compliance workbook: 县区达标汇总 (per indicator: counties, met / not met / inconclusive, the
 * report's sentence, which counties) and 县区明细 (every county × indicator with its region's target).
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { regionTargetLabel, type CountyCompliance } from '../../../analysis/indicators/compliance';
import { ESTIMATE_STATUS_LABELS } from '../../../analysis/indicators/targets';
import { RELIABILITY_LABELS } from '../../../analysis/stats/reliability';
import type { EstimateMethods } from '../estimateMethods';
import { FONT, linesIn, NUMBER_FORMATS, printLandscape, STATUS_COLOUR, styleHeader, THIN } from './sheetStyle';

export const COMPLIANCE_SHEET = '县区达标汇总';
export const COUNTY_SHEET = '县区明细';

interface Column {
  zh: string;
  en: string;
  width: number;
  format?: string;
}

function headerRows(sheet: ExcelJS.Worksheet, columns: readonly Column[], first: number): void {
  columns.forEach((column, k) => (sheet.getColumn(k + 1).width = column.width));
  sheet.getRow(first).values = columns.map((column) => column.zh);
  sheet.getRow(first + 1).values = columns.map((column) => column.en);
  for (const row of [first, first + 1]) {
    sheet.getRow(row).eachCell((cell) => styleHeader(cell));
    sheet.getRow(row).height = 28;
  }
}

function bodyRow(sheet: ExcelJS.Worksheet, columns: readonly Column[], values: (string | number | null)[], status?: string | null): void {
  const row = sheet.addRow(values);
  let lines = 1;
  row.eachCell({ includeEmpty: true }, (cell, k) => {
    const column = columns[k - 1]!;
    cell.font = { name: FONT, size: 10, ...(status && column.zh === '达标状态' ? { color: { argb: STATUS_COLOUR[status]! } } : {}) };
    cell.alignment = { vertical: 'top', wrapText: true };
    cell.border = THIN;
    if (column.format) cell.numFmt = column.format;
    if (typeof cell.value === 'string') lines = Math.max(lines, linesIn(cell.value, column.width));
  });
  row.height = 14 * lines + 2;
}

export async function writeComplianceWorkbook(output: Writable, compliance: CountyCompliance, methods: EstimateMethods): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = methods.softwareVersion;
  const summary = workbook.addWorksheet(COMPLIANCE_SHEET, { views: [{ state: 'frozen', xSplit: 1, ySplit: 3 }], pageSetup: printLandscape('2:3') });
  const summaryColumns: Column[] = [
    { zh: '指标', en: 'Indicator', width: 26 },
    { zh: '目标（评估标准）', en: 'Target (standard)', width: 24 },
    { zh: '县区数', en: 'Counties', width: 8, format: NUMBER_FORMATS.integer },
    { zh: '达标', en: 'Met', width: 7, format: NUMBER_FORMATS.integer },
    { zh: '未达标', en: 'Not met', width: 7, format: NUMBER_FORMATS.integer },
    { zh: '无法判定', en: 'Inconclusive', width: 9, format: NUMBER_FORMATS.integer },
    { zh: '结论', en: 'Finding', width: 20 },
    { zh: '未达标县区', en: 'Counties not meeting it', width: 30 },
    { zh: '无法判定县区', en: 'Inconclusive counties', width: 30 },
  ];
  summary.mergeCells(1, 1, 1, summaryColumns.length);
  summary.getCell(1, 1).value = `县（区）达标情况（${compliance.counties}个县（区），生成于 ${methods.statement.at(-1)?.text['zh-cn'] ?? ''}）`;
  summary.getCell(1, 1).font = { name: FONT, bold: true, size: 13 };
  headerRows(summary, summaryColumns, 2);
  const names = (items: { name: { 'zh-cn': string } }[]) => items.map((item) => item.name['zh-cn']).join('、') || '—';
  for (const item of compliance.indicators) {
    bodyRow(summary, summaryColumns, [
      item.label['zh-cn'],
      item.rule['zh-cn'],
      item.counties,
      item.met,
      item.notMet,
      item.inconclusive,
      item.headline['zh-cn'],
      names(item.judgements.filter((judgement) => judgement.estimate.status === 'not met')),
      names(item.judgements.filter((judgement) => judgement.estimate.status === 'inconclusive')),
    ]);
  }
  const note = summary.addRow([compliance.summary['zh-cn']]);
  summary.mergeCells(note.number, 1, note.number, summaryColumns.length);
  note.getCell(1).font = { name: FONT, size: 10 };
  note.getCell(1).alignment = { wrapText: true };
  note.height = 14 * linesIn(compliance.summary['zh-cn'], 150) + 4;

  const detail = workbook.addWorksheet(COUNTY_SHEET, { views: [{ state: 'frozen', xSplit: 1, ySplit: 2 }], pageSetup: printLandscape('1:2') });
  const detailColumns: Column[] = [
    { zh: '县（区）', en: 'County/district', width: 14 },
    { zh: '县区代码', en: 'County code', width: 9 },
    { zh: '地区（目标）', en: 'Region (target)', width: 16 },
    { zh: '指标', en: 'Indicator', width: 26 },
    { zh: '估计值', en: 'Estimate', width: 8, format: NUMBER_FORMATS.percent },
    { zh: '95%CI下限', en: 'CI low', width: 9, format: NUMBER_FORMATS.percent },
    { zh: '95%CI上限', en: 'CI high', width: 9, format: NUMBER_FORMATS.percent },
    { zh: '样本量', en: 'n', width: 7, format: NUMBER_FORMATS.integer },
    { zh: '目标值', en: 'Target', width: 7, format: NUMBER_FORMATS.percent },
    { zh: '达标状态', en: 'Status', width: 9 },
    { zh: '可靠性', en: 'Reliability', width: 9 },
  ];
  headerRows(detail, detailColumns, 1);
  for (const item of compliance.indicators) {
    for (const judgement of item.judgements) {
      const row = judgement.estimate;
      bodyRow(
        detail,
        detailColumns,
        [
          judgement.name['zh-cn'],
          judgement.county,
          regionTargetLabel(judgement)['zh-cn'],
          item.label['zh-cn'],
          row.estimate,
          row.ciLow,
          row.ciHigh,
          row.n,
          row.target,
          row.status ? ESTIMATE_STATUS_LABELS[row.status]['zh-cn'] : '—',
          row.reliability && row.reliability.flag !== 'reliable' ? RELIABILITY_LABELS[row.reliability.flag]['zh-cn'] : '',
        ],
        row.status,
      );
    }
  }
  await workbook.xlsx.write(output);
}
