import { Schema, type Connection, type InferSchemaType } from 'mongoose';

import { REVIEW_ACTIONS, REVIEW_STATES } from '../../contracts/review';

const reviewEventSchema = new Schema(
  {
    at: { type: Date, required: true },
    by: { type: String, required: true },
    /** review (a state set by an admin), return (sent back to the interviewer), resubmit (the interviewer's corrected version arrived). */
    action: { type: String, required: true, enum: REVIEW_ACTIONS },
    state: { type: String, required: true, enum: REVIEW_STATES },
    comment: { type: String, default: '' },
    /** The response version the event concerns (1 = as first received). */
    version: { type: Number, required: true },
    /** Where the interviewer should look (a page name of the instrument), when returned. */
    page: { type: String },
  },
  { _id: false },
);

/**
 * The review of one response, apart from the response so that intake stays a single insert and the
 * responses collection is never updated. A response without a review document is `received`. Each change
 * is one single-document update guarded by `revision` (compare-and-set); FerretDB evaluates such an update
 * as read-then-write, so the service also serialises the changes of one response within the process.
 */
const reviewSchema = new Schema(
  {
    _id: { type: String, required: true },
    state: { type: String, required: true, enum: REVIEW_STATES },
    /** The interviewer the interview was returned to (when `returned`). */
    returnedTo: { type: String },
    history: { type: [reviewEventSchema], default: [] },
    revision: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'reviews', versionKey: false, id: false },
);
reviewSchema.index({ state: 1 });

export type ReviewDocument = InferSchemaType<typeof reviewSchema>;

export function reviewModel(connection: Connection) {
  return connection.model('Review', reviewSchema);
}
