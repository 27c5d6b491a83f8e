import { Router } from 'express';
import { z } from 'zod';
import { DEFAULT_LONELY_PSU, LONELY_PSU_OPTIONS } from '../../analysis/stats/design';
import type { AppContext } from '../app';
import { requireAuth, requireRole } from '../http/auth';
import { parseQuery } from '../http/validate';
import { inDateOrder } from '../../contracts/dateRange';
import { filtersOf } from '../services/estimates';
import { selectionQuery } from '../../contracts/estimatesQuery';
import { posterFont } from '../services/posters';
import { evaluationReport } from '../services/reports/evaluationReport';

const reportQuerySchema = inDateOrder(
  z.strictObject({
    lonelyPsu: z.enum(LONELY_PSU_OPTIONS, { message: `expected one of ${LONELY_PSU_OPTIONS.join(', ')}` }).default(DEFAULT_LONELY_PSU),
    ...selectionQuery,
  }),
);

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** GET /api/reports/evaluation.docx: the evaluation report in Word, for the estimates' filters. */
export function reportRoutes(context: AppContext): Router {
  const router = Router();
  router.get('/reports/evaluation.docx', requireAuth(context), requireRole('analyst', 'admin'), async (request, response) => {
    const query = parseQuery(reportQuerySchema, request.query);
    const font = posterFont(context.config.POSTER_FONT);
    const bytes = await evaluationReport(
      context.state,
      { filters: filtersOf(query), weighting: query.weighting, lonelyPsu: query.lonelyPsu },
      { ...query, includeRejected: query.includeRejected === 'true' },
      font.file,
    );
    response.type(DOCX_TYPE).attachment(`evaluation-report-${new Date().toISOString().slice(0, 10)}.docx`).send(bytes);
  });
  return router;
}
