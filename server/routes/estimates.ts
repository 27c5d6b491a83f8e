import { Router } from 'express';
import { z } from 'zod';
import { LABEL_MODES } from '../../analysis/exports/estimates';
import { findIndicator, BREAKDOWNS } from '../../analysis/indicators/registry';
import { DEFAULT_LONELY_PSU, LONELY_PSU_OPTIONS } from '../../analysis/stats/design';
import type { AppContext } from '../app';
import { requireAuth, requireRole } from '../http/auth';
import { problem } from '../../contracts/problems';
import { parseQuery } from '../http/validate';
import { inDateOrder } from '../services/dateRange';
import { selectionQuery } from '../services/estimates';
import { ESTIMATE_FORMATS, estimatesFile, sendEstimates } from '../services/exports/estimates';

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
    if (unknown.length > 0) throw problem('unknown-indicator', { indicators: unknown.join(', ') }, unknown.map(() => ({ path: 'indicator', message: 'unknown indicator' })));
    const estimates = await estimatesFile(context.state, { ...query, indicators: query.indicator, includeRejected: query.includeRejected === 'true' });
    await sendEstimates(response, estimates, query.format, query.labels ?? (query.format === 'csv' ? 'zh' : 'codes'));
  });
  return router;
}
