import { Router } from 'express';
import { z } from 'zod';
import { DEFAULT_LONELY_PSU, LONELY_PSU_OPTIONS } from '../../analysis/stats/design';
import type { AppContext } from '../app';
import { requireAuth, requireRole } from '../http/auth';
import { parseQuery } from '../http/validate';
import { inDateOrder } from '../../contracts/dateRange';
import { compareGroups, GROUP_KINDS, parseGroup } from '../services/differences';
import { filtersOf } from '../services/estimates';
import { selectionQuery } from '../../contracts/estimatesQuery';

const differencesQuerySchema = inDateOrder(
  z.strictObject({
    indicator: z.string({ message: 'required: one indicator id, such as literacy (GET /api/indicators)' }).min(1),
    by: z.enum(GROUP_KINDS, { message: `expected one of ${GROUP_KINDS.join(', ')}` }).optional(),
    a: z.string({ message: 'required: the first group, such as East or region:East' }).min(1),
    b: z.string({ message: 'required: the second group, such as West or region:West' }).min(1),
    lonelyPsu: z.enum(LONELY_PSU_OPTIONS, { message: `expected one of ${LONELY_PSU_OPTIONS.join(', ')}` }).default(DEFAULT_LONELY_PSU),
    ci: z.enum(['wald', 'logit', 'beta'], { message: 'expected wald, logit or beta' }).default('logit'),
    ...selectionQuery,
  }),
);

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
