/**
 * Every read and write of the `reviews` collection (one document per reviewed response), as ODK Central's
 * lib/model/query/: services call these named queries and never the model. A change is an insert (the
 * first) or an update guarded by the document's revision; see server/models/review.ts.
 */
import type { Connection } from 'mongoose';
import type { ReviewEvent } from '../../contracts/review';
import { modelsOf } from '../models';
import type { ReviewDocument } from '../models/review';

/** An event of the history as stored: the wire's (contracts/review.ts) with its time as a Date. */
export type StoredReviewEvent = Omit<ReviewEvent, 'at'> & { at: Date };

/** A review as stored: `_id` is the response's id. */
export type StoredReview = Omit<ReviewDocument, 'history'> & { history: StoredReviewEvent[] };

const reviews = (connection: Connection) => modelsOf(connection).Review;

/** The review of one response, if it has been reviewed. */
export function findReview(connection: Connection, responseId: string): Promise<StoredReview | null> {
  return reviews(connection).findById(responseId).lean<StoredReview>();
}

/** Every review's state, one unsorted cursor. */
export function reviewStatesCursor(connection: Connection): AsyncIterable<Pick<StoredReview, '_id' | 'state'>> {
  return reviews(connection).find({}, { state: 1 }).lean<Pick<StoredReview, '_id' | 'state'>>().cursor();
}

/** The reviews of the interviews returned to this interviewer. */
export function reviewsReturnedTo(connection: Connection, interviewer: string): Promise<StoredReview[]> {
  return reviews(connection).find({ state: 'returned', returnedTo: interviewer }).lean<StoredReview[]>();
}

/** A response's first review, at revision 1; one already stored throws the driver's duplicate-key error (11000). */
export async function insertReview(connection: Connection, review: StoredReview): Promise<void> {
  await reviews(connection).collection.insertOne(review as never);
}

/**
 * A later change: sets these fields and appends the event, only if the review is still at `revision`
 * (compare-and-set). Whether it was applied.
 */
export async function updateReviewAtRevision(connection: Connection, responseId: string, revision: number, fields: Partial<StoredReview>, event: StoredReviewEvent): Promise<boolean> {
  const updated = await reviews(connection).collection.updateOne({ _id: responseId as never, revision }, { $set: fields, $push: { history: event as never } });
  return updated.matchedCount === 1;
}
