import type { Connection } from 'mongoose';
import type { Encodable } from '../../contracts/json';
import { problem } from '../../contracts/problems';
import type { Detail, ReturnedInterview } from '../../contracts/review';
import { findResponse } from '../queries/responses';
import { reviewsReturnedTo } from '../queries/reviews';
import { currentContent, versionsOf } from './responseVersions';
import { reviewOf } from './reviews';
import type { ServerState } from '../state';

/**
 * One interview for the reviewer: its current answers, scores and paradata, its flags with their
 * explanations, its review state, and its history — every version (who, when, what changed) and every
 * review event.
 */
export async function responseDetail(state: ServerState, id: string): Promise<Encodable<Detail>> {
  const response = await findResponse(state.connection, id);
  if (!response) throw problem('unknown-response', { ids: id });
  const [versions, review, flags] = await Promise.all([versionsOf(state.connection, id), reviewOf(state.connection, id), state.quality.flagsOf(id)]);
  const current = currentContent(response, versions);
  const { _id, contentHash: _notShown, ...received } = response;
  return {
    ...received,
    id: _id,
    status: current.status,
    answers: current.answers,
    scores: current.scores,
    paradata: current.paradata,
    version: current.version,
    reviewState: review.state,
    flags,
    versions: [
      { version: 1, kind: 'received', by: response.interviewer ?? (response.linkId ? `link:${response.linkId}` : null), at: response.receivedAt, status: response.status, reason: '', changes: [] },
      ...versions.map(({ version, kind, by, at, status, reason, changes }) => ({ version, kind, by, at, status, reason, changes })),
    ],
    history: review.history,
  };
}

/**
 * The interviews returned to this interviewer for correction, with what they need to reopen one offline:
 * the current answers and paradata, the reviewer's comment and the page to look at.
 */
export async function returnedTo(connection: Connection, interviewer: string): Promise<{ items: Encodable<ReturnedInterview>[] }> {
  const reviews = await reviewsReturnedTo(connection, interviewer);
  const items: Encodable<ReturnedInterview>[] = [];
  for (const review of reviews) {
    const response = await findResponse(connection, review._id);
    if (!response || response.interviewer !== interviewer) continue;
    const current = currentContent(response, await versionsOf(connection, review._id));
    const returned = [...review.history].reverse().find((event) => event.action === 'return');
    items.push({
      id: response.id,
      instrumentId: response.instrumentId,
      instrumentVersion: response.instrumentVersion,
      samplingPoint: response.siteCode,
      mode: response.mode,
      status: current.status,
      answers: current.answers,
      paradata: current.paradata,
      version: current.version,
      comment: returned?.comment ?? '',
      page: returned?.page ?? null,
      returnedBy: returned?.by ?? null,
      returnedAt: returned?.at ?? review.updatedAt,
    });
  }
  return { items };
}
