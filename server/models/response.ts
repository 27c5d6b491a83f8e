import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { MODES, RESPONSE_STATUSES } from '../../analysis/domain/profile';
import { REGIONS } from '../../analysis/domain/regions';

/**
 * The paradata of a response, as packed into its `paradata` string (below): not a path of the stored
 * document, but the description the query module revives the packed dates by, and the contract's drift
 * check reads.
 */
export const packedParadataSchema = new Schema(
  {
    startedAt: Date,
    completedAt: Date,
    durationSeconds: Number,
    /** Page name → seconds spent on it. */
    pageSeconds: Schema.Types.Mixed,
    locale: String,
    appVersion: String,
    userAgent: String,
    device: String,
  },
  { _id: false },
);

/**
 * One interview as received. Written once by an insert and never updated (but for the one-time storage
 * migration), so the client's UUID as the document's `_id` is the whole idempotency story: no transactions,
 * no upserts. `_id` rather than a separate unique field because it is the one key FerretDB looks up without
 * scanning the collection.
 *
 * The stored shape (issue 17): scalar fields stay fields, so filters, indexes and `$group` work on them;
 * `answers`, `scores` and `paradata` are each stored as one JSON string. FerretDB decodes every field of
 * every document it reads, and a response is ~130 answers, 43 score objects and 20 paradata pages: nested,
 * the collection scans at ~470 documents/s; packed, at ~3,900 (BENCHMARKS.md, bench/storageShape.ts).
 * Three strings rather than one: the analysis rows read only the scores and the duration, the quality
 * rules and the export read all three, and each stays readable on its own in a MongoDB shell. The query
 * module (server/queries/responses.ts) packs on write and unpacks on read; no other code sees this shape.
 */
const responseSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** The same UUID, under the name the API uses. */
    id: { type: String, required: true },
    instrumentId: { type: String, required: true },
    instrumentVersion: { type: Number, required: true },
    mode: { type: String, required: true, enum: MODES },
    status: { type: String, required: true, enum: RESPONSE_STATUSES },
    /** The answers as JSON (question name → value). */
    answers: { type: String, required: true },
    /** ResponseScores (analysis/scoring/types.ts), with its scoringVersion, as JSON; null when not scored. */
    scores: { type: String },
    // Design fields, copied from the sampling point at intake so estimates need no join.
    stratum: { type: String, required: true },
    siteCode: { type: String, required: true },
    provinceCode: { type: String, required: true },
    cityCode: { type: String, required: true },
    countyCode: { type: String, required: true },
    region: { type: String, required: true, enum: REGIONS },
    interviewer: { type: String },
    linkId: { type: String },
    /** The paradata (packedParadataSchema) as JSON. */
    paradata: { type: String, required: true },
    /** paradata.durationSeconds again, as a field: the analysis rows and the listing read it without the paradata. */
    durationSeconds: { type: Number },
    /** SHA-256 of the submission as sent, to tell a repeat from a different payload under the same id. */
    contentHash: { type: String, required: true },
    receivedAt: { type: Date, required: true },
  },
  { collection: 'responses', versionKey: false, minimize: false, id: false },
);
responseSchema.index({ siteCode: 1, status: 1 });
responseSchema.index({ instrumentId: 1, instrumentVersion: 1 });
responseSchema.index({ receivedAt: 1 });

/** A response as stored (packed). */
export type PackedResponse = InferSchemaType<typeof responseSchema>;

/** The fields stored as one JSON string each. */
export const PACKED_FIELDS = ['answers', 'scores', 'paradata'] as const;

export function responseModel(connection: Connection) {
  return connection.model('Response', responseSchema);
}

/**
 * Interviews made through a draft's test link: the same documents, in a collection of their own, so that
 * nothing that reads `responses` (estimates, exports, fieldwork, review) can meet test data. Deleted when
 * the draft is published or discarded.
 */
export function testResponseModel(connection: Connection) {
  return connection.model('TestResponse', responseSchema, 'testResponses');
}
