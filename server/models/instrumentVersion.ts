import { Schema, type Connection, type InferSchemaType } from 'mongoose';

import { STORED_INSTRUMENT_STATES } from '../../contracts/instruments';

/**
 * One version of a questionnaire: its SurveyJS JSON and its answer key, and where it is in its life
 * (draft → published → retired; a draft may be discarded). `_id` is `<id>@<version>`, so two uploads that
 * race for the same next number collide on the key. The JSON and the key are written once, by the insert,
 * and never changed: only the state fields move, each move one single-document update guarded by the state
 * it leaves. Both are kept as JSON text: SurveyJS JSON may hold what a document field may not (nested
 * arrays, keys with dots), and FerretDB reads one text field far faster than hundreds of fields.
 */
const instrumentVersionSchema = new Schema(
  {
    _id: { type: String, required: true },
    instrumentId: { type: String, required: true },
    version: { type: Number, required: true },
    state: { type: String, required: true, enum: STORED_INSTRUMENT_STATES },
    titleZh: { type: String, required: true },
    titleEn: { type: String, required: true },
    json: { type: String, required: true },
    key: { type: String, required: true },
    /** SHA-256 of json and key: the ETag's source, and how another instance sees a version it has not loaded. */
    contentHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    publishedAt: { type: Date, default: null },
    publishedBy: { type: String, default: null },
    retiredAt: { type: Date, default: null },
    retiredBy: { type: String, default: null },
  },
  { collection: 'instrumentVersions', versionKey: false, id: false },
);
instrumentVersionSchema.index({ instrumentId: 1, version: 1 }, { unique: true });

export type InstrumentVersionDocument = InferSchemaType<typeof instrumentVersionSchema>;

export function instrumentVersionModel(connection: Connection) {
  return connection.model('InstrumentVersion', instrumentVersionSchema);
}
