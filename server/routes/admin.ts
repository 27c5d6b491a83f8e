import { Router } from 'express';
import type { AppContext } from '../app';
import { requireAuth, requireRole } from '../http/auth';
import { parseQuery } from '../http/validate';
import { auditQuerySchema } from '../../contracts/audit';
import { auditCsv, listAudit } from '../services/audit';
import { overviewOf } from '../services/overview';

/** The survey manager's console: the overview and the audit log. */
export function adminRoutes(context: AppContext): Router {
  const router = Router();
  const admin = [requireAuth(context), requireRole('admin')];
  router.get('/overview', ...admin, async (_request, response) => {
    response.json(await overviewOf(context.state, context.config));
  });
  router.get('/audit', ...admin, async (request, response) => {
    const query = parseQuery(auditQuerySchema, request.query);
    const entries = await listAudit(context.connection, query);
    if (query.format === 'csv') response.type('text/csv; charset=utf-8').attachment('audit-log.csv').send(auditCsv(entries));
    else response.json(entries);
  });
  return router;
}
