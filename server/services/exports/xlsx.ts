import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { byIndicator, ESTIMATE_COLUMNS, estimateCells, sheetNameOf, type EstimateRow } from '../../../analysis/exports/estimates';
import type { CodebookVariable } from '../../../analysis/exports/codebook';

/** What the "methods" sheet states, so a number taken away can be defended. */
export interface EstimateMethods {
  design: string;
  /** The design statement in Chinese. */
  designZh?: string;
  weighting: string;
  /** The lonely-PSU option (the design text says what it does). */
  lonelyPsu: string;
  instrumentVersions: string;
  /** Unweighted number of responses the estimates use. */
  n: number;
  /** How review changed the selection: rejected interviews left out (how many) or included. */
  reviewed?: string;
  filters: string;
  generatedAt: Date;
  softwareVersion: string;
}

/** Rows are written and flushed as they are added (exceljs's streaming writer); nothing waits in memory for the end. */
function workbookOn(output: Writable): ExcelJS.stream.xlsx.WorkbookWriter {
  return new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
}

/** A sheet per indicator (its rows by domain) and a "methods" sheet. */
export async function writeEstimatesXlsx(output: Writable, rows: readonly EstimateRow[], methods: EstimateMethods): Promise<void> {
  const workbook = workbookOn(output);
  const taken = new Set<string>(['methods']);
  for (const [indicator, indicatorRows] of byIndicator(rows)) {
    const sheet = workbook.addWorksheet(sheetNameOf(indicator, taken));
    sheet.addRow([...ESTIMATE_COLUMNS]).commit();
    for (const row of indicatorRows) sheet.addRow(estimateCells(row)).commit();
    sheet.commit();
  }
  const sheet = workbook.addWorksheet('methods');
  const lines: [string, string | number][] = [
    ['design', methods.design],
    ...(methods.designZh ? [['抽样设计与方法', methods.designZh] as [string, string]] : []),
    ['weighting', methods.weighting],
    ['lonely PSUs', methods.lonelyPsu],
    ['instrument versions', methods.instrumentVersions],
    ['n (responses used)', methods.n],
    ...(methods.reviewed ? [['review', methods.reviewed] as [string, string]] : []),
    ['filters', methods.filters],
    ['date', methods.generatedAt.toISOString()],
    ['software version', methods.softwareVersion],
    ['status rule', 'met: CI lower bound ≥ target; not met: CI upper bound < target; inconclusive otherwise'],
  ];
  for (const line of lines) sheet.addRow(line).commit();
  sheet.commit();
  await workbook.commit();
}

/** "variables" (one row per variable) and "values" (one row per value code) sheets. */
export async function writeCodebookXlsx(output: Writable, variables: readonly CodebookVariable[], title: string): Promise<void> {
  const workbook = workbookOn(output);
  const variableSheet = workbook.addWorksheet('variables');
  variableSheet.addRow([title]).commit();
  variableSheet.addRow(['variable', 'label (中文)', 'label (English)', 'type', 'multiple (codes joined with ;)', 'free text']).commit();
  for (const variable of variables) {
    variableSheet.addRow([variable.name, variable.label['zh-cn'], variable.label.en, variable.type, variable.multiple ? 'yes' : 'no', variable.freeText ? 'yes' : 'no']).commit();
  }
  variableSheet.commit();
  const valueSheet = workbook.addWorksheet('values');
  valueSheet.addRow(['variable', 'code', 'label (中文)', 'label (English)']).commit();
  for (const variable of variables) {
    for (const value of variable.values) valueSheet.addRow([variable.name, value.code, value.label['zh-cn'], value.label.en]).commit();
  }
  valueSheet.commit();
  await workbook.commit();
}
