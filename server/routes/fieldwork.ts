import { Router } from 'express';
import type { AppContext } from '../app';
import { requireAuth, requireRole } from '../http/auth';
import { parseQuery } from '../http/validate';
import { fieldworkQuerySchema } from '../../contracts/fieldwork';
import { fieldworkReport } from '../services/fieldwork';

export function fieldworkRoutes(context: AppContext): Router {
  const router = Router();
  router.get('/fieldwork', requireAuth(context), requireRole('analyst', 'admin'), async (request, response) => {
    response.json(await fieldworkReport(context.state, parseQuery(fieldworkQuerySchema, request.query)));
  });
  return router;
}
