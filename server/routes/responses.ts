import express, { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app';
import { isDatabaseUnavailable } from '../db/connection';
import { requireAuth, requireRole, userOfRequest } from '../http/auth';
import { HttpError } from '../http/errors';
import { parseBody, parseQuery } from '../http/validate';
import { limitRespondentIp, limitRespondentLink } from '../http/respondentLimits';
import { authSecretOf } from '../services/authSecret';
import { submitThroughLink } from '../services/linkIntake';
import { openLinkOf } from '../services/links';
import { listingCsv, listingQuerySchema, listResponses } from '../services/responseListing';
import { submitResponse, type Submitter } from '../services/responses';
import { noteSync } from '../services/users';

/** One interview is a few kilobytes; the limits leave room for long free text and many pages. */
export const RESPONSE_BODY_LIMIT = '512kb';
export const BATCH_BODY_LIMIT = '16mb';
export const BATCH_MAX_ITEMS = 200;

const batchSchema = z.strictObject({ responses: z.array(z.unknown()).min(1).max(BATCH_MAX_ITEMS, `send at most ${BATCH_MAX_ITEMS} responses per batch`) });

export function responseRoutes(context: AppContext): Router {
  const router = Router();
  router.post('/responses', requireJson, express.json({ limit: RESPONSE_BODY_LIMIT }), async (request, response) => {
    const submitter = await submitterOf(context, request, response);
    const outcome = await submitAs(context, request.body, submitter);
    response.status(outcome.status).json(outcome.body);
  });
  /**
   * Offline sync: each item is handled on its own, so one bad interview never holds back the others; they
   * are submitted together, so the valid ones share the database's commits.
   */
  router.post('/responses/batch', requireJson, express.json({ limit: BATCH_BODY_LIMIT }), async (request, response) => {
    const submitter = await submitterOf(context, request, response);
    const { responses } = parseBody(batchSchema, request.body);
    // Settled one by one: an item the database fails (it went down mid-batch) is a 503 of its own to resend,
    // never a 500 for the whole batch while the other items were stored.
    const outcomes = await Promise.allSettled(responses.map((item) => submitAs(context, item, submitter)));
    response.json({ results: outcomes.map((outcome, index) => (outcome.status === 'fulfilled' ? { status: outcome.value.status, ...outcome.value.body } : itemFailure(responses[index], outcome.reason))) });
  });
  router.get('/responses', requireAuth(context), requireRole('analyst', 'admin'), async (request, response) => {
    const query = parseQuery(listingQuerySchema, request.query);
    if (query.format === 'csv') response.type('text/csv; charset=utf-8').attachment('responses.csv').send(await listingCsv(context.connection, query));
    else response.json(await listResponses(context.connection, query));
  });
  return router;
}

function requireJson(request: Request, _response: express.Response, next: express.NextFunction): void {
  if (!request.is('application/json')) return next(new HttpError(415, 'unsupported-media-type', 'Send responses as JSON with Content-Type: application/json.'));
  next();
}

/**
 * A QR respondent's phone proves itself with the link's token, which must still be open (not revoked,
 * expired or full) and within the rate limits; an interviewer's tablet with a session.
 */
async function submitterOf(context: AppContext, request: Request, response: express.Response): Promise<Submitter> {
  const linkToken = request.get('x-link-token');
  if (linkToken) {
    limitRespondentIp(context, request, response);
    const { payload } = await openLinkOf(context.connection, authSecretOf(context.config), linkToken, { checkCap: false });
    limitRespondentLink(context, payload.linkId, response);
    return { kind: 'link', link: payload };
  }
  const user = await userOfRequest(context, request);
  response.locals.user = user;
  await noteSync(context.connection, user.username);
  return { kind: 'user', user };
}

function submitAs(context: AppContext, body: unknown, submitter: Submitter) {
  return submitter.kind === 'link' ? submitThroughLink(context.connection, body, submitter.link) : submitResponse(context.connection, body, submitter);
}

/** A batch item that failed unexpectedly: its own answer, which the tablet's queue resends later. */
function itemFailure(item: unknown, reason: unknown): { id?: string; status: number; code: string; message: string } {
  const id = typeof (item as { id?: unknown } | null)?.id === 'string' ? (item as { id: string }).id : undefined;
  if (reason instanceof HttpError) return { ...(id ? { id } : {}), status: reason.status, code: reason.code, message: reason.message };
  if (!isDatabaseUnavailable(reason)) console.error(reason);
  return { ...(id ? { id } : {}), status: 503, code: 'item-not-stored', message: 'This interview was not stored (the database failed); it is kept on the device and sent again. 本条未保存，将自动重发。' };
}
