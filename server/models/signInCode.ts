import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * A one-time tablet sign-in code for an interviewer (the QR an admin shows on screen). Only the code's
 * SHA-256 is kept, so a copy of the database signs no one in. `codeId` is what the console revokes by.
 */
const signInCodeSchema = new Schema(
  {
    codeId: { type: String, required: true },
    codeHash: { type: String, required: true },
    username: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
    usedAt: { type: Date, default: null },
    createdBy: { type: String, required: true },
  },
  { collection: 'signInCodes', timestamps: true, versionKey: false },
);
signInCodeSchema.index({ codeId: 1 }, { unique: true });
signInCodeSchema.index({ codeHash: 1 }, { unique: true });

export type SignInCodeDocument = InferSchemaType<typeof signInCodeSchema>;

export function signInCodeModel(connection: Connection) {
  return connection.model('SignInCode', signInCodeSchema);
}

/**
 * Using a code is one insert under a unique index (as a link's slots): of two tablets presenting the same
 * code at once exactly one wins, where FerretDB's conditional update (a read, then a write) would let both in.
 */
const signInCodeUseSchema = new Schema({ codeId: { type: String, required: true }, at: { type: Date, required: true } }, { collection: 'signInCodeUses', versionKey: false });
signInCodeUseSchema.index({ codeId: 1 }, { unique: true });

export function signInCodeUseModel(connection: Connection) {
  return connection.model('SignInCodeUse', signInCodeUseSchema);
}
