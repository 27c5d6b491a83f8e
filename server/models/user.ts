import { Schema, type Connection, type InferSchemaType } from 'mongoose';

export const ROLES = ['admin', 'analyst', 'interviewer'] as const;
export type Role = (typeof ROLES)[number];

const userSchema = new Schema(
  {
    username: { type: String, required: true },
    role: { type: String, required: true, enum: ROLES },
    /** scrypt, in the self-describing form of server/services/passwords.ts. */
    passwordHash: { type: String, required: true },
    /** Site codes an interviewer may submit for. */
    samplingPoints: { type: [String], default: [] },
    /** The name people know the account by, e.g. 张三; the username stays the sign-in name. */
    displayName: { type: String, default: '' },
    /** A disabled account cannot sign in and its sessions are refused; its interviews stay and keep counting. */
    active: { type: Boolean, default: true },
    /** Made by `npm run demo` (its password is in the README): the console offers to remove them all. */
    demo: { type: Boolean, default: false },
    /** The first admin's password came from the start-up log or ADMIN_PASSWORD until someone changes it. */
    initialPassword: { type: Boolean, default: false },
    lastSignInAt: { type: Date, default: null },
    /** When this account last sent interviews (CAPI sync), at most a minute off. */
    lastSyncAt: { type: Date, default: null },
  },
  { collection: 'users', timestamps: true, versionKey: false },
);
userSchema.index({ username: 1 }, { unique: true });

export type UserDocument = InferSchemaType<typeof userSchema>;

export function userModel(connection: Connection) {
  return connection.model('User', userSchema);
}
