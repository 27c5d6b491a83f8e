import { Router } from 'express';
import { z } from 'zod';
import packageJson from '../../package.json';
import { findIndicator, BREAKDOWNS } from '../../analysis/indicators/registry';
import { DEFAULT_LONELY_PSU, LONELY_PSU_OPTIONS } from '../../analysis/stats/design';
import type { AppContext } from '../app';
import { requireAuth, requireRole } from '../http/auth';
import { HttpError } from '../http/errors';
import { parseQuery } from '../http/validate';
import { inDateOrder } from '../services/dateRange';
import { estimateIndicators, filtersOf, selectionQuery } from '../services/estimates';
import { describeScheme } from '../services/weightingSchemes';
import { ESTIMATE_FORMATS, sendEstimates } from '../services/exports/estimates';

const list = z
  .string()
  .optional()
  .transform((value) => (value ? value.split(',').map((item) => item.trim()).filter(Boolean) : []));

const estimatesQuerySchema = inDateOrder(
  z.strictObject({
    indicator: list,
    by: list.pipe(z.array(z.enum(BREAKDOWNS, { message: `expected breakdowns among ${BREAKDOWNS.join(', ')}` }))),
    format: z.enum(ESTIMATE_FORMATS, { message: 'expected json, csv or xlsx' }).default('json'),
    lonelyPsu: z.enum(LONELY_PSU_OPTIONS, { message: `expected one of ${LONELY_PSU_OPTIONS.join(', ')}` }).default(DEFAULT_LONELY_PSU),
    ...selectionQuery,
  }),
);

const WEIGHTING: Record<string, string> = {
  base: 'base weights from the sampling frame: 1 / site selection probability × site migrant population / completed interviews at the site',
  unweighted: 'unweighted (every complete interview counts 1)',
};

/** " received 2026-05-01 to 2026-05-31" (UTC days, both included), or nothing without a range. */
function dateRangeText({ from, to }: { from?: string; to?: string }): string {
  if (from && to) return ` received ${from} to ${to} (UTC, both days included)`;
  if (from) return ` received on or after ${from} (UTC)`;
  if (to) return ` received on or before ${to} (UTC)`;
  return '';
}

/** The methods text's account of review: how many rejected interviews were left out, and why. */
function rejectedText(included: boolean, excluded: number): string {
  if (included) return '已拒绝的访问也计入（includeRejected=true） / rejected interviews included on request';
  return `${excluded} 份已拒绝的完成访问未计入（审核中判为不合格） / ${excluded} complete interviews rejected in review were left out`;
}

/** GET /api/estimates: the indicator registry's estimates as JSON, CSV or XLSX, for analysts and admins. */
export function estimateRoutes(context: AppContext): Router {
  const router = Router();
  router.get('/estimates', requireAuth(context), requireRole('analyst', 'admin'), async (request, response) => {
    const query = parseQuery(estimatesQuerySchema, request.query);
    const unknown = query.indicator.filter((id) => !findIndicator(id));
    if (unknown.length > 0) throw new HttpError(400, 'unknown-indicator', `No indicator ${unknown.join(', ')}; leave indicator= out to get them all.`, unknown.map(() => ({ path: 'indicator', message: 'unknown indicator' })));
    const result = await estimateIndicators(context.connection, {
      by: query.by,
      filters: filtersOf(query),
      weighting: query.weighting,
      lonelyPsu: query.lonelyPsu,
    });
    const rows = query.indicator.length > 0 ? result.estimates.filter((row) => query.indicator.includes(row.indicator)) : result.estimates;
    const methods = {
      design: result.methods.en,
      designZh: result.methods.zh,
      lonelyPsu: query.lonelyPsu,
      weighting: result.scheme ? describeScheme(result.scheme.scheme, result.scheme.trimmed) : WEIGHTING[result.weighting]!,
      instrumentVersions: query.instrumentVersion ? `${query.instrument} v${query.instrumentVersion}` : `${query.instrument}, all versions`,
      n: result.responses,
      reviewed: rejectedText(query.includeRejected === 'true', result.rejectedExcluded),
      filters: [`complete interviews${dateRangeText(query)}`, ...(query.by.length ? [`breakdowns: ${query.by.join(', ')}`] : [])].join('; '),
      generatedAt: new Date(),
      softwareVersion: `${packageJson.name} ${packageJson.version}`,
    };
    await sendEstimates(response, rows, methods, query.format);
  });
  return router;
}
