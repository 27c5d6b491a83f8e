import express, { Router, type Request } from 'express';
import type { AppContext } from '../app';
import { requireAuth, requireRole, userOfRequest } from '../http/auth';
import { problem } from '../../contracts/problems';
import { batchRequestSchema, type BatchItemResult } from '../../contracts/submission';
import { listingQuerySchema } from '../../contracts/review';
import { problemOf } from '../http/errors';
import { parseBody, parseQuery } from '../http/validate';
import { limitRespondentIp, limitRespondentLink } from '../http/respondentLimits';
import { submitThroughLink } from '../services/linkIntake';
import { openLinkOf } from '../services/links';
import { listingCsv, listResponses } from '../services/responseListing';
import { submitResponse, type Submitter } from '../services/responses';
import { noteSync } from '../services/users';

/** One interview is a few kilobytes; the limits leave room for long free text and many pages. */
export const RESPONSE_BODY_LIMIT = '512kb';
export const BATCH_BODY_LIMIT = '16mb';

export function responseRoutes(context: AppContext): Router {
  const router = Router();
  router.post('/responses', requireJson, express.json({ limit: RESPONSE_BODY_LIMIT }), async (request, response) => {
    const submitter = await submitterOf(context, request, response);
    const outcome = await submitAs(context, request.body, submitter);
    response.status(outcome.status).json(outcome.body);
  });
  /**
   * Offline sync: each item is handled on its own, so one bad interview never holds back the others, not
   * even one the server fails on (its own 5xx result; the tablet sends it again later); they are submitted
   * together, so the valid ones share the database's commits.
   */
  router.post('/responses/batch', requireJson, express.json({ limit: BATCH_BODY_LIMIT }), async (request, response) => {
    const submitter = await submitterOf(context, request, response);
    const { responses } = parseBody(batchRequestSchema, request.body);
    response.json({ results: await Promise.all(responses.map((item) => batchItemResult(context, item, submitter))) });
  });
  router.get('/responses', requireAuth(context), requireRole('analyst', 'admin'), async (request, response) => {
    const query = parseQuery(listingQuerySchema, request.query);
    if (query.format === 'csv') response.type('text/csv; charset=utf-8').attachment('responses.csv').send(await listingCsv(context.state, query));
    else response.json(await listResponses(context.state, query));
  });
  return router;
}

function requireJson(request: Request, _response: express.Response, next: express.NextFunction): void {
  if (!request.is('application/json')) return next(problem('unsupported-media-type', { expected: 'application/json' }));
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
    const { payload } = await openLinkOf(context.state, context.secret, linkToken, { checkCap: false });
    limitRespondentLink(context, payload.linkId, response);
    return { kind: 'link', link: payload };
  }
  const user = await userOfRequest(context, request);
  response.locals.user = user;
  await noteSync(context.state, user.username);
  return { kind: 'user', user };
}

/** One item's result: its outcome, or the problem it raised (a link closing mid-batch, a database failure: `item-not-stored`, to send again). */
async function batchItemResult(context: AppContext, item: unknown, submitter: Submitter): Promise<BatchItemResult> {
  try {
    const outcome = await submitAs(context, item, submitter);
    return { status: outcome.status, ...outcome.body };
  } catch (error) {
    const failure = problemOf(error);
    if (failure.code === 'internal') console.error(error);
    const itemProblem = failure.code === 'internal' || failure.code === 'database-unavailable' ? problem('item-not-stored') : failure;
    const id = (item as { id?: unknown } | null)?.id;
    return { ...(typeof id === 'string' ? { id } : {}), status: itemProblem.status, ...itemProblem.toBody() };
  }
}

function submitAs(context: AppContext, body: unknown, submitter: Submitter) {
  return submitter.kind === 'link' ? submitThroughLink(context.state, body, submitter.link) : submitResponse(context.state, body, submitter);
}

