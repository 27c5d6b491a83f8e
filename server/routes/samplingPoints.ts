import express, { Router } from 'express';
import type { AppContext } from '../app';
import { currentUser, requireAuth, requireRole } from '../http/auth';
import { problem } from '../../contracts/problems';
import { importSamplingFrame, samplingPointsWithProgress } from '../services/samplingFrame';

export function samplingPointRoutes(context: AppContext): Router {
  const router = Router();
  router.post(
    '/sampling-points/import',
    requireAuth(context),
    requireRole('admin'),
    express.text({ type: ['text/csv', 'text/plain'], limit: '5mb' }),
    async (request, response) => {
      if (typeof request.body !== 'string') throw problem('unsupported-media-type', { expected: 'text/csv' });
      response.json(await importSamplingFrame(context.connection, request.body));
    },
  );
  /** Interviewers see their own sites (the CAPI app caches them); analysts and admins see all, with progress. */
  router.get('/sampling-points', requireAuth(context), async (_request, response) => {
    const user = currentUser(response);
    const only = user.role === 'interviewer' ? user.samplingPoints : undefined;
    response.json(await samplingPointsWithProgress(context.connection, only));
  });
  return router;
}
