import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { RESPONSE_STATUSES } from '../../analysis/domain/profile';

/**
 * A later version of a response (version 1 is the response document itself): the interviewer's corrected
 * resend of a returned interview, or a reviewer's edit. Insert-only, `_id` = `<response id>#<version>`,
 * so two writers making the same next version collide on the key and only one wins; the version
 * document's insert is the single write that makes it current (the highest version counts).
 */
const responseVersionSchema = new Schema(
  {
    _id: { type: String, required: true },
    responseId: { type: String, required: true },
    version: { type: Number, required: true },
    kind: { type: String, required: true, enum: ['resubmission', 'edit'] },
    status: { type: String, required: true, enum: RESPONSE_STATUSES },
    answers: { type: Schema.Types.Mixed, required: true },
    scores: { type: Schema.Types.Mixed },
    paradata: { type: Schema.Types.Mixed, default: {} },
    contentHash: { type: String, required: true },
    by: { type: String, required: true },
    at: { type: Date, required: true },
    reason: { type: String, default: '' },
    /** What changed from the previous version: question, old → new (undefined values are left out). */
    changes: { type: [{ _id: false, question: String, from: Schema.Types.Mixed, to: Schema.Types.Mixed }], default: [] },
  },
  { collection: 'responseVersions', versionKey: false, minimize: false, id: false },
);
responseVersionSchema.index({ responseId: 1 });

export type ResponseVersionDocument = InferSchemaType<typeof responseVersionSchema>;

export function responseVersionModel(connection: Connection) {
  return connection.model('ResponseVersion', responseVersionSchema);
}
