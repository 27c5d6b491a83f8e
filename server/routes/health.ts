import { Router } from 'express';
import type { Connection } from 'mongoose';
import { problem } from '../../contracts/problems';
import { pingDatabase } from '../db/connection';

export function healthRoutes(connection: Connection): Router {
  const router = Router();
  router.get('/health', async (_request, response) => {
    if (await pingDatabase(connection)) {
      response.json({ status: 'ok', db: 'ok' });
      return;
    }
    // Monitors read status and db; people and the clients read the error body every other refusal has.
    const down = problem('database-unavailable');
    response.status(down.status).json({ status: 'degraded', db: 'down', ...down.toBody() });
  });
  return router;
}
