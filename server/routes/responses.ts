import express, { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app';
import { requireAuth, requireRole, userOfRequest } from '../http/auth';
import { HttpError } from '../http/errors';
import { parseBody } from '../http/validate';
import { authSecretOf } from '../services/authSecret';
import { verifyLinkToken } from '../services/linkTokens';
import { listingQuerySchema, listResponses } from '../services/responseListing';
import { submitResponse, type Submitter } from '../services/responses';

/** One interview is a few kilobytes; the limits leave room for long free text and many pages. */
export const RESPONSE_BODY_LIMIT = '512kb';
export const BATCH_BODY_LIMIT = '16mb';
export const BATCH_MAX_ITEMS = 200;

const batchSchema = z.strictObject({ responses: z.array(z.unknown()).min(1).max(BATCH_MAX_ITEMS, `send at most ${BATCH_MAX_ITEMS} responses per batch`) });

export function responseRoutes(context: AppContext): Router {
  const router = Router();
  router.post('/responses', requireJson, express.json({ limit: RESPONSE_BODY_LIMIT }), async (request, response) => {
    const submitter = await submitterOf(context, request);
    const outcome = await submitResponse(context.connection, request.body, submitter);
    response.status(outcome.status).json(outcome.body);
  });
  /** Offline sync: each item is handled on its own, so one bad interview never holds back the others. */
  router.post('/responses/batch', requireJson, express.json({ limit: BATCH_BODY_LIMIT }), async (request, response) => {
    const submitter = await submitterOf(context, request);
    const { responses } = parseBody(batchSchema, request.body);
    const results = [];
    for (const item of responses) {
      const outcome = await submitResponse(context.connection, item, submitter);
      results.push({ status: outcome.status, ...outcome.body });
    }
    response.json({ results });
  });
  router.get('/responses', requireAuth(context), requireRole('analyst', 'admin'), async (request, response) => {
    const query = listingQuerySchema.safeParse(request.query);
    if (!query.success) throw new HttpError(400, 'invalid-query', 'The query is invalid; see errors.', query.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })));
    response.json(await listResponses(context.connection, query.data));
  });
  return router;
}

function requireJson(request: Request, _response: express.Response, next: express.NextFunction): void {
  if (!request.is('application/json')) return next(new HttpError(415, 'unsupported-media-type', 'Send responses as JSON with Content-Type: application/json.'));
  next();
}

/** A QR respondent's phone proves itself with the link's token; an interviewer's tablet with a session. */
async function submitterOf(context: AppContext, request: Request): Promise<Submitter> {
  const linkToken = request.get('x-link-token');
  if (linkToken) {
    try {
      return { kind: 'link', link: verifyLinkToken(linkToken, authSecretOf(context.config)) };
    } catch (error) {
      throw new HttpError(401, 'invalid-link', `${(error as Error).message} Scan the QR code again or ask at the site for a new one.`);
    }
  }
  return { kind: 'user', user: await userOfRequest(context, request) };
}
