import express, { Router } from 'express';
import type { AppContext } from '../app';
import { currentUser, requireAuth, requireRole } from '../http/auth';
import { parseBody, parseQuery } from '../http/validate';
import { filtersOf, weightingSummary } from '../services/estimates';
import { weightSummaryQuerySchema } from '../../contracts/estimatesQuery';
import { schemeInputSchema } from '../../contracts/weighting';
import { createScheme, listSchemes } from '../services/weightingSchemes';

/**
 * Weighting schemes for analysts and admins: POST the margins as CSV (Content-Type text/csv, with name,
 * method and trimCap in the query) or as JSON `{name, method, trimCap, csv}`; list them; describe the weights.
 */
export function weightingRoutes(context: AppContext): Router {
  const router = Router();
  router.use('/weighting', requireAuth(context), requireRole('analyst', 'admin'));
  router.post('/weighting/schemes', express.text({ type: 'text/csv', limit: '1mb' }), async (request, response) => {
    const input = typeof request.body === 'string' ? { ...(request.query as Record<string, unknown>), csv: request.body } : request.body;
    const scheme = await createScheme(context.connection, parseBody(schemeInputSchema, input), currentUser(response).username);
    response.status(201).json(scheme);
  });
  router.get('/weighting/schemes', async (_request, response) => {
    response.json(await listSchemes(context.connection));
  });
  router.get('/weighting/summary', async (request, response) => {
    const query = parseQuery(weightSummaryQuerySchema, request.query);
    response.json(await weightingSummary(context.state, { filters: filtersOf(query), weighting: query.weighting }));
  });
  return router;
}
