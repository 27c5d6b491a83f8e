import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { CodebookVariable } from '../../../analysis/exports/codebook';

/** Rows are written and flushed as they are added (exceljs's streaming writer); nothing waits in memory for the end. */
function workbookOn(output: Writable): ExcelJS.stream.xlsx.WorkbookWriter {
  return new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
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
