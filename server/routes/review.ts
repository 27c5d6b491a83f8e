import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app';
import { currentUser, requireAuth, requireRole } from '../http/auth';
import { problem } from '../../contracts/problems';
import { parseBody } from '../http/validate';
import { responseDetail, returnedTo } from '../services/responseDetail';
import { editAnswers } from '../services/responseVersions';
import { answerEditSchema, bulkReviewBodySchema, returnBodySchema, reviewBodySchema, type ReviewResults } from '../../contracts/review';
import { returnToInterviewer, setReviewState } from '../services/reviews';
import { findResponse } from '../queries/responses';

const responseId = z.uuid();
function idOf(value: unknown): string {
  if (!responseId.safeParse(value).success) throw problem('invalid-id', { value: String(value) }, [{ path: 'id', message: 'expected a UUID' }]);
  return (value as string).toLowerCase();
}

/**
 * Review of stored interviews: one interview in full, review states (single and bulk), sending an
 * interview back to its interviewer, and reviewers' edits. Reading is for analysts and admins; every
 * change is for admins; the returned interviews are each interviewer's own.
 */
export function reviewRoutes(context: AppContext): Router {
  const router = Router();
  const { connection, state } = context;
  router.get('/responses/returned', requireAuth(context), async (_request, response) => {
    response.json(await returnedTo(connection, currentUser(response).username));
  });
  router.post('/responses/review', requireAuth(context), requireRole('admin'), async (request, response) => {
    const body = parseBody(bulkReviewBodySchema, request.body);
    const reply: ReviewResults = { results: await setReviewState(state, body.ids.map((id) => id.toLowerCase()), body, currentUser(response).username) };
    response.json(reply);
  });
  router.get('/responses/:id', requireAuth(context), requireRole('analyst', 'admin'), async (request, response) => {
    response.json(await responseDetail(state, idOf(request.params.id)));
  });
  router.patch('/responses/:id/review', requireAuth(context), requireRole('admin'), async (request, response) => {
    const id = idOf(request.params.id);
    const body = parseBody(reviewBodySchema, request.body);
    await setReviewState(state, [id], body, currentUser(response).username);
    response.json(await responseDetail(state, id));
  });
  router.post('/responses/:id/return', requireAuth(context), requireRole('admin'), async (request, response) => {
    const id = idOf(request.params.id);
    await returnToInterviewer(state, id, parseBody(returnBodySchema, request.body), currentUser(response).username);
    response.json(await responseDetail(state, id));
  });
  router.patch('/responses/:id/answers', requireAuth(context), requireRole('admin'), async (request, response) => {
    const id = idOf(request.params.id);
    const version = await editAnswers(state, id, parseBody(answerEditSchema, request.body), currentUser(response).username);
    const stored = await findResponse(connection, id);
    if (stored) state.quality.note(stored as never, { version: version.version, status: version.status as never, answers: version.answers as Record<string, unknown>, scores: version.scores as never, paradata: version.paradata as Record<string, unknown> });
    response.json(await responseDetail(state, id));
  });
  return router;
}
