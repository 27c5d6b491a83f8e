/**
 * Review states of responses (received → has-issues / approved / rejected, or returned to the interviewer)
 * and their history. The state lives in the `reviews` collection, one document per reviewed response, so
 * intake never updates anything; see server/models/review.ts for how a change is written.
 */
import type { Connection } from 'mongoose';
import { problem } from '../../contracts/problems';
import { interviewersOf } from '../queries/responses';
import { findReview, insertReview, reviewStatesCursor, updateReviewAtRevision, type StoredReviewEvent } from '../queries/reviews';
import type { ReturnBody, ReviewBody, ReviewResults, ReviewState } from '../../contracts/review';
import { latestVersionNumber } from './responseVersions';
import type { ServerState } from '../state';

export type ReviewEvent = StoredReviewEvent;
export interface ReviewSummary {
  state: ReviewState;
  history: ReviewEvent[];
}

export const RECEIVED: ReviewSummary = { state: 'received', history: [] };

export async function reviewOf(connection: Connection, id: string): Promise<ReviewSummary> {
  const review = await findReview(connection, id);
  return review ? { state: review.state as ReviewState, history: review.history as ReviewEvent[] } : RECEIVED;
}

/** Every response's review state other than received (a small collection: only reviewed responses have one). */
export async function reviewStates(connection: Connection): Promise<Map<string, ReviewState>> {
  const states = new Map<string, ReviewState>();
  for await (const review of reviewStatesCursor(connection)) states.set(review._id, review.state as ReviewState);
  return states;
}

/** One review change at a time per response within this server (FerretDB's conditional update is read-then-write). */
export class ReviewQueue {
  private readonly pending = new Map<string, Promise<unknown>>();

  oneAtATime<T>(id: string, change: () => Promise<T>): Promise<T> {
    const previous = this.pending.get(id) ?? Promise.resolve();
    const next = previous.then(change, change);
    const settled = next.finally(() => {
      if (this.pending.get(id) === settled) this.pending.delete(id);
    });
    this.pending.set(id, settled.catch(() => undefined));
    return next;
  }
}

export interface ReviewChange {
  state: ReviewState;
  event: Omit<ReviewEvent, 'version' | 'state'>;
  returnedTo?: string;
}

/**
 * Applies one change to a response's review: `decide` sees the current state and returns the change or
 * throws a problem (nothing written). A first change inserts the review document; later ones update it
 * only if nobody changed it meanwhile (revision), retried a few times.
 */
export function changeReview(state: ServerState, id: string, decide: (current: ReviewSummary) => ReviewChange): Promise<ReviewSummary> {
  return state.reviewQueue.oneAtATime(id, async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const existing = await findReview(state.connection, id);
      const current: ReviewSummary = existing ? { state: existing.state as ReviewState, history: existing.history as ReviewEvent[] } : RECEIVED;
      const change = decide(current);
      const event: ReviewEvent = { ...change.event, state: change.state, version: await latestVersionNumber(state.connection, id) };
      const now = event.at;
      if (!existing) {
        try {
          await insertReview(state.connection, { _id: id, state: change.state, returnedTo: change.returnedTo, history: [event], revision: 1, updatedAt: now });
          await state.analysis.revise(id);
          return { state: change.state, history: [event] };
        } catch (error) {
          if ((error as { code?: number }).code === 11000) continue;
          throw error;
        }
      }
      const updated = await updateReviewAtRevision(state.connection, id, existing.revision, { state: change.state, returnedTo: change.returnedTo ?? null, revision: existing.revision + 1, updatedAt: now }, event);
      if (updated) {
        await state.analysis.revise(id);
        return { state: change.state, history: [...(existing.history as ReviewEvent[]), event] };
      }
    }
    throw problem('review-conflict', { id });
  });
}

/** 404 unless every id names a stored response; lists the unknown ones. */
export async function requireResponses(connection: Connection, ids: string[]): Promise<Map<string, { interviewer?: string | null }>> {
  const byId = await interviewersOf(connection, ids);
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length > 0) {
    throw problem('unknown-response', { ids: `${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ` (+${unknown.length - 10})` : ''}` }, unknown.map((id) => ({ path: 'ids', message: `unknown response ${id}` })));
  }
  return byId;
}

export async function setReviewState(state: ServerState, ids: string[], body: ReviewBody, by: string): Promise<ReviewResults['results']> {
  await requireResponses(state.connection, ids);
  const results = [];
  for (const id of new Set(ids)) {
    const review = await changeReview(state, id, () => ({ state: body.state, event: { at: new Date(), by, action: 'review', comment: body.comment } }));
    results.push({ id, state: review.state });
  }
  return results;
}

/** Sends an interview back to the interviewer who made it, with the reviewer's comment. */
export async function returnToInterviewer(state: ServerState, id: string, body: ReturnBody, by: string): Promise<ReviewSummary> {
  const interviewer = (await requireResponses(state.connection, [id])).get(id)!.interviewer;
  if (!interviewer) throw problem('not-returnable');
  return changeReview(state, id, (current) => {
    if (current.state === 'returned') throw problem('already-returned', { id, interviewer });
    return { state: 'returned', returnedTo: interviewer, event: { at: new Date(), by, action: 'return', comment: body.comment, ...(body.page ? { page: body.page } : {}) } };
  });
}
