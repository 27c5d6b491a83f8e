/**
 * Every read and write of the `signInCodes` collection (one-time tablet sign-in codes) and of
 * `signInCodeUses` (one insert per use, under a unique index), as ODK Central's lib/model/query/:
 * services call these named queries and never the models.
 */
import type { Connection } from 'mongoose';
import { modelsOf } from '../models';
import type { SignInCodeDocument } from '../models/signInCode';

export type { SignInCodeDocument } from '../models/signInCode';

/** A new code as written (the schema fills the rest). */
export type NewSignInCode = Pick<SignInCodeDocument, 'codeId' | 'codeHash' | 'username' | 'expiresAt' | 'createdBy'>;

const signInCodes = (connection: Connection) => modelsOf(connection).SignInCode;

export async function insertSignInCode(connection: Connection, code: NewSignInCode): Promise<void> {
  await signInCodes(connection).create(code);
}

/** An account's codes, in no order. */
export function signInCodesOf(connection: Connection, username: string): Promise<SignInCodeDocument[]> {
  return signInCodes(connection).find({ username }).lean<SignInCodeDocument[]>();
}

export function findSignInCode(connection: Connection, codeId: string): Promise<SignInCodeDocument | null> {
  return signInCodes(connection).findOne({ codeId }).lean<SignInCodeDocument>();
}

/** The code with this SHA-256 (only hashes are stored). */
export function findSignInCodeByHash(connection: Connection, codeHash: string): Promise<SignInCodeDocument | null> {
  return signInCodes(connection).findOne({ codeHash }).lean<SignInCodeDocument>();
}

/** Sets some fields of one code (its revocation or use time). */
export async function setSignInCodeFields(connection: Connection, codeId: string, fields: Partial<SignInCodeDocument>): Promise<void> {
  await signInCodes(connection).updateOne({ codeId }, { $set: fields });
}

/** Uses a code: one insert; a code used already throws the driver's duplicate-key error (11000). */
export async function insertSignInCodeUse(connection: Connection, codeId: string, at: Date): Promise<void> {
  await modelsOf(connection).SignInCodeUse.create({ codeId, at });
}
