import { Router } from 'express';
import type { AppContext } from '../app';
import { requireAuth, requireRole } from '../http/auth';
import { sendDownload } from '../http/download';
import { parseQuery } from '../http/validate';
import { complianceOf } from '../services/compliance';
import { estimateMethods } from '../services/estimateMethods';
import { filtersOf } from '../services/estimates';
import { complianceQuerySchema } from '../../contracts/estimatesQuery';
import { writeComplianceWorkbook } from '../services/exports/complianceWorkbook';
import { XLSX_TYPE } from '../services/exports/estimates';

/** GET /api/compliance: every county against each indicator's target (its region's, for literacy), as JSON or XLSX. */
export function complianceRoutes(context: AppContext): Router {
  const router = Router();
  router.get('/compliance', requireAuth(context), requireRole('analyst', 'admin'), async (request, response) => {
    const query = parseQuery(complianceQuerySchema, request.query);
    const { compliance, result } = await complianceOf(context.state, { filters: filtersOf(query), weighting: query.weighting, lonelyPsu: query.lonelyPsu });
    const methods = estimateMethods({ ...query, by: ['county'], indicators: [], includeRejected: query.includeRejected === 'true' }, result);
    if (query.format === 'json') {
      response.json({ methods, ...compliance });
      return;
    }
    await sendDownload(response, { name: `compliance-${methods.generatedAt.toISOString().slice(0, 10)}.xlsx`, type: XLSX_TYPE }, (output) => writeComplianceWorkbook(output, compliance, methods));
  });
  return router;
}
