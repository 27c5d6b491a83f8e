import { createHash } from 'node:crypto';
import { Router } from 'express';
import { getInstrument, listInstruments } from '../../surveys/catalog';
import { problem } from '../../contracts/problems';

/**
 * The public instrument JSON (never an answer key). A published version never changes, so its ETag is a
 * hash of its content and the offline apps revalidate with If-None-Match for a 304.
 */
export function instrumentRoutes(): Router {
  const router = Router();
  router.get('/instruments', (_request, response) => {
    response.json(listInstruments());
  });
  router.get('/instruments/:id', (request, response) => {
    const version = parseVersion(request.query.version);
    const instrument = getInstrument(request.params.id, version);
    if (!instrument) {
      throw problem('unknown-instrument', { id: request.params.id, version });
    }
    const body = JSON.stringify(instrument);
    response.set('ETag', `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`);
    response.set('Cache-Control', 'no-cache');
    if (request.fresh) {
      response.status(304).end();
      return;
    }
    response.type('application/json').send(body);
  });
  return router;
}

function parseVersion(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  const version = Number(raw);
  if (!Number.isInteger(version) || version < 1) throw problem('invalid-version', { version: String(raw) });
  return version;
}
