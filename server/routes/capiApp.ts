import { Router } from 'express';
import path from 'node:path';

/**
 * The interviewer app: its page at /capi, and its service worker, allowed to control /capi itself (not
 * only /capi/…) and never taken from an HTTP cache, so a new build reaches tablets on their next visit.
 */
export function capiAppRoutes(clientDistDir: string): Router {
  const router = Router();
  const noCache = { 'Cache-Control': 'no-cache' };
  router.get('/capi/sw.js', (_request, response) => {
    response.set({ ...noCache, 'Service-Worker-Allowed': '/capi' }).sendFile(path.join(clientDistDir, 'capi/sw.js'));
  });
  router.get(['/capi', '/capi/'], (_request, response) => {
    response.set(noCache).sendFile(path.join(clientDistDir, 'capi/index.html'));
  });
  return router;
}
