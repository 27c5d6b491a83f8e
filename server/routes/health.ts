import { Router } from 'express';
import type { Connection } from 'mongoose';
import { pingDatabase } from '../db/connection';

export function healthRoutes(connection: Connection): Router {
  const router = Router();
  router.get('/health', async (_request, response) => {
    const dbUp = await pingDatabase(connection);
    response.status(dbUp ? 200 : 503).json({ status: dbUp ? 'ok' : 'degraded', db: dbUp ? 'ok' : 'down' });
  });
  return router;
}
