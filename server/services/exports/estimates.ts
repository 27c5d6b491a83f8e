import type { Response } from 'express';
import { ESTIMATE_COLUMNS, estimateCells, type EstimateRow } from '../../../analysis/exports/estimates';
import { csvLine, UTF8_BOM } from '../../../analysis/exports/csv';
import { sendDownload } from '../../http/download';
import { writeEstimatesXlsx, type EstimateMethods } from './xlsx';

export const ESTIMATE_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type EstimateFormat = (typeof ESTIMATE_FORMATS)[number];

/** The same rows and methods as JSON, CSV (one row per estimate) or XLSX (a sheet per indicator and "methods"). */
export async function sendEstimates(response: Response, rows: readonly EstimateRow[], methods: EstimateMethods, format: EstimateFormat): Promise<void> {
  const name = `estimates-${methods.generatedAt.toISOString().slice(0, 10)}`;
  if (format === 'json') {
    response.json({ methods, rows });
    return;
  }
  if (format === 'csv') {
    await sendDownload(response, { name: `${name}.csv`, type: 'text/csv; charset=utf-8' }, async (output) => {
      output.write(UTF8_BOM + csvLine(ESTIMATE_COLUMNS));
      for (const row of rows) output.write(csvLine(estimateCells(row)));
    });
    return;
  }
  await sendDownload(response, { name: `${name}.xlsx`, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }, (output) =>
    writeEstimatesXlsx(output, rows, methods),
  );
}
