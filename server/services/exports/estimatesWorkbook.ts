/**
 * The estimates workbook a health commission files: 指标汇总 first (one row per indicator, a column group
 * per region or other breakdown level, formatted and set up to print on A4 landscape), a detail sheet per
 * indicator family with Chinese headers over English ones, and 方法说明 (Chinese, then English).
 * Estimates are a few hundred rows, so the workbook is built in memory and written once.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { LABELLED_ESTIMATE_COLUMNS, sheetNameOf } from '../../../analysis/exports/estimates';
import type { IndicatorEstimate } from '../../../analysis/indicators/accumulator';
import { summaryTable } from '../../../analysis/exports/summary';
import { createLabeller, type LabelSource } from '../../../analysis/indicators/labels';
import { INDICATOR_FAMILIES, INDICATOR_FAMILY_LABELS } from '../../../analysis/indicators/families';
import { findIndicator } from '../../../analysis/indicators/registry';
import { RELIABILITY_LABELS } from '../../../analysis/stats/reliability';
import type { EstimateMethods, MethodsItem } from '../estimateMethods';
import { A4, FONT, linesIn, NUMBER_FORMATS, printLandscape, STATUS_COLOUR, styleHeader, THIN } from './sheetStyle';

export const SUMMARY_SHEET = '指标汇总';
export const METHODS_SHEET = '方法说明';

function writeSummary(workbook: ExcelJS.Workbook, rows: readonly IndicatorEstimate[], source: LabelSource, methods: EstimateMethods): void {
  const table = summaryTable(rows, source);
  const labels = createLabeller(source);
  const sheet = workbook.addWorksheet(SUMMARY_SHEET, { views: [{ state: 'frozen', xSplit: 1, ySplit: 4 }], pageSetup: printLandscape('3:4') });
  const subColumns: { zh: string; en: string; width: number; format?: string; cell(row: IndicatorEstimate): string | number | null }[] = [
    { zh: '估计值', en: 'Estimate', width: 8, format: NUMBER_FORMATS.percent, cell: (row) => row.estimate },
    { zh: '95%CI下限', en: 'CI low', width: 9, format: NUMBER_FORMATS.percent, cell: (row) => row.ciLow },
    { zh: '95%CI上限', en: 'CI high', width: 9, format: NUMBER_FORMATS.percent, cell: (row) => row.ciHigh },
    { zh: '样本量', en: 'n', width: 7, format: NUMBER_FORMATS.integer, cell: (row) => row.n },
    { zh: '目标值', en: 'Target', width: 7, format: NUMBER_FORMATS.percent, cell: (row) => row.target },
    { zh: '达标状态', en: 'Status', width: 8, cell: (row) => (row.status ? labels.status(row.status)['zh-cn'] : '—') },
    { zh: '可靠性', en: 'Reliability', width: 8, cell: (row) => (row.reliability && row.reliability.flag !== 'reliable' ? RELIABILITY_LABELS[row.reliability.flag]['zh-cn'] : '') },
  ];
  const span = subColumns.length;
  const lastColumn = 1 + span * table.groups.length;
  sheet.getColumn(1).width = 30;
  table.groups.forEach((_, g) => subColumns.forEach((sub, s) => (sheet.getColumn(2 + g * span + s).width = sub.width)));

  const by = table.breakdown ? `（按${table.breakdown['zh-cn']}）` : '';
  sheet.mergeCells(1, 1, 1, lastColumn);
  const title = sheet.getCell(1, 1);
  title.value = `流动人口基本公共卫生服务评估 指标汇总${by}`;
  title.font = { name: FONT, bold: true, size: 14 };
  title.alignment = { horizontal: 'center' };
  sheet.mergeCells(2, 1, 2, lastColumn);
  const subtitle = sheet.getCell(2, 1);
  subtitle.value = `完成问卷 ${methods.n} 份，${methods.strata} 层 ${methods.sites} 个调查点；加权估计，95% 置信区间；生成于 ${methods.statement.find((item) => item.item.en === 'Generated at')?.text['zh-cn'] ?? ''}`;
  subtitle.font = { name: FONT, size: 9 };
  subtitle.alignment = { horizontal: 'center' };

  sheet.mergeCells(3, 1, 4, 1);
  sheet.getCell(3, 1).value = '指标\nIndicator';
  styleHeader(sheet.getCell(3, 1));
  table.groups.forEach((group, g) => {
    const first = 2 + g * span;
    sheet.mergeCells(3, first, 3, first + span - 1);
    sheet.getCell(3, first).value = group.label['zh-cn'] === group.label.en ? group.label['zh-cn'] : `${group.label['zh-cn']} ${group.label.en}`;
    subColumns.forEach((sub, s) => {
      sheet.getCell(4, first + s).value = `${sub.zh}\n${sub.en}`;
      styleHeader(sheet.getCell(4, first + s));
    });
    styleHeader(sheet.getCell(3, first));
  });
  sheet.getRow(3).height = 20;
  sheet.getRow(4).height = 30;

  table.lines.forEach((line, k) => {
    const row = sheet.getRow(5 + k);
    const name = row.getCell(1);
    name.value = line.label['zh-cn'];
    name.font = { name: FONT, size: 10, bold: line.main };
    name.alignment = { vertical: 'middle', wrapText: true };
    name.border = THIN;
    row.height = 15 * linesIn(line.label['zh-cn'], 30);
    line.cells.forEach((estimate, g) => {
      subColumns.forEach((sub, s) => {
        const cell = row.getCell(2 + g * span + s);
        const value = estimate ? sub.cell(estimate) : null;
        cell.value = typeof value === 'number' && !Number.isFinite(value) ? null : value;
        if (sub.format) cell.numFmt = sub.format;
        cell.font = { name: FONT, size: 10, ...(s === 5 && estimate?.status ? { color: { argb: STATUS_COLOUR[estimate.status]! } } : {}) };
        cell.alignment = { vertical: 'middle', horizontal: 'center' };
        cell.border = THIN;
      });
    });
  });
  const notes = [
    '注：估计值、置信区间为加权估计（泰勒线性化方差）；样本量为未加权的调查人数。达标：95% 置信区间下限不低于目标值；未达标：上限低于目标值；无法判定：区间包含目标值；“—”：该指标无目标值；“该版本未测量”：所选问卷版本没有问到该指标，按缺失报告（不是 0）。',
    '可靠性：“谨慎解读”依据 NCHS 比例估计发布标准（样本量或有效样本量不足 30、置信区间过宽或相对标准误 > 30%）；“需复核”：设计自由度不足 8；空白为可靠。详见“方法说明”。',
  ];
  notes.forEach((note, k) => {
    const rowNumber = 6 + table.lines.length + k;
    sheet.mergeCells(rowNumber, 1, rowNumber, lastColumn);
    const cell = sheet.getCell(rowNumber, 1);
    cell.value = note;
    cell.font = { name: FONT, size: 9 };
    cell.alignment = { wrapText: true, vertical: 'top' };
    sheet.getRow(rowNumber).height = 13 * linesIn(note, 30 + table.groups.length * 54);
  });
}

function writeDetails(workbook: ExcelJS.Workbook, rows: readonly IndicatorEstimate[], source: LabelSource, taken: Set<string>): void {
  const labels = createLabeller(source);
  for (const family of INDICATOR_FAMILIES) {
    const familyRows = rows.filter((row) => findIndicator(row.indicator)?.family === family);
    if (familyRows.length === 0) continue;
    const sheet = workbook.addWorksheet(sheetNameOf(INDICATOR_FAMILY_LABELS[family]['zh-cn'], taken), { views: [{ state: 'frozen', xSplit: 1, ySplit: 2 }], pageSetup: printLandscape('1:2') });
    LABELLED_ESTIMATE_COLUMNS.forEach((column, k) => {
      sheet.getColumn(k + 1).width = column.width;
      if (column.format) sheet.getColumn(k + 1).numFmt = NUMBER_FORMATS[column.format];
    });
    sheet.addRow(LABELLED_ESTIMATE_COLUMNS.map((column) => column.label['zh-cn']));
    sheet.addRow(LABELLED_ESTIMATE_COLUMNS.map((column) => column.label.en));
    for (const header of [1, 2]) sheet.getRow(header).eachCell((cell) => styleHeader(cell));
    sheet.getRow(1).height = 30;
    sheet.getRow(2).height = 30;
    for (const row of familyRows) {
      const added = sheet.addRow(LABELLED_ESTIMATE_COLUMNS.map((column) => column.cell(row, labels)));
      added.font = { name: FONT, size: 10 };
    }
  }
}

function writeMethods(workbook: ExcelJS.Workbook, statement: readonly MethodsItem[]): void {
  const textWidth = 90;
  const sheet = workbook.addWorksheet(METHODS_SHEET, {
    pageSetup: { paperSize: A4, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 } },
  });
  sheet.getColumn(1).width = 22;
  sheet.getColumn(2).width = textWidth;
  const heading = (text: string) => {
    const row = sheet.addRow([text]);
    row.font = { name: FONT, bold: true, size: 13 };
    row.height = 22;
  };
  const lines = (language: 'zh-cn' | 'en') => {
    for (const { item, text } of statement) {
      const row = sheet.addRow([item[language], text[language]]);
      row.getCell(1).font = { name: FONT, bold: true, size: 10 };
      row.getCell(2).font = { name: FONT, size: 10 };
      row.eachCell((cell) => (cell.alignment = { wrapText: true, vertical: 'top' }));
      row.height = 15 * Math.max(linesIn(item[language], 22), linesIn(text[language], textWidth)) + 2;
    }
  };
  heading('方法说明');
  lines('zh-cn');
  sheet.addRow([]);
  heading('Methods');
  lines('en');
}

export async function writeEstimatesWorkbook(output: Writable, rows: readonly IndicatorEstimate[], source: LabelSource, methods: EstimateMethods): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = methods.softwareVersion;
  workbook.created = methods.generatedAt;
  const taken = new Set([SUMMARY_SHEET, METHODS_SHEET].map((name) => name.toLowerCase()));
  writeSummary(workbook, rows, source, methods);
  writeDetails(workbook, rows, source, taken);
  writeMethods(workbook, methods.statement);
  await workbook.xlsx.write(output);
}
