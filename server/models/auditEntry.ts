import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * One manager action (an account created, a frame imported, a link revoked…): who did it, when, to what,
 * and the record before → after. Written once by an insert and never changed.
 */
const auditEntrySchema = new Schema(
  {
    at: { type: Date, required: true },
    actor: { type: String, required: true },
    action: { type: String, required: true },
    /** What the action was about: a username, a site code, a link id. */
    target: { type: String, required: true },
    before: { type: Schema.Types.Mixed, default: null },
    after: { type: Schema.Types.Mixed, default: null },
  },
  { collection: 'auditLog', versionKey: false, minimize: false },
);
auditEntrySchema.index({ at: 1 });

export type AuditEntryDocument = InferSchemaType<typeof auditEntrySchema>;

export function auditEntryModel(connection: Connection) {
  return connection.model('AuditEntry', auditEntrySchema);
}
