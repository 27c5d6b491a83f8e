import type { Response } from 'express';
import { estimateTable, type LabelMode } from '../../../analysis/exports/estimates';
import type { IndicatorEstimate } from '../../../analysis/indicators/accumulator';
import { csvLine, UTF8_BOM } from '../../../analysis/exports/csv';
import { createLabeller, type LabelSource } from '../../../analysis/indicators/labels';
import type { Breakdown } from '../../../analysis/indicators/registry';
import { sendDownload } from '../../http/download';
import { estimateMethods, type EstimateMethods, type MethodsQuery } from '../estimateMethods';
import { estimateIndicators, requireFielded } from '../estimates';
import { registryDescription } from '../indicatorRegistry';
import { writeEstimatesWorkbook } from './estimatesWorkbook';
import type { ServerState } from '../../state';
import type { EstimateFormat } from '../../../contracts/estimatesQuery';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What every estimates file is written from: the rows, the methods statement and the registry's names. */
export interface EstimatesFile {
  rows: readonly IndicatorEstimate[];
  methods: EstimateMethods;
  registry: LabelSource;
}

/**
 * The estimates of one selection as its files hold them (the indicators asked for, or all), for GET /api/estimates
 * and `analyze indicators` alike, so the API's workbook and the CLI's cannot differ.
 */
export async function estimatesFile(state: ServerState, query: MethodsQuery & { by: readonly Breakdown[]; weighting: string }): Promise<EstimatesFile> {
  requireFielded(query.instrument, query.instrumentVersion);
  const filters = { instrumentId: query.instrument, ...(query.instrumentVersion ? { instrumentVersion: query.instrumentVersion } : {}), from: query.from, to: query.to, includeRejected: query.includeRejected };
  const [result, registry] = await Promise.all([
    estimateIndicators(state, { by: [...query.by], filters, weighting: query.weighting, lonelyPsu: query.lonelyPsu, ci: query.ci, level: query.level }),
    registryDescription(state),
  ]);
  const rows = query.indicators.length > 0 ? result.estimates.filter((row) => query.indicators.includes(row.indicator)) : result.estimates;
  return { rows, methods: estimateMethods(query, result), registry };
}

/**
 * The same rows and methods as JSON, CSV (one row per estimate; Chinese labels beside the codes unless
 * `labels` says en or codes) or the workbook (指标汇总, detail sheets, 方法说明).
 */
export async function sendEstimates(
  response: Response,
  estimates: EstimatesFile,
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
