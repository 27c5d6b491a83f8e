import { Router } from 'express';
import type { AppContext } from '../app';
import { requireAuth, requireRole } from '../http/auth';
import { parseQuery } from '../http/validate';
import { filtersOf } from '../services/estimates';
import { reportQuerySchema } from '../../contracts/estimatesQuery';
import { posterFont } from '../services/posters';
import { evaluationReport } from '../services/reports/evaluationReport';

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
