import { Router } from 'express';
import { z } from 'zod';
import { LABEL_MODES } from '../../analysis/exports/estimates';
import { findIndicator, BREAKDOWNS } from '../../analysis/indicators/registry';
import { DEFAULT_LONELY_PSU, LONELY_PSU_OPTIONS } from '../../analysis/stats/design';
import type { AppContext } from '../app';
import { requireAuth, requireRole } from '../http/auth';
import { HttpError } from '../http/errors';
import { parseQuery } from '../http/validate';
import { inDateOrder } from '../services/dateRange';
import { estimateIndicators, filtersOf, selectionQuery } from '../services/estimates';
import { estimateMethods } from '../services/estimateMethods';
import { registryDescription } from '../services/indicatorRegistry';
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
    /** The CSV's names: Chinese (default) or English labels beside the codes, or the codes alone. */
    labels: z.enum(LABEL_MODES, { message: 'expected zh, en or codes' }).optional(),
    lonelyPsu: z.enum(LONELY_PSU_OPTIONS, { message: `expected one of ${LONELY_PSU_OPTIONS.join(', ')}` }).default(DEFAULT_LONELY_PSU),
    ...selectionQuery,
  }),
);

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
    const methods = estimateMethods({ ...query, indicators: query.indicator, includeRejected: query.includeRejected === 'true' }, result);
    await sendEstimates(response, { rows, methods, registry: await registryDescription(context.connection) }, query.format, query.labels ?? (query.format === 'csv' ? 'zh' : 'codes'));
  });
  return router;
}
