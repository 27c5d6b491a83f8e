import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * A QR link: the signed token printed on a site's poster and what may still be done with it. A cap is
 * enforced by the link's slots (linkSlot.ts); how many responses it brought is counted in `responses`.
 */
const linkSchema = new Schema(
  {
    linkId: { type: String, required: true },
    token: { type: String, required: true },
    /** The short, unguessable code of /s/<shortCode>: what the QR and the printed URL carry (the token stays valid). */
    shortCode: { type: String, required: true },
    samplingPoint: { type: String, required: true },
    instrumentId: { type: String, required: true },
    instrumentVersion: { type: Number, required: true },
    expiresAt: { type: Date, required: true },
    maxResponses: { type: Number, default: null },
    revokedAt: { type: Date, default: null },
    createdBy: { type: String, required: true },
    /** A draft questionnaire's test link: its interviews are test data (testResponses), deleted with it on publish or discard. */
    test: { type: Boolean, default: false },
  },
  { collection: 'links', timestamps: true, versionKey: false },
);
linkSchema.index({ linkId: 1 }, { unique: true });
linkSchema.index({ shortCode: 1 }, { unique: true });

export type LinkDocument = InferSchemaType<typeof linkSchema>;

export function linkModel(connection: Connection) {
  return connection.model('Link', linkSchema);
}
