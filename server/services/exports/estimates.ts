import type { Response } from 'express';
import { estimateTable, type EstimateRow, type LabelMode } from '../../../analysis/exports/estimates';
import { csvLine, UTF8_BOM } from '../../../analysis/exports/csv';
import { createLabeller, type LabelSource } from '../../../analysis/indicators/labels';
import { sendDownload } from '../../http/download';
import type { EstimateMethods } from '../estimateMethods';
import { writeEstimatesWorkbook } from './estimatesWorkbook';

export const ESTIMATE_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type EstimateFormat = (typeof ESTIMATE_FORMATS)[number];

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The same rows and methods as JSON, CSV (one row per estimate; Chinese labels beside the codes unless
 * `labels` says en or codes) or the workbook (指标汇总, detail sheets, 方法说明).
 */
export async function sendEstimates(
  response: Response,
  estimates: { rows: readonly EstimateRow[]; methods: EstimateMethods; registry: LabelSource },
  format: EstimateFormat,
  labels: LabelMode,
): Promise<void> {
  const { rows, methods, registry } = estimates;
  const name = `estimates-${methods.generatedAt.toISOString().slice(0, 10)}`;
  if (format === 'json') {
    response.json({ methods, rows });
    return;
  }
  if (format === 'csv') {
    const table = estimateTable(labels);
    const labeller = createLabeller(registry);
    await sendDownload(response, { name: `${name}.csv`, type: 'text/csv; charset=utf-8' }, async (output) => {
      output.write(UTF8_BOM + csvLine(table.header));
      for (const row of rows) output.write(csvLine(table.cells(row, labeller)));
    });
    return;
  }
  await sendDownload(response, { name: `${name}.xlsx`, type: XLSX_TYPE }, (output) => writeEstimatesWorkbook(output, rows, registry, methods));
}
