import { Router } from 'express';
import type { AppContext } from '../app';
import { requireAuth, requireRole } from '../http/auth';
import { parseQuery } from '../http/validate';
import { compareGroups, parseGroup } from '../services/differences';
import { filtersOf } from '../services/estimates';
import { differencesQuerySchema } from '../../contracts/estimatesQuery';

/** GET /api/estimates/differences: one indicator in two groups or rounds, and their difference with the joint-design SE. */
export function differenceRoutes(context: AppContext): Router {
  const router = Router();
  router.get('/estimates/differences', requireAuth(context), requireRole('analyst', 'admin'), async (request, response) => {
    const query = parseQuery(differencesQuerySchema, request.query);
    const result = await compareGroups(context.state, {
      indicator: query.indicator,
      a: parseGroup(query.a, query.by, 'a'),
      b: parseGroup(query.b, query.by, 'b'),
      filters: filtersOf(query),
      weighting: query.weighting,
      lonelyPsu: query.lonelyPsu,
      ci: query.ci,
      level: 0.95,
    });
    response.json(result);
  });
  return router;
}
