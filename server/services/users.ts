import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { problem } from '../../contracts/problems';
import { modelsOf } from '../models';
import type { NewUser, PublicUser } from '../../contracts/accounts';
import { hashPassword, verifyPassword } from './passwords';
import { RecordCache } from './recordCache';

export async function createUser(connection: Connection, input: NewUser): Promise<PublicUser> {
  const { User, SamplingPoint } = modelsOf(connection);
  const known = new Set((await SamplingPoint.find({ siteCode: { $in: input.samplingPoints } }, { siteCode: 1 }).lean()).map((p) => p.siteCode));
  const unknown = input.samplingPoints.filter((code) => !known.has(code));
  if (unknown.length > 0) {
    throw problem('unknown-sampling-point', unknown.map((code) => ({ path: 'samplingPoints', message: `no sampling point with site code "${code}"` })));
  }
  try {
    await User.create({ ...input, passwordHash: await hashPassword(input.password) });
    accounts.forget(connection, input.username);
  } catch (error) {
    if ((error as { code?: number }).code === 11000) throw problem('username-taken', { username: input.username });
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

/** The same answer for an unknown user and a wrong password, so sign-in does not reveal who has an account. */
export async function authenticate(connection: Connection, username: string, password: string): Promise<PublicUser | undefined> {
  const user = await modelsOf(connection).User.findOne({ username }).lean();
  if (!user || !(await verifyPassword(password, user.passwordHash))) return undefined;
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
