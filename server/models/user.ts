import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { ROLES } from '../../contracts/accounts';

const userSchema = new Schema(
  {
    username: { type: String, required: true },
    role: { type: String, required: true, enum: ROLES },
    /** scrypt, in the self-describing form of server/services/passwords.ts. */
    passwordHash: { type: String, required: true },
    /** Site codes an interviewer may submit for. */
    samplingPoints: { type: [String], default: [] },
  },
  { collection: 'users', timestamps: true, versionKey: false },
);
userSchema.index({ username: 1 }, { unique: true });

export type UserDocument = InferSchemaType<typeof userSchema>;

export function userModel(connection: Connection) {
  return connection.model('User', userSchema);
}
