import { Router } from 'express';
import type { AppContext } from '../app';
import { requireAuth, requireRole } from '../http/auth';
import { registryDescription } from '../services/indicatorRegistry';

/** GET /api/indicators: the indicator registry (labels, populations, targets, breakdown levels) the console names everything by. */
export function indicatorRoutes(context: AppContext): Router {
  const router = Router();
  router.get('/indicators', requireAuth(context), requireRole('analyst', 'admin'), async (_request, response) => {
    response.json(await registryDescription(context.state));
  });
  return router;
}
