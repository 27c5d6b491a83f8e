import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { HttpError } from '../http/errors';
import { modelsOf } from '../models';
import { ROLES } from '../models/user';
import { hashPassword, verifyPassword } from './passwords';
import { RecordCache } from './recordCache';

export const newUserSchema = z.strictObject({
  username: z.string().regex(/^[\w.-]{2,64}$/, 'expected 2-64 letters, digits, dots, dashes or underscores'),
  password: z.string().min(8, 'expected at least 8 characters').max(200),
  role: z.enum(ROLES),
  samplingPoints: z.array(z.string().min(1)).default([]),
});
export type NewUser = z.infer<typeof newUserSchema>;

export interface PublicUser {
  username: string;
  role: (typeof ROLES)[number];
  samplingPoints: string[];
}

export async function createUser(connection: Connection, input: NewUser): Promise<PublicUser> {
  const { User, SamplingPoint } = modelsOf(connection);
  const known = new Set((await SamplingPoint.find({ siteCode: { $in: input.samplingPoints } }, { siteCode: 1 }).lean()).map((p) => p.siteCode));
  const unknown = input.samplingPoints.filter((code) => !known.has(code));
  if (unknown.length > 0) {
    throw new HttpError(400, 'unknown-sampling-point', 'Assign only sampling points of the imported frame.', unknown.map((code) => ({ path: 'samplingPoints', message: `no sampling point with site code "${code}"` })));
  }
  try {
    await User.create({ ...input, passwordHash: await hashPassword(input.password) });
    accounts.forget(connection, input.username);
  } catch (error) {
    if ((error as { code?: number }).code === 11000) throw new HttpError(409, 'username-taken', `A user named "${input.username}" already exists.`);
    throw error;
  }
  return { username: input.username, role: input.role, samplingPoints: input.samplingPoints };
}

/** Every signed-in request reads its account: a removed account or a changed assignment counts within this time. */
export const ACCOUNT_CACHE_SECONDS = 30;
const accounts = new RecordCache<PublicUser>(ACCOUNT_CACHE_SECONDS * 1000);

export async function findUser(connection: Connection, username: string): Promise<PublicUser | undefined> {
  return accounts.read(connection, username, async () => {
    const user = await modelsOf(connection).User.findOne({ username }).lean();
    return user ? { username: user.username, role: user.role, samplingPoints: user.samplingPoints } : undefined;
  });
}

/** Checked against when the username is unknown, so that answer takes as long as a wrong password. */
let dummyHash: Promise<string> | undefined;

/**
 * The same answer, after about the same time, for an unknown user and a wrong password, so sign-in
 * reveals neither by its message nor by its timing who has an account.
 */
export async function authenticate(connection: Connection, username: string, password: string): Promise<PublicUser | undefined> {
  const user = await modelsOf(connection).User.findOne({ username }).lean();
  if (!user) {
    dummyHash ??= hashPassword(randomBytes(16).toString('base64url'));
    await verifyPassword(password, await dummyHash);
    return undefined;
  }
  if (!(await verifyPassword(password, user.passwordHash))) return undefined;
  return { username: user.username, role: user.role, samplingPoints: user.samplingPoints };
}

/**
 * First start: with no account at all, create `admin` (ADMIN_PASSWORD, or a random password that is
 * printed once). Two servers starting at once cannot both create it: the username is unique.
 */
export async function bootstrapAdmin(connection: Connection, adminPassword: string | undefined, print: (line: string) => void): Promise<void> {
  const { User } = modelsOf(connection);
  if ((await User.estimatedDocumentCount()) > 0) return;
  const password = adminPassword ?? randomBytes(12).toString('base64url');
  try {
    await User.create({ username: 'admin', role: 'admin', passwordHash: await hashPassword(password), samplingPoints: [] });
  } catch (error) {
    if ((error as { code?: number }).code === 11000) return;
    throw error;
  }
  if (!adminPassword) print(`Created the first account: admin / ${password} (shown once; set ADMIN_PASSWORD to choose it)`);
}
