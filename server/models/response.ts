import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { MODES, RESPONSE_STATUSES } from '../../analysis/domain/profile';
import { REGIONS } from '../../analysis/domain/regions';

const paradataSchema = new Schema(
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
 * One interview as received. Written once by an insert and never updated, so the client's UUID as the
 * document's `_id` is the whole idempotency story: no transactions, no upserts. `_id` rather than a
 * separate unique field because it is the one key FerretDB looks up without scanning the collection.
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
    answers: { type: Schema.Types.Mixed, required: true },
    /** ResponseScores (analysis/scoring/types.ts), with its scoringVersion. */
    scores: { type: Schema.Types.Mixed },
    // Design fields, copied from the sampling point at intake so estimates need no join.
    stratum: { type: String, required: true },
    siteCode: { type: String, required: true },
    provinceCode: { type: String, required: true },
    cityCode: { type: String, required: true },
    countyCode: { type: String, required: true },
    region: { type: String, required: true, enum: REGIONS },
    interviewer: { type: String },
    linkId: { type: String },
    paradata: { type: paradataSchema, default: {} },
    /** SHA-256 of the submission as sent, to tell a repeat from a different payload under the same id. */
    contentHash: { type: String, required: true },
    receivedAt: { type: Date, required: true },
  },
  { collection: 'responses', versionKey: false, minimize: false, id: false },
);
responseSchema.index({ siteCode: 1, status: 1 });
responseSchema.index({ instrumentId: 1, instrumentVersion: 1 });
responseSchema.index({ receivedAt: 1 });

export type ResponseDocument = InferSchemaType<typeof responseSchema>;

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
