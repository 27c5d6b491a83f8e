import { Router } from 'express';
import { findIndicator } from '../../analysis/indicators/registry';
import { estimatesQuerySchema } from '../../contracts/estimatesQuery';
import type { AppContext } from '../app';
import { requireAuth, requireRole } from '../http/auth';
import { problem } from '../../contracts/problems';
import { parseQuery } from '../http/validate';
import { estimatesFile, sendEstimates } from '../services/exports/estimates';

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
